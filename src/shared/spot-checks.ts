/** At their post; not there (absent); checked in but doing nothing of their duties (点卯). */
export const spotCheckOutcomes = ['at_post', 'absent', 'roll_call_only'] as const;
export type SpotCheckOutcome = (typeof spotCheckOutcomes)[number];
export const spotCheckFindingStatuses = ['open', 'rectified', 'closed'] as const;
export type SpotCheckFindingStatus = (typeof spotCheckFindingStatuses)[number];
/** A photo of a cadre as found, of a finding, or of how the finding was rectified. */
export const spotCheckPhotoStages = ['record', 'finding', 'rectification'] as const;
export type SpotCheckPhotoStage = (typeof spotCheckPhotoStages)[number];

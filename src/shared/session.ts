/** What a session still lacks after the password: a code, or enrolling the second factor its role requires. */
export const pendingSteps = ['second_factor', 'enrolment'] as const;
export type PendingStep = (typeof pendingSteps)[number];

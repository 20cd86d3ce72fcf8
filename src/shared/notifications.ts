import type { CaseLevel } from './cases.js';

/**
 * What a notification tells, worded in the reader's language by the console from its `params`:
 * - awaiting: a case now waits for your step (`params.action`: accept, dispatch, start, handle, verify, close, rate,
 *   resubmit);
 * - warning, overdue: its deadline (`params.deadline`) is near or past;
 * - urged: a level above pressed for it (督办) with a new deadline;
 * - outcome: the case you reported came to an end (`params.status`: closed, merged, parked).
 * Every kind carries the case's `number` and grid (`regionName`). A pairing (结对) tells with `params.pairingId`:
 * - pairing_overdue: a pairing you help in (or of your village) missed its contact due `dueOn` (`helperName`,
 *   `regionName` where the helped side is).
 * Micro-wishes (微心愿) tell with `params.wishId` and the wish (`content`):
 * - wish_review: a wish waits for the village's review;
 * - wish_late: a wish claimed by you (or in your village) passed its promised date (`promisedOn`) unfulfilled;
 * - wish_fulfilled: a wish you registered was fulfilled.
 * Reports up the chain on cadres tell with `params.reportId`, whose (`subjectName`) and which `period`:
 * - cadre_report_review: a report waits for your review;
 * - cadre_report_returned: a report you submitted was returned or reopened, with the `comment`;
 * - cadre_report_received: a street's quarterly report counting your unit's people was submitted (to a unit's account).
 */
export const notificationKinds = [
  'awaiting',
  'warning',
  'overdue',
  'urged',
  'outcome',
  'pairing_overdue',
  'wish_review',
  'wish_late',
  'wish_fulfilled',
  'cadre_report_review',
  'cadre_report_returned',
  'cadre_report_received',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

/**
 * What a message to a county's group robots (WeCom, DingTalk) tells, stored as a kind with its parameters and worded
 * in Chinese only when it is sent (the server's `robotText`):
 * - escalated: a case went one level up, by a handler (with the `reason` they typed) or at its deadline (`reason`
 *   null);
 * - overdue: a case at the county, with no level above, passed its `deadline` (ISO 8601);
 * - legacyText: a message queued before messages were stored this way, kept as the sentence it was (`text`).
 */
export const robotMessageKinds = ['escalated', 'overdue', 'legacyText'] as const;
export type RobotMessageKind = (typeof robotMessageKinds)[number];

/** How a message names its case: its number and its grid. */
export type CaseNamed = { number: string; regionName: string };

export type RobotMessage =
  | { kind: 'escalated'; params: CaseNamed & { fromLevel: CaseLevel; toLevel: CaseLevel; reason: string | null } }
  | { kind: 'overdue'; params: CaseNamed & { deadline: string } }
  | { kind: 'legacyText'; params: { text: string } };

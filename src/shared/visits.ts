/**
 * Household visits (入户走访) and the needs they find (需求清单): the lists and limits the server enforces and the
 * console shows, in one place.
 */

/** The purposes a county starts with; it may rename them, add its own and retire some (its list in settings). */
export const defaultVisitPurposes = [
  { code: 'routine', zh: '日常走访', en: 'Routine visit' },
  { code: 'subsistence_check', zh: '低保核查', en: 'Subsistence allowance check' },
  { code: 'policy_notice', zh: '政策宣传', en: 'Policy notice' },
  { code: 'epidemic_check', zh: '疫情排查', en: 'Epidemic check' },
  { code: 'case_follow_up', zh: '事件回访', en: 'Case follow-up' },
  { code: 'campaign_task', zh: '活动任务', en: 'Campaign task' },
] as const;

/**
 * Purposes whose findings describe a household's means or health (a 低保 check, an epidemic check): sensitive in every
 * county — hidden, as the registry's sensitive fields are, from roles without `sensitive.read`, and audited when read
 * in clear. A county marks its own purposes sensitive too (`isSensitive` in its list); it cannot unmark these.
 */
export const alwaysSensitiveVisitPurposes: readonly string[] = ['subsistence_check', 'epidemic_check'];

/** The list a county has before it saves its own (and the field app offers before it has read the county's). */
export function defaultVisitPurposeList() {
  return defaultVisitPurposes.map((purpose) => ({
    code: purpose.code as string,
    zh: purpose.zh as string,
    en: purpose.en as string,
    isActive: true,
    isSensitive: alwaysSensitiveVisitPurposes.includes(purpose.code),
  }));
}

/** A need's life: open until met (the help arrived) or closed (no longer needed, or not to be met). */
export const needStatuses = ['open', 'met', 'closed'] as const;
export type NeedStatus = (typeof needStatuses)[number];

/** The kinds of need a household may have (the console names them; issue 12 may extend the list). */
export const needKinds = [
  'living_assistance',
  'medical_care',
  'elderly_care',
  'employment',
  'housing',
  'education',
  'legal_aid',
  'psychological',
  'other',
] as const;
export type NeedKind = (typeof needKinds)[number];

/**
 * How far a visit's time may lie from the server's clock: a few minutes ahead (a phone's clock runs fast), and up to
 * 31 days back (an offline queue sends when it finds signal, sometimes days later).
 */
export const visitTimeLimits = { futureSkewMinutes: 10, maxAgeDays: 31 } as const;

/** Findings are a few paragraphs at most. */
export const maxFindingsLength = 4000;

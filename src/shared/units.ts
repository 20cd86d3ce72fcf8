/** The kinds of unit a county works with (单位类别). */
export const unitKinds = ['department', 'enterprise', 'school', 'social_organisation', 'other'] as const;
export type UnitKind = (typeof unitKinds)[number];

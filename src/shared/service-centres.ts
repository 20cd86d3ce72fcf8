/**
 * Party-mass service centres (党群服务中心) and their talk points: residents come with questions (咨询) and matters to
 * be handled (办事); each visit is logged with its kind and outcome, and a centre's figures count them.
 */

/** A centre of a town or village, or a smaller talk point (说事点、服务站) that a village keeps. */
export const centreKinds = ['centre', 'talk_point'] as const;
export type CentreKind = (typeof centreKinds)[number];

/** How a consultation ended: answered on the spot, the matter handled, passed to a department, or still open. */
export const consultationOutcomes = ['answered', 'handled', 'referred', 'pending'] as const;
export type ConsultationOutcome = (typeof consultationOutcomes)[number];

/** A county's own consultation kind codes: lower-case words joined by underscores. */
export const consultationKindCodePattern = /^[a-z][a-z0-9_]{1,39}$/;

export type ConsultationKindDefinition = { code: string; nameZh: string; nameEn: string };

/** The kinds every county starts with; it may rename or retire them and add its own. */
export const defaultConsultationKinds: readonly ConsultationKindDefinition[] = [
  { code: 'policy', nameZh: '政策咨询', nameEn: 'Policy question' },
  { code: 'social_security', nameZh: '社保医保', nameEn: 'Social and medical insurance' },
  { code: 'civil_affairs', nameZh: '民政救助', nameEn: 'Civil affairs and relief' },
  { code: 'certificate', nameZh: '证明开具', nameEn: 'Certificate' },
  { code: 'employment', nameZh: '就业创业', nameEn: 'Employment' },
  { code: 'legal', nameZh: '法律服务', nameEn: 'Legal service' },
  { code: 'complaint', nameZh: '意见诉求', nameEn: 'Complaint or request' },
  { code: 'other', nameZh: '其他', nameEn: 'Other' },
];

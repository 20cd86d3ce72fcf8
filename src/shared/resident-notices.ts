/**
 * What a resident is told about their own records (issue 12, "who is waiting, and are they told?"): their report
 * handled and waiting for their confirmation and rating, their report closed, their micro-wish claimed, and
 * fulfilled and waiting for their acknowledgement. Each is a notice on their page and, unless they turned text
 * messages off, a text message.
 */
export const residentNoticeKinds = ['case_handled', 'case_closed', 'wish_claimed', 'wish_fulfilled'] as const;
export type ResidentNoticeKind = (typeof residentNoticeKinds)[number];

/**
 * The text message of a notice: `pending` until sent after the change commits, `sending` while one sender holds it,
 * `sent`, `failed` (the provider refused or was unreachable; the reason is kept), or `off` (the resident turned
 * text messages off).
 */
export const residentNoticeSmsStatuses = ['pending', 'sending', 'sent', 'failed', 'off'] as const;
export type ResidentNoticeSmsStatus = (typeof residentNoticeSmsStatuses)[number];

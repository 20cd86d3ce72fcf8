import { z } from 'zod';
import type { Language, LocalizedText } from '../shared/language.js';

/** Stable machine codes and the HTTP status each answers with. */
const statusByCode = {
  validation_failed: 400,
  bad_request: 400,
  points_above_rule: 400,
  invalid_geojson: 400,
  invalid_id_number: 400,
  unsupported_file: 400,
  unreadable_file: 400,
  no_header_row: 400,
  assignee_not_eligible: 400,
  mediator_not_eligible: 400,
  password_too_short: 400,
  password_too_common: 400,
  invalid_second_factor: 400,
  webhook_url_not_allowed: 400,
  too_many_grids: 400,
  wish_drive_unavailable: 400,
  invalid_credentials: 401,
  unauthenticated: 401,
  second_factor_required: 401,
  second_factor_enrolment_required: 401,
  csrf_failed: 403,
  account_disabled: 403,
  forbidden: 403,
  origin_mismatch: 403,
  not_found: 404,
  region_not_found: 404,
  account_not_found: 404,
  staff_not_found: 404,
  party_org_not_found: 404,
  person_not_found: 404,
  household_not_found: 404,
  place_not_found: 404,
  inspection_not_found: 404,
  checklist_not_found: 404,
  import_not_found: 404,
  case_not_found: 404,
  campaign_not_found: 404,
  dispute_not_found: 404,
  visit_not_found: 404,
  need_not_found: 404,
  wish_not_found: 404,
  wish_drive_not_found: 404,
  unit_not_found: 404,
  pairing_not_found: 404,
  moral_bank_entry_not_found: 404,
  moral_bank_rule_not_found: 404,
  reward_not_found: 404,
  cadre_not_found: 404,
  cadre_leave_not_found: 404,
  cadre_report_not_found: 404,
  cadre_invitation_not_found: 404,
  cadre_registration_not_found: 404,
  accuracy_sample_not_found: 404,
  accuracy_check_not_found: 404,
  service_centre_not_found: 404,
  spot_check_not_found: 404,
  spot_check_finding_not_found: 404,
  conflict: 409,
  pairing_taken: 409,
  pairing_changed: 409,
  boundary_conflict: 409,
  username_taken: 409,
  account_already_linked: 409,
  staff_already_linked: 409,
  staff_has_account: 409,
  person_exists: 409,
  household_exists: 409,
  household_not_empty: 409,
  client_id_taken: 409,
  case_changed: 409,
  dispute_changed: 409,
  wish_changed: 409,
  second_factor_enrolled: 409,
  photo_limit_reached: 409,
  reward_out_of_stock: 409,
  points_insufficient: 409,
  rule_limit_reached: 409,
  entry_decided: 409,
  rankings_off: 409,
  cadre_changed: 409,
  not_a_cadre: 409,
  cadre_service_ended: 403,
  already_checked_in: 409,
  leave_decided: 409,
  cadre_report_changed: 409,
  period_locked: 409,
  spot_check_not_started: 409,
  spot_check_finding_decided: 409,
  spot_check_record_exists: 409,
  spot_check_changed: 409,
  cadre_registration_decided: 409,
  cadre_invitation_expired: 410,
  cadre_invitation_revoked: 410,
  accuracy_sample_exists: 409,
  accuracy_check_done: 409,
  login_locked: 429,
  rate_limited: 429,
  search_throttled: 429,
  internal_error: 500,
  payload_too_large: 413,
  database_unavailable: 503,
  audit_unavailable: 503,
  sms_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof statusByCode;

/** Every code an error answer may carry: clients (and the API's fuzz test) can rely on no other. */
export const errorCodes = Object.keys(statusByCode) as ErrorCode[];

/**
 * The language a request prefers, from its `Accept-Language` (RFC 9110 weights): Chinese for any `zh` tag, English
 * otherwise — also when the header is absent, as for scripts and the API's own examples.
 */
export function preferredLanguage(acceptLanguage: string | undefined): Language {
  let best: { language: Language; weight: number } | undefined;
  for (const range of (acceptLanguage ?? '').split(',')) {
    const [tag = '', ...parameters] = range.trim().toLowerCase().split(';');
    const language = tag.startsWith('zh') ? 'zh' : tag.startsWith('en') || tag === '*' ? 'en' : undefined;
    const weightParameter = parameters.map((parameter) => parameter.trim()).find((item) => item.startsWith('q='));
    const weight = weightParameter === undefined ? 1 : Number(weightParameter.slice(2));
    if (language !== undefined && weight > 0 && (best === undefined || weight > best.weight))
      best = { language, weight };
  }
  return best?.language ?? 'en';
}

/** The one error type services throw; the global handler turns it into `{ error: { code, message } }`. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly text: LocalizedText;
  readonly details: unknown;
  /** Sent as `Retry-After`: when a throttled caller may try again. */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, text: LocalizedText, details?: unknown, retryAfterSeconds?: number) {
    super(text.en);
    this.code = code;
    this.text = text;
    this.details = details;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  get status(): number {
    return statusByCode[this.code];
  }
}

/** A refused field, in the shape the schema's own problems take (`[{ path, message }]`), so forms mark it alike. */
export function invalidField(path: string, en: string, zh: string): AppError {
  return new AppError('validation_failed', { en, zh }, [{ path, message: en }]);
}

/** A schema problem as the Zod type provider reports it: the issue's code, its English message and the rest. */
type SchemaIssue = { keyword: string; message?: string | undefined; params?: Record<string, unknown> | undefined };

const chineseIssueMessage = z.locales.zhCN().localeError;

/**
 * A schema problem's message in a language: Zod's own wording in Chinese, or for a rule of ours (a custom issue)
 * the Chinese it carries as `params.zh` (`.refine(check, { message: 'English', params: { zh: '中文' } })`).
 */
export function issueMessage(issue: SchemaIssue, language: Language): string {
  const english = issue.message ?? '';
  if (language === 'en') return english;
  const { params: custom, ...rest } = issue.params ?? {};
  const zh = (custom as { zh?: unknown } | undefined)?.zh;
  if (issue.keyword === 'custom') return typeof zh === 'string' ? zh : english;
  const answer = chineseIssueMessage({ code: issue.keyword, ...rest } as Parameters<typeof chineseIssueMessage>[0]);
  const message = typeof answer === 'string' ? answer : answer?.message;
  return message ?? english;
}

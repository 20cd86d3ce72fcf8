/** Stable machine codes and the HTTP status each answers with. */
const statusByCode = {
  validation_failed: 400,
  bad_request: 400,
  invalid_geojson: 400,
  invalid_id_number: 400,
  unsupported_file: 400,
  unreadable_file: 400,
  no_header_row: 400,
  assignee_not_eligible: 400,
  password_too_short: 400,
  password_too_common: 400,
  invalid_second_factor: 400,
  webhook_url_not_allowed: 400,
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
  import_not_found: 404,
  case_not_found: 404,
  conflict: 409,
  boundary_conflict: 409,
  username_taken: 409,
  account_already_linked: 409,
  staff_already_linked: 409,
  staff_has_account: 409,
  person_exists: 409,
  household_exists: 409,
  household_not_empty: 409,
  case_changed: 409,
  second_factor_enrolled: 409,
  photo_limit_reached: 409,
  login_locked: 429,
  rate_limited: 429,
  search_throttled: 429,
  internal_error: 500,
  payload_too_large: 413,
  database_unavailable: 503,
  audit_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof statusByCode;

/** Every code an error answer may carry: clients (and the API's fuzz test) can rely on no other. */
export const errorCodes = Object.keys(statusByCode) as ErrorCode[];

/** The one error type services throw; the global handler turns it into `{ error: { code, message } }`. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  /** Sent as `Retry-After`: when a throttled caller may try again. */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, message: string, details?: unknown, retryAfterSeconds?: number) {
    super(message);
    this.code = code;
    this.details = details;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  get status(): number {
    return statusByCode[this.code];
  }
}

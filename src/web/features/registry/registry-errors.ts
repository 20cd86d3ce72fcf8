import type { IdNumberProblem } from '../../../shared/id-number';
import { isApiError } from '../../api/client';
import { describeError } from '../../api/errors';
import { i18next } from '../../i18n';
import type { RegistryKey } from './use-registry-translation';

/** The registry's own error codes; the rest are the console's and `describeError` knows them. */
const registryErrorTitles: Record<string, RegistryKey> = {
  invalid_id_number: 'registry.errors.invalid_id_number',
  person_exists: 'registry.errors.person_exists',
  household_exists: 'registry.errors.household_exists',
  household_not_empty: 'registry.errors.household_not_empty',
  unsupported_file: 'registry.errors.unsupported_file',
  unreadable_file: 'registry.errors.unreadable_file',
  no_header_row: 'registry.errors.no_header_row',
  import_not_found: 'registry.errors.import_not_found',
  search_throttled: 'registry.errors.search_throttled',
  cadre_service_ended: 'registry.errors.cadre_service_ended',
};

const idNumberProblems: Record<IdNumberProblem, RegistryKey> = {
  empty: 'registry.idNumber.problems.empty',
  wrong_length: 'registry.idNumber.problems.wrong_length',
  bad_characters: 'registry.idNumber.problems.bad_characters',
  bad_checksum: 'registry.idNumber.problems.bad_checksum',
  bad_birth_date: 'registry.idNumber.problems.bad_birth_date',
  future_birth_date: 'registry.idNumber.problems.future_birth_date',
  not_recoverable: 'registry.idNumber.problems.not_recoverable',
};

function translate(key: RegistryKey, options?: Record<string, unknown>): string {
  return (i18next.t as (key: string, options?: Record<string, unknown>) => string)(key, options);
}

/** What is wrong with an ID number, in the user's language (the shared parser explains in English). */
export function idNumberProblemText(problem: IdNumberProblem, length?: number): string {
  return translate(idNumberProblems[problem], { length });
}

function isIdNumberProblem(value: unknown): value is IdNumberProblem {
  return typeof value === 'string' && Object.hasOwn(idNumberProblems, value);
}

/** The existing person's id a `person_exists` answer carries when that person is in the user's scope. */
export function existingPersonId(error: unknown): string | undefined {
  if (!isApiError(error) || error.code !== 'person_exists') return undefined;
  const personId = (error.details as { personId?: unknown } | undefined)?.personId;
  return typeof personId === 'string' ? personId : undefined;
}

/** `describeError` that also knows the registry's codes. */
export function describeRegistryError(error: unknown): { title: string; detail?: string } {
  if (!isApiError(error) || !Object.hasOwn(registryErrorTitles, error.code)) return describeError(error);
  const title = translate(registryErrorTitles[error.code]!);
  if (error.code === 'invalid_id_number') {
    const problem = (error.details as { problem?: unknown } | undefined)?.problem;
    return { title, detail: isIdNumberProblem(problem) ? idNumberProblemText(problem) : error.message };
  }
  if (error.code === 'person_exists' && !existingPersonId(error)) {
    // To a caller who reads numbers masked the server says neither who nor where (it would finish the number).
    const isWhereHidden = (error.details as { isWhereHidden?: unknown } | undefined)?.isWhereHidden === true;
    const detail = isWhereHidden ? 'registry.errors.person_exists_unnamed' : 'registry.errors.person_exists_elsewhere';
    return { title, detail: translate(detail) };
  }
  // The translations say all the server's sentence says, in the user's language.
  return { title };
}

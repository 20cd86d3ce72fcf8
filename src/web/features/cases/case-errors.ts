import { isApiError } from '../../api/client';
import { describeError } from '../../api/errors';
import { i18next } from '../../i18n';
import { casesZhCN } from '../../i18n/cases.zh-CN';

type CaseErrorCode = keyof typeof casesZhCN.errors;

function isCaseErrorCode(code: string): code is CaseErrorCode {
  return Object.hasOwn(casesZhCN.errors, code);
}

/** `describeError` that also knows the cases' own codes (a case changed meanwhile, a file that is no photo). */
export function describeCaseError(error: unknown): { title: string; detail?: string } {
  if (!isApiError(error) || !isCaseErrorCode(error.code)) return describeError(error);
  return { title: i18next.t(`cases.errors.${error.code}`) };
}

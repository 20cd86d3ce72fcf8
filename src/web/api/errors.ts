import { i18next } from '../i18n';
import type { Messages } from '../i18n/zh-CN';
import { zhCN } from '../i18n/zh-CN';
import { isApiError } from './client';

type TranslatedCode = keyof Messages['errors'];

function isTranslatedCode(code: string): code is TranslatedCode {
  return Object.hasOwn(zhCN.errors, code);
}

/** The server names what was not found (region_not_found …); the user needs only "not found or not yours". */
function translatedCodeOf(code: string): TranslatedCode | undefined {
  if (isTranslatedCode(code)) return code;
  return code.endsWith('_not_found') ? 'not_found' : undefined;
}

// For these codes the server's own sentence carries specifics (which field, how long the lock lasts).
const codesWithUsefulDetail = new Set(['validation_failed', 'login_locked', 'bad_request', 'forbidden']);

/** What to tell the user about a failure: a translated title when the code is known, else the server's message. */
export function describeError(error: unknown): { title: string; detail?: string } {
  if (!isApiError(error)) {
    return { title: i18next.t('errors.unknown'), detail: error instanceof Error ? error.message : undefined };
  }
  const code = translatedCodeOf(error.code);
  if (!code) return { title: error.message };
  const title = i18next.t(`errors.${code}`);
  return codesWithUsefulDetail.has(code) ? { title, detail: error.message } : { title };
}

/** One line for a toast: title plus detail. */
export function errorText(error: unknown): string {
  const { title, detail } = describeError(error);
  return detail ? `${title}: ${detail}` : title;
}

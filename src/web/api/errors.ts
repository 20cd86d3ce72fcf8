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

/**
 * What to tell the user about a failure: a translated title, and the server's own sentence only to a reader of
 * English, the language the server writes in; a Chinese user never sees an English message or a raw code.
 */
export function describeError(error: unknown): { title: string; detail?: string } {
  const isEnglish = i18next.language === 'en';
  if (!isApiError(error)) {
    const detail = isEnglish && error instanceof Error ? error.message : undefined;
    return { title: i18next.t('errors.unknown'), detail };
  }
  const code = translatedCodeOf(error.code);
  if (!code) return isEnglish ? { title: error.message } : { title: i18next.t('errors.unknown') };
  const title = i18next.t(`errors.${code}`);
  return isEnglish && codesWithUsefulDetail.has(code) ? { title, detail: error.message } : { title };
}

/** One line for a toast: title plus detail. */
export function errorText(error: unknown): string {
  const { title, detail } = describeError(error);
  return detail ? `${title}: ${detail}` : title;
}

import { i18next } from '../i18n';
import type { Messages } from '../i18n/zh-CN';
import { zhCN } from '../i18n/zh-CN';
import { isApiError, type ApiError } from './client';

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

/** An answer without the server's own error body (a proxy's page): its only words are the browser's English. */
function isBareStatus(error: ApiError): boolean {
  return /^http_\d+$/.test(error.code);
}

/**
 * What to tell the user about a failure: a translated title where the console has one, else the server's own
 * sentence, which it words in the language the console asks for (client.ts). A Chinese user never sees English or a
 * raw code: what only the browser worded (a script error, a proxy's status) they see as "操作失败".
 */
export function describeError(error: unknown): { title: string; detail?: string } {
  const isEnglish = i18next.language === 'en';
  if (!isApiError(error)) {
    const detail = isEnglish && error instanceof Error ? error.message : undefined;
    return { title: i18next.t('errors.unknown'), detail };
  }
  const code = translatedCodeOf(error.code);
  if (!code)
    return isEnglish || !isBareStatus(error) ? { title: error.message } : { title: i18next.t('errors.unknown') };
  const title = i18next.t(`errors.${code}`);
  return codesWithUsefulDetail.has(code) ? { title, detail: error.message } : { title };
}

/** One line for a toast: title plus detail. */
export function errorText(error: unknown): string {
  const { title, detail } = describeError(error);
  return detail ? `${title}: ${detail}` : title;
}

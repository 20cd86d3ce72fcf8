import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { zhCN, type Messages } from './zh-CN';

export const languages = ['zh-CN', 'en'] as const;
export type Language = (typeof languages)[number];

/** Names shown in the language switch, each in its own language. */
export const languageNames: Record<Language, string> = { 'zh-CN': '中文', en: 'English' };

const storageKey = 'gridlink.language';

function isLanguage(value: unknown): value is Language {
  return languages.includes(value as Language);
}

function storedLanguage(): Language {
  try {
    const stored = localStorage.getItem(storageKey);
    return isLanguage(stored) ? stored : 'zh-CN';
  } catch {
    // Storage can be blocked (private mode, strict settings); the default language still works.
    return 'zh-CN';
  }
}

declare module 'i18next' {
  interface CustomTypeOptions {
    resources: { translation: Messages };
  }
}

/**
 * The English text (a tenth of the console's first code) loads only for those who read it: once chosen, and on each
 * visit after that before the console renders.
 */
async function loadLanguage(language: Language): Promise<void> {
  if (i18next.hasResourceBundle(language, 'translation')) return;
  const { en } = await import('./en');
  i18next.addResourceBundle('en', 'translation', en);
}

const initialLanguage = storedLanguage();
void i18next.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN } },
  lng: initialLanguage,
  fallbackLng: 'zh-CN',
  // React escapes what it renders; escaping here too would show entities.
  interpolation: { escapeValue: false },
});

/** Settles once the stored language's text is there; if English could not be loaded, the console shows Chinese. */
export const languageReady: Promise<void> = loadLanguage(initialLanguage).catch(async () => {
  await i18next.changeLanguage('zh-CN');
});

function applyLanguage(language: string): void {
  document.documentElement.lang = language;
  document.title = language === 'en' ? 'gridlink' : '网格通 gridlink';
}

applyLanguage(i18next.language);
i18next.on('languageChanged', applyLanguage);

/** Switches the language and remembers it for the next visit. */
export function changeLanguage(language: Language): void {
  try {
    localStorage.setItem(storageKey, language);
  } catch {
    // Not remembered, but switched for this visit.
  }
  // Not reachable (offline): the language stays as it was, and is taken on the next visit.
  void loadLanguage(language)
    .then(() => i18next.changeLanguage(language))
    .catch(() => undefined);
}

export function currentLanguage(): Language {
  return isLanguage(i18next.language) ? i18next.language : 'zh-CN';
}

// A formatter is costly to build (about a millisecond): one per language, built when first used.
const dateTimeFormats = new Map<Language, Intl.DateTimeFormat>();

/** A timestamp in the user's language, to the minute (audit and sign-in times). */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const language = currentLanguage();
  let format = dateTimeFormats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short', hour12: false });
    dateTimeFormats.set(language, format);
  }
  return format.format(date);
}

export { i18next };

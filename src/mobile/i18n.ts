import { createContext, useContext } from 'react';
import { fieldEn } from './i18n/field.en';
import { fieldZhCN, type FieldMessages } from './i18n/field.zh-CN';

/**
 * The field app's text: a dictionary per language and a `t` that reads a dotted key and fills {{name}} in. The
 * console's i18next would add its weight to the field app's budget for what these few lines do.
 */
export type FieldLanguage = 'zh-CN' | 'en';

const dictionaries: Record<FieldLanguage, FieldMessages> = { 'zh-CN': fieldZhCN, en: fieldEn };
const storageKey = 'gridlink.language';

export function storedLanguage(): FieldLanguage {
  try {
    return localStorage.getItem(storageKey) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export function rememberLanguage(language: FieldLanguage): void {
  try {
    localStorage.setItem(storageKey, language);
  } catch {
    // The language still applies to this visit.
  }
  document.documentElement.lang = language;
}

export type Translate = (key: string, values?: Record<string, string | number>) => string;

export function translator(language: FieldLanguage): Translate {
  return (key, values) => {
    let found: unknown = dictionaries[language];
    for (const part of key.split('.')) found = (found as Record<string, unknown> | undefined)?.[part];
    const text = typeof found === 'string' ? found : key;
    return text.replace(/\{\{(\w+)\}\}/g, (_match, name: string) => String(values?.[name] ?? ''));
  };
}

export const LanguageContext = createContext<{ language: FieldLanguage; t: Translate }>({
  language: 'zh-CN',
  t: translator('zh-CN'),
});

export function useT(): Translate {
  return useContext(LanguageContext).t;
}

export function useLanguage(): FieldLanguage {
  return useContext(LanguageContext).language;
}

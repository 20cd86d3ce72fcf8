import { createContext, useContext } from 'react';
import { residentEn } from './resident.en';
import { residentZhCN, type ResidentMessages } from './resident.zh-CN';

/** The resident page's text: Simplified Chinese unless the resident chose English (kept on the phone). */
export type ResidentLanguage = 'zh-CN' | 'en';

const dictionaries: Record<ResidentLanguage, ResidentMessages> = { 'zh-CN': residentZhCN, en: residentEn };
const storageKey = 'gridlink.resident.language';

export function storedLanguage(): ResidentLanguage {
  try {
    return localStorage.getItem(storageKey) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export function rememberLanguage(language: ResidentLanguage): void {
  try {
    localStorage.setItem(storageKey, language);
  } catch {
    // WeChat's private mode: the language still applies to this visit.
  }
  document.documentElement.lang = language;
}

export type Translate = (key: string, values?: Record<string, string | number>) => string;

export function translator(language: ResidentLanguage): Translate {
  return (key, values) => {
    let found: unknown = dictionaries[language];
    for (const part of key.split('.')) found = (found as Record<string, unknown> | undefined)?.[part];
    const text = typeof found === 'string' ? found : key;
    return text.replace(/\{\{(\w+)\}\}/g, (_match, name: string) => String(values?.[name] ?? ''));
  };
}

export const LanguageContext = createContext<{ language: ResidentLanguage; t: Translate }>({
  language: 'zh-CN',
  t: translator('zh-CN'),
});

export function useT(): Translate {
  return useContext(LanguageContext).t;
}

export function useLanguage(): ResidentLanguage {
  return useContext(LanguageContext).language;
}

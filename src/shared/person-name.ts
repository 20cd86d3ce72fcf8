import { pinyin } from 'pinyin-pro';
import type { LocalizedText } from './language.js';

/**
 * Names are stored as the person gives them: only invisible differences (outer and repeated whitespace, the
 * several look-alike middle dots in minority names, Unicode composition) are evened out, so that one person
 * typed twice is found once.
 */

export const maximumPersonNameLength = 100;

/** Middle dots that keyboards and input methods produce for the separator in names such as 阿依古丽·买买提. */
const middleDotVariants = /[\u00B7\u30FB\u2022\u2027\u2E31\u16EB]/gu;
/** A full-width full stop is a middle dot only between Han characters; elsewhere it may be meant. */
const fullWidthStopBetweenHan = /(?<=\p{Script=Han})\uFF0E(?=\p{Script=Han})/gu;

export function normalizePersonName(raw: string): string {
  return raw
    .normalize('NFC')
    .trim()
    .replace(/\s+/gu, ' ')
    .replace(middleDotVariants, '·')
    .replace(fullWidthStopBetweenHan, '·');
}

/** Counts what a person sees as characters, so that a rare character such as 𠮷 counts as one. */
export function countCodePoints(text: string): number {
  return [...text].length;
}

/**
 * Format characters other than the joiners that some scripts need would let two names that look the same differ.
 * Lone surrogates are broken text.
 */
const forbiddenCharacter = /[\p{Cc}\p{Cs}]|(?!\u200C|\u200D|\u180E)\p{Cf}/u;

/** What can be wrong with a name, and the sentence saying so in both languages. */
export type PersonNameProblem = {
  reason: 'empty' | 'too_long' | 'control_character' | 'digits' | 'no_letter';
  message: LocalizedText;
};

/** What is wrong with a name, or undefined when it can be stored. Expects a normalised name. */
export function validatePersonName(name: string): PersonNameProblem | undefined {
  if (name.trim() === '') return { reason: 'empty', message: { en: 'Enter a name.', zh: '请输入姓名。' } };
  const length = countCodePoints(name);
  if (length > maximumPersonNameLength) {
    return {
      reason: 'too_long',
      message: {
        en: `A name can have at most ${maximumPersonNameLength} characters; this one has ${length}.`,
        zh: `姓名最多 ${maximumPersonNameLength} 个字，这个有 ${length} 个。`,
      },
    };
  }
  if (forbiddenCharacter.test(name)) {
    return {
      reason: 'control_character',
      message: {
        en: 'The name contains an invisible control character; type it again.',
        zh: '姓名含有看不见的控制字符，请重新输入。',
      },
    };
  }
  if (/\p{Nd}/u.test(name)) {
    return { reason: 'digits', message: { en: 'A name cannot contain digits.', zh: '姓名不能包含数字。' } };
  }
  if (!/\p{L}/u.test(name)) {
    return {
      reason: 'no_letter',
      message: { en: 'A name needs at least one letter or character.', zh: '姓名至少要有一个文字。' },
    };
  }
  return undefined;
}

/**
 * The pinyin of a name and its initials, lower-case and without spaces, for searching with a Latin keyboard:
 * 张三 → zhangsan and zs. The first character is read as a surname, so 单 is shan and 曾 is zeng. A run of
 * Latin letters is kept whole in the full form and gives its first letter to the initials; characters with no
 * pinyin (the middle dot, rare characters, other scripts) are left out. ü is written v, as typed on a keyboard.
 */
export function toNamePinyin(name: string): { full: string; initials: string } {
  const syllables = pinyin(normalizePersonName(name), {
    type: 'all',
    toneType: 'none',
    mode: 'surname',
    surname: 'head',
    v: true,
  });
  let full = '';
  let initials = '';
  let isInLatinWord = false;
  for (const syllable of syllables) {
    if (syllable.isZh && syllable.pinyin !== '') {
      full += syllable.pinyin.toLowerCase();
      initials += syllable.first.toLowerCase();
      isInLatinWord = false;
      continue;
    }
    const letters = toBasicLatin(syllable.origin);
    if (letters === '') {
      isInLatinWord = false;
      continue;
    }
    full += letters;
    if (!isInLatinWord) initials += letters.charAt(0);
    isInLatinWord = true;
  }
  return { full, initials };
}

/** José → jose and Ｔｏｍ → tom: accents and full width do not matter when searching. */
function toBasicLatin(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

import { chinaDate } from './clock.js';
import type { LocalizedText } from './language.js';

/**
 * Resident identity numbers (居民身份证号码, GB 11643-1999): six digits of division code, the birth date as
 * YYYYMMDD, a three-digit sequence whose last digit is odd for men, and an ISO 7064 MOD 11-2 check character.
 */

export type IdNumberProblem =
  | 'empty'
  | 'wrong_length'
  | 'bad_characters'
  | 'bad_checksum'
  | 'bad_birth_date'
  | 'future_birth_date'
  | 'not_recoverable';

export type IdNumberParseResult =
  | {
      ok: true;
      /** Always 18 characters, with an upper-case X. */
      idNumber: string;
      /** YYYY-MM-DD. */
      birthDate: string;
      sex: 'male' | 'female';
      /** The administrative division where the number was first issued, which need not be where the person lives. */
      divisionCode: string;
      /** True when a 15-digit number from before 1999 was turned into its 18-character form. */
      wasConverted: boolean;
    }
  | { ok: false; problem: IdNumberProblem; message: LocalizedText };

const checkWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** Indexed by the weighted sum modulo 11. */
const checkCharacters = '10X98765432';

const earliestBirthDate = '1900-01-01';

const notRecoverableMessage = {
  en: 'The spreadsheet stored this ID number as a number and its last digits are lost. Format the column as text and type the number again.',
  zh: '表格把这个身份证号存成了数字，末几位已丢失。请将该列设为文本格式后重新输入。',
};

/** Spaces and hyphens that people and spreadsheets put between the digits are noise, not part of the number. */
export function normalizeIdNumber(raw: string): string {
  return (
    raw
      .replace(/[\uFF10-\uFF19]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xfee0))
      .replace(/[xＸｘ]/g, 'X')
      // \s covers tabs, U+3000 and no-break spaces; zero-width spaces come in with text pasted from web pages.
      .replace(/[\s\u200B-\u200D\u2060]/g, '')
      .replace(/(?<=\d)[-\uFF0D\u2010-\u2015\u2212]+(?=[\dX])/g, '')
  );
}

/** The MOD 11-2 check character for the first 17 digits. */
export function computeIdNumberCheckCharacter(body: string): string {
  let sum = 0;
  checkWeights.forEach((weight, index) => {
    sum += weight * Number(body[index]);
  });
  return checkCharacters.charAt(sum % 11);
}

/**
 * Reads an ID number as typed, pasted or imported. A number (rather than a string) is what a spreadsheet gives
 * when the column was not formatted as text; such a value is accepted only when no digit can have been lost. A birth
 * date after `today`'s date in China is refused.
 */
export function parseIdNumber(raw: string | number, today: Date = new Date()): IdNumberParseResult {
  if (typeof raw === 'number') {
    const text = String(raw);
    // An 18-digit number is beyond 2^53, so the spreadsheet has already rounded it; guessing digits would be wrong.
    if (!Number.isSafeInteger(raw) || /e/i.test(text)) return failure('not_recoverable', notRecoverableMessage);
    return parseIdNumberText(text, today);
  }
  return parseIdNumberText(raw, today);
}

function parseIdNumberText(raw: string, today: Date): IdNumberParseResult {
  const text = normalizeIdNumber(raw);
  if (text === '') return failure('empty', { en: 'Enter the ID number.', zh: '请输入身份证号。' });
  // 1.10105E+17 is what a spreadsheet shows, and exports, for an ID number stored as a number.
  if (/^\d+([.,]\d*)?E[+-]?\d+$/i.test(text)) return failure('not_recoverable', notRecoverableMessage);
  if (!/^[\dX]+$/.test(text)) {
    return failure('bad_characters', {
      en: 'An ID number has only digits, with an X allowed as the last character.',
      zh: '身份证号只能由数字组成，最后一位可以是 X。',
    });
  }
  if (text.length === 18) return parseModernIdNumber(text, today);
  if (text.length === 15) return parseLegacyIdNumber(text, today);
  return failure('wrong_length', {
    en: `An ID number has 18 characters (or 15 digits on a card issued before 1999); this one has ${text.length}.`,
    zh: `身份证号应为 18 位（1999 年前签发的为 15 位），这个号码有 ${text.length} 位。`,
  });
}

function parseModernIdNumber(text: string, today: Date): IdNumberParseResult {
  if (!/^\d{17}[\dX]$/.test(text)) {
    return failure('bad_characters', {
      en: 'Only the last character of an ID number can be an X.',
      zh: '身份证号只有最后一位可以是 X。',
    });
  }
  if (computeIdNumberCheckCharacter(text) !== text.charAt(17)) {
    return failure('bad_checksum', {
      en: 'This ID number has a typing mistake: check every digit against the card.',
      zh: '这个身份证号有输入错误，请对照证件逐位核对。',
    });
  }
  return describeIdNumber(text, today, false);
}

/** Numbers issued before 1999 have a two-digit year and no check character; they are stored in the 18-character form. */
function parseLegacyIdNumber(text: string, today: Date): IdNumberParseResult {
  if (!/^\d{15}$/.test(text)) {
    return failure('bad_characters', {
      en: 'A 15-digit ID number has only digits.',
      zh: '15 位身份证号只能由数字组成。',
    });
  }
  const body = text.slice(0, 6) + '19' + text.slice(6);
  return describeIdNumber(body + computeIdNumberCheckCharacter(body), today, true);
}

function describeIdNumber(idNumber: string, today: Date, wasConverted: boolean): IdNumberParseResult {
  const year = Number(idNumber.slice(6, 10));
  const month = Number(idNumber.slice(10, 12));
  const day = Number(idNumber.slice(12, 14));
  const birthDate = `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
  if (!isRealDate(year, month, day) || birthDate < earliestBirthDate) {
    return failure('bad_birth_date', {
      en: `The birth date in this ID number, ${birthDate}, is not a real date.`,
      zh: `这个身份证号中的出生日期 ${birthDate} 不是有效日期。`,
    });
  }
  if (birthDate > chinaDate(today)) {
    return failure('future_birth_date', {
      en: `The birth date in this ID number, ${birthDate}, is in the future.`,
      zh: `这个身份证号中的出生日期 ${birthDate} 晚于今天。`,
    });
  }
  return {
    ok: true,
    idNumber,
    birthDate,
    sex: Number(idNumber.charAt(16)) % 2 === 1 ? 'male' : 'female',
    divisionCode: idNumber.slice(0, 6),
    wasConverted,
  };
}

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const isLeapYear = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInMonth = [31, isLeapYear ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= daysInMonth;
}

function failure(problem: IdNumberProblem, message: LocalizedText): IdNumberParseResult {
  return { ok: false, problem, message };
}

/** 110105********002X: the division code and the last four stay, enough to tell two people apart on a list. */
export function maskIdNumber(idNumber: string): string {
  if (idNumber.length < 10) return '*'.repeat(idNumber.length);
  return idNumber.slice(0, 6) + '*'.repeat(idNumber.length - 10) + idNumber.slice(-4);
}

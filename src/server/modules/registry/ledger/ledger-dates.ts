import { formatUtcDate, type CellValue } from './cells.js';

/** A date as ledgers give it: to the day, or only to the month under a 出生年月 header. */
export type LedgerDate =
  { precision: 'day'; value: string /* YYYY-MM-DD */ } | { precision: 'month'; value: string /* YYYY-MM */ };

const millisecondsPerDay = 86_400_000;
/** Day 0 of Excel's date serials, for serials after the 1900-02-29 that Excel wrongly counts. */
const excelEpoch = Date.UTC(1899, 11, 30);
/**
 * A number below this is not a date serial for anyone alive (2101 is 1905-10-03) but 出生年月 typed as 1990.1,
 * which Excel keeps as a number and which could mean January or October.
 */
const smallestDateSerial = 2101;
const earliestYear = 1900;

const dayPattern = /^(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/;
const compactDayPattern = /^(\d{4})(\d{2})(\d{2})$/;
const monthPattern = /^(\d{4})[-./年](\d{1,2})月?$/;
const compactMonthPattern = /^(\d{4})(\d{2})$/;

/**
 * Reads a date cell: a date the sheet stored as a date, an Excel date serial, 19900101, or text such as
 * 1990-01-01, 1990.01.01, 1990/1/1 and 1990年1月1日 (with their month-only forms). Undefined when it is none of them.
 */
export function readLedgerDate(value: CellValue): LedgerDate | undefined {
  if (value instanceof Date) return toDayDate(formatUtcDate(value));
  if (typeof value === 'number') return readDateNumber(value);
  if (typeof value === 'string') return readDateText(value.normalize('NFKC').replace(/\s+/g, ' ').trim());
  return undefined;
}

function readDateNumber(value: number): LedgerDate | undefined {
  // 19900101 and 199001, typed without separators into a cell formatted as a number.
  if (Number.isInteger(value) && /^\d{6}$|^\d{8}$/.test(String(value))) return readDateText(String(value));
  if (value < smallestDateSerial) return undefined;
  return toDayDate(formatUtcDate(new Date(excelEpoch + Math.floor(value) * millisecondsPerDay)));
}

function readDateText(text: string): LedgerDate | undefined {
  const day = dayPattern.exec(text) ?? compactDayPattern.exec(text);
  if (day) return toDayDate(joinDate(day[1], day[2], day[3]));
  const month = monthPattern.exec(text) ?? compactMonthPattern.exec(text);
  if (month) return toMonthDate(joinDate(month[1], month[2]));
  return undefined;
}

function joinDate(...parts: (string | undefined)[]): string {
  return parts.map((part = '') => part.padStart(2, '0')).join('-');
}

function toDayDate(text: string): LedgerDate | undefined {
  const [year = 0, month = 0, day = 0] = text.split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  const isRealDate = date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return isRealDate && year >= earliestYear ? { precision: 'day', value: text } : undefined;
}

function toMonthDate(text: string): LedgerDate | undefined {
  const [year = 0, month = 0] = text.split('-').map(Number);
  return month >= 1 && month <= 12 && year >= earliestYear ? { precision: 'month', value: text } : undefined;
}

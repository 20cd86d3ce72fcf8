/** One cell as read from a ledger: rich text, formulas, hyperlinks and shared strings are already plain values. */
export type CellValue = string | number | boolean | Date | null;

export type SheetRow = {
  /** 1-based, as Excel shows it beside the row (for a CSV file, the record's position in the file). */
  rowNumber: number;
  /** Indexed by column: column A is index 0. */
  cells: CellValue[];
};

/**
 * A cell as text, the way the sheet shows it. Dates read from a sheet carry no time zone: exceljs hands them over as
 * midnight UTC, so their UTC calendar date is the one the user typed.
 */
export function cellToText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return formatUtcDate(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return String(value).trim();
}

export function isBlankCell(value: CellValue | undefined): boolean {
  return cellToText(value) === '';
}

/** YYYY-MM-DD of a date's UTC calendar day. */
export function formatUtcDate(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const year = String(date.getUTCFullYear()).padStart(4, '0');
  const month = String(date.getUTCMonth() + 1).padStart(2, '0');
  const day = String(date.getUTCDate()).padStart(2, '0');
  return `${year}-${month}-${day}`;
}

/** Drops the empty cells at the end of a row, so that rows differ only in what they hold. */
export function trimTrailingBlanks(cells: CellValue[]): CellValue[] {
  let length = cells.length;
  while (length > 0 && cells[length - 1] === null) length -= 1;
  return cells.slice(0, length);
}

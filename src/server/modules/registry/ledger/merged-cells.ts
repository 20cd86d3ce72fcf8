import type { CellValue, SheetRow } from './cells.js';

/**
 * Merged cells. Excel keeps a merged range's value in its top-left cell only, and a worksheet lists its merges
 * after all of its rows, so a streaming reader learns them too late. The reader therefore makes two passes over
 * the worksheet: the first only scans the XML for merges, the second reads the rows and fills them in.
 */

/** Rows are 1-based as Excel numbers them; columns are 0-based like `SheetRow.cells`. */
export type MergedRange = { top: number; left: number; bottom: number; right: number };

const mergeCellPattern = /<mergeCell\b[^>]*?\bref="([A-Z]+)(\d+):([A-Z]+)(\d+)"/g;
/** Longer than any <mergeCell> tag, so a tag cut in two by a chunk boundary is found whole in the next round. */
const carriedLength = 256;

/**
 * Finds the merged ranges in a worksheet's XML. The chunks are read as Latin-1 so that a chunk boundary inside a
 * multi-byte character cannot matter: the tags searched for are ASCII.
 */
export async function findMergedRanges(xmlChunks: AsyncIterable<Buffer | string>): Promise<MergedRange[]> {
  const ranges: MergedRange[] = [];
  let carried = '';
  for await (const chunk of xmlChunks) {
    const text = carried + (typeof chunk === 'string' ? chunk : chunk.toString('latin1'));
    let scannedUpTo = 0;
    for (const match of text.matchAll(mergeCellPattern)) {
      const [, leftColumn = '', top = '', rightColumn = '', bottom = ''] = match;
      ranges.push({
        top: Number(top),
        left: columnLettersToIndex(leftColumn),
        bottom: Number(bottom),
        right: columnLettersToIndex(rightColumn),
      });
      scannedUpTo = match.index + match[0].length;
    }
    carried = text.slice(Math.max(scannedUpTo, text.length - carriedLength));
  }
  return ranges;
}

/** A → 0, Z → 25, AA → 26. */
export function columnLettersToIndex(letters: string): number {
  let number = 0;
  for (const letter of letters) number = number * 26 + (letter.charCodeAt(0) - 64);
  return number - 1;
}

/**
 * Returns a function that copies the value of each merged range spanning several rows into the range's other
 * cells, for rows given in order. Such a merge is a value shared by several records, such as an address merged
 * over a household's members. Merges within one row (a title across the columns, a group heading over its
 * sub-headings) are left as they are: copying them would repeat the title in every column.
 */
export function createMergedCellFiller(ranges: readonly MergedRange[]): (row: SheetRow) => SheetRow {
  const waiting = ranges.filter((range) => range.bottom > range.top).sort((first, second) => first.top - second.top);
  let nextWaiting = 0;
  let active: { range: MergedRange; value: CellValue }[] = [];
  return (row) => {
    active = active.filter(({ range }) => range.bottom >= row.rowNumber);
    for (let range = waiting[nextWaiting]; range && range.top <= row.rowNumber; range = waiting[++nextWaiting]) {
      // A merge whose top row the file leaves out holds nothing to copy.
      if (range.bottom < row.rowNumber) continue;
      active.push({ range, value: range.top === row.rowNumber ? (row.cells[range.left] ?? null) : null });
    }
    if (active.length === 0) return row;
    const cells = [...row.cells];
    for (const { range, value } of active) {
      if (value === null) continue;
      for (let column = range.left; column <= range.right; column += 1) {
        if ((cells[column] ?? null) === null) cells[column] = value;
      }
    }
    // Filling past the end of a short row leaves holes; a hole is an empty cell.
    return { rowNumber: row.rowNumber, cells: Array.from(cells, (value) => value ?? null) };
  };
}

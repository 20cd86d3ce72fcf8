import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { trimTrailingBlanks, type SheetRow } from './cells.js';

const utf8ByteOrderMark = Buffer.from([0xef, 0xbb, 0xbf]);
const decodedChunkBytes = 64 * 1024;

/**
 * Excel's "CSV UTF-8" starts with a byte order mark; its plain "CSV" on a Chinese Windows is GBK, which GB18030
 * extends. Text that is valid UTF-8 is taken as UTF-8: GBK text of any length almost never is.
 */
export function detectCsvEncoding(content: Buffer): 'utf-8' | 'gb18030' {
  if (content.subarray(0, utf8ByteOrderMark.length).equals(utf8ByteOrderMark)) return 'utf-8';
  return isUtf8(content) ? 'utf-8' : 'gb18030';
}

/**
 * The records of a CSV file as rows, numbered as Excel numbers them when it opens the file: a quoted value that
 * runs over several lines is one row, and an empty line is an (empty) row. Every cell stays text, as typed.
 */
export async function* readCsvRows(content: Buffer): AsyncGenerator<SheetRow> {
  const parser = Readable.from(decodeInChunks(content, detectCsvEncoding(content))).pipe(
    parse({ relax_column_count: true, relax_quotes: true, info: true }),
  );
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { records: number } }>) {
    yield { rowNumber: info.records, cells: trimTrailingBlanks(record.map((value) => (value === '' ? null : value))) };
  }
}

/** Decodes a slice at a time; the decoder carries a character cut at a slice boundary over, and drops the BOM. */
function* decodeInChunks(content: Buffer, encoding: string): Generator<string> {
  const decoder = new TextDecoder(encoding);
  for (let start = 0; start < content.length; start += decodedChunkBytes) {
    const text = decoder.decode(content.subarray(start, start + decodedChunkBytes), { stream: true });
    if (text !== '') yield text;
  }
  const rest = decoder.decode();
  if (rest !== '') yield rest;
}

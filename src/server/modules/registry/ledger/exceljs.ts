import { createRequire } from 'node:module';
import { PassThrough } from 'node:stream';
import type * as ExcelTypes from 'exceljs';
import type * as Saxes from 'saxes';

const require = createRequire(import.meta.url);
const parseSaxPath = require.resolve('exceljs/lib/utils/parse-sax.js');
const { SaxesParser } = createRequire(parseSaxPath)('saxes') as typeof Saxes;

type SaxEvent = { eventType: 'opentag' | 'text' | 'closetag'; value: unknown };

/**
 * exceljs's SAX helper with one change: each zipped XML part gets its own streaming UTF-8 decoder. The original
 * decodes every chunk alone, so a Chinese character split between two chunks becomes �� — silently, in names and
 * addresses (exceljs issues #2063 and #2084, unfixed in 4.4).
 */
async function* parseSax(iterable: AsyncIterable<Buffer | string> & { pipe?: unknown }): AsyncGenerator<SaxEvent[]> {
  const source =
    iterable.pipe && !(Symbol.asyncIterator in iterable)
      ? (iterable as unknown as NodeJS.ReadableStream).pipe(new PassThrough())
      : iterable;
  const parser = new SaxesParser();
  const decoder = new TextDecoder('utf-8');
  let failure: Error | undefined;
  let events: SaxEvent[] = [];
  parser.on('error', (error) => {
    failure = error;
  });
  parser.on('opentag', (value) => events.push({ eventType: 'opentag', value }));
  parser.on('text', (value) => events.push({ eventType: 'text', value }));
  parser.on('closetag', (value) => events.push({ eventType: 'closetag', value }));
  for await (const chunk of source as AsyncIterable<Buffer | string>) {
    parser.write(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    if (failure) throw failure;
    yield events;
    events = [];
  }
}

// exceljs's modules take the helper from the module cache when they load, so it is replaced first.
if (require.cache[require.resolve('exceljs')]) {
  throw new Error("exceljs was loaded before its decoding fix: import it from ledger/exceljs.ts, not from 'exceljs'.");
}
require(parseSaxPath);
require.cache[parseSaxPath]!.exports = parseSax;

/** exceljs, with the decoding fix above. Import it from here, never from 'exceljs' directly (lint enforces it). */
const ExcelJS = require('exceljs') as typeof ExcelTypes;

/** The package's types under the same name, so `ExcelJS.Workbook` reads as it does with the package itself. */
// eslint-disable-next-line @typescript-eslint/no-namespace
declare namespace ExcelJS {
  export type Buffer = ExcelTypes.Buffer;
  export type CellValue = ExcelTypes.CellValue;
  export type Row = ExcelTypes.Row;
  export type Workbook = ExcelTypes.Workbook;
  export type Worksheet = ExcelTypes.Worksheet;
  // eslint-disable-next-line @typescript-eslint/no-namespace
  export namespace stream.xlsx {
    export type WorkbookReader = ExcelTypes.stream.xlsx.WorkbookReader;
    export type WorkbookWriter = ExcelTypes.stream.xlsx.WorkbookWriter;
    export type WorksheetReader = ExcelTypes.stream.xlsx.WorksheetReader;
  }
}

export default ExcelJS;

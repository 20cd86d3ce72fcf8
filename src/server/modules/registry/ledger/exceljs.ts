import { createRequire } from 'node:module';
import { PassThrough, type Stream } from 'node:stream';
import type * as ExcelTypes from 'exceljs';
import type * as Saxes from 'saxes';

const require = createRequire(import.meta.url);
const parseSaxPath = require.resolve('exceljs/lib/utils/parse-sax.js');
const { SaxesParser } = createRequire(parseSaxPath)('saxes') as typeof Saxes;

/**
 * The exceljs release the patches below were written against. They replace its private internals (lib/utils/parse-sax.js
 * and the workbook reader's _parse… steps), which any other release may have changed without notice, so package.json
 * pins exactly this version and loading stops on any other.
 */
export const patchedExceljsVersion = '4.4.0';

/** Throws unless `installed` is the release the patches were written against, saying what to check before moving on. */
export function assertPatchedExceljsVersion(installed: string): void {
  if (installed === patchedExceljsVersion) return;
  throw new Error(
    `exceljs ${installed} is installed, but src/server/modules/registry/ledger/exceljs.ts patches the internals of ` +
      `exceljs ${patchedExceljsVersion}. Before upgrading: check whether exceljs issues #2063 and #2084 (a Chinese ` +
      'character split between two chunks of a zipped part read as ��) are fixed upstream, in which case drop the ' +
      'parse-sax replacement; check that lib/utils/parse-sax.js and the WorkbookReader methods _parseRels, ' +
      '_parseWorkbook, _parseSharedStrings, _parseStyles, _parseHyperlinks and _parseWorksheet still exist and take ' +
      'the same arguments; then pin the new version in package.json and here, and run the ledger tests.',
  );
}

assertPatchedExceljsVersion((require('exceljs/package.json') as { version: string }).version);

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

/** exceljs, with the fixes here. Import it from here, never from 'exceljs' directly (lint enforces it). */
const ExcelJS = require('exceljs') as typeof ExcelTypes;

type ZipFile = { path: string; stream: () => NodeJS.ReadableStream };
const requireFromReader = createRequire(require.resolve('exceljs/lib/stream/xlsx/workbook-reader.js'));
const unzipper = requireFromReader('unzipper') as { Open: { buffer(content: Buffer): Promise<{ files: ZipFile[] }> } };

/** The reader's own steps, which the ordered reading below calls in the order the parts depend on each other. */
type ReaderInternals = {
  input: unknown;
  options: unknown;
  _parseRels(entry: NodeJS.ReadableStream): Promise<void>;
  _parseWorkbook(entry: NodeJS.ReadableStream): Promise<void>;
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<unknown>;
  _parseStyles(entry: NodeJS.ReadableStream): Promise<void>;
  _parseHyperlinks(entry: NodeJS.ReadableStream, sheetNumber: string): AsyncGenerator<unknown>;
  _parseWorksheet(entry: NodeJS.ReadableStream, sheetNumber: string): AsyncGenerator<unknown>;
};

const sheetNumberOf = (path: string) => /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(path)?.[1];

/**
 * A workbook held in memory, read part by part from the zip's directory: relations, workbook, shared strings and
 * styles first, then each worksheet. exceljs's own reader takes the parts as a stream hands them over and, when
 * it is busy (writing a worksheet aside until the shared strings come), can miss the start of the next part —
 * under load it then fails on `model.sheets` of a workbook part it never read. Reading from the directory never
 * races, and needs no temporary files.
 */
async function* parseInOrder(reader: ReaderInternals, content: Buffer): AsyncGenerator<unknown> {
  const { files } = await unzipper.Open.buffer(content);
  const file = (path: string) => files.find((candidate) => candidate.path === path);
  const relations = file('xl/_rels/workbook.xml.rels');
  const workbook = file('xl/workbook.xml');
  const sharedStrings = file('xl/sharedStrings.xml');
  const styles = file('xl/styles.xml');
  if (relations) await reader._parseRels(relations.stream());
  if (workbook) await reader._parseWorkbook(workbook.stream());
  if (sharedStrings) yield* reader._parseSharedStrings(sharedStrings.stream());
  if (styles) await reader._parseStyles(styles.stream());
  const worksheets = files
    .map((candidate) => ({ file: candidate, number: sheetNumberOf(candidate.path) }))
    .filter((sheet): sheet is { file: ZipFile; number: string } => sheet.number !== undefined)
    .sort((first, second) => Number(first.number) - Number(second.number));
  for (const sheet of worksheets) {
    const hyperlinks = file(`xl/worksheets/_rels/sheet${sheet.number}.xml.rels`);
    if (hyperlinks) yield* reader._parseHyperlinks(hyperlinks.stream(), sheet.number);
    yield* reader._parseWorksheet(sheet.file.stream(), sheet.number);
  }
}

/** A streaming reader over a workbook held in memory, which it reads in order (the types know only streams). */
export function openWorkbook(content: Buffer, options: Partial<ExcelTypes.stream.xlsx.WorkbookStreamReaderOptions>) {
  return new ExcelJS.stream.xlsx.WorkbookReader(content as unknown as Stream, options);
}

const readerPrototype = ExcelJS.stream.xlsx.WorkbookReader.prototype as unknown as ReaderInternals & {
  parse(input?: unknown, options?: unknown): AsyncGenerator<unknown>;
};
const streamingParse = readerPrototype.parse;
readerPrototype.parse = function parse(this: ReaderInternals, input?: unknown, options?: unknown) {
  const source = input ?? this.input;
  if (!Buffer.isBuffer(source)) return streamingParse.call(this, input, options);
  if (options) this.options = options;
  return parseInOrder(this, source);
};

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

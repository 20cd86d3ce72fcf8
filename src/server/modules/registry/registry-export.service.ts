import type { Writable } from 'node:stream';
import type { PersonQuery } from '../../../shared/api/registry.js';
import { chinaToday } from '../../../shared/clock.js';
import { assertCan, type Actor } from '../../auth/actor.js';
import { assertMayReveal, type RevealRequest } from '../../auth/reveal.js';
import type { Database } from '../../db/client.js';
import { recordAudit } from '../audit/audit.service.js';
import { canonicalHeaders, type LedgerField } from './ledger/map-columns.js';
import { relationWord, residenceWords, sexWords } from './ledger/vocabulary.js';
import { createLedgerWriter } from './ledger/write-ledger.js';
import { streamPersonPages } from './persons.repository.js';
import { presentationFor, presentPerson, starNumbers } from './persons.presenter.js';
import { resolvePersonFilter } from './persons.service.js';
import { listTagDefinitions } from './tags.repository.js';

const exportedFields: LedgerField[] = [
  'name',
  'sex',
  'idNumber',
  'phone',
  'birthDate',
  'ethnicity',
  'residenceType',
  'isPartyMember',
  'relationToHead',
  'address',
  'grid',
  'tags',
  'notes',
];

/**
 * The grid is shown by its name (网格, which the import reads back); its code follows in a column of its own that
 * the import leaves alone, for a reader who needs the exact grid. So does the age after the birth date, which only a
 * revealed export carries: beside a masked ID number the birth date would be the eight digits the mask hides (and
 * a masked export stars the numbers and dates in notes for the same reason).
 */
const extraHeaders: Partial<Record<LedgerField, string>> = { grid: '网格编码', birthDate: '年龄' };
const exportedHeaders = exportedFields.flatMap((field) => {
  const extra = extraHeaders[field];
  const header = field === 'grid' ? '网格' : canonicalHeaders[field];
  return extra ? [header, extra] : [header];
});

/**
 * Between pages: gives the event loop a turn, then waits until the output can take more. PGlite answers in the
 * server's own thread, so without the turn a county's export would hold every other request, the socket's writes and
 * a client's cancel until its end; the wait makes a slow download hold the export back instead of filling memory.
 * False once the output is gone (the client cancelled).
 */
async function waitForRoom(output: Writable): Promise<boolean> {
  await new Promise((resolve) => setImmediate(resolve));
  if (output.destroyed) return false;
  if (!output.writableNeedDrain) return true;
  return new Promise((resolve) => {
    const settle = () => {
      output.off('drain', settle).off('close', settle);
      resolve(!output.destroyed);
    };
    output.on('drain', settle).on('close', settle);
  });
}

/**
 * Streams the filtered people as an .xlsx ledger with Chinese headers that the import reads back. ID numbers and
 * phones stay masked unless a role that may see them asks, with a reason; every export is audited, one that failed
 * or was cancelled with the rows it had written. When the output goes away midway, reading stops at the next page.
 */
export async function exportPersons(
  db: Database,
  actor: Actor,
  query: PersonQuery,
  reveal: RevealRequest,
  output: Writable,
) {
  assertCan(actor, 'registry.export');
  assertMayReveal(actor, reveal, {
    en: 'Give a reason for exporting full ID numbers and phones.',
    zh: '导出完整身份证号和电话须填写事由。',
  });
  const presentation = await presentationFor(db, actor, reveal.isAsked);
  const filter = await resolvePersonFilter(db, actor, query, presentation);
  const tagNames = new Map((await listTagDefinitions(db)).map((definition) => [definition.code, definition.nameZh]));
  const writer = createLedgerWriter(
    output,
    exportedHeaders.map((header) => ({ header })),
    { title: `居民信息台账（导出于 ${chinaToday()}）`, sheetName: '居民信息' },
  );
  const audit = (outcome: 'success' | 'failure', count: number, problem?: string) =>
    recordAudit(db, actor, {
      action: reveal.isAsked ? 'registry.export_revealed' : 'registry.export',
      entityType: 'region',
      entityId: query.regionId ?? actor.regionId,
      regionCode: filter.rootCode,
      countyId: filter.countyId,
      outcome,
      details: { count, query, reason: reveal.reason, problem },
    });
  let count = 0;
  try {
    for await (const page of streamPersonPages(db, actor, filter)) {
      if (!(await waitForRoom(output))) throw new ExportCancelled();
      for (const row of page) {
        const person = presentPerson(row, presentation);
        writer.addRow([
          person.name,
          person.sex && sexWords[person.sex],
          person.idNumber,
          person.phone,
          reveal.isAsked ? person.birthDate : null,
          person.age,
          person.ethnicity,
          person.residenceType && residenceWords[person.residenceType],
          person.isPartyMember ? '中共党员' : '群众',
          person.relationToHead && relationWord(person.relationToHead, person.sex),
          person.householdAddress,
          person.regionName,
          row.person.regionCode,
          person.tags.map((code) => tagNames.get(code) ?? code).join('、'),
          reveal.isAsked ? person.notes : starNumbers(person.notes),
        ]);
      }
      count += page.length;
    }
    // A workbook never finishes into an output that went away: stop waiting when it closes.
    await Promise.race([writer.finish(), new Promise((resolve) => output.once('close', resolve))]);
    if (!output.writableFinished) throw new ExportCancelled();
  } catch (error) {
    await audit('failure', count, error instanceof ExportCancelled ? 'cancelled' : 'failed');
    throw error;
  }
  await audit('success', count);
  return count;
}

/** The output went away before the export ended: the client cancelled the download. */
export class ExportCancelled extends Error {
  constructor() {
    super('The export was cancelled before it ended.');
  }
}

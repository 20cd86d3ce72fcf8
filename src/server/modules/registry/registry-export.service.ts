import type { Writable } from 'node:stream';
import { assertCan, type Actor } from '../../auth/actor.js';
import type { Database } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { canonicalHeaders, type LedgerField } from './ledger/map-columns.js';
import { relationWord, residenceWords, sexWords } from './ledger/vocabulary.js';
import { createLedgerWriter } from './ledger/write-ledger.js';
import { streamPersons } from './persons.repository.js';
import { presentationFor, presentPerson, resolvePersonFilter, type PersonQuery } from './persons.service.js';
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
 * Streams the filtered people as an .xlsx ledger with Chinese headers that the import reads back. ID numbers and
 * phones stay masked unless a role that may see them asks, with a reason; every export is audited.
 */
export async function exportPersons(
  db: Database,
  actor: Actor,
  query: PersonQuery,
  reveal: { isAsked: boolean; reason?: string | undefined },
  output: Writable,
) {
  assertCan(actor, 'registry.export');
  if (reveal.isAsked) {
    assertCan(actor, 'sensitive.read');
    if (!reveal.reason)
      throw new AppError('validation_failed', 'Give a reason for exporting full ID numbers and phones.');
  }
  const filter = await resolvePersonFilter(db, actor, query);
  const presentation = await presentationFor(db, actor, reveal.isAsked);
  const tagNames = new Map((await listTagDefinitions(db)).map((definition) => [definition.code, definition.nameZh]));
  const writer = createLedgerWriter(
    output,
    exportedFields.map((field) => ({ header: canonicalHeaders[field] })),
    { title: `居民信息台账（导出于 ${new Date().toISOString().slice(0, 10)}）`, sheetName: '居民信息' },
  );
  let count = 0;
  for await (const row of streamPersons(db, actor, filter)) {
    const person = presentPerson(row, presentation);
    writer.addRow([
      person.name,
      person.sex && sexWords[person.sex],
      person.idNumber,
      person.phone,
      person.birthDate,
      person.ethnicity,
      person.residenceType && residenceWords[person.residenceType],
      person.isPartyMember ? '中共党员' : '群众',
      person.relationToHead && relationWord(person.relationToHead, person.sex),
      person.householdAddress,
      row.person.regionCode,
      person.tags.map((code) => tagNames.get(code) ?? code).join('、'),
      person.notes,
    ]);
    count += 1;
  }
  await writer.finish();
  await recordAudit(db, actor, {
    action: reveal.isAsked ? 'registry.export_revealed' : 'registry.export',
    entityType: 'region',
    entityId: query.regionId ?? actor.regionId,
    regionCode: filter.rootCode,
    countyId: filter.countyId,
    outcome: 'success',
    details: { count, query, reason: reveal.reason },
  });
  return count;
}

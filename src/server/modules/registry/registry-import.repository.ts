import { and, eq, like, sql } from 'drizzle-orm';
import type { LedgerProblem } from '../../../shared/api/registry-import.js';
import type { Actor } from '../../auth/actor.js';
import { withinScope } from '../../auth/scope.js';
import type { Executor } from '../../db/client.js';
import { selectRows } from '../../db/client.js';
import { regions, registryImports } from '../../db/schema/index.js';

/** A person ready to be written, as the import resolved it. */
export type ImportedPerson = {
  id: string;
  regionId: string;
  regionCode: string;
  /** The household's address in its grid, and an id for it should no household be registered there yet. */
  address: string | null;
  householdId: string | null;
  relationToHead: string | null;
  name: string;
  namePinyin: string;
  nameInitials: string;
  sex: string | null;
  idNumber: string | null;
  phone: string | null;
  birthDate: string | null;
  ethnicity: string | null;
  residenceType: string | null;
  isPartyMember: boolean | null;
  notes: string | null;
  importKey: string | null;
};

export type ImportedHousehold = {
  id: string;
  regionId: string;
  regionCode: string;
  address: string;
  building: string | null;
  unit: string | null;
  room: string | null;
  headPersonId: string | null;
};

/** Grids and micro-grids under a region, to route each row by its grid column. */
export function listGridsUnder(db: Executor, rootCode: string) {
  return db
    .select({
      id: regions.id,
      code: regions.code,
      name: regions.name,
      level: regions.level,
      countyId: regions.countyId,
    })
    .from(regions)
    .where(and(like(regions.code, `${rootCode}%`), sql`${regions.level} in ('grid', 'micro_grid')`));
}

/** Where each of these ID numbers is registered in the county already. */
export function findRegisteredIdNumbers(db: Executor, countyId: string, idNumbers: string[]) {
  if (idNumbers.length === 0) return Promise.resolve([]);
  return selectRows<{ idNumber: string; regionCode: string }>(
    db,
    sql`select id_number as "idNumber", region_code as "regionCode" from persons
        where county_id = ${countyId} and id_number in (select json_array_elements_text(${JSON.stringify(idNumbers)}::json))`,
  );
}

/** Ids of the households registered at these addresses in these grids, by `regionId|address`. */
export async function findHouseholdIds(db: Executor, countyId: string, keys: { regionId: string; address: string }[]) {
  const found = await selectRows<{ id: string; regionId: string; address: string }>(
    db,
    sql`select h.id, h.region_id as "regionId", h.address from households h
        join json_to_recordset(${JSON.stringify(keys)}::json) as r("regionId" uuid, address text)
          on h.region_id = r."regionId" and h.address = r.address
        where h.county_id = ${countyId}`,
  );
  return new Map(found.map((row) => [`${row.regionId}|${row.address}`, row.id]));
}

/**
 * Adds new households, each with its head already known. Answers the ids actually inserted: another import may
 * have registered the same address meanwhile (the unique index keeps one).
 */
export async function insertHouseholds(db: Executor, countyId: string, rows: ImportedHousehold[]) {
  if (rows.length === 0) return new Set<string>();
  const inserted = await selectRows<{ id: string }>(
    db,
    sql`insert into households (county_id, id, region_id, region_code, address, building, unit, room, head_person_id)
        select ${countyId}, r.id, r."regionId", r."regionCode", r.address, r.building, r.unit, r.room, r."headPersonId"
        from json_to_recordset(${JSON.stringify(rows)}::json) as r(id uuid, "regionId" uuid, "regionCode" text,
          address text, building text, unit text, room text, "headPersonId" uuid)
        on conflict (county_id, region_id, address) do nothing
        returning id`,
  );
  return new Set(inserted.map((row) => row.id));
}

/** Points the members written for a household that lost the race for its address at the one that won. */
export async function moveMembers(db: Executor, countyId: string, fromHouseholdId: string, toHouseholdId: string) {
  await db.execute(sql`update persons set household_id = ${toHouseholdId}
    where county_id = ${countyId} and household_id = ${fromHouseholdId}`);
}

const personColumns = sql.raw(`id uuid, "regionId" uuid, "regionCode" text, address text, "householdId" uuid,
  "relationToHead" text, name text, "namePinyin" text, "nameInitials" text, sex text, "idNumber" text, phone text,
  "birthDate" date, ethnicity text, "residenceType" text, "isPartyMember" boolean, notes text, "importKey" text`);

/** How a batch's people are matched with those stored: by ID number, or without one by import key. */
export type MatchBy = 'id_number' | 'import_key';

/** People of one batch as the statements read them, serialised ahead while the previous batch is being written. */
export type PersonBatch = { matchBy: MatchBy; json: string; count: number };

export function toPersonBatch(matchBy: MatchBy, rows: ImportedPerson[]): PersonBatch {
  return { matchBy, json: JSON.stringify(rows), count: rows.length };
}

/** The batch's rows, each household id resolved: the household registered at its address, else the new one's id. */
function batchRows(countyId: string, batch: PersonBatch) {
  return sql`(select r.*, coalesce(h.id, r."householdId") as "resolvedHouseholdId"
    from json_to_recordset(${batch.json}::json) as r(${personColumns})
    left join households h on h.county_id = ${countyId} and h.region_id = r."regionId" and h.address = r.address) as r`;
}

/** What a sheet row sets on a stored person: an empty cell keeps the stored value rather than erasing it. */
const updatedValues = sql.raw(`region_id = r."regionId", region_code = r."regionCode",
  household_id = coalesce(r."resolvedHouseholdId", p.household_id),
  relation_to_head = coalesce(r."relationToHead", p.relation_to_head),
  name = r.name, name_pinyin = r."namePinyin", name_initials = r."nameInitials", sex = coalesce(r.sex, p.sex),
  phone = coalesce(r.phone, p.phone), birth_date = coalesce(r."birthDate", p.birth_date),
  ethnicity = coalesce(r.ethnicity, p.ethnicity), residence_type = coalesce(r."residenceType", p.residence_type),
  is_party_member = coalesce(r."isPartyMember", p.is_party_member), notes = coalesce(r.notes, p.notes)`);

const isChanged = sql.raw(`(p.region_id, p.household_id, p.relation_to_head, p.name, p.sex, p.phone, p.birth_date,
    p.ethnicity, p.residence_type, p.is_party_member, p.notes)
  is distinct from (r."regionId", coalesce(r."resolvedHouseholdId", p.household_id),
    coalesce(r."relationToHead", p.relation_to_head), r.name, coalesce(r.sex, p.sex), coalesce(r.phone, p.phone),
    coalesce(r."birthDate", p.birth_date), coalesce(r.ethnicity, p.ethnicity),
    coalesce(r."residenceType", p.residence_type), coalesce(r."isPartyMember", p.is_party_member),
    coalesce(r.notes, p.notes))`);

/** A stored person as a batch sees it: id, match key, grid and household. */
export type StoredPerson = { id: string; key: string; regionCode: string; householdId: string | null };

/**
 * Writes a batch of people: new ones are inserted, stored ones inside the importer's scope (`scopeCode`) updated
 * only where the sheet changes something, so a repeated upload changes nothing and a person registered elsewhere is
 * never touched. Answers the rows inserted and how many were updated.
 */
export async function upsertPersons(db: Executor, countyId: string, batch: PersonBatch, scopeCode: string | undefined) {
  if (batch.count === 0) return { inserted: [], updated: 0 };
  const key = sql.raw(batch.matchBy);
  const inserted = await selectRows<StoredPerson>(
    db,
    sql`insert into persons (county_id, id, region_id, region_code, household_id, relation_to_head, name, name_pinyin,
          name_initials, sex, id_number, phone, birth_date, ethnicity, residence_type, is_party_member, notes, import_key)
        select ${countyId}, r.id, r."regionId", r."regionCode", r."resolvedHouseholdId", r."relationToHead", r.name,
          r."namePinyin", r."nameInitials", r.sex, r."idNumber", r.phone, r."birthDate", r.ethnicity, r."residenceType",
          coalesce(r."isPartyMember", false), coalesce(r.notes, ''), r."importKey"
        from ${batchRows(countyId, batch)}
        on conflict (county_id, ${key}) do nothing
        returning id, ${key} as key, region_code as "regionCode", household_id as "householdId"`,
  );
  if (inserted.length === batch.count) return { inserted, updated: 0 };
  const rowKey = batch.matchBy === 'id_number' ? sql.raw('r."idNumber"') : sql.raw('r."importKey"');
  const updated = await selectRows<{ id: string }>(
    db,
    sql`update persons as p set ${updatedValues}, updated_at = now()
        from ${batchRows(countyId, batch)}
        where p.county_id = ${countyId} and p.${key} = ${rowKey} and p.id <> r.id and ${isChanged}
          and p.region_code like ${`${scopeCode ?? ''}%`}
        returning p.id`,
  );
  return { inserted, updated: updated.length };
}

/** Stored people matched by ID number or import key, whether the upsert changed them or not. */
export function findPersons(db: Executor, countyId: string, matchBy: MatchBy, keys: string[]) {
  if (keys.length === 0) return Promise.resolve([]);
  return selectRows<StoredPerson>(
    db,
    sql`select id, ${sql.raw(matchBy)} as key, region_code as "regionCode", household_id as "householdId"
        from persons where county_id = ${countyId}
          and ${sql.raw(matchBy)} in (select json_array_elements_text(${JSON.stringify(keys)}::json))`,
  );
}

export async function addPersonTags(db: Executor, countyId: string, pairs: { personId: string; tagCode: string }[]) {
  if (pairs.length === 0) return;
  await db.execute(sql`
    insert into person_tags (county_id, person_id, tag_code)
    select ${countyId}, r."personId", r."tagCode" from json_to_recordset(${JSON.stringify(pairs)}::json) as r("personId" uuid, "tagCode" text)
    on conflict do nothing`);
}

export async function setMissingHeads(
  db: Executor,
  countyId: string,
  pairs: { householdId: string; personId: string }[],
) {
  if (pairs.length === 0) return;
  await db.execute(sql`
    update households set head_person_id = r."personId", updated_at = now()
    from json_to_recordset(${JSON.stringify(pairs)}::json) as r("householdId" uuid, "personId" uuid)
    where households.county_id = ${countyId} and households.id = r."householdId" and households.head_person_id is null`);
}

export async function insertImportRecord(db: Executor, row: typeof registryImports.$inferInsert) {
  await db.insert(registryImports).values(row);
}

type StoredProblem = (typeof registryImports.$inferSelect)['problems'][number];

/** A stored problem with its code: one kept as a sentence, before problems carried codes, is shown as it was kept. */
function readStoredProblem(problem: StoredProblem): LedgerProblem {
  if ('code' in problem) return problem;
  return { row: problem.row, column: problem.column, code: 'legacy_sentence', params: { text: problem.problem } };
}

/** An import into a grid inside the actor's scope. */
export async function findImportRecord(db: Executor, actor: Actor, id: string) {
  const [row] = await db
    .select({ record: registryImports })
    .from(registryImports)
    .innerJoin(regions, eq(regions.id, registryImports.regionId))
    .where(and(eq(registryImports.id, id), withinScope(actor, regions.code)));
  return row && { ...row.record, problems: row.record.problems.map(readStoredProblem) };
}

export async function importRecordExists(db: Executor, id: string): Promise<boolean> {
  const [row] = await db.select({ id: registryImports.id }).from(registryImports).where(eq(registryImports.id, id));
  return row !== undefined;
}

/**
 * Refreshes the planner's statistics of the registry tables. A large import into a table the planner believes
 * empty turns each batch's lookups into scans of everything written so far; inside the transaction ANALYZE sees
 * the rows already written.
 */
export async function refreshStatistics(db: Executor) {
  await db.execute(sql`analyze persons, households`);
}

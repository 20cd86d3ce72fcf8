import { uuidv7 } from 'uuidv7';
import { maskIdNumber, normalizeIdNumber } from '../../../shared/id-number.js';
import { normalizePersonName } from '../../../shared/person-name.js';
import { maskPhone } from '../../../shared/phone.js';
import { can } from '../../../shared/policy.js';
import type { Relation, ResidenceType, Sex } from '../../../shared/registry.js';
import { assertCan, type Actor } from '../../auth/actor.js';
import { isCodeInScope } from '../../auth/scope.js';
import { loadVisible } from '../../auth/visibility.js';
import { isUniqueViolation, type Database, type Executor } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { cursorOf, toPage, type ListCursor } from '../../http.js';
import { inTransactionWithAudit, recordAudit } from '../audit/audit.service.js';
import { loadGridRegion, loadRegion } from '../regions/regions.service.js';
import { setHeadIfMissing } from './households.repository.js';
import { loadHousehold } from './households.service.js';
import * as repository from './persons.repository.js';
import { checkIdentity, checkName, isMinor } from './registry-rules.js';
import { checkTags, loadTagRules, type TagRules } from './tags.service.js';

export type PersonInput = {
  name?: string | undefined;
  idNumber?: string | null | undefined;
  phone?: string | null | undefined;
  sex?: Sex | null | undefined;
  birthDate?: string | null | undefined;
  ethnicity?: string | null | undefined;
  residenceType?: ResidenceType | null | undefined;
  isPartyMember?: boolean | undefined;
  notes?: string | undefined;
  regionId?: string | undefined;
  householdId?: string | null | undefined;
  relationToHead?: Relation | null | undefined;
  tags?: string[] | undefined;
};

type Presentation = { isRevealed: boolean; mayReadSensitive: boolean; tagRules: TagRules };

/**
 * What leaves the server about a person. ID numbers and phones are masked unless revealed; sensitive tags and the
 * details of minors are left out for roles that may not read sensitive data.
 */
export function presentPerson(row: repository.PersonRow, presentation: Presentation) {
  const { person } = row;
  const isMinorPerson = isMinor(person.birthDate);
  const isHidden = isMinorPerson && !presentation.mayReadSensitive;
  return {
    id: person.id,
    regionId: person.regionId,
    regionName: row.regionName,
    householdId: person.householdId,
    householdAddress: row.householdAddress,
    relationToHead: person.relationToHead,
    name: isHidden ? `${[...person.name][0]}*` : person.name,
    sex: person.sex,
    idNumber:
      person.idNumber === null ? null : presentation.isRevealed ? person.idNumber : maskIdNumber(person.idNumber),
    phone: person.phone === null ? null : presentation.isRevealed ? person.phone : maskPhone(person.phone),
    isMasked: !presentation.isRevealed && (person.idNumber !== null || person.phone !== null),
    birthDate: isHidden ? null : person.birthDate,
    isMinor: isMinorPerson,
    ethnicity: person.ethnicity,
    residenceType: person.residenceType,
    isPartyMember: person.isPartyMember,
    notes: person.notes,
    tags: row.tagCodes.filter((code) => presentation.mayReadSensitive || !presentation.tagRules.sensitive.has(code)),
    updatedAt: person.updatedAt.toISOString(),
  };
}

export function loadPerson(db: Database, actor: Actor, id: string) {
  return loadVisible(db, actor, {
    type: 'person',
    id,
    code: 'person_not_found',
    find: () => repository.findPerson(db, actor, id),
    existsAnywhere: () => repository.personExists(db, id),
  });
}

/** Decides what kind of search a typed text is: digits search ID and phone suffixes, letters search pinyin. */
export function classifySearch(raw: string): repository.PersonSearch | undefined {
  const text = raw.trim();
  if (text === '') return undefined;
  const digits = normalizeIdNumber(text);
  if (/^[0-9X]+$/.test(digits)) return { kind: 'digits', text: digits };
  if (/^[a-zA-Z]+$/.test(text)) return { kind: 'pinyin', text: text.toLowerCase() };
  return { kind: 'name', text: normalizePersonName(text) };
}

export type PersonQuery = {
  regionId?: string | undefined;
  q?: string | undefined;
  tag?: string | undefined;
  householdId?: string | undefined;
};

/** The filter of a person list inside the actor's scope (shared by the list, the count and the export). */
export async function resolvePersonFilter(
  db: Database,
  actor: Actor,
  query: PersonQuery,
): Promise<repository.PersonFilter> {
  const root = query.regionId ? await loadRegion(db, actor, query.regionId) : undefined;
  // A household outside the scope answers 404 like a region outside it, not an empty list of members.
  const household = query.householdId ? await loadHousehold(db, actor, query.householdId) : undefined;
  return {
    countyId: root?.countyId ?? household?.household.countyId ?? actor.countyId,
    rootCode: root?.code ?? actor.regionCode ?? '',
    search: query.q ? classifySearch(query.q) : undefined,
    tagCode: query.tag,
    householdId: query.householdId,
  };
}

export async function presentationFor(db: Executor, actor: Actor, isRevealed: boolean): Promise<Presentation> {
  return { isRevealed, mayReadSensitive: can(actor.role, 'sensitive.read'), tagRules: await loadTagRules(db) };
}

export async function listPersons(
  db: Database,
  actor: Actor,
  query: PersonQuery & { cursor?: ListCursor | undefined; limit: number },
) {
  assertCan(actor, 'registry.read');
  const filter = await resolvePersonFilter(db, actor, query);
  // The total is counted for the first page only: later pages of the same list would count the same again.
  const [rows, total, presentation] = await Promise.all([
    repository.listPersons(db, actor, { ...filter, after: query.cursor }, query.limit + 1),
    query.cursor === undefined ? repository.countPersons(db, actor, filter) : null,
    presentationFor(db, actor, false),
  ]);
  const page = toPage(rows, query.limit, (row) => cursorOf(row.person.namePinyin, row.person.id));
  const isTotalCapped = total !== null && total > repository.countCap;
  return {
    items: page.items.map((row) => presentPerson(row, presentation)),
    total: isTotalCapped ? repository.countCap : total,
    isTotalCapped,
    nextCursor: page.nextCursor,
  };
}

/** One person. Revealing the ID number and phone needs `sensitive.read` and a reason, and is audited. */
export async function getPerson(
  db: Database,
  actor: Actor,
  id: string,
  reveal: { isAsked: boolean; reason?: string | undefined },
) {
  assertCan(actor, 'registry.read');
  if (reveal.isAsked) {
    assertCan(actor, 'sensitive.read');
    if (!reveal.reason)
      throw new AppError('validation_failed', 'Give a reason for viewing the full ID number and phone.');
  }
  const row = await loadPerson(db, actor, id);
  await recordAudit(db, actor, {
    action: reveal.isAsked ? 'person.reveal' : 'person.read',
    entityType: 'person',
    entityId: id,
    regionCode: row.person.regionCode,
    countyId: row.person.countyId,
    outcome: 'success',
    details: reveal.isAsked ? { reason: reveal.reason } : undefined,
  });
  return presentPerson(row, await presentationFor(db, actor, reveal.isAsked));
}

/** A second registration of an ID number: name the existing record only if the caller may see it. */
async function assertIdNumberFree(
  db: Database,
  actor: Actor,
  countyId: string,
  idNumber: string | null,
  exceptId?: string,
) {
  if (!idNumber) return;
  const existing = await repository.findByIdNumber(db, countyId, idNumber);
  if (!existing || existing.id === exceptId) return;
  if (isCodeInScope(actor, existing.regionCode)) {
    throw new AppError('person_exists', 'A person with this ID number is already registered.', {
      personId: existing.id,
    });
  }
  throw new AppError(
    'person_exists',
    'This ID number is already registered elsewhere in the county. Ask the county office to move the person to your grid.',
  );
}

/** Where a person lives: their household's grid, or the grid given. */
async function resolvePlacement(
  db: Database,
  actor: Actor,
  input: { regionId?: string | undefined; householdId?: string | null | undefined },
) {
  if (input.householdId) {
    const household = await loadHousehold(db, actor, input.householdId);
    return {
      regionId: household.household.regionId,
      regionCode: household.household.regionCode,
      countyId: household.household.countyId,
      householdId: household.household.id,
    };
  }
  if (!input.regionId)
    throw new AppError('validation_failed', 'Give the grid (regionId) or the household (householdId).');
  const region = await loadGridRegion(db, actor, input.regionId);
  return {
    regionId: region.id,
    regionCode: region.code,
    countyId: region.countyId,
    householdId: input.householdId === null ? null : undefined,
  };
}

export async function createPerson(db: Database, actor: Actor, input: PersonInput & { name: string }) {
  assertCan(actor, 'registry.write');
  const placement = await resolvePlacement(db, actor, input);
  const identity = checkIdentity(input);
  const tagRules = await loadTagRules(db);
  const tags = checkTags(actor, tagRules, input.tags ?? []);
  await assertIdNumberFree(db, actor, placement.countyId, identity.idNumber);
  const id = uuidv7();
  await inTransactionWithAudit(db, actor, async (transaction) => {
    await repository.insertPerson(transaction, {
      ...input,
      ...checkName(input.name),
      ...identity,
      id,
      countyId: placement.countyId,
      regionId: placement.regionId,
      regionCode: placement.regionCode,
      householdId: placement.householdId ?? null,
    });
    await repository.replacePersonTags(transaction, placement.countyId, id, tags);
    if (placement.householdId && input.relationToHead === 'head') {
      await setHeadIfMissing(transaction, placement.countyId, placement.householdId, id);
    }
    return {
      audit: {
        action: 'person.create',
        entityType: 'person',
        entityId: id,
        regionCode: placement.regionCode,
        countyId: placement.countyId,
        outcome: 'success',
      },
    };
  }).catch((error: unknown) => {
    // Another request registered the same ID number between the check and this insert.
    if (isUniqueViolation(error))
      throw new AppError('person_exists', 'A person with this ID number was just registered.');
    throw error;
  });
  return presentPerson((await repository.findPerson(db, actor, id))!, await presentationFor(db, actor, false));
}

export async function updatePerson(db: Database, actor: Actor, id: string, changes: PersonInput) {
  assertCan(actor, 'registry.write');
  const current = await loadPerson(db, actor, id);
  const { person } = current;
  const isMoved = changes.regionId !== undefined || changes.householdId !== undefined;
  const placement = isMoved ? await resolvePlacement(db, actor, changes) : undefined;
  const isIdentityChanged =
    changes.idNumber !== undefined || changes.birthDate !== undefined || changes.sex !== undefined;
  const identity = isIdentityChanged
    ? checkIdentity({
        idNumber: changes.idNumber === undefined ? person.idNumber : changes.idNumber,
        birthDate: changes.birthDate,
        sex: changes.sex,
      })
    : undefined;
  if (identity) await assertIdNumberFree(db, actor, person.countyId, identity.idNumber, id);
  const tagRules = await loadTagRules(db);
  const tags = changes.tags === undefined ? undefined : checkTags(actor, tagRules, changes.tags, current.tagCodes);
  const { tags: _tags, ...fields } = changes;
  await inTransactionWithAudit(db, actor, async (transaction) => {
    await repository.updatePerson(transaction, person.countyId, id, {
      ...fields,
      ...(changes.name === undefined ? {} : checkName(changes.name)),
      ...(identity ?? {}),
      ...(placement
        ? { regionId: placement.regionId, regionCode: placement.regionCode, householdId: placement.householdId ?? null }
        : {}),
    });
    if (tags) await repository.replacePersonTags(transaction, person.countyId, id, tags);
    return {
      audit: {
        action: 'person.update',
        entityType: 'person',
        entityId: id,
        regionCode: placement?.regionCode ?? person.regionCode,
        countyId: person.countyId,
        outcome: 'success',
        details: { fields: Object.keys(changes) },
      },
    };
  });
  return presentPerson((await repository.findPerson(db, actor, id))!, await presentationFor(db, actor, false));
}

export async function deletePerson(db: Database, actor: Actor, id: string) {
  assertCan(actor, 'registry.write');
  const { person } = await loadPerson(db, actor, id);
  await inTransactionWithAudit(db, actor, async (transaction) => {
    await repository.deletePerson(transaction, person.countyId, id);
    return {
      audit: {
        action: 'person.delete',
        entityType: 'person',
        entityId: id,
        regionCode: person.regionCode,
        countyId: person.countyId,
        outcome: 'success',
        details: { name: person.name },
      },
    };
  });
}

import { uuidv7 } from 'uuidv7';
import { maskIdNumber, normalizeIdNumber, parseIdNumber } from '../../../shared/id-number.js';
import { normalizePersonName } from '../../../shared/person-name.js';
import { normalizePhone } from '../../../shared/phone.js';
import { can } from '../../../shared/policy.js';
import type { z } from 'zod';
import { cursorOf, type ListCursor } from '../../../shared/api/common.js';
import type {
  listPersonsQuery,
  Person,
  PersonChanges,
  PersonInput,
  PersonPage,
  PersonQuery,
} from '../../../shared/api/registry.js';
import { assertCan, type Actor } from '../../auth/actor.js';
import { assertMayReveal, type RevealRequest } from '../../auth/reveal.js';
import { isCodeInScope } from '../../auth/scope.js';
import { isUniqueViolation, type Database } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { toPage } from '../../http.js';
import { inTransactionWithAudit, loadVisible, recordAudit } from '../audit/audit.service.js';
import { loadGridRegion, loadRegion } from '../regions/regions.service.js';
import { assertMayCollect, checkStarredText } from './collecting.service.js';
import { setHeadIfMissing } from './households.repository.js';
import { loadHousehold } from './households.service.js';
import {
  earliestMinorBirthDate,
  isNameHidden,
  presentationFor,
  presentPerson,
  visibleName,
  visibleText,
  type Presentation,
} from './persons.presenter.js';
import * as repository from './persons.repository.js';
import { checkIdentity, checkName } from './registry-rules.js';
import { checkTags, isTagVisible, loadTagRules } from './tags.service.js';

export function loadPerson(db: Database, actor: Actor, id: string) {
  return loadVisible(db, actor, {
    type: 'person',
    id,
    code: 'person_not_found',
    find: () => repository.findPerson(db, actor, id),
    existsAnywhere: () => repository.personExists(db, id),
  });
}

/** The digits a masked ID number or phone shows at its end, and the only ending a caller who cannot reveal finds. */
const shownSuffixLength = 4;

/**
 * Number searches an account without `sensitive.read` may make before it waits: enough for a resident at the
 * counter, too few to try the few dozen ID numbers a masked one and a birth year leave open.
 */
export const numberSearchLimit: repository.SearchLimit = { searches: 10, windowMinutes: 15, lockMinutes: 60 };

/**
 * Decides what kind of search a typed text is: digits search ID and phone endings, letters search pinyin. Without
 * `sensitive.read` digits find only a whole number or exactly the last four digits the mask shows: any longer
 * ending would let a caller read a masked number one digit at a time.
 */
export function classifySearch(raw: string, mayReadSensitive: boolean): repository.PersonSearch | undefined {
  const text = raw.trim();
  if (text === '') return undefined;
  const digits = normalizeIdNumber(text);
  if (/^[0-9X]+$/.test(digits)) {
    const identity = parseIdNumber(digits);
    return {
      kind: 'digits',
      text: digits,
      isWhole: !mayReadSensitive && digits.length !== shownSuffixLength,
      idNumber: identity.ok ? identity.idNumber : digits,
      phone: normalizePhone(text),
    };
  }
  if (/^[a-zA-Z]+$/.test(text)) return { kind: 'pinyin', text: text.toLowerCase() };
  return { kind: 'name', text: normalizePersonName(text) };
}

/**
 * Refuses a caller without `sensitive.read` who has searched by number too often (429 with the seconds to wait),
 * and audits the search that reached the limit: many number searches in a row are someone trying numbers.
 */
async function throttleNumberSearch(db: Database, actor: Actor) {
  const { waitSeconds, isNewLock } = await repository.countNumberSearch(
    db,
    `person-search:${actor.id}`,
    numberSearchLimit,
  );
  if (waitSeconds <= 0) return;
  if (isNewLock) {
    await recordAudit(db, actor, {
      action: 'person.search_probe',
      entityType: 'account',
      entityId: actor.id,
      outcome: 'denied',
      details: { ...numberSearchLimit },
    });
  }
  throw new AppError(
    'search_throttled',
    {
      en: `Too many searches by ID number or phone. Wait ${Math.ceil(waitSeconds / 60)} minutes, or search by name.`,
      zh: `按身份证号或电话查询次数过多。请 ${Math.ceil(waitSeconds / 60)} 分钟后再试，或按姓名查询。`,
    },
    undefined,
    waitSeconds,
  );
}

/**
 * The filter of a person list inside the actor's scope (shared by the list, the count and the export). A tag the
 * caller may not see filters exactly like one that does not exist; number searches follow `classifySearch` and
 * are throttled for callers without `sensitive.read`, whose name searches leave out the minors hidden from them.
 * The caller passes the presentation it reads anyway, so the tag rules are read once a request.
 */
export async function resolvePersonFilter(
  db: Database,
  actor: Actor,
  query: PersonQuery,
  presentation: Presentation,
): Promise<repository.PersonFilter> {
  const root = query.regionId ? await loadRegion(db, actor, query.regionId) : undefined;
  // A household outside the scope answers 404 like a region outside it, not an empty list of members.
  const household = query.householdId ? await loadHousehold(db, actor, query.householdId) : undefined;
  const search = query.q ? classifySearch(query.q, presentation.mayReadSensitive) : undefined;
  if (search?.kind === 'digits' && !presentation.mayReadSensitive) await throttleNumberSearch(db, actor);
  const isNameSearch = search !== undefined && search.kind !== 'digits';
  return {
    countyId: root?.countyId ?? household?.household.countyId ?? actor.countyId,
    rootCode: root?.code ?? actor.regionCode ?? '',
    search,
    tagCode: query.tag,
    isEmpty: query.tag !== undefined && !isTagVisible(presentation, query.tag),
    bornBefore: isNameSearch && !presentation.mayReadSensitive ? earliestMinorBirthDate(presentation) : undefined,
    householdId: query.householdId,
  };
}

/** The sort key a cursor gives instead of a hidden name's pinyin: the server looks the key up by the id. */
const hiddenKey = '*';

async function resolveCursor(db: Database, actor: Actor, cursor: ListCursor | undefined) {
  if (cursor?.key !== hiddenKey) return cursor;
  const key = await repository.findPinyin(db, actor, cursor.id);
  if (key === undefined) {
    const message = {
      en: 'The list has changed since this page was shown: start again from the first page.',
      zh: '列表在此页显示后已有变化，请从第一页重新开始。',
    };
    throw new AppError('validation_failed', message, [{ path: '/querystring/cursor', message: message.en }]);
  }
  return { key, id: cursor.id };
}

export async function listPersons(
  db: Database,
  actor: Actor,
  query: z.output<typeof listPersonsQuery>,
): Promise<PersonPage> {
  assertCan(actor, 'registry.read');
  const presentation = await presentationFor(db, actor, false);
  const filter = await resolvePersonFilter(db, actor, query, presentation);
  // The total is counted for the first page only: later pages of the same list would count the same again.
  const { rows, total } =
    query.cursor === undefined
      ? await repository.listPersonsCounted(db, actor, filter, query.limit + 1)
      : {
          rows: await repository.listPersons(
            db,
            actor,
            { ...filter, after: await resolveCursor(db, actor, query.cursor) },
            query.limit + 1,
          ),
          total: null,
        };
  // A page that ends on a minor whose name is hidden from the caller must not carry that name's pinyin.
  const page = toPage(rows, query.limit, (row) =>
    cursorOf(isNameHidden(row.person.birthDate, presentation) ? hiddenKey : row.person.namePinyin, row.person.id),
  );
  const isTotalCapped = total !== null && total > repository.countCap;
  return {
    items: page.items.map((row) => presentPerson(row, presentation)),
    total: isTotalCapped ? repository.countCap : total,
    isTotalCapped,
    nextCursor: page.nextCursor,
  };
}

/** One person. Revealing the ID number and phone needs `sensitive.read` and a reason, and is audited. */
export async function getPerson(db: Database, actor: Actor, id: string, reveal: RevealRequest): Promise<Person> {
  assertCan(actor, 'registry.read');
  assertMayReveal(actor, reveal, {
    en: 'Give a reason for viewing the full ID number and phone.',
    zh: '查看完整身份证号和电话须填写事由。',
  });
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

/**
 * A second registration of an ID number: name the existing record only if the caller may see it and read its
 * number. To a caller who reads numbers masked, "taken" or not is an answer about someone's whole number: a typed
 * number that a masked one and an age cannot tell from someone else's counts as a number search (throttled like
 * one), and the answer names neither the person nor where they live.
 */
async function assertIdNumberFree(
  db: Database,
  actor: Actor,
  countyId: string,
  idNumber: string | null,
  exceptId?: string,
) {
  if (!idNumber) return;
  const mayReadSensitive = can(actor.role, 'sensitive.read');
  if (!mayReadSensitive && (await repository.hasIdNumberLike(db, countyId, idNumber, exceptId))) {
    await throttleNumberSearch(db, actor);
  }
  const existing = await repository.findByIdNumber(db, countyId, idNumber);
  if (!existing || existing.id === exceptId) return;
  if (!mayReadSensitive) {
    throw new AppError(
      'person_exists',
      {
        en: 'This ID number is already registered in the county: search your grid for it, or ask the village.',
        zh: '该身份证号已在本县登记：请在本网格按完整身份证号查找，或联系村（社区）。',
      },
      { isWhereHidden: true },
    );
  }
  if (isCodeInScope(actor, existing.regionCode)) {
    throw new AppError(
      'person_exists',
      { en: 'A person with this ID number is already registered.', zh: '该身份证号的人员已登记。' },
      {
        personId: existing.id,
      },
    );
  }
  throw new AppError('person_exists', {
    en: 'This ID number is already registered elsewhere in the county. Ask the county office to move the person to your grid.',
    zh: '该身份证号已在本县其他地方登记，请联系县级办公室将此人迁入您的网格。',
  });
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
    throw new AppError('validation_failed', {
      en: 'Give the grid (regionId) or the household (householdId).',
      zh: '请指定网格（regionId）或户（householdId）。',
    });
  const region = await loadGridRegion(db, actor, input.regionId);
  return {
    regionId: region.id,
    regionCode: region.code,
    countyId: region.countyId,
    householdId: input.householdId === null ? null : undefined,
  };
}

export async function createPerson(db: Database, actor: Actor, input: PersonInput): Promise<Person> {
  await assertMayCollect(db, actor);
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
      throw new AppError('person_exists', {
        en: 'A person with this ID number was just registered.',
        zh: '该身份证号的人员刚刚已登记。',
      });
    throw error;
  });
  return presentPerson((await repository.findPerson(db, actor, id))!, await presentationFor(db, actor, false));
}

/**
 * What an update changes, as the caller sent it: the masked ID number, shortened name or starred notes the caller
 * was shown come back as no change, never stored over the real ones (a starred phone is no phone to the schema).
 * A caller who reads numbers masked may not give a birth date or sex beside a stored ID number without typing the
 * whole number: the answer (agrees or not) would rebuild the eight digits the mask hides.
 */
function checkChanges(row: repository.PersonRow, sent: PersonChanges, presentation: Presentation): PersonChanges {
  const { person } = row;
  const changes: PersonChanges = { ...sent };
  if (person.idNumber !== null && changes.idNumber === maskIdNumber(person.idNumber)) delete changes.idNumber;
  if (changes.name === visibleName(person.name, person.birthDate, presentation) && changes.name !== person.name) {
    delete changes.name;
  }
  const notes = checkStarredText(changes.notes, person.notes, visibleText(person.notes, presentation), 'notes');
  if (notes === undefined) delete changes.notes;
  if (presentation.mayReadSensitive || person.idNumber === null || changes.idNumber !== undefined) return changes;
  // The sex is shown; the same one again says nothing, another one would be checked against the hidden number.
  if (changes.birthDate || (changes.sex && changes.sex !== person.sex)) {
    throw new AppError(
      'validation_failed',
      {
        en: 'The birth date and sex come from the ID number: type the whole ID number to correct them.',
        zh: '出生日期和性别由身份证号确定：如需更正，请输入完整的身份证号。',
      },
      [{ path: changes.birthDate ? '/body/birthDate' : '/body/sex', message: 'Comes from the ID number.' }],
    );
  }
  return changes;
}

export async function updatePerson(db: Database, actor: Actor, id: string, sent: PersonChanges): Promise<Person> {
  await assertMayCollect(db, actor);
  const current = await loadPerson(db, actor, id);
  const { person } = current;
  const presentation = await presentationFor(db, actor, false);
  const changes = checkChanges(current, sent, presentation);
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
  const tags =
    changes.tags === undefined ? undefined : checkTags(actor, presentation.tagRules, changes.tags, current.tagCodes);
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
  return presentPerson((await repository.findPerson(db, actor, id))!, presentation);
}

/** Removing a person is keeping the registry (`registry.write`), not collecting: a cadre corrects, never deletes. */
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

import { eq, like } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { persons, signInThrottle } from '../src/server/db/schema/index.js';
import type { AccuracyCheckView, AccuracySample } from '../src/shared/api/cadre-accuracy.js';
import type { Cadre } from '../src/shared/api/cadres.js';
import type { Household, Person, PersonPage } from '../src/shared/api/registry.js';
import type { Unit } from '../src/shared/api/units.js';
import { addDays, chinaToday } from '../src/shared/clock.js';
import { computeIdNumberCheckCharacter, maskIdNumber } from '../src/shared/id-number.js';
import {
  createTestApp,
  expectError,
  expectStatus,
  findAuditEntries,
  loadDemoWorld,
  signInAll,
  type Agent,
  type ApiResponse,
  type DemoWorld,
  type TestApp,
} from './helpers.js';
import { makeIdNumber } from './registry-fixtures.js';

/**
 * Cadres sent down collect the registry of their grid (issue 13, seeds 003/004): they register and correct persons
 * and households there, read ID numbers and phones masked, delete nothing, reach no other grid, stop when their
 * service ends, and what they collect is what the village's accuracy sample draws of them.
 */

const usernames = ['county', 'village', 'member', 'member2', 'cadre'] as const;
const today = chinaToday();

let test: TestApp;
let world: DemoWorld;
let agents: Record<(typeof usernames)[number], Agent>;
let registration: Cadre;
/** A household and a person of the other grid, kept by its grid member. */
let foreignHousehold: Household;
let foreignPerson: Person;

async function created<T>(response: ApiResponse | Promise<ApiResponse>): Promise<T> {
  const answer = await response;
  expectStatus(answer, 201);
  return answer.json<T>();
}

/** What is stored of a person, as the database holds it (no presenter in between). */
async function storedPerson(id: string) {
  const [row] = await test.db.select().from(persons).where(eq(persons.id, id));
  return row!;
}

beforeAll(async () => {
  test = await createTestApp();
  world = await loadDemoWorld(test.db);
  agents = await signInAll(test.app, usernames);
  const unit = await created<Unit>(
    agents.county.post('/api/v1/units', {
      name: '县农业农村局',
      kind: 'department',
      contactName: '陈主任',
      contactPhone: '13800003333',
    }),
  );
  // The demo cadre's account serves in the member's grid from a week ago: what it collects is sampled.
  registration = await created<Cadre>(
    agents.village.post('/api/v1/cadres', {
      kind: 'cadre',
      name: '刘采集',
      phone: '13912340000',
      unitId: unit.id,
      serviceRegionId: world.memberVillage.id,
      gridId: world.memberGrid.id,
      duties: '入户采集',
      accountId: world.accounts.cadre.id,
      startsOn: addDays(today, -7),
    }),
  );
  foreignHousehold = await created<Household>(
    agents.member2.post('/api/v1/households', { regionId: world.otherGrid.id, address: '邻网格小区3号' }),
  );
  foreignPerson = await created<Person>(
    agents.member2.post('/api/v1/persons', {
      householdId: foreignHousehold.id,
      name: '邻网格居民',
      idNumber: makeIdNumber('1972-08-09'),
    }),
  );
});

afterEach(async () => {
  // Each test starts with no number searches counted against anyone.
  await test.db.delete(signInThrottle).where(like(signInThrottle.key, 'person-search:%'));
});

afterAll(() => test?.close());

describe('collecting in their grid', () => {
  it('registers a household and its members, reads them masked, and each entry is audited as theirs', async () => {
    const household = await created<Household>(
      agents.cadre.post('/api/v1/households', { regionId: world.memberGrid.id, address: '采集小区1号楼101室' }),
    );
    const idNumber = makeIdNumber('1968-11-23');
    const head = await created<Person>(
      agents.cadre.post('/api/v1/persons', {
        householdId: household.id,
        relationToHead: 'head',
        name: '赵户主',
        idNumber,
        phone: '13700001111',
        residenceType: 'registered',
      }),
    );
    // What they typed, they read back masked like any reader without sensitive.read: no birth date beside it.
    expect(head).toMatchObject({ idNumber: maskIdNumber(idNumber), phone: '137****1111', birthDate: null });
    expect(head.age).toBe(Number(today.slice(0, 4)) - 1968);
    const spouse = await created<Person>(
      agents.cadre.post('/api/v1/persons', { householdId: household.id, relationToHead: 'spouse', name: '钱配偶' }),
    );
    const changed = await agents.cadre.patch(`/api/v1/persons/${spouse.id}`, { phone: '13700002222' });
    expectStatus(changed, 200);
    expect(changed.json<Person>().phone).toBe('137****2222');
    const renamed = await agents.cadre.patch(`/api/v1/households/${household.id}`, { building: '1号楼' });
    expectStatus(renamed, 200);
    expect(renamed.json<Household>()).toMatchObject({ headPersonId: head.id, memberCount: 2, building: '1号楼' });

    // The grid member sees the whole number the cadre typed.
    const revealed = await agents.member.get(`/api/v1/persons/${head.id}?reveal=true&reason=核对采集`);
    expect(revealed.json<Person>()).toMatchObject({ idNumber, phone: '13700001111', birthDate: '1968-11-23' });
    for (const [action, entityId] of [
      ['household.create', household.id],
      ['person.create', head.id],
      ['person.update', spouse.id],
      ['household.update', household.id],
    ] as const) {
      const entries = await findAuditEntries(test.db, { action, entityId });
      expect(entries.map((entry) => [entry.actorUsername, entry.outcome])).toEqual([['cadre', 'success']]);
    }
  });

  it('deletes nothing, keeps no places, exports and reveals nothing', async () => {
    const household = await created<Household>(
      agents.cadre.post('/api/v1/households', { regionId: world.memberGrid.id, address: '采集小区2号' }),
    );
    const person = await created<Person>(
      agents.cadre.post('/api/v1/persons', { householdId: household.id, name: '孙成员' }),
    );
    expectError(await agents.cadre.delete(`/api/v1/persons/${person.id}`), 403, 'forbidden');
    expectError(await agents.cadre.delete(`/api/v1/households/${household.id}`), 403, 'forbidden');
    expectError(
      await agents.cadre.post('/api/v1/places', { regionId: world.memberGrid.id, name: '采集小卖部', kind: 'shop' }),
      403,
      'forbidden',
    );
    expectError(await agents.cadre.get(`/api/v1/registry/export?regionId=${world.memberGrid.id}`), 403, 'forbidden');
    expectError(await agents.cadre.get(`/api/v1/persons/${person.id}?reveal=true&reason=采集`), 403, 'forbidden');
    // Still there for the grid member to remove.
    expectStatus(await agents.member.get(`/api/v1/persons/${person.id}`), 200);
  });

  it('sets the tags they see, and never drops the sensitive ones they do not', async () => {
    const person = await created<Person>(
      agents.member.post('/api/v1/persons', {
        regionId: world.memberGrid.id,
        name: '周老兵',
        tags: ['disabled', 'veteran'],
      }),
    );
    expect((await agents.cadre.get(`/api/v1/persons/${person.id}`)).json<Person>().tags).toEqual(['veteran']);
    expectError(
      await agents.cadre.patch(`/api/v1/persons/${person.id}`, { tags: ['veteran', 'disabled'] }),
      400,
      'validation_failed',
    );
    expectStatus(await agents.cadre.patch(`/api/v1/persons/${person.id}`, { tags: [] }), 200);
    const kept = (await agents.member.get(`/api/v1/persons/${person.id}`)).json<Person>();
    expect(kept.tags).toEqual(['disabled']);
  });
});

describe('masked values', () => {
  it('never stores the mask, the shortened name or the starred notes it was shown', async () => {
    const idNumber = makeIdNumber('2016-02-03', 'female');
    const child = await created<Person>(
      agents.member.post('/api/v1/persons', {
        regionId: world.memberGrid.id,
        name: '吴小妹',
        idNumber,
        phone: '13600003333',
        notes: '监护人电话 13600004444',
      }),
    );
    const shown = (await agents.cadre.get(`/api/v1/persons/${child.id}`)).json<Person>();
    expect(shown).toMatchObject({ name: '吴*', idNumber: maskIdNumber(idNumber), phone: '136****3333' });
    expect(shown.notes).not.toContain('13600004444');
    // The form sends back what it was shown: nothing of it is stored over the real values.
    const echoed = await agents.cadre.patch(`/api/v1/persons/${child.id}`, {
      name: shown.name,
      idNumber: shown.idNumber,
      notes: shown.notes,
      ethnicity: '汉族',
    });
    expectStatus(echoed, 200);
    // A starred phone is no phone: refused with the field to fix.
    const phone = expectError(
      await agents.cadre.patch(`/api/v1/persons/${child.id}`, { phone: shown.phone }),
      400,
      'validation_failed',
    );
    expect(phone.details).toEqual([expect.objectContaining({ path: '/body/phone' })]);
    expect(await storedPerson(child.id)).toMatchObject({
      name: '吴小妹',
      idNumber,
      phone: '13600003333',
      notes: '监护人电话 13600004444',
      ethnicity: '汉族',
    });
    // Other stars are no number; new notes would lose the number they never saw.
    expectError(
      await agents.cadre.patch(`/api/v1/persons/${child.id}`, { idNumber: '110105****0203****' }),
      400,
      'invalid_id_number',
    );
    expectError(
      await agents.cadre.patch(`/api/v1/persons/${child.id}`, { notes: `${shown.notes}，已走访` }),
      400,
      'validation_failed',
    );
    expect((await storedPerson(child.id)).notes).toBe('监护人电话 13600004444');
  });

  it('keeps a household’s starred notes: the same back is no change, new ones are refused', async () => {
    const household = await created<Household>(
      agents.member.post('/api/v1/households', {
        regionId: world.memberGrid.id,
        address: '采集小区7号',
        notes: '房东电话 13500005555',
      }),
    );
    const shown = (await agents.cadre.get(`/api/v1/households/${household.id}`)).json<Household>();
    expect(shown.notes).not.toContain('13500005555');
    expectStatus(
      await agents.cadre.patch(`/api/v1/households/${household.id}`, { notes: shown.notes, room: '701' }),
      200,
    );
    expectError(
      await agents.cadre.patch(`/api/v1/households/${household.id}`, { notes: '房东已换' }),
      400,
      'validation_failed',
    );
    const kept = (await agents.member.get(`/api/v1/households/${household.id}`)).json<Household>();
    expect(kept).toMatchObject({ notes: '房东电话 13500005555', room: '701' });
  });

  it('answers a birth date or sex beside a hidden ID number the same, right or wrong, so none is confirmed', async () => {
    const idNumber = makeIdNumber('1979-06-15', 'male');
    const person = await created<Person>(
      agents.member.post('/api/v1/persons', { regionId: world.memberGrid.id, name: '郑试探', idNumber }),
    );
    const right = await agents.cadre.patch(`/api/v1/persons/${person.id}`, { birthDate: '1979-06-15' });
    const wrong = await agents.cadre.patch(`/api/v1/persons/${person.id}`, { birthDate: '1979-06-16' });
    const rightError = expectError(right, 400, 'validation_failed');
    expect(wrong.json()).toEqual(right.json());
    expect(JSON.stringify(rightError)).not.toMatch(/1979-?06-?15/);
    const otherSex = expectError(
      await agents.cadre.patch(`/api/v1/persons/${person.id}`, { sex: 'female' }),
      400,
      'validation_failed',
    );
    expect(otherSex.message).toBe(rightError.message);
    // The sex they see again is no change; the whole number, typed, decides both.
    expectStatus(await agents.cadre.patch(`/api/v1/persons/${person.id}`, { sex: 'male' }), 200);
    const corrected = makeIdNumber('1979-06-16', 'male');
    expectStatus(await agents.cadre.patch(`/api/v1/persons/${person.id}`, { idNumber: corrected }), 200);
    expect(await storedPerson(person.id)).toMatchObject({ idNumber: corrected, birthDate: '1979-06-16' });
  });

  it('says an ID number is taken without naming who or where', async () => {
    const mine = await created<Person>(
      agents.member.post('/api/v1/persons', {
        regionId: world.memberGrid.id,
        name: '王登记',
        idNumber: makeIdNumber('1990-01-20'),
      }),
    );
    const inGrid = expectError(
      await agents.cadre.post('/api/v1/persons', {
        regionId: world.memberGrid.id,
        name: '王重复',
        idNumber: (await storedPerson(mine.id)).idNumber,
      }),
      409,
      'person_exists',
    );
    const elsewhere = expectError(
      await agents.cadre.post('/api/v1/persons', {
        regionId: world.memberGrid.id,
        name: '邻重复',
        idNumber: (await storedPerson(foreignPerson.id)).idNumber,
      }),
      409,
      'person_exists',
    );
    expect(inGrid).toEqual(elsewhere);
    expect(JSON.stringify(inGrid)).not.toContain(mine.id);
    // The grid member, who reads numbers, is led to the record.
    const named = expectError(
      await agents.member.post('/api/v1/persons', {
        regionId: world.memberGrid.id,
        name: '王重复',
        idNumber: (await storedPerson(mine.id)).idNumber,
      }),
      409,
      'person_exists',
    );
    expect(named.details).toEqual({ personId: mine.id });
  });

  it('counts numbers a mask and an age cannot tell apart as number searches, and no other', async () => {
    const target = makeIdNumber('1983-03-03');
    await created<Person>(
      agents.member.post('/api/v1/persons', { regionId: world.memberGrid.id, name: '冯目标', idNumber: target }),
    );
    // Numbers a collector types for new people are not searches, however many.
    for (let index = 0; index < 12; index += 1) {
      await created<Person>(
        agents.cadre.post('/api/v1/persons', {
          regionId: world.memberGrid.id,
          name: `新居民${'一二三四五六七八九十甲乙'[index]}`,
          idNumber: makeIdNumber(`${1940 + index}-07-01`),
        }),
      );
    }
    // The numbers the masked one and the birth year leave open, tried whole, until the limit stops the guessing.
    const sequence = target.slice(14, 17);
    const guesses: string[] = [];
    for (let day = new Date(Date.UTC(1983, 0, 1)); day.getUTCFullYear() === 1983;) {
      const body = `110105${day.toISOString().slice(0, 10).replaceAll('-', '')}${sequence}`;
      const candidate = body + computeIdNumberCheckCharacter(body);
      if (candidate !== target && candidate.endsWith(target.slice(-1))) guesses.push(candidate);
      day = new Date(day.getTime() + 86_400_000);
    }
    const answers: number[] = [];
    for (const idNumber of guesses.slice(0, 11)) {
      const response = await agents.cadre.post('/api/v1/persons', {
        regionId: world.memberGrid.id,
        name: '试探者',
        idNumber,
      });
      answers.push(response.statusCode);
    }
    expect(answers.slice(0, 10).every((status) => status === 201)).toBe(true);
    expect(answers[10]).toBe(429);
    // The target itself answers the same refusal while the lock lasts, not "taken".
    expectError(
      await agents.cadre.post('/api/v1/persons', { regionId: world.memberGrid.id, name: '试探者', idNumber: target }),
      429,
      'search_throttled',
    );
    const probes = await findAuditEntries(test.db, { action: 'person.search_probe', actorUsername: 'cadre' });
    expect(probes.map((entry) => entry.outcome)).toEqual(['denied']);
  });
});

describe('another grid', () => {
  it('answers every record of another grid as missing, and reads none of it', async () => {
    expectError(
      await agents.cadre.post('/api/v1/persons', { regionId: world.otherGrid.id, name: '越界' }),
      404,
      'region_not_found',
    );
    expectError(
      await agents.cadre.post('/api/v1/persons', { householdId: foreignHousehold.id, name: '越界' }),
      404,
      'household_not_found',
    );
    expectError(
      await agents.cadre.post('/api/v1/households', { regionId: world.otherGrid.id, address: '越界1号' }),
      404,
      'region_not_found',
    );
    expectError(await agents.cadre.get(`/api/v1/persons/${foreignPerson.id}`), 404, 'person_not_found');
    expectError(
      await agents.cadre.patch(`/api/v1/persons/${foreignPerson.id}`, { name: '改名' }),
      404,
      'person_not_found',
    );
    expectError(
      await agents.cadre.patch(`/api/v1/households/${foreignHousehold.id}`, { notes: '改' }),
      404,
      'household_not_found',
    );
    expectError(await agents.cadre.get(`/api/v1/persons?regionId=${world.otherGrid.id}`), 404, 'region_not_found');
    expectError(await agents.cadre.get(`/api/v1/households?regionId=${world.otherGrid.id}`), 404, 'region_not_found');
    expectError(
      await agents.cadre.get(`/api/v1/registry/coverage?regionId=${world.otherGrid.id}`),
      404,
      'region_not_found',
    );
    const found = (await agents.cadre.get(`/api/v1/persons?q=${encodeURIComponent('邻网格')}`)).json<PersonPage>();
    expect(found).toMatchObject({ items: [], total: 0 });
    // Nor moves anyone of theirs there.
    const own = await created<Household>(
      agents.cadre.post('/api/v1/households', { regionId: world.memberGrid.id, address: '采集小区9号' }),
    );
    expectError(
      await agents.cadre.patch(`/api/v1/households/${own.id}`, { regionId: world.otherGrid.id }),
      404,
      'region_not_found',
    );
    expect(await storedPerson(foreignPerson.id)).toMatchObject({ name: '邻网格居民' });
    const denied = await findAuditEntries(test.db, { entityId: foreignPerson.id, outcome: 'denied' });
    expect(denied.length).toBeGreaterThanOrEqual(2);
  });
});

describe('the accuracy sample', () => {
  it('draws the entries the cadre collected, which the village checks', async () => {
    const response = await agents.village.post('/api/v1/cadres/accuracy-samples', {
      regionId: world.memberVillage.id,
      from: addDays(today, -6),
      to: today,
    });
    expectStatus(response, 201);
    const sample = response.json<AccuracySample>();
    const drawn = sample.checks.filter((check) => check.cadre.id === registration.id);
    expect(drawn.length).toBeGreaterThanOrEqual(3);
    const person = drawn.find((check) => check.entityType === 'person')!;
    const collected = await findAuditEntries(test.db, { entityId: person.entityId, actorUsername: 'cadre' });
    expect(collected.map((entry) => entry.action)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^person\.(create|update)$/)]),
    );
    const view = await agents.village.get(`/api/v1/cadres/accuracy-checks/${person.id}`);
    expectStatus(view, 200);
    expect(view.json<AccuracyCheckView>().person?.id).toBe(person.entityId);
    // The cadre checks no entry of theirs.
    expectError(
      await agents.cadre.put(`/api/v1/cadres/accuracy-checks/${person.id}`, { result: 'match' }),
      403,
      'forbidden',
    );
    expectStatus(await agents.village.put(`/api/v1/cadres/accuracy-checks/${person.id}`, { result: 'match' }), 200);
  });
});

describe('the end of service', () => {
  it('stops the cadre writing, and leaves them reading', async () => {
    const household = await created<Household>(
      agents.cadre.post('/api/v1/households', { regionId: world.memberGrid.id, address: '采集小区5号' }),
    );
    expectStatus(
      await agents.village.post(`/api/v1/cadres/${registration.id}/actions`, {
        action: 'end',
        version: registration.version,
        reason: '下沉期满',
      }),
      200,
    );
    const refused = expectError(
      await agents.cadre.post('/api/v1/persons', { householdId: household.id, name: '期满后' }),
      403,
      'cadre_service_ended',
    );
    expect(refused.message).toBeTruthy();
    expectError(
      await agents.cadre.patch(`/api/v1/households/${household.id}`, { notes: '期满后' }),
      403,
      'cadre_service_ended',
    );
    expectError(
      await agents.cadre.post('/api/v1/households', { regionId: world.memberGrid.id, address: '采集小区6号' }),
      403,
      'cadre_service_ended',
    );
    expectStatus(await agents.cadre.get(`/api/v1/households/${household.id}`), 200);
  });
});

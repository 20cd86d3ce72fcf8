import ExcelJS from '../src/server/modules/registry/ledger/exceljs.js';
import { like } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { signInThrottle } from '../src/server/db/schema/index.js';
import { computeIdNumberCheckCharacter } from '../src/shared/id-number.js';
import { toNamePinyin } from '../src/shared/person-name.js';
import { can, staffRoles, type StaffRole } from '../src/shared/policy.js';
import {
  createTestApp,
  expectError,
  expectStatus,
  findAuditEntries,
  loadDemoWorld,
  signIn,
  signInAll,
  type Agent,
  type ApiResponse,
  type DemoUsername,
  type DemoWorld,
  type TestApp,
} from './helpers.js';
import type { Person, PersonPage } from '../src/shared/api/registry.js';
import { makeIdNumber } from './registry-fixtures.js';

/** The demo account of each role (a dispatching unit's reads nothing of the registry: test/unit-accounts.test.ts). */
const demoAccountOf: Record<Exclude<StaffRole, 'unit'>, DemoUsername> = {
  admin: 'admin',
  county: 'county',
  town: 'town',
  village: 'village',
  grid_leader: 'leader',
  grid_member: 'member',
  cadre: 'cadre',
};
const rolesWithoutSensitiveRead = staffRoles.filter(
  (role): role is keyof typeof demoAccountOf => can(role, 'registry.read') && !can(role, 'sensitive.read'),
);

/** The text of every cell of every sheet of a workbook, as exceljs reads it. */
async function workbookText(content: Buffer): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ArrayBuffer);
  const cells: string[] = [];
  workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(cell.text))));
  return cells.join('\n');
}

/** Every way a birth date can be written: what an attacker would look for beside the masked ID number. */
function birthDateSpellings(birthDate: string): string[] {
  const [year, month, day] = birthDate.split('-') as [string, string, string];
  return [
    `${year}${month}${day}`,
    birthDate,
    `${year}/${month}/${day}`,
    `${year}年${Number(month)}月${Number(day)}日`,
    `${year}.${month}.${day}`,
  ];
}

/** Every date-like value in a text (YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD, YYYYMMDD, YYYY年M月D日) as YYYYMMDD. */
function dateLikeValues(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(/(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})/g)) {
    found.add(`${match[1]}${match[2]!.padStart(2, '0')}${match[3]!.padStart(2, '0')}`);
  }
  for (const match of text.matchAll(/(?<!\d)(\d{8})(?!\d)/g)) found.add(match[1]!);
  return [...found];
}

/**
 * Every valid ID number that agrees with what a caller sees of a person: the masked number's division code and
 * last four characters (the sequence, whose last digit gives the sex, and the check character) and a birth date in
 * the birth year the visible age allows, on the county's date.
 */
function candidateIdNumbers(masked: string, age: number, today: string): string[] {
  const division = masked.slice(0, 6);
  const ending = masked.slice(-4);
  const birthYear = Number(today.slice(0, 4)) - age;
  const candidates: string[] = [];
  for (let day = new Date(Date.UTC(birthYear, 0, 1)); day.getUTCFullYear() === birthYear;) {
    const body = `${division}${day.toISOString().slice(0, 10).replaceAll('-', '')}${ending.slice(0, 3)}`;
    if (computeIdNumberCheckCharacter(body) === ending.slice(3)) candidates.push(body + ending.slice(3));
    day = new Date(day.getTime() + 86_400_000);
  }
  return candidates;
}

function chinaToday(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

describe('masked stays masked', () => {
  let test: TestApp;
  let world: DemoWorld;
  let agents: Record<'member' | 'village' | 'leader', Agent>;
  let householdId: string;
  let adult: Person;
  let minor: Person;
  const adultBirthDate = '1980-05-17';
  const adultIdNumber = makeIdNumber(adultBirthDate, 'female');
  const adultPhone = '13912340517';
  const minorName = '李小龙';

  beforeAll(async () => {
    test = await createTestApp();
    world = await loadDemoWorld(test.db);
    agents = await signInAll(test.app, ['member', 'village', 'leader'] as const);
    const household = await agents.member.post('/api/v1/households', {
      regionId: world.memberGrid.id,
      address: '遮蔽测试小区1号楼2单元301室',
    });
    expectStatus(household, 201);
    householdId = household.json<{ id: string }>().id;
    const created = await agents.member.post('/api/v1/persons', {
      name: '赵丽颖',
      idNumber: adultIdNumber,
      phone: adultPhone,
      householdId,
      relationToHead: 'head',
      // What a grid member may type into a note: the birthday and the phone again.
      notes: '常住，生日1980年5月17日，电话 139-1234-0517',
      tags: ['disabled', 'veteran'],
    });
    expectStatus(created, 201);
    adult = created.json<Person>();
    const child = await agents.member.post('/api/v1/persons', {
      name: minorName,
      idNumber: makeIdNumber(`${Number(chinaToday().slice(0, 4)) - 10}-03-03`),
      householdId,
      relationToHead: 'child',
      tags: ['left_behind_child'],
    });
    expectStatus(child, 201);
    minor = child.json<Person>();
  });

  afterAll(async () => {
    await test?.close();
  });

  afterEach(async () => {
    vi.useRealTimers();
    // Each test starts with no number searches counted against anyone.
    await test.db.delete(signInThrottle).where(like(signInThrottle.key, 'person-search:%'));
  });

  it('has roles without sensitive.read to try, and each has a demo account', () => {
    expect(rolesWithoutSensitiveRead.length).toBeGreaterThan(0);
  });

  describe.each(rolesWithoutSensitiveRead)('as %s (no sensitive.read)', (role) => {
    let agent: Agent;

    beforeAll(async () => {
      agent = await signIn(test.app, demoAccountOf[role]);
    });

    /** Everything the role can get about the adult from every endpoint: answers' bodies and files' cells. */
    async function gatherEverything(): Promise<{ texts: string[]; views: Person[] }> {
      const responses: ApiResponse[] = [
        await agent.get(`/api/v1/persons?regionId=${world.memberGrid.id}&limit=500`),
        await agent.get(`/api/v1/persons?householdId=${householdId}`),
        await agent.get(`/api/v1/persons/${adult.id}`),
        await agent.get(`/api/v1/persons?q=${encodeURIComponent('赵丽颖')}`),
        await agent.get(`/api/v1/persons?q=zly`),
        await agent.get(`/api/v1/persons?q=${adultIdNumber.slice(-4)}`),
        await agent.get(`/api/v1/persons?q=${adultPhone.slice(-4)}`),
        await agent.get(`/api/v1/persons?q=${adultIdNumber}`),
        await agent.get(`/api/v1/persons?q=${adultPhone}`),
        await agent.get(`/api/v1/persons?tag=veteran`),
        await agent.get(`/api/v1/households/${householdId}`),
        await agent.get(`/api/v1/households?regionId=${world.memberGrid.id}`),
        await agent.get(`/api/v1/registry/coverage`),
      ];
      const texts = responses.map((response) => response.body);
      const views: Person[] = [];
      for (const response of responses) {
        expectStatus(response, 200);
        const body = response.json<{ items?: Person[] } & Partial<Person>>();
        views.push(...(body.items ?? [body as Person]).filter((item) => item.id === adult.id));
      }
      const exported = await agent.get(`/api/v1/registry/export?regionId=${world.memberGrid.id}`);
      if (exported.statusCode === 200) texts.push(await workbookText(exported.rawPayload));
      else expectError(exported, 403, 'forbidden');
      const template = await agent.get('/api/v1/registry/import-template');
      expectStatus(template, 200);
      texts.push(await workbookText(template.rawPayload));
      return { texts, views };
    }

    it('tries to rebuild the ID number from every field of every endpoint, and cannot', async () => {
      const { texts, views } = await gatherEverything();
      // The adult was found through the list, the household, the detail and every kind of search.
      expect(views.length).toBeGreaterThanOrEqual(9);
      const all = texts.join('\n');
      expect(all).not.toContain(adultIdNumber);
      expect(all).not.toContain(adultPhone);
      for (const spelling of birthDateSpellings(adultBirthDate)) expect(all).not.toContain(spelling);
      expect(all).not.toContain('139-1234-0517');

      // Any date-like value beside the masked number's visible digits does not give the number back.
      const masked = views[0]!.idNumber!;
      expect(masked).toBe(`${adultIdNumber.slice(0, 6)}********${adultIdNumber.slice(-4)}`);
      const rebuilt = dateLikeValues(all).map((date) => `${masked.slice(0, 6)}${date}${masked.slice(-4)}`);
      expect(rebuilt).not.toContain(adultIdNumber);

      // Every view says the same: no birth date, the age reached this year, the sex the 17th digit already shows.
      for (const view of views) {
        expect(view).toMatchObject({ birthDate: null, idNumber: masked, sex: 'female', phone: '139****0517' });
      }
      const ages = new Set(views.map((view) => view.age));
      expect(ages.size).toBe(1);
      const age = views[0]!.age!;
      expect(age).toBe(Number(chinaToday().slice(0, 4)) - 1980);

      // What the attacker can do best: every valid number agreeing with all that is visible. The real one is among
      // them, with dozens of others (one date in eleven of the birth year passes the check character).
      const candidates = candidateIdNumbers(masked, age, chinaToday());
      expect(candidates).toContain(adultIdNumber);
      expect(candidates.length).toBeGreaterThan(20);
    });

    it('does not see the age change on the birthday, which would date it', async () => {
      const year = chinaToday().slice(0, 4);
      const seenOn = async (chinaNoon: string) => {
        vi.useFakeTimers({ toFake: ['Date'] });
        vi.setSystemTime(new Date(`${chinaNoon}T04:00:00Z`));
        const seen = (await agent.get(`/api/v1/persons/${adult.id}`)).json<Person>();
        const seenByVillage = (await agents.village.get(`/api/v1/persons/${adult.id}`)).json<Person>();
        vi.useRealTimers();
        return { seen, seenByVillage };
      };
      const before = await seenOn(`${year}-05-16`);
      const after = await seenOn(`${year}-05-18`);
      expect(after.seen).toEqual(before.seen);
      // The village may see the birth date, and its exact age does move on the birthday.
      expect(after.seenByVillage.age).toBe(before.seenByVillage.age! + 1);
    });

    it('sees notes without their numbers and dates, and a minor at the head of a household unnamed', async () => {
      const note = (await agent.get(`/api/v1/persons/${adult.id}`)).json<{ notes: string }>().notes;
      expect(note).toBe('常住，生日****年*月**日，电话 ***-****-****');
      const byMember = (await agents.member.get(`/api/v1/persons/${adult.id}`)).json<{ notes: string }>().notes;
      expect(byMember).toBe('常住，生日1980年5月17日，电话 139-1234-0517');

      const household = await agents.member.post('/api/v1/households', {
        regionId: world.memberGrid.id,
        address: '遮蔽测试小区1号楼2单元302室',
      });
      const orphanHousehold = household.json<{ id: string }>().id;
      const head = await agents.member.post('/api/v1/persons', {
        name: '孙小美',
        birthDate: `${Number(chinaToday().slice(0, 4)) - 16}-08-08`,
        householdId: orphanHousehold,
        relationToHead: 'head',
      });
      expectStatus(head, 201);
      const seen = (await agent.get(`/api/v1/households/${orphanHousehold}`)).json<{ headName: string }>();
      expect(seen.headName).toBe('孙*');
      const listed = (await agent.get(`/api/v1/households?q=${encodeURIComponent('2单元302室')}`)).json<{
        items: { headName: string }[];
      }>();
      expect(listed.items.map((item) => item.headName)).toEqual(['孙*']);
      const byVillage = (await agents.village.get(`/api/v1/households/${orphanHousehold}`)).json<{
        headName: string;
      }>();
      expect(byVillage.headName).toBe('孙小美');
    });

    it('cannot find a hidden minor by name or pinyin, a letter at a time', async () => {
      const shown = (await agent.get(`/api/v1/persons/${minor.id}`)).json<Person>();
      expect(shown).toMatchObject({ name: '李*', birthDate: null, age: null, isMinor: true, tags: [] });
      for (const q of [minorName, '李小', 'lixiaolong', 'lixiao', 'lxl']) {
        const found = (await agent.get(`/api/v1/persons?q=${encodeURIComponent(q)}`)).json<PersonPage>();
        expect(
          found.items.map((item) => item.id),
          q,
        ).not.toContain(minor.id);
      }
      const byMember = (await agents.member.get(`/api/v1/persons?q=lixiao`)).json<PersonPage>();
      expect(byMember.items.map((item) => item.id)).toContain(minor.id);

      // Nor from the cursor of a page that ends on the minor (li… sorts before zhao…), which still pages on.
      const first = (await agent.get(`/api/v1/persons?householdId=${householdId}&limit=1`)).json<PersonPage>();
      expect(first.items.map((item) => item.id)).toEqual([minor.id]);
      expect(first.nextCursor).not.toContain(toNamePinyin(minorName).full);
      expect(first.nextCursor).not.toContain('li');
      const second = await agent.get(
        `/api/v1/persons?householdId=${householdId}&limit=1&cursor=${encodeURIComponent(first.nextCursor!)}`,
      );
      expect(second.json<PersonPage>().items.map((item) => item.id)).toEqual([adult.id]);
    });

    it('finds a number only by its whole value or its last four digits', async () => {
      const ids = async (q: string) =>
        (await agent.get(`/api/v1/persons?q=${encodeURIComponent(q)}`)).json<PersonPage>().items.map((item) => item.id);
      expect(await ids(adultPhone)).toContain(adult.id);
      expect(await ids(adultIdNumber)).toContain(adult.id);
      expect(await ids(adultPhone.slice(-4))).toContain(adult.id);
      expect(await ids(adultIdNumber.slice(-4))).toContain(adult.id);
      expect(await ids(adultPhone.slice(-5))).not.toContain(adult.id);
      expect(await ids(adultIdNumber.slice(-8))).not.toContain(adult.id);
      // A role that may reveal the number finds any ending, as before.
      const byMember = await agents.member.get(`/api/v1/persons?q=${adultPhone.slice(-7)}`);
      expect(byMember.json<PersonPage>().items.map((item) => item.id)).toContain(adult.id);
    });

    it('learns nothing from the digit-by-digit attack, is held back and audited', async () => {
      // The attack: the mask shows the last four digits; try each digit in front of them, keep the one that finds
      // the person and go on to the next position (25 requests, trying again where nothing was found).
      let known = adultPhone.slice(-4);
      let learned: string | undefined;
      const answers: ApiResponse[] = [];
      for (let request = 0; request < 25; request += 1) {
        const digit = request % 10;
        const response = await agent.get(`/api/v1/persons?q=${digit}${known}`);
        answers.push(response);
        if (response.statusCode === 200 && response.json<PersonPage>().items.some((item) => item.id === adult.id)) {
          learned = String(digit);
        }
        if (digit === 9 && learned !== undefined) {
          known = learned + known;
          learned = undefined;
        }
      }
      expect(known).toBe(adultPhone.slice(-4));

      const statuses = answers.map((response) => response.statusCode);
      const refused = statuses.indexOf(429);
      expect(refused).toBe(10);
      expect(statuses.slice(refused).every((status) => status === 429)).toBe(true);
      const error = expectError(answers[refused]!, 429, 'search_throttled');
      expect(error.message).toMatch(/Wait \d+ minutes/);
      expect(Number(answers[refused]!.headers['retry-after'])).toBeGreaterThan(0);
      // Still held back after the attack, whatever the search, even a harmless-looking one.
      expectError(await agent.get(`/api/v1/persons?q=${adultPhone.slice(-4)}`), 429, 'search_throttled');
      // Name searches go on working.
      expectStatus(await agent.get(`/api/v1/persons?q=${encodeURIComponent('赵')}`), 200);

      const account = world.accounts[demoAccountOf[role]];
      const entries = await findAuditEntries(test.db, { action: 'person.search_probe', actorId: account.id });
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ outcome: 'denied', entityType: 'account', entityId: account.id });
    });

    it('meets a hidden tag exactly as a tag that does not exist, everywhere', async () => {
      const hidden = await agent.get('/api/v1/persons?tag=disabled');
      const unknown = await agent.get('/api/v1/persons?tag=no_such_tag');
      expect({ status: hidden.statusCode, body: hidden.json() }).toEqual({
        status: unknown.statusCode,
        body: unknown.json(),
      });
      expect(hidden.json<PersonPage>()).toMatchObject({ items: [], total: 0 });
      const members = (await agent.get(`/api/v1/persons?householdId=${householdId}`)).json<PersonPage>();
      expect(members.items.flatMap((item) => item.tags)).toEqual(['veteran']);
      const tags = (await agent.get('/api/v1/tags')).json<{ items: { code: string }[] }>();
      expect(tags.items.map((tag) => tag.code)).not.toContain('disabled');
      const template = await workbookText((await agent.get('/api/v1/registry/import-template')).rawPayload);
      expect(template).not.toContain('残疾人');
      expect(template).toContain('退役军人');
      const coverage = await agent.get(`/api/v1/registry/coverage`);
      expect(coverage.body).not.toContain('disabled');

      // The tag is real: a role that may see it finds the person by it.
      const byVillage = (await agents.village.get('/api/v1/persons?tag=disabled')).json<PersonPage>();
      expect(byVillage.items.map((item) => item.id)).toContain(adult.id);
    });
  });

  it('shows the birth date and exact age to a role with sensitive.read', async () => {
    const seen = (await agents.village.get(`/api/v1/persons/${adult.id}`)).json<Person>();
    expect(seen.birthDate).toBe(adultBirthDate);
    const today = chinaToday();
    const hasHadBirthday = today.slice(5) >= '05-17';
    expect(seen.age).toBe(Number(today.slice(0, 4)) - 1980 - (hasHadBirthday ? 0 : 1));
  });

  it('does not throttle number searches by a role that may reveal the numbers', async () => {
    for (let attempt = 0; attempt < 15; attempt += 1) {
      expectStatus(await agents.member.get(`/api/v1/persons?q=${attempt}${adultPhone.slice(-4)}`), 200);
    }
  });

  it('puts no birth date in a masked export, only the age; a revealed one has both', async () => {
    const masked = await agents.member.get(`/api/v1/registry/export?regionId=${world.memberGrid.id}`);
    expectStatus(masked, 200);
    const maskedText = await workbookText(masked.rawPayload);
    expect(maskedText).toContain('年龄');
    for (const spelling of birthDateSpellings(adultBirthDate)) expect(maskedText).not.toContain(spelling);
    const revealed = await agents.member.get(
      `/api/v1/registry/export?regionId=${world.memberGrid.id}&reveal=true&reason=${encodeURIComponent('核对')}`,
    );
    expectStatus(revealed, 200);
    const revealedText = await workbookText(revealed.rawPayload);
    expect(revealedText).toContain(adultBirthDate);
    expect(revealedText).toContain(adultIdNumber);
  });

  it('asks for a reason before revealing a grid worker’s phone, like a resident’s, and audits it', async () => {
    const staffId = world.staffIn(world.memberGrid.id).find((staff) => staff.phone !== null)!.id;
    const missing = expectError(
      await agents.leader.get(`/api/v1/staff/${staffId}?reveal=true`),
      400,
      'validation_failed',
    );
    expect(missing.details).toEqual([{ path: '/querystring/reason', message: missing.message }]);
    const blank = await agents.leader.get(`/api/v1/staff/${staffId}?reveal=true&reason=%20%20`);
    expectError(blank, 400, 'validation_failed');
    expect(await findAuditEntries(test.db, { action: 'staff.reveal_phone', entityId: staffId })).toEqual([]);

    const revealed = await agents.leader.get(
      `/api/v1/staff/${staffId}?reveal=true&reason=${encodeURIComponent('联系排班')}`,
    );
    expectStatus(revealed, 200);
    expect(revealed.json<{ isPhoneMasked: boolean }>().isPhoneMasked).toBe(false);
    const entries = await findAuditEntries(test.db, { action: 'staff.reveal_phone', entityId: staffId });
    expect(entries.map((entry) => entry.details)).toEqual([{ reason: '联系排班' }]);

    // The same rule and the same answer for a resident.
    const person = expectError(
      await agents.member.get(`/api/v1/persons/${adult.id}?reveal=true`),
      400,
      'validation_failed',
    );
    expect(person.details).toEqual([{ path: '/querystring/reason', message: person.message }]);
  });

  it('describes age and the hidden birth date in the OpenAPI document', async () => {
    const document = (await test.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      paths: Record<string, { get: { responses: Record<string, { content: Record<string, { schema: unknown }> }> } }>;
    }>();
    const schema = JSON.stringify(document.paths['/api/v1/persons/{id}']!.get.responses['200']);
    expect(schema).toContain('"age"');
    expect(schema).toContain('Only for roles with sensitive.read');
  });
});

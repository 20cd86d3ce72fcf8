import { and, eq, like, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Case } from '../src/shared/api/cases.js';
import type {
  ResidentMe,
  ResidentNotices,
  ResidentWish,
  ResidentWishDrives,
  SmsOutbox,
} from '../src/shared/api/resident.js';
import type { WishDetail } from '../src/shared/api/wishes.js';
import { addDays, chinaToday } from '../src/shared/clock.js';
import { persons, residentNotices, units, wishDrives } from '../src/server/db/schema/index.js';
import { smsFailed } from '../src/server/sms/sms-message.js';
import { actOn, attemptOn } from './case-fixtures.js';
import { interiorPointOf } from './factories.js';
import { signInResident as signInResidentAt } from './resident-fixtures.js';
import {
  createTestApp,
  expectError,
  expectStatus,
  findAuditEntries,
  loadDemoWorld,
  signInAll,
  type Agent,
  type DemoWorld,
  type TestApp,
} from './helpers.js';

/**
 * What residents are told about their own records (issue 12, "who is waiting, and are they told?"): their case
 * handled and closed, their wish claimed and fulfilled — a notice on their page and a text message, sent once, only
 * after the change commits, never failing the staff's action, and not at all when they turned messages off.
 */

const photo = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(512, 7)]);

let test: TestApp;
let world: DemoWorld;
let staff: Record<'admin' | 'leader' | 'member' | 'village', Agent>;
let reporter: Agent;
let owner: Agent;
let neighbour: Agent;
let point: { lat: number; lng: number };
let unitId: string;
let nextAddress = 1;

const reporterPhone = '13966660001';
const ownerPhone = '13966660002';
const neighbourPhone = '13966660003';

function signInResident(phone: string): Promise<Agent> {
  return signInResidentAt(test, staff.admin, phone, `10.83.0.${nextAddress++}`);
}

beforeAll(async () => {
  test = await createTestApp();
  world = await loadDemoWorld(test.db);
  staff = await signInAll(test.app, ['admin', 'leader', 'member', 'village'] as const);
  // Two registry residents of the member's grid, who make wishes; a guest who reports.
  const [first, second] = await test.db
    .select({ id: persons.id })
    .from(persons)
    .where(and(eq(persons.countyId, world.county.id), like(persons.regionCode, `${world.memberGrid.code}%`)))
    .orderBy(persons.id)
    .limit(2);
  await test.db.update(persons).set({ phone: ownerPhone }).where(eq(persons.id, first!.id));
  await test.db.update(persons).set({ phone: neighbourPhone }).where(eq(persons.id, second!.id));
  reporter = await signInResident(reporterPhone);
  owner = await signInResident(ownerPhone);
  neighbour = await signInResident(neighbourPhone);
  const [lng, lat] = interiorPointOf(world.memberGrid, world.childrenOf(world.memberGrid.id));
  point = { lat, lng };
  unitId = uuidv7();
  await test.db.insert(units).values({ countyId: world.county.id, id: unitId, name: '县供电公司', kind: 'enterprise' });
});
afterAll(() => test.close());

async function report(agent: Agent): Promise<Case> {
  const response = await agent.post('/api/v1/cases', {
    category: 'environment',
    description: '路灯不亮',
    location: point,
  });
  expectStatus(response, 201);
  return response.json<Case>();
}

/** The outbox's messages to a phone, newest first. */
async function textsTo(phone: string): Promise<string[]> {
  const outbox = (await staff.admin.get('/api/v1/sms-outbox?limit=200')).json<SmsOutbox>();
  return outbox.items.filter((item) => item.phone === phone).map((item) => item.text);
}

async function noticesOf(agent: Agent) {
  const response = await agent.get('/api/v1/resident/notices');
  expectStatus(response, 200);
  return response.json<ResidentNotices>().items;
}

function noticeRows(subjectId: string) {
  return test.db.select().from(residentNotices).where(eq(residentNotices.subjectId, subjectId));
}

async function wishStep(agent: Agent, id: string, body: Record<string, unknown>) {
  const current = (await agent.get(`/api/v1/micro-wishes/${id}`)).json<WishDetail>();
  return agent.post(`/api/v1/micro-wishes/${id}/actions`, { version: current.version, ...body });
}

async function makeWish(agent: Agent, body: Record<string, unknown> = {}) {
  return agent.post('/api/v1/resident/wishes', { category: 'daily_goods', content: '想要一副老花镜', ...body });
}

describe('a resident’s case', () => {
  it('tells them once when it is handled and once when it is closed, with its number and their page', async () => {
    const own = await report(reporter);
    await actOn(staff.member, own.id, { action: 'self_handle', result: '已更换灯泡' });
    const handled = await textsTo(reporterPhone);
    expect(handled[0]).toBe(
      `【网格通】您反映的问题（编号 ${own.number}）已处理，请登录查看并评价：http://localhost:80/r/?tab=cases`,
    );
    await actOn(staff.leader, own.id, { action: 'verify' });
    expect(await textsTo(reporterPhone)).toHaveLength(handled.length);
    await actOn(staff.leader, own.id, { action: 'close' });
    // The same change tried again is refused, and tells nobody a second time.
    expectError(await attemptOn(staff.leader, own.id, { action: 'close' }), 409, 'case_changed');
    const texts = await textsTo(reporterPhone);
    expect(texts).toHaveLength(handled.length + 1);
    expect(texts[0]).toContain(`您反映的问题（编号 ${own.number}）已办结`);
    const notices = (await noticesOf(reporter)).filter((notice) => notice.subjectId === own.id);
    expect(notices.map((notice) => [notice.kind, notice.number])).toEqual([
      ['case_closed', own.number],
      ['case_handled', own.number],
    ]);
    expect((await noticeRows(own.id)).map((row) => row.smsStatus)).toEqual(['sent', 'sent']);
    const audited = await findAuditEntries(test.db, { action: 'resident_notice.sms' });
    expect(audited.filter((entry) => entry.outcome === 'success').length).toBeGreaterThanOrEqual(2);
  });

  it('tells nobody when the change is rolled back', async () => {
    const own = await report(reporter);
    const before = await textsTo(reporterPhone);
    await test.db.execute(
      sql.raw(`create function notices_refused_by_test() returns trigger language plpgsql as $$
        begin raise exception 'the audit log refuses this entry (test)'; end $$`),
    );
    await test.db.execute(
      sql.raw(
        'create trigger notices_refused_by_test before insert on audit_log for each row ' +
          'execute function notices_refused_by_test()',
      ),
    );
    try {
      expectError(
        await attemptOn(staff.member, own.id, { action: 'self_handle', result: '已处理' }),
        503,
        'audit_unavailable',
      );
    } finally {
      await test.db.execute(sql.raw('drop trigger notices_refused_by_test on audit_log'));
      await test.db.execute(sql.raw('drop function notices_refused_by_test()'));
    }
    expect(await noticeRows(own.id)).toEqual([]);
    expect(await textsTo(reporterPhone)).toEqual(before);
  });

  it('still answers the staff when the provider fails, keeping the failure on the notice and in the audit', async () => {
    const own = await report(reporter);
    const sending = vi
      .spyOn(test.app.context.sms, 'send')
      .mockRejectedValueOnce(smsFailed('aliyun: isv.BUSINESS_LIMIT_CONTROL'));
    try {
      await actOn(staff.member, own.id, { action: 'self_handle', result: '已处理' });
    } finally {
      sending.mockRestore();
    }
    const [row] = await noticeRows(own.id);
    expect(row).toMatchObject({ smsStatus: 'failed', smsError: 'aliyun: isv.BUSINESS_LIMIT_CONTROL' });
    const failures = await findAuditEntries(test.db, { action: 'resident_notice.sms', outcome: 'failure' });
    expect(failures.map((entry) => entry.entityId)).toContain(row!.id);
    // The resident still reads it on their page.
    expect((await noticesOf(reporter)).map((notice) => notice.subjectId)).toContain(own.id);
  });

  it('is not texted once the resident turns messages off, yet shows on their page', async () => {
    expectStatus(await reporter.put('/api/v1/resident/settings', { smsNotices: false }), 200);
    expect((await reporter.get('/api/v1/resident/me')).json<ResidentMe>().smsNotices).toBe(false);
    const own = await report(reporter);
    const before = await textsTo(reporterPhone);
    await actOn(staff.member, own.id, { action: 'self_handle', result: '已处理' });
    expect(await textsTo(reporterPhone)).toEqual(before);
    expect((await noticeRows(own.id)).map((row) => row.smsStatus)).toEqual(['off']);
    expect((await noticesOf(reporter)).map((notice) => notice.subjectId)).toContain(own.id);
    const changes = await findAuditEntries(test.db, { action: 'account.update', actorId: reporter.user.id });
    expect(changes.at(-1)!.details).toMatchObject({ smsNotices: false });
    expectStatus(await reporter.put('/api/v1/resident/settings', { smsNotices: true }), 200);
    expect((await reporter.get('/api/v1/resident/me')).json<ResidentMe>().smsNotices).toBe(true);
  });

  it('tells nobody about a case staff reported', async () => {
    const response = await staff.member.post('/api/v1/cases', {
      category: 'environment',
      description: '巡查发现路灯不亮',
      location: point,
    });
    expectStatus(response, 201);
    const own = response.json<Case>();
    await actOn(staff.member, own.id, { action: 'self_handle', result: '已处理' });
    expect(await noticeRows(own.id)).toEqual([]);
  });
});

describe('a resident’s wish', () => {
  it('tells them when it is claimed and when it is fulfilled, and nobody else', async () => {
    const made = await makeWish(owner);
    expectStatus(made, 201);
    const wish = made.json<ResidentWish>();
    expectStatus(await wishStep(staff.village, wish.id, { action: 'approve' }), 200);
    const before = await textsTo(ownerPhone);
    const claimant = { kind: 'unit', id: unitId };
    expectStatus(await wishStep(staff.village, wish.id, { action: 'claim', claimant, promisedOn: chinaToday() }), 200);
    expect(await textsTo(ownerPhone)).toEqual([
      '【网格通】您的微心愿已被认领，请登录查看：http://localhost:80/r/?tab=wishes',
      ...before,
    ]);
    const sent = await staff.village.request('PUT', `/api/v1/micro-wishes/${wish.id}/photo`, photo, {
      'content-type': 'image/png',
    });
    expectStatus(sent, 200);
    expectStatus(await wishStep(staff.village, wish.id, { action: 'fulfil', note: '已送到' }), 200);
    expect((await textsTo(ownerPhone))[0]).toBe(
      '【网格通】您的微心愿已实现，请登录确认：http://localhost:80/r/?tab=wishes',
    );
    const own = (await noticesOf(owner)).filter((notice) => notice.subjectId === wish.id);
    expect(own.map((notice) => notice.kind)).toEqual(['wish_fulfilled', 'wish_claimed']);
    expect((await noticesOf(neighbour)).map((notice) => notice.subjectId)).not.toContain(wish.id);
    expect((await textsTo(neighbourPhone)).some((text) => text.includes('微心愿'))).toBe(false);
  });
});

describe('the notices', () => {
  it('are each resident’s own, and nobody else’s to read', async () => {
    const neighbourIds = (await noticesOf(neighbour)).map((notice) => notice.id);
    for (const notice of await noticesOf(owner)) expect(neighbourIds).not.toContain(notice.id);
    expectError(await staff.leader.get('/api/v1/resident/notices'), 403, 'forbidden');
    expectError(await staff.leader.put('/api/v1/resident/settings', { smsNotices: false }), 403, 'forbidden');
  });

  it('take only a yes or no for text messages', async () => {
    expectError(await owner.put('/api/v1/resident/settings', { smsNotices: 'no' }), 400, 'validation_failed');
    expectError(await owner.put('/api/v1/resident/settings', {}), 400, 'validation_failed');
  });
});

describe('a resident’s wish in a drive', () => {
  async function insertDrive(region: { id: string; code: string }, name: string, startsOn: string, endsOn: string) {
    const id = uuidv7();
    await test.db.insert(wishDrives).values({
      countyId: world.county.id,
      id,
      regionId: region.id,
      regionCode: region.code,
      name,
      startsOn,
      endsOn,
      targetCount: 10,
    });
    return id;
  }

  it('may name a drive open today in their area, and no other', async () => {
    const today = chinaToday();
    const open = await insertDrive(world.memberVillage, '重阳微心愿', addDays(today, -3), addDays(today, 10));
    const countyWide = await insertDrive(world.county, '冬日暖心', today, today);
    const ended = await insertDrive(world.memberVillage, '六一微心愿', addDays(today, -30), addDays(today, -1));
    const elsewhere = await insertDrive(world.otherVillage, '别村活动', addDays(today, -3), addDays(today, 10));
    const listed = (await owner.get('/api/v1/resident/wish-drives')).json<ResidentWishDrives>().items;
    expect(listed.map((drive) => drive.id)).toEqual(expect.arrayContaining([open, countyWide]));
    expect(listed.map((drive) => drive.id)).not.toContain(ended);
    expect(listed.map((drive) => drive.id)).not.toContain(elsewhere);

    const made = await makeWish(owner, { driveId: open });
    expectStatus(made, 201);
    const seen = (await staff.village.get(`/api/v1/micro-wishes/${made.json<ResidentWish>().id}`)).json<WishDetail>();
    expect(seen.drive).toEqual({ id: open, name: '重阳微心愿' });
    expectError(await makeWish(owner, { driveId: ended }), 400, 'wish_drive_unavailable');
    expectError(await makeWish(owner, { driveId: elsewhere }), 400, 'wish_drive_unavailable');
    expectError(await makeWish(owner, { driveId: uuidv7() }), 404, 'wish_drive_not_found');
    expectError(await makeWish(owner, { driveId: 'not-an-id' }), 400, 'validation_failed');
  });

  it('is not offered to a guest, whom the village has not registered', async () => {
    expectError(await reporter.get('/api/v1/resident/wish-drives'), 403, 'forbidden');
  });
});

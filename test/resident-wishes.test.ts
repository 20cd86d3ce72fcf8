import { and, eq, like } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gridStaff, notifications, persons, units } from '../src/server/db/schema/index.js';
import type { ResidentWish, ResidentWishes } from '../src/shared/api/resident.js';
import type { WishDetail } from '../src/shared/api/wishes.js';
import { chinaToday } from '../src/shared/clock.js';
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
 * A resident's own micro-wishes on the residents' page: a registry resident makes one for themselves, follows it
 * through the village's review, a claim and its fulfilment, and acknowledges it; nobody else's is theirs to see.
 */

/** A small PNG: the server recognises a photo by its first bytes. */
const photo = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(512, 7)]);

let test: TestApp;
let world: DemoWorld;
let staff: Record<'admin' | 'village' | 'member' | 'cadre', Agent>;
let owner: Agent;
let neighbour: Agent;
let guest: Agent;
let ownerPerson: { id: string; name: string };
let unit: { id: string; name: string };
let nextAddress = 1;

function signInResident(phone: string): Promise<Agent> {
  return signInResidentAt(test, staff.admin, phone, `10.81.0.${nextAddress++}`);
}

beforeAll(async () => {
  test = await createTestApp();
  world = await loadDemoWorld(test.db);
  staff = await signInAll(test.app, ['admin', 'village', 'member', 'cadre'] as const);
  // Two residents of the member's grid, each given a phone of their own to sign in with.
  const [first, second] = await test.db
    .select({ id: persons.id, name: persons.name })
    .from(persons)
    .where(and(eq(persons.countyId, world.county.id), like(persons.regionCode, `${world.memberGrid.code}%`)))
    .orderBy(persons.id)
    .limit(2);
  ownerPerson = first!;
  await test.db.update(persons).set({ phone: '13955550001' }).where(eq(persons.id, first!.id));
  await test.db.update(persons).set({ phone: '13955550002' }).where(eq(persons.id, second!.id));
  owner = await signInResident('13955550001');
  neighbour = await signInResident('13955550002');
  guest = await signInResident('13955559999');
  unit = { id: uuidv7(), name: '县邮政分公司' };
  await test.db.insert(units).values({ countyId: world.county.id, id: unit.id, name: unit.name, kind: 'enterprise' });
});
afterAll(() => test.close());

async function makeWish(agent: Agent, body: Record<string, unknown> = {}): Promise<ResidentWish> {
  const response = await agent.post('/api/v1/resident/wishes', {
    category: 'daily_goods',
    content: '想要一台收音机听戏',
    ...body,
  });
  expectStatus(response, 201);
  return response.json<ResidentWish>();
}

async function step(agent: Agent, id: string, body: Record<string, unknown>): Promise<WishDetail> {
  const current = (await agent.get(`/api/v1/micro-wishes/${id}`)).json<WishDetail>();
  const response = await agent.post(`/api/v1/micro-wishes/${id}/actions`, { version: current.version, ...body });
  expectStatus(response, 200);
  return response.json<WishDetail>();
}

/** The village publishes the wish and a claimant of `claimant` brings what was wished for, with its photo. */
async function fulfilByStaff(id: string, claimant: { kind: string; id: string }, agent = staff.village) {
  await step(staff.village, id, { action: 'approve' });
  await step(agent, id, { action: 'claim', claimant, promisedOn: chinaToday() });
  const sent = await agent.request('PUT', `/api/v1/micro-wishes/${id}/photo`, photo, { 'content-type': 'image/png' });
  expectStatus(sent, 200);
  return step(agent, id, { action: 'fulfil', note: '已送到老人家中' });
}

async function ownWishes(agent: Agent): Promise<ResidentWish[]> {
  const response = await agent.get('/api/v1/resident/wishes');
  expectStatus(response, 200);
  return response.json<ResidentWishes>().items;
}

describe('a resident’s own wish', () => {
  it('is registered for them, waits for review, and the village is told', async () => {
    const wish = await makeWish(owner);
    expect(wish).toMatchObject({ status: 'pending_review', category: 'daily_goods', claimant: null });
    expect(wish.history.map((event) => event.action)).toEqual(['register']);
    const seenByStaff = (await staff.village.get(`/api/v1/micro-wishes/${wish.id}`)).json<WishDetail>();
    expect(seenByStaff).toMatchObject({ registeredVia: 'resident', person: { id: ownerPerson.id } });
    const told = await test.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.accountId, world.accounts.village.id), eq(notifications.kind, 'wish_review')));
    expect(told.some((row) => row.params.wishId === wish.id)).toBe(true);
    expect((await ownWishes(owner)).map((item) => item.id)).toContain(wish.id);
  });

  it('is followed to its fulfilment, its photo seen, and acknowledged once in the resident’s words', async () => {
    const wish = await makeWish(owner);
    await fulfilByStaff(wish.id, { kind: 'unit', id: unit.id });
    const fulfilled = (await ownWishes(owner)).find((item) => item.id === wish.id)!;
    expect(fulfilled).toMatchObject({
      status: 'fulfilled',
      claimant: { kind: 'unit', unitName: unit.name },
      fulfilmentNote: '已送到老人家中',
      hasPhoto: true,
    });
    expect(fulfilled.history.map((event) => [event.action, event.status])).toEqual([
      ['register', 'pending_review'],
      ['approve', 'published'],
      ['claim', 'claimed'],
      ['fulfil', 'fulfilled'],
    ]);
    const picture = await owner.get(`/api/v1/resident/wishes/${wish.id}/photo`);
    expectStatus(picture, 200);
    expect(picture.headers['content-type']).toBe('image/png');

    const acknowledge = (body: Record<string, unknown>) =>
      owner.post(`/api/v1/resident/wishes/${wish.id}/acknowledge`, { version: fulfilled.version, ...body });
    expectError(await acknowledge({ words: '   ' }), 400, 'validation_failed');
    expectError(await acknowledge({ words: '谢谢', rating: 9 }), 400, 'validation_failed');
    const response = await acknowledge({ words: '收音机很好用，谢谢大家', rating: 5 });
    expectStatus(response, 200);
    expect(response.json<ResidentWish>()).toMatchObject({
      status: 'acknowledged',
      acknowledgement: '收音机很好用，谢谢大家',
      rating: 5,
    });
    const seenByStaff = (await staff.village.get(`/api/v1/micro-wishes/${wish.id}`)).json<WishDetail>();
    expect(seenByStaff).toMatchObject({ status: 'acknowledged', acknowledgement: '收音机很好用，谢谢大家' });
    expect(seenByStaff.history.at(-1)).toMatchObject({ action: 'acknowledge', actorName: ownerPerson.name });
    // Once only: it is no longer fulfilled.
    expectError(await acknowledge({ words: '再次感谢' }), 409, 'wish_changed');
  });

  it('names a unit that claimed it, never a person', async () => {
    const wish = await makeWish(owner, { category: 'company', content: '希望有人陪我聊聊天' });
    const [cadre] = await test.db.select().from(gridStaff).where(eq(gridStaff.accountId, world.accounts.cadre.id));
    await step(staff.village, wish.id, { action: 'approve' });
    await step(staff.cadre, wish.id, {
      action: 'claim',
      claimant: { kind: 'cadre', id: cadre!.id },
      promisedOn: chinaToday(),
    });
    const response = await owner.get('/api/v1/resident/wishes');
    const seen = response.json<ResidentWishes>().items.find((item) => item.id === wish.id)!;
    expect(seen).toMatchObject({ status: 'claimed', claimant: { kind: 'cadre', unitName: null } });
    expect(response.body).not.toContain(cadre!.name);
    // Not fulfilled yet: nothing to acknowledge.
    expectError(
      await owner.post(`/api/v1/resident/wishes/${wish.id}/acknowledge`, { version: seen.version, words: '谢谢' }),
      409,
      'wish_changed',
    );
  });

  it('sent again with its client id answers the wish made, and makes no second one', async () => {
    const id = uuidv7();
    const first = await makeWish(owner, { id });
    const again = await owner.post('/api/v1/resident/wishes', { id, category: 'daily_goods', content: '想要收音机' });
    expectStatus(again, 200);
    expect(again.json<ResidentWish>()).toMatchObject({ id, content: first.content });
    expect((await ownWishes(owner)).filter((item) => item.id === id)).toHaveLength(1);
  });
});

describe('whose wishes a resident sees', () => {
  it('another resident cannot list, read the photo of, or acknowledge them; the try is audited', async () => {
    const wish = await makeWish(owner);
    await fulfilByStaff(wish.id, { kind: 'unit', id: unit.id });
    const [mine] = (await ownWishes(owner)).filter((item) => item.id === wish.id);
    expect((await ownWishes(neighbour)).map((item) => item.id)).not.toContain(wish.id);
    expectError(await neighbour.get(`/api/v1/resident/wishes/${wish.id}/photo`), 404, 'wish_not_found');
    expectError(
      await neighbour.post(`/api/v1/resident/wishes/${wish.id}/acknowledge`, { version: mine!.version, words: '冒领' }),
      404,
      'wish_not_found',
    );
    const denied = await findAuditEntries(test.db, {
      actorId: neighbour.user.id,
      entityId: wish.id,
      outcome: 'denied',
    });
    expect(denied.length).toBeGreaterThan(0);
    // Still the owner's to acknowledge.
    expect((await ownWishes(owner)).find((item) => item.id === wish.id)!.status).toBe('fulfilled');
  });

  it('a resident reaches none of the staff wish endpoints', async () => {
    const wish = await makeWish(owner);
    expectError(await owner.get('/api/v1/micro-wishes'), 403, 'forbidden');
    expectError(await owner.get(`/api/v1/micro-wishes/${wish.id}`), 403, 'forbidden');
    expectError(await owner.get(`/api/v1/micro-wishes/${wish.id}/photo`), 403, 'forbidden');
    expectError(
      await owner.post('/api/v1/micro-wishes', {
        personId: ownerPerson.id,
        category: 'other',
        content: '冒充工作人员',
      }),
      403,
      'forbidden',
    );
    expectError(
      await owner.post(`/api/v1/micro-wishes/${wish.id}/actions`, { version: wish.version, action: 'approve' }),
      403,
      'forbidden',
    );
  });

  it('staff have no residents’ wish page', async () => {
    expectError(await staff.member.get('/api/v1/resident/wishes'), 403, 'forbidden');
    expectError(
      await staff.member.post('/api/v1/resident/wishes', { category: 'other', content: '工作人员' }),
      403,
      'forbidden',
    );
  });

  it('a guest (a phone the registry does not know) makes none and is told to ask their village', async () => {
    const chinese = expectError(
      await guest.request(
        'POST',
        '/api/v1/resident/wishes',
        { category: 'other', content: '想要一把轮椅' },
        { 'accept-language': 'zh-CN' },
      ),
      403,
      'forbidden',
    );
    expect(chinese.message).toContain('登记');
    const english = expectError(
      await guest.request('GET', '/api/v1/resident/wishes', undefined, { 'accept-language': 'en' }),
      403,
      'forbidden',
    );
    expect(english.message).toContain('village has not registered you');
  });
});

describe('bad input', () => {
  it('refuses empty, huge or NUL-holding words, unknown kinds and ids, and a missing CSRF token', async () => {
    const bad = (body: Record<string, unknown>) => owner.post('/api/v1/resident/wishes', body);
    expectError(await bad({ category: 'other', content: '' }), 400, 'validation_failed');
    expectError(await bad({ category: 'other', content: '   ' }), 400, 'validation_failed');
    expectError(await bad({ category: 'other', content: '愿'.repeat(501) }), 400, 'validation_failed');
    expectError(await bad({ category: 'other', content: '想要\u0000收音机' }), 400, 'validation_failed');
    expectError(await bad({ category: 'gold', content: '想要金子' }), 400, 'validation_failed');
    expectError(await bad({ content: '没有分类' }), 400, 'validation_failed');
    expectError(await bad({ id: 'not-an-id', category: 'other', content: '想要' }), 400, 'validation_failed');
    const unknown = uuidv7();
    expectError(
      await owner.post(`/api/v1/resident/wishes/${unknown}/acknowledge`, { version: 1, words: '谢谢' }),
      404,
      'wish_not_found',
    );
    expectError(await owner.get(`/api/v1/resident/wishes/${unknown}/photo`), 404, 'wish_not_found');
    expectError(
      await owner.post('/api/v1/resident/wishes/not-an-id/acknowledge', { version: 1, words: '谢谢' }),
      400,
      'validation_failed',
    );
    expectError(
      await owner.request(
        'POST',
        '/api/v1/resident/wishes',
        { category: 'other', content: '想要' },
        {
          'x-csrf-token': 'forged',
        },
      ),
      403,
      'csrf_failed',
    );
  });

  it('a wish with no photo yet has none to show', async () => {
    const wish = await makeWish(owner);
    expectError(await owner.get(`/api/v1/resident/wishes/${wish.id}/photo`), 404, 'not_found');
  });
});

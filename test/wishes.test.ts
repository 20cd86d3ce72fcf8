import { and, eq, like, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gridStaff, microWishes, notifications, persons, units } from '../src/server/db/schema/index.js';
import { notifyLateWishes } from '../src/server/modules/wishes/wishes.service.js';
import type { WishDetail, WishDrive, WishFigures, WishPage, WishWall } from '../src/shared/api/wishes.js';
import { addDays, chinaToday } from '../src/shared/clock.js';
import type { NotificationKind } from '../src/shared/notifications.js';
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
import { isOnPostgres, raceBehindBarrier } from './postgres-race.js';

/** A small PNG: the server recognises a photo by its first bytes. */
const photo = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(512, 7)]);

describe('micro-wishes (微心愿)', () => {
  let test: TestApp;
  let world: DemoWorld;
  let agents: Record<'county' | 'town' | 'village' | 'member' | 'member2' | 'cadre', Agent>;
  let adult: { id: string; name: string; phone: string; idNumber: string };
  let minor: { id: string; name: string };
  let otherGridPerson: { id: string };
  let cadreStaff: { id: string; name: string };
  let unit: { id: string; name: string };
  let countyCode: string;

  beforeAll(async () => {
    test = await createTestApp();
    world = await loadDemoWorld(test.db);
    agents = await signInAll(test.app, ['county', 'town', 'village', 'member', 'member2', 'cadre'] as const);
    countyCode = world.county.code;
    const gridPeople = await test.db
      .select()
      .from(persons)
      .where(and(eq(persons.countyId, world.county.id), like(persons.regionCode, `${world.memberGrid.code}%`)));
    const today = chinaToday();
    const adultRow = gridPeople.find(
      (row) => row.phone !== null && row.idNumber !== null && row.birthDate !== null && row.birthDate < '1980',
    );
    const minorRow = gridPeople.find(
      (row) => row.birthDate !== null && row.birthDate > `${Number(today.slice(0, 4)) - 15}${today.slice(4)}`,
    );
    if (!adultRow || !minorRow) throw new Error('The demo grid needs an adult with a phone and a child.');
    adult = { id: adultRow.id, name: adultRow.name, phone: adultRow.phone!, idNumber: adultRow.idNumber! };
    minor = { id: minorRow.id, name: minorRow.name };
    const [otherRow] = await test.db
      .select({ id: persons.id })
      .from(persons)
      .where(like(persons.regionCode, `${world.otherGrid.code}%`))
      .limit(1);
    otherGridPerson = otherRow!;
    const [staff] = await test.db.select().from(gridStaff).where(eq(gridStaff.accountId, world.accounts.cadre.id));
    cadreStaff = { id: staff!.id, name: staff!.name };
    unit = { id: uuidv7(), name: '县供电公司' };
    await test.db.insert(units).values({ countyId: world.county.id, id: unit.id, name: unit.name, kind: 'enterprise' });
  });

  afterAll(async () => {
    await test?.close();
  });

  async function register(agent: Agent, body: Record<string, unknown> = {}): Promise<WishDetail> {
    const response = await agent.post('/api/v1/micro-wishes', {
      personId: adult.id,
      category: 'daily_goods',
      content: '想要一台收音机听戏',
      ...body,
    });
    expectStatus(response, 201);
    return response.json<WishDetail>();
  }

  async function act(agent: Agent, wish: { id: string; version: number }, body: Record<string, unknown>) {
    return agent.post(`/api/v1/micro-wishes/${wish.id}/actions`, { version: wish.version, ...body });
  }

  async function step(agent: Agent, wish: { id: string; version: number }, body: Record<string, unknown>) {
    const response = await act(agent, wish, body);
    expectStatus(response, 200);
    return response.json<WishDetail>();
  }

  async function published(): Promise<WishDetail> {
    return step(agents.village, await register(agents.member), { action: 'approve' });
  }

  async function wall(query = ''): Promise<WishWall> {
    const response = await test.app.inject({
      method: 'GET',
      url: `/api/v1/public/wish-wall?county=${countyCode}${query}`,
    });
    expectStatus(response, 200);
    return response.json<WishWall>();
  }

  async function unread(accountId: string, kind: NotificationKind) {
    return test.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.accountId, accountId), eq(notifications.kind, kind)));
  }

  it('goes registered → published → claimed by a cadre → fulfilled with a photo → acknowledged, telling who waits', async () => {
    const wish = await register(agents.member);
    expect(wish).toMatchObject({ status: 'pending_review', registeredVia: 'staff', person: { id: adult.id } });
    expect(wish.actions).toEqual([]);
    expect((await unread(world.accounts.village.id, 'wish_review')).some((row) => row.params.wishId === wish.id)).toBe(
      true,
    );
    // A grid member registers but does not review.
    expectError(await act(agents.member, wish, { action: 'approve' }), 403, 'forbidden');

    const approved = await step(agents.village, wish, { action: 'approve' });
    expect(approved.status).toBe('published');
    expect(approved.actions).toEqual(['claim', 'cancel']);

    // A cadre claims as themselves, not for a unit.
    const promisedOn = addDays(chinaToday(), 7);
    expectError(
      await act(agents.cadre, approved, { action: 'claim', claimant: { kind: 'unit', id: unit.id }, promisedOn }),
      403,
      'forbidden',
    );
    const claimed = await step(agents.cadre, approved, {
      action: 'claim',
      claimant: { kind: 'cadre', id: cadreStaff.id },
      promisedOn,
    });
    expect(claimed).toMatchObject({ status: 'claimed', promisedOn, isLate: false });
    expect(claimed.claimant).toEqual({ kind: 'cadre', id: cadreStaff.id, name: cadreStaff.name });

    // No fulfilment without its photo.
    expectError(await act(agents.cadre, claimed, { action: 'fulfil', note: '已送到' }), 400, 'validation_failed');
    const withPhoto = await agents.cadre.request('PUT', `/api/v1/micro-wishes/${wish.id}/photo`, photo, {
      'content-type': 'image/png',
    });
    expectStatus(withPhoto, 200);
    expect(withPhoto.json<WishDetail>().hasPhoto).toBe(true);
    const fulfilled = await step(agents.cadre, withPhoto.json<WishDetail>(), {
      action: 'fulfil',
      note: '中秋前送到老人家中，教会了调台',
    });
    expect(fulfilled.status).toBe('fulfilled');
    expect(
      (await unread(world.accounts.member.id, 'wish_fulfilled')).some((row) => row.params.wishId === wish.id),
    ).toBe(true);
    const fetched = await agents.village.get(`/api/v1/micro-wishes/${wish.id}/photo`);
    expectStatus(fetched, 200);
    expect(fetched.rawPayload.equals(photo)).toBe(true);

    const acknowledged = await step(agents.member, fulfilled, {
      action: 'acknowledge',
      words: '谢谢党和政府，收音机很好用',
      rating: 5,
    });
    expect(acknowledged).toMatchObject({ status: 'acknowledged', rating: 5, actions: [] });
    expect(acknowledged.history.map((event) => event.action)).toEqual([
      'register',
      'approve',
      'claim',
      'fulfil',
      'acknowledge',
    ]);
    const audited = await findAuditEntries(test.db, { entityId: wish.id });
    expect(audited.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['wish.create', 'wish.approve', 'wish.claim', 'wish.add_photo', 'wish.fulfil']),
    );
  });

  it('registers a wish sent again with its client id once: the field app resends what lost its answer', async () => {
    const body = { id: uuidv7(), personId: adult.id, category: 'daily_goods', content: '想要一副老花镜' };
    const first = await agents.member.post('/api/v1/micro-wishes', body);
    expectStatus(first, 201);
    const again = await agents.member.post('/api/v1/micro-wishes', body);
    expectStatus(again, 200);
    expect(again.json<WishDetail>()).toEqual(first.json<WishDetail>());
    const rows = await test.db.select().from(microWishes).where(eq(microWishes.id, body.id));
    expect(rows).toHaveLength(1);
    // Another account's record of that id is neither theirs to read back nor to know of.
    expectError(await agents.member2.post('/api/v1/micro-wishes', body), 409, 'client_id_taken');
  });

  it('rejects with a reason, cancels with a reason, and refuses a step from the wrong status or an old version', async () => {
    const rejected = await step(agents.village, await register(agents.member), {
      action: 'reject',
      reason: '属于低保救助范围，转民政办理',
    });
    expect(rejected).toMatchObject({ status: 'rejected', rejectReason: '属于低保救助范围，转民政办理' });
    expectError(await act(agents.village, rejected, { action: 'approve' }), 409, 'wish_changed');
    expectError(await act(agents.village, rejected, { action: 'reject' }), 400, 'validation_failed');

    const open = await published();
    const cancelled = await step(agents.town, open, { action: 'cancel', reason: '居民已搬离' });
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: '居民已搬离' });
    // The version the client saw before the cancellation: someone changed it meanwhile.
    expectError(
      await act(agents.village, open, {
        action: 'claim',
        claimant: { kind: 'unit', id: unit.id },
        promisedOn: chinaToday(),
      }),
      409,
      'wish_changed',
    );
  });

  it('claims for party members (staff or residents) and units only, with a promised date from today', async () => {
    const wish = await published();
    const notMember = await test.db
      .select()
      .from(persons)
      .where(and(eq(persons.countyId, world.county.id), eq(persons.isPartyMember, false)))
      .limit(1);
    expectError(
      await act(agents.village, wish, {
        action: 'claim',
        claimant: { kind: 'party_member', id: notMember[0]!.id },
        promisedOn: chinaToday(),
      }),
      400,
      'validation_failed',
    );
    expectError(
      await act(agents.village, wish, {
        action: 'claim',
        claimant: { kind: 'unit', id: unit.id },
        promisedOn: addDays(chinaToday(), -1),
      }),
      400,
      'validation_failed',
    );
    const [member] = await test.db
      .select()
      .from(persons)
      .where(and(eq(persons.countyId, world.county.id), eq(persons.isPartyMember, true)))
      .limit(1);
    const claimed = await step(agents.village, wish, {
      action: 'claim',
      claimant: { kind: 'party_member', id: member!.id },
      promisedOn: chinaToday(),
    });
    expect(claimed.claimant).toMatchObject({ kind: 'party_member', id: member!.id });
  });

  it.runIf(isOnPostgres)(
    'lets exactly one of two claimants racing for one wish have it; the other hears 409',
    async () => {
      const wish = await published();
      const promisedOn = addDays(chinaToday(), 3);
      const responses = await raceBehindBarrier(test.db, 'micro_wishes', 2, () =>
        Promise.all([
          act(agents.village, wish, { action: 'claim', claimant: { kind: 'unit', id: unit.id }, promisedOn }),
          act(agents.cadre, wish, { action: 'claim', claimant: { kind: 'cadre', id: cadreStaff.id }, promisedOn }),
        ]),
      );
      const statuses = responses.map((response) => response.statusCode).sort();
      expect(statuses, responses.map((response) => response.body).join('\n')).toEqual([200, 409]);
      const loser = responses.find((response) => response.statusCode === 409)!;
      expect(loser.json<{ error: { code: string } }>().error.code).toBe('wish_changed');
      const [row] = await test.db.select().from(microWishes).where(eq(microWishes.id, wish.id));
      expect(row!.version).toBe(wish.version + 1);
    },
  );

  it('shows the public wall without sign-in, masked as the county allows, never a full name, phone, ID number or minor', async () => {
    const wish = await published();
    await step(agents.village, wish, {
      action: 'claim',
      claimant: { kind: 'unit', id: unit.id },
      promisedOn: addDays(chinaToday(), 5),
    });
    const minorWish = await step(agents.village, await register(agents.member, { personId: minor.id }), {
      action: 'approve',
    });
    const pending = await register(agents.member, { content: '还在审核中的心愿' });

    const shown = await wall('&limit=100');
    const item = shown.items.find((entry) => entry.id === wish.id);
    expect(item).toMatchObject({
      residentName: `${adult.name.slice(0, 1)}**`,
      villageName: world.memberVillage.name,
      status: 'claimed',
      claimantUnitName: unit.name,
    });
    const text = JSON.stringify(shown);
    expect(text).not.toContain(adult.name);
    expect(text).not.toContain(adult.phone);
    expect(text).not.toContain(adult.idNumber);
    expect(text).not.toContain(adult.id);
    expect(text).not.toContain(minor.name);
    expect(shown.items.some((entry) => entry.id === minorWish.id)).toBe(false);
    expect(shown.items.some((entry) => entry.id === pending.id)).toBe(false);
    expect(Object.keys(item!).sort()).toEqual(
      ['category', 'claimantUnitName', 'content', 'id', 'publishedAt', 'residentName', 'status', 'villageName'].sort(),
    );

    // The county hides names and villages: the wall follows.
    expectError(
      await agents.town.put('/api/v1/micro-wishes/wall-settings', {
        isEnabled: true,
        residentName: 'none',
        showsVillage: false,
        showsClaimantUnit: false,
      }),
      403,
      'forbidden',
    );
    expectStatus(
      await agents.county.put('/api/v1/micro-wishes/wall-settings', {
        isEnabled: true,
        residentName: 'none',
        showsVillage: false,
        showsClaimantUnit: false,
      }),
      200,
    );
    const hidden = (await wall('&limit=100')).items.find((entry) => entry.id === wish.id)!;
    expect(hidden).toMatchObject({ residentName: null, villageName: null, claimantUnitName: null });
    expectStatus(
      await agents.county.put('/api/v1/micro-wishes/wall-settings', {
        isEnabled: false,
        residentName: 'surname',
        showsVillage: true,
        showsClaimantUnit: true,
      }),
      200,
    );
    expectError(
      await test.app.inject({ method: 'GET', url: `/api/v1/public/wish-wall?county=${countyCode}` }),
      404,
      'not_found',
    );
    await agents.county.put('/api/v1/micro-wishes/wall-settings', {
      isEnabled: true,
      residentName: 'surname',
      showsVillage: true,
      showsClaimantUnit: true,
    });
    expectError(
      await test.app.inject({ method: 'GET', url: '/api/v1/public/wish-wall?county=12345' }),
      400,
      'validation_failed',
    );
    expectError(
      await test.app.inject({ method: 'GET', url: '/api/v1/public/wish-wall?county=999999' }),
      404,
      'not_found',
    );
  });

  it('runs a drive with a target and shows its progress; a need becomes one wish, linked both ways', async () => {
    const created = await agents.town.post('/api/v1/wish-drives', {
      regionId: world.town.id,
      name: '中秋微心愿',
      startsOn: addDays(chinaToday(), -10),
      endsOn: addDays(chinaToday(), 20),
      targetCount: 269,
    });
    expectStatus(created, 201);
    const drive = created.json<WishDrive>();
    expectError(
      await agents.village.post('/api/v1/wish-drives', {
        regionId: world.memberVillage.id,
        name: '村里的活动',
        startsOn: chinaToday(),
        endsOn: chinaToday(),
        targetCount: 5,
      }),
      403,
      'forbidden',
    );
    const wish = await step(agents.village, await register(agents.member, { driveId: drive.id }), {
      action: 'approve',
    });
    expect(wish.drive).toEqual({ id: drive.id, name: '中秋微心愿' });
    const progress = (await agents.village.get(`/api/v1/wish-drives/${drive.id}`)).json<WishDrive>();
    expect(progress).toMatchObject({ targetCount: 269, progress: { registered: 1, published: 1, claimed: 0 } });
    expect((await wall(`&driveId=${drive.id}`)).drive).toMatchObject({ name: '中秋微心愿', targetCount: 269 });
    // Another town's drive does not take this town's residents.
    const other = await agents.county.post('/api/v1/wish-drives', {
      regionId: world.otherTown.id,
      name: '别镇活动',
      startsOn: chinaToday(),
      endsOn: chinaToday(),
      targetCount: 3,
    });
    expectStatus(other, 201);
    expectError(
      await agents.county.post('/api/v1/micro-wishes', {
        personId: adult.id,
        category: 'other',
        content: '不该进别镇的活动',
        driveId: other.json<WishDrive>().id,
      }),
      400,
      'validation_failed',
    );

    const [person] = await test.db.select().from(persons).where(eq(persons.id, adult.id));
    const needResponse = await agents.member.post(`/api/v1/households/${person!.householdId}/needs`, {
      kind: 'living_assistance',
      description: '独居老人希望有人帮忙修理漏水的水龙头',
    });
    expectStatus(needResponse, 201);
    const need = needResponse.json<{ id: string }>();
    const fromNeed = await register(agents.member, { needId: need.id, category: 'service', content: '修水龙头' });
    expect(fromNeed.needId).toBe(need.id);
    const linked = (await agents.member.get(`/api/v1/micro-wishes?needId=${need.id}`)).json<WishPage>();
    expect(linked.items.map((item) => item.id)).toEqual([fromNeed.id]);
    expectError(
      await agents.member.post('/api/v1/micro-wishes', {
        personId: adult.id,
        category: 'service',
        content: '再一次',
        needId: need.id,
      }),
      409,
      'conflict',
    );
    expectError(
      await agents.member.post('/api/v1/micro-wishes', {
        personId: adult.id,
        category: 'service',
        content: '别户的需求',
        needId: uuidv7(),
      }),
      404,
      'need_not_found',
    );
  });

  it('counts figures by region, period and claimant kind, lists the late ones and tells their claimant and village once', async () => {
    const before = (
      await agents.village.get(`/api/v1/micro-wishes/figures?regionId=${world.memberVillage.id}`)
    ).json<WishFigures>();
    const wish = await published();
    const claimed = await step(agents.cadre, wish, {
      action: 'claim',
      claimant: { kind: 'cadre', id: cadreStaff.id },
      promisedOn: chinaToday(),
    });
    // The promised date passes.
    await test.db
      .update(microWishes)
      .set({ promisedOn: addDays(chinaToday(), -2) })
      .where(eq(microWishes.id, claimed.id));
    const after = (
      await agents.village.get(`/api/v1/micro-wishes/figures?regionId=${world.memberVillage.id}`)
    ).json<WishFigures>();
    expect(after.registered - before.registered).toBe(1);
    expect(after.published - before.published).toBe(1);
    expect(after.claimed - before.claimed).toBe(1);
    expect(after.claimedBy.cadre - before.claimedBy.cadre).toBe(1);
    expect(after.late - before.late).toBe(1);
    expect(after.regions.find((row) => row.regionId === world.memberGrid.id)!.claimed).toBeGreaterThanOrEqual(1);

    const late = (await agents.village.get('/api/v1/micro-wishes?isLate=true&limit=200')).json<WishPage>();
    expect(late.items.find((item) => item.id === claimed.id)).toMatchObject({ isLate: true });

    expect(await notifyLateWishes(test.db)).toBeGreaterThanOrEqual(1);
    expect(await notifyLateWishes(test.db)).toBe(0);
    const told = async (accountId: string) =>
      (await unread(accountId, 'wish_late')).filter((row) => row.params.wishId === claimed.id).length;
    expect(await told(world.accounts.cadre.id)).toBe(1);
    expect(await told(world.accounts.village.id)).toBe(1);

    const workbook = await agents.village.get(`/api/v1/micro-wishes/figures.xlsx?regionId=${world.memberVillage.id}`);
    expectStatus(workbook, 200);
    expect(workbook.headers['content-type']).toContain('spreadsheetml');
    expect(workbook.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('keeps grid B’s wishes from a grid-A user: no read, list, figures, photo or export, and the look is audited', async () => {
    const wish = await register(agents.member);
    expectError(await agents.member2.get(`/api/v1/micro-wishes/${wish.id}`), 404, 'wish_not_found');
    expectError(await act(agents.member2, wish, { action: 'acknowledge', words: 'x' }), 404, 'wish_not_found');
    expectError(await agents.member2.get(`/api/v1/micro-wishes/${wish.id}/photo`), 404, 'wish_not_found');
    const list = (await agents.member2.get('/api/v1/micro-wishes?limit=200')).json<WishPage>();
    expect(list.items.some((item) => item.id === wish.id)).toBe(false);
    expectError(
      await agents.member2.get(`/api/v1/micro-wishes/figures?regionId=${world.memberGrid.id}`),
      404,
      'region_not_found',
    );
    expectError(
      await agents.member2.get(`/api/v1/micro-wishes/figures.xlsx?regionId=${world.memberGrid.id}`),
      404,
      'region_not_found',
    );
    const ownFigures = (await agents.member2.get('/api/v1/micro-wishes/figures')).json<WishFigures>();
    const [ownCount] = await test.db
      .select({ count: sql<number>`count(*)::int` })
      .from(microWishes)
      .where(like(microWishes.regionCode, `${world.otherGrid.code}%`));
    expect(ownFigures.registered).toBeLessThanOrEqual(Number(ownCount!.count));
    expectError(
      await agents.member2.post('/api/v1/micro-wishes', { personId: adult.id, category: 'other', content: '越界' }),
      404,
      'person_not_found',
    );
    void otherGridPerson;
    const denied = await findAuditEntries(test.db, { entityId: wish.id, outcome: 'denied' });
    expect(denied.length).toBeGreaterThanOrEqual(1);
  });
});

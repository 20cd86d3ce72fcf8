import { and, eq, like } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { persons } from '../src/server/db/schema/index.js';
import type { DisputeDetail, DisputeFigures, DisputePage, TalkPoint } from '../src/shared/api/disputes.js';
import { chinaToday } from '../src/shared/clock.js';
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

/** A small PNG: the server recognises a photo by its first bytes. */
const photo = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(512, 3)]);

const outsiderPhone = '13912345678';

describe('dispute mediation (矛盾纠纷调解)', () => {
  let test: TestApp;
  let world: DemoWorld;
  let agents: Record<'county' | 'town' | 'village' | 'member' | 'member2' | 'cadre', Agent>;
  /** An adult and a minor of the member's grid, and an adult of the other grid. */
  let adult: { id: string; name: string; phone: string };
  let minor: { id: string; name: string };
  let otherGridPerson: { id: string };

  beforeAll(async () => {
    test = await createTestApp();
    world = await loadDemoWorld(test.db);
    agents = await signInAll(test.app, ['county', 'town', 'village', 'member', 'member2', 'cadre'] as const);
    const gridPeople = await test.db
      .select()
      .from(persons)
      .where(and(eq(persons.countyId, world.county.id), like(persons.regionCode, `${world.memberGrid.code}%`)));
    const today = chinaToday();
    const adultRow = gridPeople.find((row) => row.phone !== null && row.birthDate !== null && row.birthDate < '1990');
    const minorRow = gridPeople.find(
      (row) => row.birthDate !== null && row.birthDate > `${Number(today.slice(0, 4)) - 15}${today.slice(4)}`,
    );
    if (!adultRow || !minorRow) throw new Error('The demo grid needs an adult with a phone and a child.');
    adult = { id: adultRow.id, name: adultRow.name, phone: adultRow.phone! };
    minor = { id: minorRow.id, name: minorRow.name };
    const [otherRow] = await test.db
      .select({ id: persons.id })
      .from(persons)
      .where(like(persons.regionCode, `${world.otherGrid.code}%`))
      .limit(1);
    otherGridPerson = otherRow!;
  });

  afterAll(async () => {
    await test?.close();
  });

  function register(agent: Agent, body: Record<string, unknown> = {}) {
    return agent.post('/api/v1/disputes', {
      id: uuidv7(),
      regionId: world.memberGrid.id,
      kind: 'neighbour',
      summary: '两户因宅前排水沟堵塞发生争执',
      parties: [{ personId: adult.id }, { name: '外村李师傅', phone: outsiderPhone }],
      ...body,
    });
  }

  async function figuresOf(agent: Agent, regionId: string): Promise<DisputeFigures> {
    const response = await agent.get(`/api/v1/disputes/figures?regionId=${regionId}`);
    expectStatus(response, 200);
    return response.json<DisputeFigures>();
  }

  it('opens on a demo quarter: about 30 disputes, mostly settled in the grid or village, some escalated', async () => {
    const figures = await figuresOf(agents.county, world.county.id);
    expect(figures.disputes).toBeGreaterThanOrEqual(25);
    expect(figures.settledInGrid + figures.settledInVillage).toBeGreaterThan(figures.disputes / 2);
    expect(figures.escalated + figures.settledInTown).toBeGreaterThan(0);
    expect(figures.settledInVillageShare).toBeGreaterThan(0.5);
    const points = (await agents.county.get('/api/v1/talk-points')).json<{ items: TalkPoint[] }>();
    expect(points.items.length).toBeGreaterThanOrEqual(
      world.regions.filter((region) => region.level === 'village').length,
    );
  });

  it('runs a dispute from registration through a session to a settlement in the village, and counts it', async () => {
    const before = await figuresOf(agents.village, world.memberVillage.id);
    const created = await register(agents.member, { hasLegalAid: true, legalAidBy: '镇司法所王律师' });
    expectStatus(created, 201);
    const dispute = created.json<DisputeDetail>();
    expect(dispute).toMatchObject({
      status: 'registered',
      kind: 'neighbour',
      kindName: { zh: '邻里纠纷', en: 'Neighbours' },
      regionName: world.memberGrid.name,
      hasLegalAid: true,
      legalAidBy: '镇司法所王律师',
      sessions: [],
    });
    expect(dispute.parties.map((party) => party.name)).toEqual([adult.name, '外村李师傅']);

    const afterSession = await agents.member.post(`/api/v1/disputes/${dispute.id}/sessions`, {
      heldAt: new Date().toISOString(),
      place: '村百姓说事点',
      attendees: '双方当事人、网格员',
      notes: '双方同意各退一步',
    });
    expectStatus(afterSession, 200);
    expect(afterSession.json<DisputeDetail>()).toMatchObject({ status: 'mediating', sessionCount: 1 });
    expect(afterSession.json<DisputeDetail>().sessions[0]).toMatchObject({ notes: '双方同意各退一步' });

    const settled = await agents.member.post(`/api/v1/disputes/${dispute.id}/outcome`, {
      outcome: 'settled',
      level: 'village',
      agreement: '由甲户负责清理排水沟，乙户承担一半费用。',
    });
    expectStatus(settled, 200);
    expect(settled.json<DisputeDetail>()).toMatchObject({ status: 'settled', settledLevel: 'village' });
    expect(settled.json<DisputeDetail>().closedAt).not.toBeNull();

    const withPhoto = await agents.member.request(
      'PUT',
      `/api/v1/disputes/${dispute.id}/agreement-photo?fileName=agreement.png`,
      photo,
      { 'content-type': 'image/png' },
    );
    expectStatus(withPhoto, 200);
    expect(withPhoto.json<DisputeDetail>().hasAgreementPhoto).toBe(true);
    const fetched = await agents.village.get(`/api/v1/disputes/${dispute.id}/agreement-photo`);
    expectStatus(fetched, 200);
    expect(fetched.headers['content-type']).toBe('image/png');
    expect(fetched.rawPayload.equals(photo)).toBe(true);

    const after = await figuresOf(agents.village, world.memberVillage.id);
    expect(after.disputes - before.disputes).toBe(1);
    expect(after.mediated - before.mediated).toBe(1);
    expect(after.settledInVillage - before.settledInVillage).toBe(1);
    expect(after.settled - before.settled).toBe(1);
    expect(after.settledInVillageShare).toBe(
      Number(((after.settledInGrid + after.settledInVillage) / (after.settled + after.escalated)).toFixed(4)),
    );

    // Concluded: no more sessions, no second outcome.
    expectError(
      await agents.member.post(`/api/v1/disputes/${dispute.id}/sessions`, {
        heldAt: new Date().toISOString(),
        notes: '再谈一次',
      }),
      409,
      'dispute_changed',
    );
    expectError(
      await agents.member.post(`/api/v1/disputes/${dispute.id}/outcome`, { outcome: 'withdrawn', note: '撤回' }),
      409,
      'dispute_changed',
    );
    const audited = await findAuditEntries(test.db, { entityId: dispute.id });
    expect(audited.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['dispute.create', 'dispute.add_session', 'dispute.settle', 'dispute.add_photo']),
    );
  });

  it('sends an escalated dispute to the town, which may settle it there; the share settled below counts it', async () => {
    const before = await figuresOf(agents.town, world.town.id);
    const dispute = (await register(agents.member, { kind: 'land' })).json<DisputeDetail>();
    expectError(
      await agents.member.post(`/api/v1/disputes/${dispute.id}/outcome`, {
        outcome: 'escalated',
        to: 'town_committee',
      }),
      400,
      'validation_failed',
    );
    const escalated = await agents.member.post(`/api/v1/disputes/${dispute.id}/outcome`, {
      outcome: 'escalated',
      to: 'town_committee',
      note: '涉及承包合同，村里调不下来',
    });
    expectStatus(escalated, 200);
    expect(escalated.json<DisputeDetail>()).toMatchObject({ status: 'escalated', escalatedTo: 'town_committee' });

    const townList = (
      await agents.town.get('/api/v1/disputes?escalatedTo=town_committee&limit=200')
    ).json<DisputePage>();
    expect(townList.items.map((item) => item.id)).toContain(dispute.id);
    const middle = await figuresOf(agents.town, world.town.id);
    expect(middle.escalated - before.escalated).toBe(1);

    // At the town's committee it is settled at town level, not lower.
    expectError(
      await agents.town.post(`/api/v1/disputes/${dispute.id}/outcome`, {
        outcome: 'settled',
        level: 'village',
        agreement: '协议',
      }),
      400,
      'validation_failed',
    );
    expectStatus(
      await agents.town.post(`/api/v1/disputes/${dispute.id}/sessions`, {
        heldAt: new Date().toISOString(),
        notes: '镇调委会调解',
      }),
      200,
    );
    const settled = await agents.town.post(`/api/v1/disputes/${dispute.id}/outcome`, {
      outcome: 'settled',
      level: 'town',
      agreement: '按合同重新划界。',
    });
    expectStatus(settled, 200);
    const after = await figuresOf(agents.town, world.town.id);
    expect(after.escalated - before.escalated).toBe(0);
    expect(after.settledInTown - before.settledInTown).toBe(1);
    const concluded = after.settled + after.escalated;
    expect(after.settledInVillageShare).toBe(
      Number(((after.settledInGrid + after.settledInVillage) / concluded).toFixed(4)),
    );

    // A court's case is out of the chain: nothing more is recorded on it.
    const toCourt = (await register(agents.member, { kind: 'damages' })).json<DisputeDetail>();
    expectStatus(
      await agents.member.post(`/api/v1/disputes/${toCourt.id}/outcome`, {
        outcome: 'escalated',
        to: 'court',
        note: '当事人已起诉',
      }),
      200,
    );
    expectError(
      await agents.town.post(`/api/v1/disputes/${toCourt.id}/outcome`, {
        outcome: 'settled',
        level: 'town',
        agreement: '协议',
      }),
      409,
      'dispute_changed',
    );
  });

  it('masks the parties by the registry’s rules, and reveals phones only with a reason (audited)', async () => {
    const dispute = (
      await register(agents.member, {
        kind: 'family',
        parties: [{ personId: adult.id }, { personId: minor.id }, { name: '外来务工人员', phone: outsiderPhone }],
      })
    ).json<DisputeDetail>();
    await agents.member.post(`/api/v1/disputes/${dispute.id}/sessions`, {
      heldAt: new Date().toISOString(),
      notes: `对方电话 ${outsiderPhone}，身份证号 330102198001011234`,
    });

    // A cadre (no sensitive.read) sees masked phones, the child's name cut short and no numbers in the notes.
    const cadreView = (await agents.cadre.get(`/api/v1/disputes/${dispute.id}`)).json<DisputeDetail>();
    const [cadreAdult, cadreMinor, cadreOutsider] = cadreView.parties;
    expect(cadreAdult!.phone).not.toBe(adult.phone);
    expect(cadreAdult!.phone).toMatch(/\*{4}/);
    expect(cadreMinor!.name).toBe(`${[...minor.name][0]}*`);
    expect(cadreOutsider!.phone).toBe('139****5678');
    expect(cadreView.isMasked).toBe(true);
    expect(cadreView.sessions[0]!.notes).not.toContain(outsiderPhone);
    expect(cadreView.sessions[0]!.notes).not.toContain('19800101');
    expect(JSON.stringify(cadreView)).not.toContain(adult.phone);
    const cadreList = (await agents.cadre.get('/api/v1/disputes?limit=200')).json<DisputePage>();
    expect(JSON.stringify(cadreList)).not.toContain(outsiderPhone);
    expect(JSON.stringify(cadreList)).not.toContain(minor.name);
    expectError(await agents.cadre.get(`/api/v1/disputes/${dispute.id}?reveal=true&reason=核实`), 403, 'forbidden');

    // A grid member sees masked phones until revealing them with a reason, which the audit log keeps.
    const memberView = (await agents.member.get(`/api/v1/disputes/${dispute.id}`)).json<DisputeDetail>();
    expect(memberView.parties[2]!.phone).toBe('139****5678');
    expect(memberView.parties[1]!.name).toBe(minor.name);
    expectError(await agents.member.get(`/api/v1/disputes/${dispute.id}?reveal=true`), 400, 'validation_failed');
    const revealed = (
      await agents.member.get(`/api/v1/disputes/${dispute.id}?reveal=true&reason=${encodeURIComponent('回访当事人')}`)
    ).json<DisputeDetail>();
    expect(revealed.parties[0]!.phone).toBe(adult.phone);
    expect(revealed.parties[2]!.phone).toBe(outsiderPhone);
    const reveals = await findAuditEntries(test.db, { entityId: dispute.id, action: 'dispute.reveal' });
    expect(reveals).toHaveLength(1);
    expect(reveals[0]!.details).toMatchObject({ reason: '回访当事人' });
  });

  it('registers a dispute once per client id, however often the phone sends it', async () => {
    const id = uuidv7();
    const first = await register(agents.member, { id });
    expectStatus(first, 201);
    const again = await register(agents.member, { id, summary: '重发的同一条记录' });
    expectStatus(again, 200);
    expect(again.json<DisputeDetail>().summary).toBe(first.json<DisputeDetail>().summary);
    const creations = await findAuditEntries(test.db, { entityId: id, action: 'dispute.create' });
    expect(creations).toHaveLength(1);
    // Someone else's id is not theirs to read back.
    expectError(await register(agents.village, { id }), 409, 'client_id_taken');

    const sessionId = uuidv7();
    const session = { id: sessionId, heldAt: new Date().toISOString(), notes: '第一次调解' };
    expectStatus(await agents.member.post(`/api/v1/disputes/${id}/sessions`, session), 200);
    const repeated = await agents.member.post(`/api/v1/disputes/${id}/sessions`, session);
    expect(repeated.json<DisputeDetail>().sessions).toHaveLength(1);
    // The same rule for a session: its id is its author's, on its own dispute.
    expectError(await agents.village.post(`/api/v1/disputes/${id}/sessions`, session), 409, 'client_id_taken');
  });

  it('records an outcome once per client id, and a later outcome with its own id still counts', async () => {
    const dispute = (await register(agents.member)).json<DisputeDetail>();
    const escalation = { id: uuidv7(), outcome: 'escalated', to: 'town_committee', note: '村里调不下来' };
    expectStatus(await agents.member.post(`/api/v1/disputes/${dispute.id}/outcome`, escalation), 200);
    // The phone's queue sends it again (the answer was lost): the same dispute, nothing recorded twice.
    const again = await agents.member.post(`/api/v1/disputes/${dispute.id}/outcome`, escalation);
    expectStatus(again, 200);
    expect(again.json<DisputeDetail>()).toMatchObject({ status: 'escalated', escalatedTo: 'town_committee' });
    expect(await findAuditEntries(test.db, { entityId: dispute.id, action: 'dispute.escalate' })).toHaveLength(1);
    // Without the id, a second escalation is refused as before.
    const { id: _id, ...withoutId } = escalation;
    expectError(await agents.member.post(`/api/v1/disputes/${dispute.id}/outcome`, withoutId), 409, 'dispute_changed');
    const settlement = { id: uuidv7(), outcome: 'settled', level: 'town', agreement: '镇调委会主持达成协议。' };
    expectStatus(await agents.town.post(`/api/v1/disputes/${dispute.id}/outcome`, settlement), 200);
    const settledAgain = await agents.town.post(`/api/v1/disputes/${dispute.id}/outcome`, settlement);
    expectStatus(settledAgain, 200);
    expect(settledAgain.json<DisputeDetail>()).toMatchObject({ status: 'settled', settledLevel: 'town' });
    expect(await findAuditEntries(test.db, { entityId: dispute.id, action: 'dispute.settle' })).toHaveLength(1);
    // The escalation's id, sent once more after the settlement, is no longer the last outcome: refused, not replayed.
    expectError(await agents.member.post(`/api/v1/disputes/${dispute.id}/outcome`, escalation), 409, 'dispute_changed');
    expectError(
      await agents.member.post(`/api/v1/disputes/${dispute.id}/outcome`, { ...settlement, id: 'not-a-uuid' }),
      400,
      'validation_failed',
    );
  });

  it('keeps each grid’s disputes to its own scope: outside reads like missing, and is audited', async () => {
    const dispute = (await register(agents.member)).json<DisputeDetail>();
    expectError(await agents.member2.get(`/api/v1/disputes/${dispute.id}`), 404, 'dispute_not_found');
    const denied = await findAuditEntries(test.db, {
      entityId: dispute.id,
      outcome: 'denied',
      actorId: world.accounts.member2.id,
    });
    expect(denied.map((entry) => entry.action)).toEqual(['dispute.read']);
    expectError(
      await agents.member2.post(`/api/v1/disputes/${dispute.id}/sessions`, {
        heldAt: new Date().toISOString(),
        notes: '越权',
      }),
      404,
      'dispute_not_found',
    );
    expectError(
      await agents.member2.post(`/api/v1/disputes/${dispute.id}/outcome`, { outcome: 'withdrawn', note: '越权' }),
      404,
      'dispute_not_found',
    );
    expectError(await agents.member2.get(`/api/v1/disputes/${dispute.id}/agreement-photo`), 404, 'dispute_not_found');
    const otherList = (await agents.member2.get('/api/v1/disputes?limit=200')).json<DisputePage>();
    expect(otherList.items.map((item) => item.id)).not.toContain(dispute.id);
    expect(otherList.items.every((item) => item.regionId === world.otherGrid.id)).toBe(true);
    expectError(await agents.member2.get(`/api/v1/disputes?regionId=${world.memberGrid.id}`), 404, 'region_not_found');
    expectError(
      await agents.member2.get(`/api/v1/disputes/figures?regionId=${world.memberGrid.id}`),
      404,
      'region_not_found',
    );
    // A resident of another grid cannot be named as a party by someone who cannot see them.
    expectError(
      await register(agents.member, { parties: [{ personId: otherGridPerson.id }] }),
      404,
      'person_not_found',
    );
    // The village and the town see it; the other town does not.
    const villageList = (await agents.village.get('/api/v1/disputes?limit=200')).json<DisputePage>();
    expect(villageList.items.map((item) => item.id)).toContain(dispute.id);
    expect(villageList.items.every((item) => item.regionName !== undefined)).toBe(true);
  });

  it('lets only those who mediate register, and the county keep its kinds', async () => {
    expectError(await register(agents.cadre), 403, 'forbidden');
    expectError(
      await agents.member.put('/api/v1/dispute-kinds/water', { nameZh: '用水纠纷', nameEn: 'Water' }),
      403,
      'forbidden',
    );
    expectError(await register(agents.member, { kind: 'water' }), 400, 'validation_failed');
    expectStatus(await agents.county.put('/api/v1/dispute-kinds/water', { nameZh: '用水纠纷', nameEn: 'Water' }), 200);
    const kinds = (await agents.member.get('/api/v1/dispute-kinds')).json<{ items: { code: string }[] }>();
    expect(kinds.items.map((kind) => kind.code)).toEqual(
      expect.arrayContaining([
        'neighbour',
        'family',
        'land',
        'labour',
        'property_management',
        'damages',
        'other',
        'water',
      ]),
    );
    const created = await register(agents.member, { kind: 'water' });
    expectStatus(created, 201);
    expect(created.json<DisputeDetail>().kindName).toEqual({ zh: '用水纠纷', en: 'Water' });
  });

  it('keeps talk points per village, and mediates at one only in its own village', async () => {
    const created = await agents.village.post('/api/v1/talk-points', {
      regionId: world.memberVillage.id,
      name: '村口老槐树百姓说事点',
      host: '退休老支书',
    });
    expectStatus(created, 201);
    const point = created.json<TalkPoint>();
    const listed = (await agents.member.get('/api/v1/talk-points')).json<{ items: TalkPoint[] }>();
    expect(listed.items.map((item) => item.id)).toContain(point.id);
    expectError(
      await agents.member.post('/api/v1/talk-points', { regionId: world.memberGrid.id, name: '网格说事点' }),
      400,
      'validation_failed',
    );
    const mediated = await register(agents.member, {
      mediators: { volunteerNames: ['张大妈'], talkPointId: point.id },
    });
    expectStatus(mediated, 201);
    expect(mediated.json<DisputeDetail>().mediators).toMatchObject({
      volunteerNames: ['张大妈'],
      talkPoint: { id: point.id, name: '村口老槐树百姓说事点' },
    });
    // member2's grid lies in another village: this talk point is not theirs.
    const [otherPerson] = [otherGridPerson];
    expectError(
      await agents.member2.post('/api/v1/disputes', {
        id: uuidv7(),
        regionId: world.otherGrid.id,
        kind: 'other',
        summary: '别村的说事点',
        parties: [{ personId: otherPerson!.id }],
        mediators: { talkPointId: point.id },
      }),
      404,
      'not_found',
    );
  });

  it('refuses bad input with 400, never 500', async () => {
    const bad: Record<string, unknown>[] = [
      { summary: 'a\u0000b' },
      { summary: 'x'.repeat(5000) },
      { id: '0192f5c8-1d3e-4abc-8def-0123456789ab' },
      { id: 'not-a-uuid' },
      { registeredAt: '2026-02-30T10:00:00+08:00' },
      { registeredAt: '0000-01-01T00:00:00Z' },
      { kind: 'Bad Kind' },
      { parties: [] },
      { parties: [{ name: '张三', phone: '123' }] },
      { parties: [{ personId: adult.id, name: '两者都给' }] },
      { registeredAt: '2099-01-01T00:00:00Z' },
    ];
    for (const body of bad) {
      const response = await register(agents.member, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
    }
    // A dispute arises in a grid, not in a village as a whole.
    expectError(await register(agents.village, { regionId: world.memberVillage.id }), 400, 'validation_failed');
    const dispute = (await register(agents.member)).json<DisputeDetail>();
    for (const body of [
      { outcome: 'settled', level: 'village' },
      { outcome: 'settled', level: 'county', agreement: '协议' },
      { outcome: 'nonsense' },
      { outcome: 'withdrawn', note: '\u0000' },
    ]) {
      expectError(await agents.member.post(`/api/v1/disputes/${dispute.id}/outcome`, body), 400, 'validation_failed');
    }
    expectError(
      await agents.member.post(`/api/v1/disputes/${dispute.id}/sessions`, { heldAt: 'yesterday', notes: '记录' }),
      400,
      'validation_failed',
    );
    expectError(await agents.member.patch(`/api/v1/disputes/${dispute.id}`, {}), 400, 'validation_failed');
    expectError(
      await agents.member.patch(`/api/v1/disputes/${dispute.id}`, { summary: '改', version: dispute.version + 5 }),
      409,
      'dispute_changed',
    );
    expectError(
      await agents.member.request('PUT', `/api/v1/disputes/${dispute.id}/agreement-photo?fileName=a.txt`, 'hello', {
        'content-type': 'application/octet-stream',
      }),
      400,
      'unsupported_file',
    );
    for (const url of [
      '/api/v1/disputes?cursor=nonsense',
      '/api/v1/disputes?status=open',
      '/api/v1/disputes?limit=100000',
      '/api/v1/disputes/not-a-uuid',
      '/api/v1/disputes/figures?from=2026-13-01',
      '/api/v1/disputes/figures?from=2026-05-01&to=2026-04-01',
      '/api/v1/disputes/figures?from=2020-01-01&to=2026-01-01',
    ]) {
      expectError(await agents.member.get(url), 400, 'validation_failed');
    }
    expectError(await agents.member.get(`/api/v1/disputes/${uuidv7()}`), 404, 'dispute_not_found');
  });

  it('changes what was registered while open, and pages the list newest first', async () => {
    const dispute = (await register(agents.member)).json<DisputeDetail>();
    const changed = await agents.member.patch(`/api/v1/disputes/${dispute.id}`, {
      version: dispute.version,
      summary: '排水沟纠纷（补充：涉及院墙）',
      parties: [{ personId: adult.id }],
    });
    expectStatus(changed, 200);
    expect(changed.json<DisputeDetail>()).toMatchObject({ summary: '排水沟纠纷（补充：涉及院墙）' });
    expect(changed.json<DisputeDetail>().parties).toHaveLength(1);
    const byPerson = (await agents.member.get(`/api/v1/disputes?personId=${adult.id}&limit=200`)).json<DisputePage>();
    expect(byPerson.items.map((item) => item.id)).toContain(dispute.id);

    const first = (await agents.village.get('/api/v1/disputes?limit=3')).json<DisputePage>();
    expect(first.items).toHaveLength(3);
    const second = (
      await agents.village.get(`/api/v1/disputes?limit=3&cursor=${encodeURIComponent(first.nextCursor!)}`)
    ).json<DisputePage>();
    const ids = [...first.items, ...second.items].map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    const times = [...first.items, ...second.items].map((item) => Date.parse(item.registeredAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const open = (
      await agents.village.get('/api/v1/disputes?status=registered,mediating&limit=200')
    ).json<DisputePage>();
    expect(open.items.every((item) => item.status === 'registered' || item.status === 'mediating')).toBe(true);
  });
});

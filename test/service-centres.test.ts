import { and, eq, lt } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { persons } from '../src/server/db/schema/index.js';
import type { Page } from '../src/shared/api/common.js';
import type {
  CentreFigures,
  Consultation,
  ConsultationKindList,
  ServiceCentre,
  ServiceCentreList,
} from '../src/shared/api/service-centres.js';
import { addDays, chinaToday } from '../src/shared/clock.js';
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
 * Party-mass service centres (党群服务中心) through the API: the county's consultation kinds, centres and talk points
 * of towns and villages, consultations logged at the desk (by the village, and by a grid worker taking a turn
 * there, who sees only their own), the figures by kind, outcome and month and their workbook, scope and bad input.
 */

const usernames = ['county', 'town', 'village', 'member', 'member2', 'cadre'] as const;

let test: TestApp;
let world: DemoWorld;
let agents: Record<(typeof usernames)[number], Agent>;
let residentId: string;
let otherVillageResidentId: string;
let villageCentre: ServiceCentre;
let townCentre: ServiceCentre;

beforeAll(async () => {
  test = await createTestApp();
  world = await loadDemoWorld(test.db);
  agents = await signInAll(test.app, usernames);
  const adultBorn = addDays(chinaToday(), -365 * 25);
  const adultIn = (regionId: string) =>
    test.db
      .select({ id: persons.id })
      .from(persons)
      .where(and(eq(persons.regionId, regionId), lt(persons.birthDate, adultBorn)))
      .limit(1);
  residentId = (await adultIn(world.memberGrid.id))[0]!.id;
  const otherVillageGrid = world.childrenOf(world.otherVillage.id)[0]!;
  otherVillageResidentId = (await adultIn(otherVillageGrid.id))[0]!.id;
  expect(world.otherVillage.id).not.toBe(world.memberVillage.id);
});

afterAll(() => test?.close());

async function createCentre(agent: Agent, body: Record<string, unknown>): Promise<ServiceCentre> {
  const response = await agent.post('/api/v1/service-centres', body);
  expectStatus(response, 201);
  return response.json<ServiceCentre>();
}

async function log(agent: Agent, centreId: string, body: Record<string, unknown>): Promise<Consultation> {
  const response = await agent.post(`/api/v1/service-centres/${centreId}/consultations`, body);
  expectStatus(response, 201);
  return response.json<Consultation>();
}

async function consultations(agent: Agent, centreId: string, query = ''): Promise<Consultation[]> {
  const response = await agent.get(`/api/v1/service-centres/${centreId}/consultations?limit=200&${query}`);
  expectStatus(response, 200);
  return response.json<Page<Consultation>>().items;
}

describe('consultation kinds', () => {
  it('starts every county with the default kinds, which the county renames, retires and adds to', async () => {
    const kinds = (await agents.member.get('/api/v1/consultation-kinds')).json<ConsultationKindList>().items;
    expect(kinds.map((kind) => kind.code)).toEqual([
      'policy',
      'social_security',
      'civil_affairs',
      'certificate',
      'employment',
      'legal',
      'complaint',
      'other',
    ]);
    const renamed = await agents.county.put('/api/v1/consultation-kinds/certificate', {
      nameZh: '开具证明',
      nameEn: 'Certificates',
    });
    expectStatus(renamed, 200);
    expect(renamed.json()).toMatchObject({ code: 'certificate', nameZh: '开具证明', isDefault: true, isActive: true });
    const own = await agents.county.put('/api/v1/consultation-kinds/elderly_care', {
      nameZh: '养老服务',
      nameEn: 'Elderly care',
    });
    expect(own.json()).toMatchObject({ isDefault: false, isActive: true });
    expectStatus(
      await agents.county.put('/api/v1/consultation-kinds/legal', {
        nameZh: '法律服务',
        nameEn: 'Legal',
        isActive: false,
      }),
      200,
    );
    const after = (await agents.village.get('/api/v1/consultation-kinds')).json<ConsultationKindList>().items;
    expect(after.find((kind) => kind.code === 'elderly_care')?.nameZh).toBe('养老服务');
    expect(after.find((kind) => kind.code === 'legal')?.isActive).toBe(false);

    expectError(
      await agents.village.put('/api/v1/consultation-kinds/other', { nameZh: '其他', nameEn: 'Other' }),
      403,
      'forbidden',
    );
    expectError(
      await agents.county.put('/api/v1/consultation-kinds/Bad-Code', { nameZh: '错', nameEn: 'Bad' }),
      400,
      'validation_failed',
    );
    expectError(
      await agents.county.put('/api/v1/consultation-kinds/blank', { nameZh: ' ', nameEn: 'Blank' }),
      400,
      'validation_failed',
    );
    expect(
      await findAuditEntries(test.db, { action: 'consultation_kind.update', entityId: 'elderly_care' }),
    ).toHaveLength(1);
  });
});

describe('centres and talk points', () => {
  it('lets the village add a centre and a talk point and the town its centre, at their levels only', async () => {
    villageCentre = await createCentre(agents.village, {
      regionId: world.memberVillage.id,
      kind: 'centre',
      name: '北苑社区党群服务中心',
      address: '北苑路 1 号',
      phone: '0371-12345678',
    });
    expect(villageCentre).toMatchObject({ kind: 'centre', regionName: world.memberVillage.name, consultationCount: 0 });
    const talkPoint = await createCentre(agents.village, {
      regionId: world.memberVillage.id,
      kind: 'talk_point',
      name: '槐树下说事点',
    });
    townCentre = await createCentre(agents.town, { regionId: world.town.id, kind: 'centre', name: '镇党群服务中心' });
    expect(
      await findAuditEntries(test.db, { action: 'service_centre.create', entityId: villageCentre.id }),
    ).toHaveLength(1);

    // A talk point is a village's; a centre a town's or a village's; never a grid's.
    expectError(
      await agents.town.post('/api/v1/service-centres', {
        regionId: world.town.id,
        kind: 'talk_point',
        name: '说事点',
      }),
      400,
      'validation_failed',
    );
    expectError(
      await agents.village.post('/api/v1/service-centres', {
        regionId: world.memberGrid.id,
        kind: 'centre',
        name: '网格中心',
      }),
      400,
      'validation_failed',
    );
    // Grid workers log at the desk but do not open centres; a village cannot open one in another village.
    expectError(
      await agents.member.post('/api/v1/service-centres', {
        regionId: world.memberVillage.id,
        kind: 'centre',
        name: '中心',
      }),
      403,
      'forbidden',
    );
    expectError(
      await agents.village.post('/api/v1/service-centres', {
        regionId: world.otherVillage.id,
        kind: 'centre',
        name: '中心',
      }),
      404,
      'region_not_found',
    );

    // A grid member sees the centres of the village and town above their grid; the town sees its villages'.
    const memberSees = (await agents.member.get('/api/v1/service-centres')).json<ServiceCentreList>().items;
    expect(memberSees.map((centre) => centre.id)).toEqual(
      expect.arrayContaining([villageCentre.id, talkPoint.id, townCentre.id]),
    );
    const townSees = (await agents.town.get('/api/v1/service-centres')).json<ServiceCentreList>().items;
    expect(townSees.map((centre) => centre.id)).toEqual(
      expect.arrayContaining([villageCentre.id, talkPoint.id, townCentre.id]),
    );
    const villageOnly = (
      await agents.town.get(`/api/v1/service-centres?regionId=${world.memberVillage.id}`)
    ).json<ServiceCentreList>().items;
    expect(villageOnly.map((centre) => centre.id)).toEqual(
      expect.arrayContaining([villageCentre.id, talkPoint.id, townCentre.id]),
    );
  });
});

describe('consultations', () => {
  it('logs what the desk handled, naming the resident as the registry does, a grid worker seeing only their own', async () => {
    const byMember = await log(agents.member, villageCentre.id, {
      kind: 'social_security',
      outcome: 'handled',
      subject: '城乡居民医保缴费',
      personId: residentId,
      note: '已代缴',
    });
    const registryName = (await agents.member.get(`/api/v1/persons/${residentId}`)).json<{ name: string }>().name;
    expect(byMember).toMatchObject({
      kind: 'social_security',
      kindName: { zh: '社保医保', en: 'Social and medical insurance' },
      outcome: 'handled',
      person: { id: residentId, name: registryName },
    });
    const earlier = new Date(Date.now() - 40 * 24 * 3600 * 1000).toISOString();
    const byVillage = await log(agents.village, villageCentre.id, {
      kind: 'elderly_care',
      outcome: 'referred',
      subject: '高龄补贴申请',
      happenedAt: earlier,
    });
    expect(byVillage.person).toBeNull();
    await log(agents.village, villageCentre.id, { kind: 'policy', outcome: 'answered', subject: '低保政策' });

    const villageList = await consultations(agents.village, villageCentre.id);
    expect(villageList.map((item) => item.id).slice(0, 3)).toEqual(expect.arrayContaining([byMember.id, byVillage.id]));
    expect(villageList.at(-1)?.id).toBe(byVillage.id);
    expect((await consultations(agents.village, villageCentre.id, 'outcome=referred')).map((item) => item.id)).toEqual([
      byVillage.id,
    ]);
    expect((await consultations(agents.village, villageCentre.id, 'kind=policy')).map((item) => item.subject)).toEqual([
      '低保政策',
    ]);
    // At the village's desk the grid member sees what they logged, not the village's other residents.
    expect((await consultations(agents.member, villageCentre.id)).map((item) => item.id)).toEqual([byMember.id]);
    const page = (await agents.village.get(`/api/v1/service-centres/${villageCentre.id}/consultations?limit=2`)).json<
      Page<Consultation>
    >();
    expect(page.items).toHaveLength(2);
    const next = (
      await agents.village.get(
        `/api/v1/service-centres/${villageCentre.id}/consultations?limit=2&cursor=${encodeURIComponent(page.nextCursor!)}`,
      )
    ).json<Page<Consultation>>();
    expect(next.items.map((item) => item.id)).toEqual([byVillage.id]);

    const centre = (await agents.village.get(`/api/v1/service-centres/${villageCentre.id}`)).json<ServiceCentre>();
    expect(centre.consultationCount).toBe(3);
    expect(
      await findAuditEntries(test.db, { action: 'service_centre.record_consultation', entityId: villageCentre.id }),
    ).toHaveLength(3);
    // Reading and logging is everyone's; logging at the desk is grid work, not a cadre's.
    expectError(
      await agents.cadre.post(`/api/v1/service-centres/${villageCentre.id}/consultations`, {
        kind: 'policy',
        outcome: 'answered',
        subject: '咨询',
      }),
      403,
      'forbidden',
    );
  });

  it('refuses a kind the county does not use, a time to come, a resident from elsewhere and bad input', async () => {
    const url = `/api/v1/service-centres/${villageCentre.id}/consultations`;
    const valid = { kind: 'policy', outcome: 'answered', subject: '咨询' };
    for (const body of [
      {},
      { ...valid, kind: 'nope' },
      { ...valid, kind: 'legal' },
      { ...valid, outcome: 'lost' },
      { ...valid, subject: '' },
      { ...valid, subject: 'x'.repeat(201) },
      { ...valid, happenedAt: new Date(Date.now() + 3600 * 1000).toISOString() },
      { ...valid, happenedAt: 'yesterday' },
      { ...valid, personId: 'someone' },
      { ...valid, subject: 'a\u0000b' },
    ]) {
      expectError(await agents.village.post(url, body), 400, 'validation_failed');
    }
    // The county reads everyone, but the resident must live where the centre serves.
    expectError(
      await agents.county.post(url, { ...valid, personId: otherVillageResidentId }),
      400,
      'validation_failed',
    );
    // The village cannot even name a resident of another village.
    expectError(
      await agents.village.post(url, { ...valid, personId: otherVillageResidentId }),
      404,
      'person_not_found',
    );
    expectError(await agents.village.get(`${url}?cursor=nonsense`), 400, 'validation_failed');
    expectError(await agents.village.get(`${url}?limit=0`), 400, 'validation_failed');
    expectError(await agents.village.get('/api/v1/service-centres/not-an-id'), 400, 'validation_failed');
  });
});

describe('figures', () => {
  it('counts a centre’s consultations by kind, outcome and month, and writes them to a workbook', async () => {
    const figures = (
      await agents.town.get(`/api/v1/service-centres/${villageCentre.id}/figures`)
    ).json<CentreFigures>();
    expect(figures.total).toBe(3);
    expect(figures.kinds.find((row) => row.kind === 'social_security')).toMatchObject({ total: 1, handled: 1 });
    expect(figures.kinds.find((row) => row.kind === 'elderly_care')).toMatchObject({ total: 1, referred: 1 });
    expect(figures.kinds.find((row) => row.kind === 'policy')).toMatchObject({ total: 1, answered: 1, pending: 0 });
    expect(figures.months.reduce((total, row) => total + row.total, 0)).toBe(3);
    expect(figures.months.length).toBeGreaterThanOrEqual(1);
    // A period that leaves the consultations out counts none.
    const empty = (
      await agents.town.get(`/api/v1/service-centres/${villageCentre.id}/figures?from=2020-01-01&to=2020-12-31`)
    ).json<CentreFigures>();
    expect(empty).toMatchObject({ total: 0, months: [] });

    const workbook = await agents.village.get(`/api/v1/service-centres/${villageCentre.id}/figures.xlsx`);
    expectStatus(workbook, 200);
    expect(workbook.headers['content-type']).toContain('spreadsheetml');
    expect(workbook.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect(
      await findAuditEntries(test.db, { action: 'service_centre.export', entityId: villageCentre.id }),
    ).toHaveLength(1);
    expectError(
      await agents.town.get(`/api/v1/service-centres/${villageCentre.id}/figures?from=2026-05-01&to=2026-04-01`),
      400,
      'validation_failed',
    );
    expectError(
      await agents.town.get(`/api/v1/service-centres/${villageCentre.id}/figures?from=2020-01-01&to=2026-01-01`),
      400,
      'validation_failed',
    );
  });
});

describe('scope', () => {
  it('answers a centre of another village like a missing one, and audits the look', async () => {
    const elsewhere = await createCentre(agents.county, {
      regionId: world.otherVillage.id,
      kind: 'centre',
      name: '另一村党群服务中心',
    });
    for (const path of ['', '/consultations', '/figures', '/figures.xlsx']) {
      const hidden = await agents.member.get(`/api/v1/service-centres/${elsewhere.id}${path}`);
      const missing = await agents.member.get(`/api/v1/service-centres/${uuidv7()}${path}`);
      expectError(hidden, 404, 'service_centre_not_found');
      expectError(missing, 404, 'service_centre_not_found');
    }
    expectError(
      await agents.member.post(`/api/v1/service-centres/${elsewhere.id}/consultations`, {
        kind: 'policy',
        outcome: 'answered',
        subject: '咨询',
      }),
      404,
      'service_centre_not_found',
    );
    const denied = await findAuditEntries(test.db, { entityId: elsewhere.id, action: 'service_centre.read' });
    expect(denied.map((entry) => entry.outcome)).toContain('denied');
    const listed = (await agents.member.get('/api/v1/service-centres')).json<ServiceCentreList>().items;
    expect(listed.map((centre) => centre.id)).not.toContain(elsewhere.id);
    // Another grid's worker of the same village sees the village's centre but none of this member's residents.
    if (world.region(world.otherGrid.id).parentId === world.memberVillage.id) {
      expect(await consultations(agents.member2, villageCentre.id)).toEqual([]);
    } else {
      expectError(
        await agents.member2.get(`/api/v1/service-centres/${villageCentre.id}/consultations`),
        404,
        'service_centre_not_found',
      );
    }
    expect(await agents.member.get(`/api/v1/service-centres?regionId=${world.otherVillage.id}`)).toMatchObject({
      statusCode: 404,
    });
  });
});

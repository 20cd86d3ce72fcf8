import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectRows } from '../src/server/db/client.js';
import type { CampaignVisit } from '../src/shared/api/campaigns.js';
import type { Visit, VisitPage } from '../src/shared/api/visits.js';
import {
  createTestApp,
  expectStatus,
  findAuditEntries,
  loadDemoWorld,
  signInAll,
  type Agent,
  type DemoWorld,
  type TestApp,
} from './helpers.js';

/**
 * A visit's findings about a household's means or health (a 低保 check, an epidemic check) are sensitive data: a
 * cadre sent down (no sensitive.read) reads "(hidden)" in every place a visit is shown, the village reads them, and
 * each read in clear is in the audit log.
 */

let test: TestApp;
let world: DemoWorld;
let agents: Record<'member' | 'cadre' | 'village' | 'county', Agent>;
let home: { id: string; minorId: string | null };
const secret = '家庭月收入约 1200 元，妻子患慢性病长期服药。';

beforeAll(async () => {
  test = await createTestApp();
  world = await loadDemoWorld(test.db);
  agents = await signInAll(test.app, ['member', 'cadre', 'village', 'county'] as const);
  const [row] = await selectRows<{ id: string; minor_id: string | null }>(
    test.db,
    sql`select h.id,
          (select p.id from persons p where p.household_id = h.id and p.birth_date > now() - interval '10 years' limit 1) as minor_id
        from households h where h.region_id = ${world.memberGrid.id}
        order by (select count(*) from persons p where p.household_id = h.id and p.birth_date > now() - interval '10 years') desc
        limit 1`,
  );
  home = { id: row!.id, minorId: row!.minor_id };
});

afterAll(async () => {
  await test?.close();
});

async function recordVisit(agent: Agent, body: Record<string, unknown>): Promise<Visit> {
  const response = await agent.post('/api/v1/visits', {
    id: uuidv7(),
    householdId: home.id,
    visitedAt: new Date(Date.now() - 30 * 60_000).toISOString(),
    findings: secret,
    ...body,
  });
  expectStatus(response, 201);
  return response.json<Visit>();
}

function listedIn(page: VisitPage, id: string): Visit {
  const visit = page.items.find((item) => item.id === id);
  expect(visit, 'the visit is listed').toBeDefined();
  return visit!;
}

describe('the findings of a sensitive visit', () => {
  it('are hidden from a cadre in the visit, the lists and the household’s history; the village reads them', async () => {
    const visit = await recordVisit(agents.member, {
      purpose: 'subsistence_check',
      personIds: home.minorId ? [home.minorId] : [],
    });
    const hidden = { findings: '', isFindingsHidden: true };

    const byCadre = (await agents.cadre.get(`/api/v1/visits/${visit.id}`)).json<Visit>();
    expect(byCadre).toMatchObject(hidden);
    expect(JSON.stringify(byCadre)).not.toContain('1200');
    // A minor met stays masked as in the registry.
    expect(home.minorId, 'the demo grid has a household with a child').not.toBeNull();
    expect(byCadre.personsMet[0]!.name).toMatch(/^.\*$/);
    const householdHistory = (await agents.cadre.get(`/api/v1/visits?householdId=${home.id}`)).json<VisitPage>();
    expect(listedIn(householdHistory, visit.id)).toMatchObject(hidden);
    const gridList = (
      await agents.cadre.get(`/api/v1/visits?regionId=${world.memberGrid.id}&purpose=subsistence_check`)
    ).json<VisitPage>();
    expect(listedIn(gridList, visit.id)).toMatchObject(hidden);

    const byVillage = (await agents.village.get(`/api/v1/visits/${visit.id}`)).json<Visit>();
    expect(byVillage).toMatchObject({ findings: secret, isFindingsHidden: false });
    const villageList = (await agents.village.get(`/api/v1/visits?householdId=${home.id}`)).json<VisitPage>();
    expect(listedIn(villageList, visit.id).findings).toBe(secret);
  });

  it('hides an epidemic check’s findings too, but not a routine visit’s', async () => {
    const epidemic = await recordVisit(agents.member, { purpose: 'epidemic_check' });
    const routine = await recordVisit(agents.member, { purpose: 'routine', findings: '楼道灯坏了。' });
    expect((await agents.cadre.get(`/api/v1/visits/${epidemic.id}`)).json<Visit>()).toMatchObject({
      findings: '',
      isFindingsHidden: true,
    });
    expect((await agents.cadre.get(`/api/v1/visits/${routine.id}`)).json<Visit>()).toMatchObject({
      findings: '楼道灯坏了。',
      isFindingsHidden: false,
    });
  });

  it('are shown to the cadre who wrote them, and to nobody else without sensitive.read', async () => {
    const own = await recordVisit(agents.cadre, { purpose: 'subsistence_check' });
    expect(own).toMatchObject({ findings: secret, isFindingsHidden: false });
    expect((await agents.cadre.get(`/api/v1/visits/${own.id}`)).json<Visit>().findings).toBe(secret);
  });

  it('are written to the audit log when read in clear, and not when hidden', async () => {
    const visit = await recordVisit(agents.member, { purpose: 'subsistence_check' });
    const readsBefore = await findAuditEntries(test.db, { action: 'visit.read', entityId: visit.id });
    expect(readsBefore, 'the recorder’s own answer is no read of someone else’s data').toEqual([]);

    await agents.cadre.get(`/api/v1/visits/${visit.id}`);
    expect(await findAuditEntries(test.db, { action: 'visit.read', entityId: visit.id })).toEqual([]);

    await agents.village.get(`/api/v1/visits/${visit.id}`);
    await agents.village.get(`/api/v1/visits?householdId=${home.id}`);
    const reads = await findAuditEntries(test.db, { action: 'visit.read', entityId: visit.id });
    expect(reads).toHaveLength(2);
    expect(reads[0]).toMatchObject({
      actorId: world.accounts.village.id,
      entityType: 'visit',
      outcome: 'success',
      regionCode: world.memberGrid.code,
      details: { purpose: 'subsistence_check', findings: true },
    });
  });

  it('are hidden from a cadre on the campaign page’s list of visits', async () => {
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const created = await agents.village.post('/api/v1/campaigns', {
      name: '低保核查走访',
      kind: 'knock_door',
      startDate: today,
      endDate: today,
      regionIds: [world.memberGrid.id],
      participants: [],
    });
    expectStatus(created, 201);
    const campaignId = created.json<{ id: string }>().id;
    const visit = await recordVisit(agents.member, { purpose: 'subsistence_check', campaignId });
    const visitsOf = async (agent: Agent) =>
      (await agent.get(`/api/v1/campaigns/${campaignId}/visits`))
        .json<{ items: CampaignVisit[] }>()
        .items.find((item) => item.id === visit.id);
    expect(await visitsOf(agents.cadre)).toMatchObject({ findings: '', isFindingsHidden: true });
    expect(await visitsOf(agents.village)).toMatchObject({ findings: secret, isFindingsHidden: false });
  });
});

describe('a purpose the county marks sensitive', () => {
  const ownPurpose = { code: 'elderly_check', zh: '独居老人探访', en: 'Check on an elder living alone' };

  async function savePurposes(items: Record<string, unknown>[]) {
    const response = await agents.county.request('PUT', '/api/v1/visit-purposes', { items });
    expectStatus(response, 200);
    return response.json<{ items: { code: string; isSensitive: boolean }[] }>().items;
  }

  it('hides its findings from the cadre as the built-in sensitive purposes’ are, and audits the village’s read', async () => {
    const current = (await agents.county.get('/api/v1/visit-purposes')).json<{ items: Record<string, unknown>[] }>();
    await savePurposes([...current.items, { ...ownPurpose, isSensitive: true }]);
    const visit = await recordVisit(agents.member, { purpose: ownPurpose.code });
    expect((await agents.cadre.get(`/api/v1/visits/${visit.id}`)).json<Visit>()).toMatchObject({
      findings: '',
      isFindingsHidden: true,
    });
    expect((await agents.village.get(`/api/v1/visits/${visit.id}`)).json<Visit>().findings).toBe(secret);
    const reads = await findAuditEntries(test.db, { action: 'visit.read', entityId: visit.id });
    expect(reads.map((entry) => entry.details)).toContainEqual({ purpose: ownPurpose.code, findings: true });
  });

  it('cannot unmark a 低保 check: a list saying it is not sensitive still hides its findings', async () => {
    const items = await savePurposes([
      { code: 'subsistence_check', zh: '低保核查', en: 'Subsistence allowance check', isSensitive: false },
      { code: 'routine', zh: '日常走访', en: 'Routine visit' },
    ]);
    expect(items.find((item) => item.code === 'subsistence_check')?.isSensitive).toBe(true);
    const visit = await recordVisit(agents.member, { purpose: 'subsistence_check' });
    expect((await agents.cadre.get(`/api/v1/visits/${visit.id}`)).json<Visit>().isFindingsHidden).toBe(true);
  });
});

import { randomUUID } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignKind } from '../src/shared/api/campaigns.js';
import type { DisputeDetail, DisputeKind, DisputeMediators } from '../src/shared/api/disputes.js';
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
 * The county's settings for field work — its kinds of campaign and of dispute — kept by county staff (the
 * administrator naming a county), and the mediators a dispute may name: staff of its grid and of the regions above.
 */

let test: TestApp;
let world: DemoWorld;
let agents: Record<'admin' | 'county' | 'town' | 'village' | 'member' | 'member2' | 'cadre', Agent>;
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  test = await createTestApp();
  world = await loadDemoWorld(test.db);
  agents = await signInAll(test.app, ['admin', 'county', 'town', 'village', 'member', 'member2', 'cadre'] as const);
});

afterAll(async () => {
  await test?.close();
});

async function campaignKinds(agent: Agent, query = '') {
  const response = await agent.get(`/api/v1/campaign-kinds${query}`);
  expectStatus(response, 200);
  return response.json<{ items: CampaignKind[] }>().items;
}

async function disputeKinds(agent: Agent, query = '') {
  const response = await agent.get(`/api/v1/dispute-kinds${query}`);
  expectStatus(response, 200);
  return response.json<{ items: DisputeKind[] }>().items;
}

function newCampaign(kind: string) {
  return {
    name: '防汛排查行动',
    kind,
    startDate: today(),
    endDate: today(),
    regionIds: [world.memberGrid.id],
    participants: [],
  };
}

function newDispute(body: Record<string, unknown> = {}) {
  return {
    id: uuidv7(),
    regionId: world.memberGrid.id,
    kind: 'neighbour',
    summary: '楼上漏水',
    parties: [{ name: '王某' }],
    ...body,
  };
}

describe('kinds of campaign', () => {
  it('are added, renamed and retired by the county; a retired kind is offered to no new campaign', async () => {
    const added = await agents.county.put('/api/v1/campaign-kinds/flood_watch', {
      nameZh: '防汛排查',
      nameEn: 'Flood watch',
    });
    expectStatus(added, 200);
    expect(added.json<CampaignKind>()).toEqual({
      code: 'flood_watch',
      name: { zh: '防汛排查', en: 'Flood watch' },
      isActive: true,
      isDefault: false,
    });
    // Everyone of the county sees it.
    expect((await campaignKinds(agents.cadre)).map((kind) => kind.code)).toContain('flood_watch');

    const renamed = await agents.county.put('/api/v1/campaign-kinds/flood_watch', {
      nameZh: '汛期排查',
      nameEn: 'Flood season check',
    });
    expect(renamed.json<CampaignKind>().name).toEqual({ zh: '汛期排查', en: 'Flood season check' });
    expectStatus(await agents.village.post('/api/v1/campaigns', newCampaign('flood_watch')), 201);

    await agents.county.put('/api/v1/campaign-kinds/flood_watch', {
      nameZh: '汛期排查',
      nameEn: 'Flood season check',
      isActive: false,
    });
    expect((await campaignKinds(agents.village)).map((kind) => kind.code)).not.toContain('flood_watch');
    const all = await campaignKinds(agents.county, '?includeRetired=true');
    expect(all.find((kind) => kind.code === 'flood_watch')).toMatchObject({ isActive: false, isDefault: false });
    expect(all.find((kind) => kind.code === 'knock_door')).toMatchObject({ isActive: true, isDefault: true });
    expectError(await agents.village.post('/api/v1/campaigns', newCampaign('flood_watch')), 400, 'validation_failed');
  });

  it('renames a default kind and keeps it a default', async () => {
    const renamed = await agents.county.put('/api/v1/campaign-kinds/theme_party_day', {
      nameZh: '主题党日活动',
      nameEn: 'Party day',
    });
    expect(renamed.json<CampaignKind>()).toMatchObject({
      isDefault: true,
      name: { zh: '主题党日活动', en: 'Party day' },
    });
  });

  it('are kept by county staff only, and audited under the kind’s code', async () => {
    const body = { nameZh: '村级自定义', nameEn: 'Village made' };
    expectError(await agents.village.put('/api/v1/campaign-kinds/village_made', body), 403, 'forbidden');
    expectError(await agents.cadre.put('/api/v1/campaign-kinds/village_made', body), 403, 'forbidden');
    expectError(await agents.county.put('/api/v1/campaign-kinds/Bad-Code', body), 400, 'validation_failed');
    expectError(
      await agents.county.put('/api/v1/campaign-kinds/any_code', { nameZh: '', nameEn: 'x' }),
      400,
      'validation_failed',
    );
    const [entry] = await findAuditEntries(test.db, { action: 'campaign_kind.update', entityId: 'theme_party_day' });
    expect(entry).toMatchObject({
      entityType: 'campaign_kind',
      countyId: world.county.id,
      regionCode: world.county.code,
      details: { isNew: false, nameZh: '主题党日活动', isActive: true },
    });
  });

  it('are changed by the administrator in the county it names, and 404 for a county elsewhere', async () => {
    const body = { nameZh: '管理员添加', nameEn: 'Added by the administrator' };
    // Naming no county, the administrator reads the defaults and may change nothing.
    expect((await campaignKinds(agents.admin)).every((kind) => kind.isDefault)).toBe(true);
    expectError(await agents.admin.put('/api/v1/campaign-kinds/admin_made', body), 400, 'validation_failed');
    expectStatus(await agents.admin.put(`/api/v1/campaign-kinds/admin_made?countyId=${world.county.id}`, body), 200);
    expect((await campaignKinds(agents.county)).map((kind) => kind.code)).toContain('admin_made');
    expect((await campaignKinds(agents.admin, `?countyId=${world.county.id}`)).map((kind) => kind.code)).toContain(
      'admin_made',
    );
    expectError(
      await agents.county.put(`/api/v1/campaign-kinds/admin_made?countyId=${randomUUID()}`, body),
      404,
      'region_not_found',
    );
  });
});

describe('kinds of dispute', () => {
  it('are added, renamed and retired by the county; a retired kind takes no new dispute', async () => {
    const added = await agents.county.put('/api/v1/dispute-kinds/debt', { nameZh: '借贷纠纷', nameEn: 'Debts' });
    expectStatus(added, 200);
    expect(added.json<DisputeKind>()).toEqual({
      code: 'debt',
      nameZh: '借贷纠纷',
      nameEn: 'Debts',
      isActive: true,
      isDefault: false,
    });
    expectStatus(await agents.member.post('/api/v1/disputes', newDispute({ kind: 'debt' })), 201);
    await agents.county.put('/api/v1/dispute-kinds/debt', { nameZh: '民间借贷纠纷', nameEn: 'Private loans' });
    await agents.county.put('/api/v1/dispute-kinds/debt', {
      nameZh: '民间借贷纠纷',
      nameEn: 'Private loans',
      isActive: false,
    });
    expect((await disputeKinds(agents.member)).find((kind) => kind.code === 'debt')).toEqual({
      code: 'debt',
      nameZh: '民间借贷纠纷',
      nameEn: 'Private loans',
      isActive: false,
      isDefault: false,
    });
    expectError(await agents.member.post('/api/v1/disputes', newDispute({ kind: 'debt' })), 400, 'validation_failed');
  });

  it('are kept by county staff only, audited under the kind’s code as campaign kinds are', async () => {
    const body = { nameZh: '邻里纠纷（改）', nameEn: 'Neighbours' };
    expectError(await agents.village.put('/api/v1/dispute-kinds/neighbour', body), 403, 'forbidden');
    expectError(await agents.member.put('/api/v1/dispute-kinds/neighbour', body), 403, 'forbidden');
    expectStatus(await agents.county.put('/api/v1/dispute-kinds/neighbour', body), 200);
    const [entry] = await findAuditEntries(test.db, { action: 'dispute_kind.update', entityId: 'neighbour' });
    expect(entry).toMatchObject({
      entityType: 'dispute_kind',
      countyId: world.county.id,
      regionCode: world.county.code,
      details: { isNew: false, nameZh: '邻里纠纷（改）', isActive: true },
    });
    expect((await findAuditEntries(test.db, { action: 'dispute_kind.update', entityId: 'debt' }))[0]).toMatchObject({
      details: { isNew: true },
    });
  });

  it('are changed by the administrator in the county it names', async () => {
    const body = { nameZh: '拆迁纠纷', nameEn: 'Demolition' };
    expectError(await agents.admin.put('/api/v1/dispute-kinds/demolition', body), 400, 'validation_failed');
    expectStatus(await agents.admin.put(`/api/v1/dispute-kinds/demolition?countyId=${world.county.id}`, body), 200);
    expect((await disputeKinds(agents.admin, `?countyId=${world.county.id}`)).map((kind) => kind.code)).toContain(
      'demolition',
    );
    expect((await disputeKinds(agents.admin)).map((kind) => kind.code)).not.toContain('demolition');
    expectError(await agents.county.get(`/api/v1/dispute-kinds?countyId=${randomUUID()}`), 404, 'region_not_found');
  });
});

describe('mediators', () => {
  const gridStaff = () => world.staffIn(world.memberGrid.id);
  const otherGridStaff = () => world.staffIn(world.otherGrid.id);

  it('are offered from the dispute’s grid and the regions above it, the grid’s own first', async () => {
    const response = await agents.village.get(`/api/v1/disputes/mediators?regionId=${world.memberGrid.id}`);
    expectStatus(response, 200);
    const { items } = response.json<DisputeMediators>();
    const ids = items.map((item) => item.staffId);
    for (const staff of gridStaff()) expect(ids).toContain(staff.id);
    for (const staff of otherGridStaff()) expect(ids).not.toContain(staff.id);
    expect(items[0]!.regionId).toBe(world.memberGrid.id);
    expect(
      items.every((item) =>
        [world.memberGrid.id, world.memberVillage.id, world.town.id, world.county.id].includes(item.regionId),
      ),
    ).toBe(true);
  });

  it('are named by the village on a dispute, and shown with their names', async () => {
    const [mediator] = gridStaff();
    const response = await agents.village.post(
      '/api/v1/disputes',
      newDispute({ mediators: { staffIds: [mediator!.id], volunteerNames: ['李大姐'] } }),
    );
    expectStatus(response, 201);
    expect(response.json<DisputeDetail>().mediators).toMatchObject({
      staff: [{ id: mediator!.id, name: mediator!.name }],
      volunteerNames: ['李大姐'],
    });
  });

  it('refuses a mediator of another grid: 400 mediator_not_eligible, or 404 when the caller cannot see them', async () => {
    const [outsider] = otherGridStaff();
    const named = { mediators: { staffIds: [outsider!.id] } };
    // The town sees both grids: the other grid's worker is refused as a mediator here.
    const refused = await agents.town.post('/api/v1/disputes', newDispute(named));
    expect(expectError(refused, 400, 'mediator_not_eligible').message).toContain(outsider!.name);
    // The member does not see the other grid: its worker reads as missing.
    expectError(await agents.member.post('/api/v1/disputes', newDispute(named)), 404, 'staff_not_found');
    // Nor may a change bring them in.
    const created = await agents.town.post('/api/v1/disputes', newDispute());
    const changed = await agents.town.patch(`/api/v1/disputes/${created.json<DisputeDetail>().id}`, named);
    expectError(changed, 400, 'mediator_not_eligible');
    const stored = await agents.town.get(`/api/v1/disputes/${created.json<DisputeDetail>().id}`);
    expect(stored.json<DisputeDetail>().mediators.staff).toEqual([]);
  });

  it('are listed for a grid only, and a grid outside the caller’s scope answers 404 (audited)', async () => {
    expectError(
      await agents.village.get(`/api/v1/disputes/mediators?regionId=${world.memberVillage.id}`),
      400,
      'validation_failed',
    );
    expectError(
      await agents.member2.get(`/api/v1/disputes/mediators?regionId=${world.memberGrid.id}`),
      404,
      'region_not_found',
    );
    const denied = await findAuditEntries(test.db, {
      action: 'region.read',
      entityId: world.memberGrid.id,
      actorId: world.accounts.member2.id,
      outcome: 'denied',
    });
    expect(denied.length).toBeGreaterThan(0);
    expectError(await agents.village.get('/api/v1/disputes/mediators?regionId=nope'), 400, 'validation_failed');
  });
});

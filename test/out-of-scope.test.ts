import { randomUUID } from 'node:crypto';
import zlib from 'node:zlib';
import { eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accuracyChecks, accuracySamples, households, persons, places } from '../src/server/db/schema/index.js';
import { cadreCheckIns } from '../src/server/db/schema/cadres.js';
import {
  createTestApp,
  expectStatus,
  loadDemoWorld,
  signInAll,
  type Agent,
  type ApiResponse,
  type DemoWorld,
  type TestApp,
} from './helpers.js';

/**
 * One rule for every endpoint that takes an id: a record outside the caller's subtree is answered exactly like one
 * that does not exist — status, code, message and headers — so no answer tells a village what another village
 * holds. The village secretary (who may read and change nearly everything of the village) asks for the records of
 * the neighbouring village, and for random ids; each pair of answers must be the same but for the id itself.
 * (test/scope-matrix.test.ts checks every role on the read endpoints, and that the looks outside are audited.)
 */

type Ids = {
  region: string;
  person: string;
  household: string;
  place: string;
  staff: string;
  partyOrg: string;
  account: string;
  import: string;
  case: string;
  photo: string;
  notification: string;
  campaign: string;
  campaignTask: string;
  dispute: string;
  visit: string;
  visitPhoto: string;
  need: string;
  inspection: string;
  inspectionPhoto: string;
  pairing: string;
  wish: string;
  wishDrive: string;
  moralBankEntry: string;
  moralBankRule: string;
  moralBankReward: string;
  moralBankPhoto: string;
  cadre: string;
  cadreCheckIn: string;
  cadreLeave: string;
  cadreReport: string;
  accuracySample: string;
  accuracyCheck: string;
  serviceCentre: string;
};
type Kind = keyof Ids;

type Probe = {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** The route as the OpenAPI document names it, so that a new route with an id is not forgotten here. */
  route: string;
  kind: Kind;
  url: (id: string) => string;
  body?: (id: string) => unknown;
  headers?: Record<string, string>;
};

let testApp: TestApp;
let world: DemoWorld;
let agents: Record<'admin' | 'village' | 'member' | 'member2' | 'unit', Agent>;
let outside: Ids;
/** A case of the village's own grid, to ask it for a photo of another village's case. */
let insideCaseId: string;
/** Records of the village's own, to ask them for a task, a need or a photo of another village's. */
let inside: { campaign: string; household: string; person: string; inspection: string };

/** A real 1 × 1 PNG, for the photo upload. */
function tinyPng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(typeAndData));
    return Buffer.concat([length, typeAndData, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.from([0, 200, 30, 30]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A restaurant of the grid, to inspect it against the county's gas-safety checklist. */
async function createRestaurant(agent: Agent, regionId: string): Promise<string> {
  const created = await agent.post('/api/v1/places', {
    regionId,
    kind: 'restaurant',
    name: '老王面馆',
    address: '幸福路8号',
  });
  expectStatus(created, 201);
  return created.json<{ id: string }>().id;
}

async function upload(agent: Agent, url: string): Promise<string> {
  const response = await agent.request('POST', url, tinyPng(), { 'content-type': 'image/png' });
  expectStatus(response, 201);
  return response.json<{ id: string }>().id;
}

/** An inspection of the place, its gas alarm missing (turned into a case) and its extinguisher replaced on the spot. */
async function inspectRestaurant(agent: Agent, placeId: string): Promise<{ id: string; photoId: string }> {
  const lists = await agent.get('/api/v1/inspection-checklists?placeKind=restaurant');
  expectStatus(lists, 200);
  const checklist = lists
    .json<{ items: { id: string; name: { zh: string }; items: { code: string }[] }[] }>()
    .items.find((entry) => entry.name.zh === '九小场所燃气安全检查');
  if (!checklist) throw new Error('The demo county needs its gas-safety checklist.');
  const photoId = await upload(agent, '/api/v1/inspection-photos?fileName=fix.png');
  const special: Record<string, unknown> = {
    gas_alarm: { result: 'not_ok', resolution: { kind: 'case' } },
    extinguisher: { result: 'not_ok', resolution: { kind: 'fixed', photoIds: [photoId] } },
  };
  const inspected = await agent.post('/api/v1/inspections', {
    id: uuidv7(),
    placeId,
    checklistId: checklist.id,
    inspectedAt: new Date(Date.now() - 3_600_000).toISOString(),
    items: checklist.items.map((item) => ({ code: item.code, result: 'ok', ...(special[item.code] ?? {}) })),
  });
  expectStatus(inspected, 201);
  return { id: inspected.json<{ id: string }>().id, photoId };
}

/** A campaign over the region, started by the admin, with one task. */
async function startCampaign(regionId: string): Promise<{ id: string; taskId: string }> {
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const started = await agents.admin.post('/api/v1/campaigns', {
    name: '敲门行动（探测）',
    kind: 'knock_door',
    startDate: today,
    endDate: today,
    regionIds: [regionId],
  });
  expectStatus(started, 201);
  const id = started.json<{ id: string }>().id;
  const task = await agents.admin.post(`/api/v1/campaigns/${id}/tasks`, { title: '走访独居老人' });
  expectStatus(task, 201);
  return { id, taskId: task.json<{ id: string }>().id };
}

async function reportCase(agent: Agent, regionId: string): Promise<string> {
  const reported = await agent.post('/api/v1/cases', {
    category: 'environment',
    description: '楼道堆放杂物',
    regionId,
  });
  expectStatus(reported, 201);
  return reported.json<{ id: string }>().id;
}

beforeAll(async () => {
  testApp = await createTestApp();
  world = await loadDemoWorld(testApp.db);
  agents = await signInAll(testApp.app, ['admin', 'village', 'member', 'member2', 'unit'] as const);
  const grid = world.otherGrid;
  const [person] = await testApp.db.select().from(persons).where(eq(persons.regionId, grid.id)).limit(1);
  const [household] = await testApp.db.select().from(households).where(eq(households.regionId, grid.id)).limit(1);
  const [place] = await testApp.db.select().from(places).where(eq(places.regionId, grid.id)).limit(1);
  if (!person || !household || !place) throw new Error('The demo grid needs a person, a household and a place.');

  const caseId = await reportCase(agents.admin, grid.id);
  insideCaseId = await reportCase(agents.admin, world.memberGrid.id);
  const photo = await agents.admin.request('POST', `/api/v1/cases/${caseId}/photos?fileName=scene.png`, tinyPng(), {
    'content-type': 'image/png',
  });
  expectStatus(photo, 201);

  const preview = await agents.member2.request(
    'POST',
    `/api/v1/registry/imports/preview?regionId=${grid.id}&fileName=a.csv`,
    '姓名,住址\n钱七,别处小区2号\n',
    { 'content-type': 'text/csv' },
  );
  expectStatus(preview, 200);
  const imported = await agents.member2.post('/api/v1/registry/imports', { uploadId: preview.json().uploadId });
  const importId = JSON.parse(imported.body.trim().split('\n').at(-1)!).importId as string;

  // member2 is told of the case reported in its grid: a notification of someone else's.
  const notices = await agents.member2.get('/api/v1/notifications');
  const notification = notices.json<{ items: { id: string }[] }>().items[0];
  if (!notification) throw new Error('member2 has no notification to hide.');

  // Field work of the other grid, recorded by its own grid member: a campaign there alone, a visit with a photo, a
  // need of a household, an inspection with a photo and an open hazard, a settled dispute with its agreement photo.
  const campaign = await startCampaign(grid.id);
  const visitPhoto = await upload(agents.member2, '/api/v1/visit-photos?fileName=door.png');
  const visit = await agents.member2.post('/api/v1/visits', {
    id: uuidv7(),
    householdId: household.id,
    visitedAt: new Date(Date.now() - 1_800_000).toISOString(),
    purpose: 'routine',
    findings: '老人身体尚好。',
    photoUploadIds: [visitPhoto],
  });
  expectStatus(visit, 201);
  const need = await agents.member2.post(`/api/v1/households/${household.id}/needs`, {
    kind: 'elderly_care',
    description: '独居老人需要助餐',
  });
  expectStatus(need, 201);
  const inspection = await inspectRestaurant(agents.member2, await createRestaurant(agents.admin, grid.id));
  const dispute = await agents.member2.post('/api/v1/disputes', {
    id: uuidv7(),
    regionId: grid.id,
    kind: 'neighbour',
    summary: '两户因宅前排水沟堵塞发生争执',
    parties: [{ name: '外村李师傅' }],
  });
  expectStatus(dispute, 201);
  const disputeId = dispute.json<{ id: string }>().id;
  const settled = await agents.member2.post(`/api/v1/disputes/${disputeId}/outcome`, {
    outcome: 'settled',
    level: 'grid',
    agreement: '由甲户负责清理排水沟。',
  });
  expectStatus(settled, 200);
  const agreement = await agents.member2.request(
    'PUT',
    `/api/v1/disputes/${disputeId}/agreement-photo?fileName=agreement.png`,
    tinyPng(),
    { 'content-type': 'image/png' },
  );
  expectStatus(agreement, 200);
  // A cadre of the other grid pledged to a household of it (包保到户).
  const pairing = await agents.admin.post('/api/v1/pairings', {
    kind: 'cadre_household',
    helper: { staffId: world.staffIn(grid.id)[0]!.id },
    helpedId: household.id,
  });
  expectStatus(pairing, 201);
  // A micro-wish of a resident of the other grid, and a drive of the other village.
  const wish = await agents.member2.post('/api/v1/micro-wishes', {
    personId: person.id,
    category: 'daily_goods',
    content: '想要一台收音机',
  });
  expectStatus(wish, 201);
  const wishDrive = await agents.admin.post('/api/v1/wish-drives', {
    regionId: world.otherVillage.id,
    name: '别村的中秋微心愿',
    startsOn: '2026-09-01',
    endsOn: '2026-10-10',
    targetCount: 20,
  });
  expectStatus(wishDrive, 201);
  // The other grid's moral bank: a deposit with its photo, and the other village's own rule and reward.
  const moralBankPhoto = await upload(agents.member2, '/api/v1/moral-bank/photos?fileName=deed.png');
  const deposit = await agents.member2.post('/api/v1/moral-bank/deposits', {
    personId: person.id,
    points: 5,
    reason: '帮邻居打扫楼道',
    photoUploadIds: [moralBankPhoto],
  });
  expectStatus(deposit, 201);
  const moralBankRule = await agents.admin.post('/api/v1/moral-bank/rules', {
    regionId: world.otherVillage.id,
    name: '别村的志愿服务',
    points: 10,
    period: 'month',
  });
  expectStatus(moralBankRule, 201);
  const moralBankReward = await agents.admin.post('/api/v1/moral-bank/rewards', {
    regionId: world.otherVillage.id,
    name: '别村的毛巾',
    points: 20,
    stock: 5,
  });
  expectStatus(moralBankReward, 201);
  // A cadre of the other village, with a check-in of theirs and a leave request.
  const cadreUnit = await agents.admin.post(`/api/v1/units?countyId=${world.county.id}`, {
    name: '别村的派出单位',
    kind: 'department',
  });
  expectStatus(cadreUnit, 201);
  const cadre = await agents.admin.post('/api/v1/cadres', {
    kind: 'cadre',
    name: '别村下沉干部',
    unitId: cadreUnit.json<{ id: string }>().id,
    serviceRegionId: world.otherVillage.id,
    gridId: grid.id,
  });
  expectStatus(cadre, 201);
  const cadreId = cadre.json<{ id: string }>().id;
  const cadreCheckInId = uuidv7();
  await testApp.db.insert(cadreCheckIns).values({
    countyId: world.county.id,
    id: cadreCheckInId,
    cadreId,
    day: '2026-01-07',
    checkedInAt: new Date('2026-01-07T01:00:00Z'),
    latitude: 30,
    longitude: 120,
  });
  const cadreLeave = await agents.admin.post('/api/v1/attendance/leaves', {
    cadreId,
    startsOn: '2026-01-14',
    endsOn: '2026-01-14',
    reason: '出差',
  });
  expectStatus(cadreLeave, 201);
  const cadreReport = await agents.admin.post('/api/v1/cadre-reports', {
    kind: 'monthly',
    period: '2026-01',
    regionId: world.otherVillage.id,
  });
  expectStatus(cadreReport, 201);
  // A verification sample of the other village with one entry of its cadre (drawn samples: cadre-accuracy.test.ts).
  const accuracySampleId = uuidv7();
  const accuracyCheckId = uuidv7();
  await testApp.db.insert(accuracySamples).values({
    countyId: world.county.id,
    id: accuracySampleId,
    regionId: world.otherVillage.id,
    regionCode: world.otherVillage.code,
    periodFrom: '2026-01-01',
    periodTo: '2026-01-31',
    sharePercent: 5,
    minimumCount: 3,
    seed: '00000000000000000000000000000000',
  });
  await testApp.db.insert(accuracyChecks).values({
    countyId: world.county.id,
    id: accuracyCheckId,
    sampleId: accuracySampleId,
    cadreId,
    collectedBy: world.accounts.member2.id,
    collectedAt: new Date('2026-01-07T01:00:00Z'),
    entityType: 'person',
    entityId: person.id,
    regionCode: grid.code,
  });
  // The other village's party-mass service centre.
  const serviceCentre = await agents.admin.post('/api/v1/service-centres', {
    regionId: world.otherVillage.id,
    kind: 'centre',
    name: '别村党群服务中心',
  });
  expectStatus(serviceCentre, 201);

  const [insideHousehold] = await testApp.db
    .select()
    .from(households)
    .where(eq(households.regionId, world.memberGrid.id))
    .limit(1);
  if (!insideHousehold) throw new Error('The demo grid needs a household.');
  const [insideResident] = await testApp.db
    .select()
    .from(persons)
    .where(eq(persons.householdId, insideHousehold.id))
    .limit(1);
  if (!insideResident) throw new Error('The demo household needs a resident.');
  inside = {
    campaign: (await startCampaign(world.memberGrid.id)).id,
    household: insideHousehold.id,
    person: insideResident.id,
    inspection: (await inspectRestaurant(agents.member, await createRestaurant(agents.admin, world.memberGrid.id))).id,
  };

  outside = {
    region: grid.id,
    person: person.id,
    household: household.id,
    place: place.id,
    staff: world.staffIn(grid.id)[0]!.id,
    partyOrg: world.partyOrgsAnchoredAt(grid.id)[0]!.id,
    account: world.accounts.member2.id,
    import: importId,
    case: caseId,
    photo: photo.json<{ id: string }>().id,
    notification: notification.id,
    campaign: campaign.id,
    campaignTask: campaign.taskId,
    dispute: disputeId,
    visit: visit.json<{ id: string }>().id,
    visitPhoto,
    need: need.json<{ id: string }>().id,
    inspection: inspection.id,
    inspectionPhoto: inspection.photoId,
    pairing: pairing.json<{ id: string }>().id,
    wish: wish.json<{ id: string }>().id,
    wishDrive: wishDrive.json<{ id: string }>().id,
    moralBankEntry: deposit.json<{ id: string }>().id,
    moralBankRule: moralBankRule.json<{ id: string }>().id,
    moralBankReward: moralBankReward.json<{ id: string }>().id,
    moralBankPhoto,
    cadre: cadreId,
    cadreCheckIn: cadreCheckInId,
    cadreLeave: cadreLeave.json<{ id: string }>().id,
    cadreReport: cadreReport.json<{ id: string }>().id,
    accuracySample: accuracySampleId,
    accuracyCheck: accuracyCheckId,
    serviceCentre: serviceCentre.json<{ id: string }>().id,
  };
});

afterAll(() => testApp?.close());

const csv = { 'content-type': 'text/csv' };

/** Every endpoint that takes an id of a record, in its path, its query or its body. */
const probes: Probe[] = [
  { method: 'GET', route: '/regions/{id}', kind: 'region', url: (id) => `/regions/${id}` },
  { method: 'GET', route: '/regions', kind: 'region', url: (id) => `/regions?parentId=${id}` },
  {
    method: 'PATCH',
    route: '/regions/{id}',
    kind: 'region',
    url: (id) => `/regions/${id}`,
    body: () => ({ boundary: null }),
  },
  { method: 'GET', route: '/regions/{id}/boundaries', kind: 'region', url: (id) => `/regions/${id}/boundaries` },
  {
    method: 'GET',
    route: '/regions/{id}/resident-poster.pdf',
    kind: 'region',
    url: (id) => `/regions/${id}/resident-poster.pdf`,
  },
  { method: 'GET', route: '/resident-accounts', kind: 'region', url: (id) => `/resident-accounts?regionId=${id}` },
  {
    method: 'PUT',
    route: '/regions/{id}/boundaries',
    kind: 'region',
    url: (id) => `/regions/${id}/boundaries`,
    body: () => ({ type: 'FeatureCollection', features: [] }),
  },
  { method: 'GET', route: '/staff', kind: 'region', url: (id) => `/staff?regionId=${id}` },
  {
    method: 'POST',
    route: '/staff',
    kind: 'region',
    url: () => '/staff',
    body: (id) => ({ regionId: id, kind: 'grid_member', name: '孙八' }),
  },
  { method: 'GET', route: '/party-orgs', kind: 'region', url: (id) => `/party-orgs?regionId=${id}` },
  {
    method: 'POST',
    route: '/party-orgs',
    kind: 'region',
    url: () => '/party-orgs',
    body: (id) => ({ kind: 'grid_branch', name: '测试党支部', regionId: id }),
  },
  { method: 'GET', route: '/accounts', kind: 'region', url: (id) => `/accounts?regionId=${id}` },
  { method: 'GET', route: '/persons', kind: 'region', url: (id) => `/persons?regionId=${id}` },
  {
    method: 'POST',
    route: '/persons',
    kind: 'region',
    url: () => '/persons',
    body: (id) => ({ name: '孙八', regionId: id }),
  },
  { method: 'GET', route: '/households', kind: 'region', url: (id) => `/households?regionId=${id}` },
  {
    method: 'POST',
    route: '/households',
    kind: 'region',
    url: () => '/households',
    body: (id) => ({ regionId: id, address: '别处小区9号' }),
  },
  { method: 'GET', route: '/places', kind: 'region', url: (id) => `/places?regionId=${id}` },
  {
    method: 'POST',
    route: '/places',
    kind: 'region',
    url: () => '/places',
    body: (id) => ({ regionId: id, kind: 'shop', name: '小卖部', address: '别处小区1号' }),
  },
  { method: 'GET', route: '/registry/coverage', kind: 'region', url: (id) => `/registry/coverage?regionId=${id}` },
  { method: 'GET', route: '/registry/export', kind: 'region', url: (id) => `/registry/export?regionId=${id}` },
  {
    method: 'POST',
    route: '/registry/imports/preview',
    kind: 'region',
    url: (id) => `/registry/imports/preview?regionId=${id}&fileName=a.csv`,
    body: () => '姓名\n钱七\n',
    headers: csv,
  },
  { method: 'GET', route: '/cases', kind: 'region', url: (id) => `/cases?regionId=${id}` },
  {
    method: 'POST',
    route: '/cases',
    kind: 'region',
    url: () => '/cases',
    body: (id) => ({ category: 'environment', description: '楼道堆放杂物', regionId: id }),
  },
  { method: 'GET', route: '/cases/figures', kind: 'region', url: (id) => `/cases/figures?regionId=${id}` },
  { method: 'GET', route: '/cases/map', kind: 'region', url: (id) => `/cases/map?regionId=${id}` },

  { method: 'GET', route: '/persons/{id}', kind: 'person', url: (id) => `/persons/${id}` },
  {
    method: 'PATCH',
    route: '/persons/{id}',
    kind: 'person',
    url: (id) => `/persons/${id}`,
    body: () => ({ notes: '' }),
  },
  { method: 'DELETE', route: '/persons/{id}', kind: 'person', url: (id) => `/persons/${id}` },
  { method: 'GET', route: '/persons', kind: 'household', url: (id) => `/persons?householdId=${id}` },
  { method: 'GET', route: '/households/{id}', kind: 'household', url: (id) => `/households/${id}` },
  {
    method: 'PATCH',
    route: '/households/{id}',
    kind: 'household',
    url: (id) => `/households/${id}`,
    body: () => ({ notes: '' }),
  },
  { method: 'DELETE', route: '/households/{id}', kind: 'household', url: (id) => `/households/${id}` },
  {
    method: 'POST',
    route: '/persons',
    kind: 'household',
    url: () => '/persons',
    body: (id) => ({ name: '孙八', householdId: id }),
  },
  { method: 'GET', route: '/places/{id}', kind: 'place', url: (id) => `/places/${id}` },
  { method: 'PATCH', route: '/places/{id}', kind: 'place', url: (id) => `/places/${id}`, body: () => ({ notes: '' }) },
  { method: 'DELETE', route: '/places/{id}', kind: 'place', url: (id) => `/places/${id}` },

  { method: 'GET', route: '/staff/{id}', kind: 'staff', url: (id) => `/staff/${id}` },
  { method: 'PATCH', route: '/staff/{id}', kind: 'staff', url: (id) => `/staff/${id}`, body: () => ({ duties: '' }) },
  { method: 'DELETE', route: '/staff/{id}', kind: 'staff', url: (id) => `/staff/${id}` },
  {
    method: 'POST',
    route: '/accounts',
    kind: 'staff',
    url: () => '/accounts',
    body: (id) => ({
      username: `probe${id.slice(0, 8)}`,
      displayName: '探测',
      password: 'correct horse battery staple',
      role: 'grid_member',
      regionId: world.memberGrid.id,
      staffId: id,
    }),
  },
  { method: 'GET', route: '/party-orgs/{id}', kind: 'partyOrg', url: (id) => `/party-orgs/${id}` },
  {
    method: 'PATCH',
    route: '/party-orgs/{id}',
    kind: 'partyOrg',
    url: (id) => `/party-orgs/${id}`,
    body: () => ({ secretary: null }),
  },
  { method: 'DELETE', route: '/party-orgs/{id}', kind: 'partyOrg', url: (id) => `/party-orgs/${id}` },
  {
    method: 'POST',
    route: '/party-orgs',
    kind: 'partyOrg',
    url: () => '/party-orgs',
    body: (id) => ({ kind: 'grid_branch', name: '测试党支部', regionId: world.memberGrid.id, parentId: id }),
  },

  { method: 'GET', route: '/accounts/{id}', kind: 'account', url: (id) => `/accounts/${id}` },
  {
    method: 'PATCH',
    route: '/accounts/{id}',
    kind: 'account',
    url: (id) => `/accounts/${id}`,
    body: () => ({ isEnabled: true }),
  },
  {
    method: 'POST',
    route: '/accounts/{id}/password',
    kind: 'account',
    url: (id) => `/accounts/${id}/password`,
    body: () => ({ password: 'correct horse battery staple' }),
  },

  {
    method: 'DELETE',
    route: '/accounts/{id}/second-factor',
    kind: 'account',
    url: (id) => `/accounts/${id}/second-factor`,
  },

  { method: 'GET', route: '/registry/imports/{id}', kind: 'import', url: (id) => `/registry/imports/${id}` },
  {
    method: 'GET',
    route: '/registry/imports/{id}/report',
    kind: 'import',
    url: (id) => `/registry/imports/${id}/report`,
  },

  { method: 'GET', route: '/cases/{id}', kind: 'case', url: (id) => `/cases/${id}` },
  { method: 'GET', route: '/cases/{id}/assignees', kind: 'case', url: (id) => `/cases/${id}/assignees` },
  {
    method: 'POST',
    route: '/cases/{id}/transitions',
    kind: 'case',
    url: (id) => `/cases/${id}/transitions`,
    body: () => ({ action: 'accept', version: 1 }),
  },
  {
    method: 'POST',
    route: '/cases/{id}/photos',
    kind: 'case',
    url: (id) => `/cases/${id}/photos?fileName=scene.png`,
    body: () => tinyPng(),
    headers: { 'content-type': 'image/png' },
  },
  {
    method: 'GET',
    route: '/cases/{id}/photos/{photoId}',
    kind: 'case',
    url: (id) => `/cases/${id}/photos/${outside.photo}`,
  },
  {
    method: 'GET',
    route: '/cases/{id}/photos/{photoId}',
    kind: 'photo',
    url: (id) => `/cases/${insideCaseId}/photos/${id}`,
  },
  {
    method: 'POST',
    route: '/notifications/read',
    kind: 'notification',
    url: () => '/notifications/read',
    body: (id) => ({ ids: [id] }),
  },

  { method: 'GET', route: '/campaigns/{id}', kind: 'campaign', url: (id) => `/campaigns/${id}` },
  {
    method: 'PATCH',
    route: '/campaigns/{id}',
    kind: 'campaign',
    url: (id) => `/campaigns/${id}`,
    body: () => ({ name: '改名的活动' }),
  },
  { method: 'GET', route: '/campaigns/{id}/progress', kind: 'campaign', url: (id) => `/campaigns/${id}/progress` },
  { method: 'GET', route: '/campaigns/{id}/problems', kind: 'campaign', url: (id) => `/campaigns/${id}/problems` },
  { method: 'GET', route: '/campaigns/{id}/visits', kind: 'campaign', url: (id) => `/campaigns/${id}/visits` },
  {
    method: 'GET',
    route: '/campaigns/{id}/summary.xlsx',
    kind: 'campaign',
    url: (id) => `/campaigns/${id}/summary.xlsx`,
  },
  { method: 'GET', route: '/campaigns/{id}/tasks', kind: 'campaign', url: (id) => `/campaigns/${id}/tasks` },
  {
    method: 'POST',
    route: '/campaigns/{id}/tasks',
    kind: 'campaign',
    url: (id) => `/campaigns/${id}/tasks`,
    body: () => ({ title: '排查楼道消防隐患' }),
  },
  {
    method: 'PATCH',
    route: '/campaigns/{id}/tasks/{taskId}',
    kind: 'campaign',
    url: (id) => `/campaigns/${id}/tasks/${outside.campaignTask}`,
    body: () => ({ isDone: true }),
  },
  {
    method: 'PATCH',
    route: '/campaigns/{id}/tasks/{taskId}',
    kind: 'campaignTask',
    url: (id) => `/campaigns/${inside.campaign}/tasks/${id}`,
    body: () => ({ isDone: true }),
  },
  {
    method: 'DELETE',
    route: '/campaigns/{id}/tasks/{taskId}',
    kind: 'campaign',
    url: (id) => `/campaigns/${id}/tasks/${outside.campaignTask}`,
  },
  {
    method: 'DELETE',
    route: '/campaigns/{id}/tasks/{taskId}',
    kind: 'campaignTask',
    url: (id) => `/campaigns/${inside.campaign}/tasks/${id}`,
  },

  { method: 'GET', route: '/disputes/{id}', kind: 'dispute', url: (id) => `/disputes/${id}` },
  { method: 'GET', route: '/disputes/mediators', kind: 'region', url: (id) => `/disputes/mediators?regionId=${id}` },
  {
    method: 'PATCH',
    route: '/disputes/{id}',
    kind: 'dispute',
    url: (id) => `/disputes/${id}`,
    body: () => ({ summary: '两户因排水沟发生争执' }),
  },
  {
    method: 'POST',
    route: '/disputes/{id}/sessions',
    kind: 'dispute',
    url: (id) => `/disputes/${id}/sessions`,
    body: () => ({ heldAt: new Date().toISOString(), notes: '双方同意各退一步' }),
  },
  {
    method: 'POST',
    route: '/disputes/{id}/outcome',
    kind: 'dispute',
    url: (id) => `/disputes/${id}/outcome`,
    body: () => ({ outcome: 'withdrawn', note: '当事人撤回' }),
  },
  {
    method: 'PUT',
    route: '/disputes/{id}/agreement-photo',
    kind: 'dispute',
    url: (id) => `/disputes/${id}/agreement-photo?fileName=agreement.png`,
    body: () => tinyPng(),
    headers: { 'content-type': 'image/png' },
  },
  {
    method: 'GET',
    route: '/disputes/{id}/agreement-photo',
    kind: 'dispute',
    url: (id) => `/disputes/${id}/agreement-photo`,
  },

  { method: 'GET', route: '/visits/{id}', kind: 'visit', url: (id) => `/visits/${id}` },
  { method: 'GET', route: '/visit-photos/{id}', kind: 'visitPhoto', url: (id) => `/visit-photos/${id}` },
  { method: 'GET', route: '/households/{id}/needs', kind: 'household', url: (id) => `/households/${id}/needs` },
  {
    method: 'POST',
    route: '/households/{id}/needs',
    kind: 'household',
    url: (id) => `/households/${id}/needs`,
    body: () => ({ kind: 'elderly_care', description: '独居老人需要助餐' }),
  },
  {
    method: 'PATCH',
    route: '/households/{id}/needs/{needId}',
    kind: 'household',
    url: (id) => `/households/${id}/needs/${outside.need}`,
    body: () => ({ status: 'met' }),
  },
  {
    method: 'PATCH',
    route: '/households/{id}/needs/{needId}',
    kind: 'need',
    url: (id) => `/households/${inside.household}/needs/${id}`,
    body: () => ({ status: 'met' }),
  },

  { method: 'GET', route: '/inspections/{id}', kind: 'inspection', url: (id) => `/inspections/${id}` },
  {
    method: 'POST',
    route: '/inspections/{id}/re-inspections',
    kind: 'inspection',
    url: (id) => `/inspections/${id}/re-inspections`,
    body: () => ({
      id: uuidv7(),
      inspectedAt: new Date().toISOString(),
      items: [{ code: 'gas_alarm', result: 'not_ok' }],
    }),
  },
  {
    method: 'GET',
    route: '/inspections/{id}/photos/{photoId}',
    kind: 'inspection',
    url: (id) => `/inspections/${id}/photos/${outside.inspectionPhoto}`,
  },
  {
    method: 'GET',
    route: '/inspections/{id}/photos/{photoId}',
    kind: 'inspectionPhoto',
    url: (id) => `/inspections/${inside.inspection}/photos/${id}`,
  },
  { method: 'GET', route: '/places/{id}/inspections', kind: 'place', url: (id) => `/places/${id}/inspections` },
  { method: 'GET', route: '/pairings/{id}', kind: 'pairing', url: (id) => `/pairings/${id}` },
  {
    method: 'POST',
    route: '/pairings/{id}/actions',
    kind: 'pairing',
    url: (id) => `/pairings/${id}/actions`,
    body: () => ({ action: 'end', reason: '搬迁' }),
  },
  {
    method: 'POST',
    route: '/pairings/{id}/contacts',
    kind: 'pairing',
    url: (id) => `/pairings/${id}/contacts`,
    body: () => ({ kind: 'call' }),
  },
  { method: 'GET', route: '/micro-wishes/{id}', kind: 'wish', url: (id) => `/micro-wishes/${id}` },
  { method: 'GET', route: '/cadres/{id}', kind: 'cadre', url: (id) => `/cadres/${id}` },
  { method: 'GET', route: '/cadres/{id}/spot-checks', kind: 'cadre', url: (id) => `/cadres/${id}/spot-checks` },
  {
    method: 'POST',
    route: '/cadres/{id}/actions',
    kind: 'cadre',
    url: (id) => `/cadres/${id}/actions`,
    body: () => ({ action: 'end', version: 1, reason: '调离' }),
  },
  {
    method: 'POST',
    route: '/attendance/check-ins/{id}/check-out',
    kind: 'cadreCheckIn',
    url: (id) => `/attendance/check-ins/${id}/check-out`,
    body: () => ({ location: { lat: 30, lng: 120 } }),
  },
  {
    method: 'POST',
    route: '/attendance/leaves/{id}/decision',
    kind: 'cadreLeave',
    url: (id) => `/attendance/leaves/${id}/decision`,
    body: () => ({ decision: 'approve' }),
  },
  { method: 'GET', route: '/cadre-reports/{id}', kind: 'cadreReport', url: (id) => `/cadre-reports/${id}` },
  ...(['submit', 'approve', 'return', 'reopen'] as const).map((step): Probe => ({
    method: 'POST',
    route: `/cadre-reports/{id}/${step}`,
    kind: 'cadreReport',
    url: (id) => `/cadre-reports/${id}/${step}`,
    body: () => ({ version: 1, comment: '核实', reason: '更正' }),
  })),
  ...(['xlsx', 'pdf'] as const).map((format): Probe => ({
    method: 'GET',
    route: `/cadre-reports/{id}/report.${format}`,
    kind: 'cadreReport',
    url: (id) => `/cadre-reports/${id}/report.${format}`,
  })),
  {
    method: 'GET',
    route: '/cadres/accuracy-samples/{id}',
    kind: 'accuracySample',
    url: (id) => `/cadres/accuracy-samples/${id}`,
  },
  {
    method: 'GET',
    route: '/cadres/accuracy-checks/{id}',
    kind: 'accuracyCheck',
    url: (id) => `/cadres/accuracy-checks/${id}`,
  },
  {
    method: 'PUT',
    route: '/cadres/accuracy-checks/{id}',
    kind: 'accuracyCheck',
    url: (id) => `/cadres/accuracy-checks/${id}`,
    body: () => ({ result: 'match' }),
  },
  {
    method: 'POST',
    route: '/micro-wishes/{id}/actions',
    kind: 'wish',
    url: (id) => `/micro-wishes/${id}/actions`,
    body: () => ({ action: 'approve', version: 1 }),
  },
  {
    method: 'PUT',
    route: '/micro-wishes/{id}/photo',
    kind: 'wish',
    url: (id) => `/micro-wishes/${id}/photo`,
    body: () => tinyPng(),
    headers: { 'content-type': 'image/png' },
  },
  { method: 'GET', route: '/micro-wishes/{id}/photo', kind: 'wish', url: (id) => `/micro-wishes/${id}/photo` },
  { method: 'GET', route: '/wish-drives/{id}', kind: 'wishDrive', url: (id) => `/wish-drives/${id}` },
  {
    method: 'GET',
    route: '/moral-bank/accounts/{personId}',
    kind: 'person',
    url: (id) => `/moral-bank/accounts/${id}`,
  },
  {
    method: 'POST',
    route: '/moral-bank/deposits',
    kind: 'person',
    url: () => '/moral-bank/deposits',
    body: (id) => ({ personId: id, points: 5, reason: '扶老人过马路' }),
  },
  {
    method: 'POST',
    route: '/moral-bank/redemptions',
    kind: 'moralBankReward',
    url: () => '/moral-bank/redemptions',
    body: (id) => ({ personId: inside.person, rewardId: id }),
  },
  {
    method: 'GET',
    route: '/moral-bank/entries/{id}',
    kind: 'moralBankEntry',
    url: (id) => `/moral-bank/entries/${id}`,
  },
  {
    method: 'POST',
    route: '/moral-bank/entries/{id}/approve',
    kind: 'moralBankEntry',
    url: (id) => `/moral-bank/entries/${id}/approve`,
    body: () => ({}),
  },
  {
    method: 'POST',
    route: '/moral-bank/entries/{id}/refuse',
    kind: 'moralBankEntry',
    url: (id) => `/moral-bank/entries/${id}/refuse`,
    body: () => ({ reason: '无照片' }),
  },
  {
    method: 'POST',
    route: '/moral-bank/entries/{id}/corrections',
    kind: 'moralBankEntry',
    url: (id) => `/moral-bank/entries/${id}/corrections`,
    body: () => ({ points: -1, reason: '记多了' }),
  },
  {
    method: 'PATCH',
    route: '/moral-bank/rules/{id}',
    kind: 'moralBankRule',
    url: (id) => `/moral-bank/rules/${id}`,
    body: () => ({ name: '改名' }),
  },
  {
    method: 'PATCH',
    route: '/moral-bank/rewards/{id}',
    kind: 'moralBankReward',
    url: (id) => `/moral-bank/rewards/${id}`,
    body: () => ({ addStock: 1 }),
  },
  { method: 'GET', route: '/moral-bank/photos/{id}', kind: 'moralBankPhoto', url: (id) => `/moral-bank/photos/${id}` },
  { method: 'GET', route: '/service-centres/{id}', kind: 'serviceCentre', url: (id) => `/service-centres/${id}` },
  {
    method: 'GET',
    route: '/service-centres/{id}/consultations',
    kind: 'serviceCentre',
    url: (id) => `/service-centres/${id}/consultations`,
  },
  {
    method: 'POST',
    route: '/service-centres/{id}/consultations',
    kind: 'serviceCentre',
    url: (id) => `/service-centres/${id}/consultations`,
    body: () => ({ kind: 'policy', outcome: 'answered', subject: '咨询' }),
  },
  {
    method: 'GET',
    route: '/service-centres/{id}/figures',
    kind: 'serviceCentre',
    url: (id) => `/service-centres/${id}/figures`,
  },
  {
    method: 'GET',
    route: '/service-centres/{id}/figures.xlsx',
    kind: 'serviceCentre',
    url: (id) => `/service-centres/${id}/figures.xlsx`,
  },
];

/** Every header but the moment the answer was made and the nonces of its content security policy. */
function headersOf(response: ApiResponse): Record<string, unknown> {
  const { date: _date, ...headers } = response.headers;
  const policy = String(headers['content-security-policy']).replace(/nonce-[0-9a-f]+/g, 'nonce-<nonce>');
  return { ...headers, 'content-security-policy': policy };
}

function ask(probe: Probe, id: string, agent = agents.village): Promise<ApiResponse> {
  return agent.request(probe.method, `/api/v1${probe.url(id)}`, probe.body?.(id), probe.headers);
}

describe('a record outside the scope reads exactly like a missing one', () => {
  it.each(probes.map((probe) => [`${probe.method} ${probe.route}, ${probe.kind} id`, probe] as const))(
    '%s',
    async (_name, probe) => {
      const hiddenId = outside[probe.kind];
      const missingId = randomUUID();
      const hidden = await ask(probe, hiddenId);
      const missing = await ask(probe, missingId);
      expect(hidden.statusCode, hidden.body).toBe(404);
      expect(missing.statusCode, missing.body).toBe(404);
      expect(hidden.body.replaceAll(hiddenId, '<id>')).toBe(missing.body.replaceAll(missingId, '<id>'));
      expect(headersOf(hidden)).toEqual(headersOf(missing));
    },
  );

  // A dispatching unit's account (the demo's `unit`, of the seed's 县民政局) sees its own cadres and nothing else: the
  // records of another village — a cadre of another unit, the registry, the cases — answer it as missing ones do.
  it.each(probes.map((probe) => [`${probe.method} ${probe.route}, ${probe.kind} id`, probe] as const))(
    'as a dispatching unit: %s',
    async (_name, probe) => {
      const hiddenId = outside[probe.kind];
      const missingId = randomUUID();
      const hidden = await ask(probe, hiddenId, agents.unit);
      const missing = await ask(probe, missingId, agents.unit);
      expect([403, 404], hidden.body).toContain(hidden.statusCode);
      expect(hidden.statusCode, hidden.body).toBe(missing.statusCode);
      expect(hidden.body.replaceAll(hiddenId, '<id>')).toBe(missing.body.replaceAll(missingId, '<id>'));
      expect(headersOf(hidden)).toEqual(headersOf(missing));
    },
  );

  it('covers every route of the API that names a record by id in its path', async () => {
    const document = (await testApp.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    // Ids that are not records of a region: a catalogue item's code (the county's), and an upload awaiting
    // import, kept in memory for the account that sent it (registry-import.test.ts: another's answers 404).
    // The kinds of campaign and of dispute, and the inspection checklists, are the county's lists too, like its
    // case categories: kept by county staff (campaign.configure, inspection.configure), the same for every village.
    const notRecords = new Set([
      'PUT /api/v1/case-categories/{code}',
      'PUT /api/v1/campaign-kinds/{code}',
      'PUT /api/v1/dispute-kinds/{code}',
      'PATCH /api/v1/inspection-checklists/{id}',
      // The county's units (共建单位): one list for the county, kept by its staff (another county's: unit.test.ts).
      'PATCH /api/v1/units/{id}',
      'PUT /api/v1/pairing-kinds/{code}',
      // A county's Open311 client applications, kept by its administrators (another county's: open311-clients).
      'POST /api/v1/open311-clients/{id}/revoke',
      // A county's webhook subscriptions and their deliveries, kept by its administrators (another county's:
      // webhooks.test.ts).
      'PATCH /api/v1/webhook-subscriptions/{id}',
      'GET /api/v1/webhook-subscriptions/{id}/deliveries',
      'POST /api/v1/webhook-deliveries/{id}/resend',
      'PUT /api/v1/consultation-kinds/{code}',
      // A resident's account lies in the area of their grid or of a case they reported, not in a region of its own
      // (resident-accounts.test.ts: one outside the village reads like a missing one).
      'PATCH /api/v1/resident-accounts/{id}',
      'POST /api/v1/registry/imports/{uploadId}/preview',
    ]);
    // Probed the same way by their own tests (another street's, community's or resident's reads like a missing
    // one): spot-checks.test.ts, spot-check-corrections.test.ts, cadre-registrations.test.ts, resident-wishes.test.ts. A public invitation is found
    // by its token, which is the permission.
    const probedElsewhere = new Set([
      'POST /api/v1/resident/wishes/{id}/acknowledge',
      'GET /api/v1/resident/wishes/{id}/photo',
      'POST /api/v1/cadre-invitations/{id}/revoke',
      'GET /api/v1/cadre-invitations/{id}/qr.svg',
      'GET /api/v1/public/cadre-invitations/{token}',
      'POST /api/v1/public/cadre-invitations/{token}/registrations',
      'POST /api/v1/cadre-registrations/{id}/approve',
      'POST /api/v1/cadre-registrations/{id}/reject',
      'GET /api/v1/spot-checks/{id}',
      'POST /api/v1/spot-checks/{id}/records',
      'PATCH /api/v1/spot-checks/{id}/records/{recordId}',
      'POST /api/v1/spot-checks/{id}/findings',
      'PATCH /api/v1/spot-checks/{id}/findings/{findingId}',
      'POST /api/v1/spot-checks/{id}/photos',
      'GET /api/v1/spot-checks/{id}/photos/{photoId}',
      'POST /api/v1/spot-check-findings/{id}/rectification',
      'POST /api/v1/spot-check-findings/{id}/close',
    ]);
    const probed = new Set(probes.map((probe) => `${probe.method} /api/v1${probe.route}`));
    const withId = Object.entries(document.paths).flatMap(([path, operations]) =>
      path.includes('{') ? Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`) : [],
    );
    expect(
      withId.filter((route) => !probed.has(route) && !notRecords.has(route) && !probedElsewhere.has(route)),
    ).toEqual([]);
  });
});

import { eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spotCheckFindings } from '../src/server/db/schema/index.js';
import type { Cadre, EvaluationList } from '../src/shared/api/cadres.js';
import type {
  SpotCheck,
  SpotCheckFinding,
  SpotCheckFindingList,
  SpotCheckList,
} from '../src/shared/api/spot-checks.js';
import type { Unit } from '../src/shared/api/units.js';
import { addDays, chinaToday } from '../src/shared/clock.js';
import {
  createTestApp,
  expectError,
  expectStatus,
  findAuditEntries,
  loadDemoWorld,
  signIn,
  signInAll,
  type Agent,
  type DemoWorld,
  type TestApp,
} from './helpers.js';

/**
 * Unannounced spot checks (督查抽查) through the API: the street plans for its own communities only, the community and
 * the cadre see a check only from its day, the group records who was found where, findings are rectified by the
 * community and closed by the street, and the evaluation's attendance line counts a cadre found absent or 点卯.
 */

const usernames = ['county', 'town', 'village', 'cadre'] as const;
const today = chinaToday();
const from = addDays(today, -6);
const password = 'Spring-Rain-Over-Hills-7';
/** A PNG's signature and some bytes: the server knows a photo by its first bytes. */
const pngBytes = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);

let test: TestApp;
let world: DemoWorld;
let agents: Record<(typeof usernames)[number], Agent>;
/** The town account of the county's other street. */
let otherTown: Agent;
let cadre: Cadre;
let elsewhere: Cadre;
let planned: SpotCheck;
let held: SpotCheck;
let finding: SpotCheckFinding;

function uploadPhoto(
  agent: Agent,
  spotCheckId: string,
  query: { stage: string; subjectId: string },
  content: Buffer = pngBytes,
) {
  return agent.request(
    'POST',
    `/api/v1/spot-checks/${spotCheckId}/photos?fileName=${encodeURIComponent('现场.png')}&stage=${query.stage}&subjectId=${query.subjectId}`,
    content,
    { 'content-type': 'image/png' },
  );
}

function plan(agent: Agent, body: Record<string, unknown> = {}) {
  return agent.post('/api/v1/spot-checks', {
    checkOn: today,
    title: '服务日到岗抽查',
    inspectors: ['张督查', '李督查'],
    regionIds: [world.memberGrid.id],
    ...body,
  });
}

beforeAll(async () => {
  test = await createTestApp();
  world = await loadDemoWorld(test.db);
  agents = await signInAll(test.app, usernames);
  const unitResponse = await agents.county.post('/api/v1/units', {
    name: '县督查室',
    kind: 'department',
    contactName: '陈主任',
    contactPhone: '13800003333',
  });
  expectStatus(unitResponse, 201);
  const unit = unitResponse.json<Unit>();
  // Every day is a service day, so that today and the week before count whatever the weekday.
  expectStatus(
    await agents.county.put('/api/v1/attendance/service-days', { weekdays: [1, 2, 3, 4, 5, 6, 7], expectedHours: 4 }),
    200,
  );
  const registered = await agents.village.post('/api/v1/cadres', {
    kind: 'cadre',
    name: '周抽查',
    unitId: unit.id,
    serviceRegionId: world.memberVillage.id,
    gridId: world.memberGrid.id,
    accountId: world.accounts.cadre.id,
    startsOn: from,
  });
  expectStatus(registered, 201);
  cadre = registered.json<Cadre>();
  const other = await agents.town.post('/api/v1/cadres', {
    kind: 'cadre',
    name: '吴别处',
    unitId: unit.id,
    serviceRegionId: world.otherVillage.id,
    startsOn: from,
  });
  expectStatus(other, 201);
  elsewhere = other.json<Cadre>();
  const account = await agents.county.post('/api/v1/accounts', {
    username: 'other-town',
    displayName: '邻街道',
    password,
    role: 'town',
    regionId: world.otherTown.id,
  });
  expectStatus(account, 201);
  otherTown = await signIn(test.app, 'other-town', { password });
});

afterAll(() => test?.close());

describe('planning', () => {
  it('plans a check of its own community for tomorrow, hidden from the community, the cadre and another street', async () => {
    const response = await plan(agents.town, { checkOn: addDays(today, 1), regionIds: [world.memberVillage.id] });
    expectStatus(response, 201);
    planned = response.json<SpotCheck>();
    expect(planned).toMatchObject({
      checkOn: addDays(today, 1),
      inspectors: ['张督查', '李督查'],
      areas: [{ id: world.memberVillage.id, name: world.memberVillage.name }],
      records: [],
      findings: [],
      canManage: true,
    });
    expect(await findAuditEntries(test.db, { action: 'spot_check.create', entityId: planned.id })).toHaveLength(1);
    const countyView = (await agents.county.get(`/api/v1/spot-checks/${planned.id}`)).json<SpotCheck>();
    expect(countyView.canManage).toBe(true);
    for (const agent of [agents.village, agents.cadre, otherTown]) {
      const list = (await agent.get('/api/v1/spot-checks')).json<SpotCheckList>();
      expect(list.items.map((item) => item.id)).not.toContain(planned.id);
      expectError(await agent.get(`/api/v1/spot-checks/${planned.id}`), 404, 'spot_check_not_found');
    }
    expect(
      await findAuditEntries(test.db, { action: 'spot_check.read', entityId: planned.id, outcome: 'denied' }),
    ).toHaveLength(3);
  });

  it('lets a street plan for its own communities only, and the village not at all', async () => {
    expectError(await plan(otherTown), 404, 'region_not_found');
    expectError(await plan(agents.village), 403, 'forbidden');
  });

  it('refuses bad input with a stable code', async () => {
    expectError(await plan(agents.town, { checkOn: addDays(today, -1) }), 400, 'validation_failed');
    expectError(await plan(agents.town, { checkOn: '2026-02-30' }), 400, 'validation_failed');
    expectError(await plan(agents.town, { inspectors: [] }), 400, 'validation_failed');
    expectError(await plan(agents.county, { regionIds: [world.town.id] }), 400, 'validation_failed');
    expectError(await plan(agents.town, { regionIds: [uuidv7()] }), 404, 'region_not_found');
  });

  it('records nothing before the day of the check', async () => {
    expectError(
      await agents.town.post(`/api/v1/spot-checks/${planned.id}/records`, { cadreId: cadre.id, outcome: 'absent' }),
      409,
      'spot_check_not_started',
    );
  });
});

describe('recording', () => {
  it('records a cadre of the area found 点卯, where and doing what; the community sees it from the day', async () => {
    held = (await plan(agents.town)).json<SpotCheck>();
    const response = await agents.town.post(`/api/v1/spot-checks/${held.id}/records`, {
      cadreId: cadre.id,
      outcome: 'roll_call_only',
      place: '社区办公室',
      activity: '签到后玩手机',
      note: '未入户',
    });
    expectStatus(response, 200);
    expect(response.json<SpotCheck>().records).toMatchObject([
      { cadre: { id: cadre.id, name: '周抽查' }, outcome: 'roll_call_only', place: '社区办公室', note: '未入户' },
    ]);
    const villageView = (await agents.village.get('/api/v1/spot-checks')).json<SpotCheckList>();
    expect(villageView.items.find((item) => item.id === held.id)?.canManage).toBe(false);
    expectStatus(await agents.cadre.get(`/api/v1/spot-checks/${held.id}`), 200);
    expectError(await otherTown.get(`/api/v1/spot-checks/${held.id}`), 404, 'spot_check_not_found');
  });

  it('refuses an unknown cadre, one serving elsewhere, and a recorder who did not plan it', async () => {
    const record = (body: Record<string, unknown>, agent = agents.town) =>
      agent.post(`/api/v1/spot-checks/${held.id}/records`, { cadreId: cadre.id, outcome: 'absent', ...body });
    expectError(await record({ cadreId: uuidv7() }), 404, 'cadre_not_found');
    expectError(await record({ cadreId: elsewhere.id }), 400, 'validation_failed');
    expectError(await record({ outcome: 'asleep' }), 400, 'validation_failed');
    expectError(await record({}, agents.village), 403, 'forbidden');
  });

  it('records a cadre once per check: a second record answers 409 and keeps the first', async () => {
    const again = await agents.town.post(`/api/v1/spot-checks/${held.id}/records`, {
      cadreId: cadre.id,
      outcome: 'at_post',
    });
    expect(expectError(again, 409, 'spot_check_record_exists').message).toContain('周抽查');
    const view = (await agents.town.get(`/api/v1/spot-checks/${held.id}`)).json<SpotCheck>();
    expect(view.records).toMatchObject([{ cadre: { id: cadre.id }, outcome: 'roll_call_only' }]);
  });
});

describe('photos', () => {
  it('keeps a photo of the cadre as found and serves it back byte for byte to those who see the check', async () => {
    const recordId = (await agents.town.get(`/api/v1/spot-checks/${held.id}`)).json<SpotCheck>().records[0]!.id;
    const response = await uploadPhoto(agents.town, held.id, { stage: 'record', subjectId: recordId });
    expectStatus(response, 201);
    const photo = response.json<{ id: string }>();
    expect(photo).toMatchObject({
      stage: 'record',
      fileName: '现场.png',
      contentType: 'image/png',
      size: pngBytes.length,
    });
    const view = (await agents.village.get(`/api/v1/spot-checks/${held.id}`)).json<SpotCheck>();
    expect(view.records[0]!.photos).toMatchObject([{ id: photo.id, stage: 'record' }]);
    const served = await agents.village.get(`/api/v1/spot-checks/${held.id}/photos/${photo.id}`);
    expectStatus(served, 200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.rawPayload.equals(pngBytes)).toBe(true);
    expect(await findAuditEntries(test.db, { action: 'spot_check.add_photo', entityId: held.id })).toHaveLength(1);
  });

  it('refuses what is not a photo, one over 10 MB, a subject not of the check, and the community', async () => {
    const recordId = (await agents.town.get(`/api/v1/spot-checks/${held.id}`)).json<SpotCheck>().records[0]!.id;
    const text = Buffer.from('这不是照片。', 'utf8');
    expectError(
      await uploadPhoto(agents.town, held.id, { stage: 'record', subjectId: recordId }, text),
      400,
      'unsupported_file',
    );
    const large = Buffer.concat([pngBytes, Buffer.alloc(10 * 1024 * 1024)]);
    expectError(
      await uploadPhoto(agents.town, held.id, { stage: 'record', subjectId: recordId }, large),
      413,
      'payload_too_large',
    );
    expectError(await uploadPhoto(agents.town, held.id, { stage: 'record', subjectId: uuidv7() }), 404, 'not_found');
    expectError(await uploadPhoto(agents.town, held.id, { stage: 'finding', subjectId: recordId }), 404, 'not_found');
    expectError(
      await uploadPhoto(agents.town, held.id, { stage: 'sky', subjectId: recordId }),
      400,
      'validation_failed',
    );
    expectError(await uploadPhoto(agents.village, held.id, { stage: 'record', subjectId: recordId }), 403, 'forbidden');
    const view = (await agents.town.get(`/api/v1/spot-checks/${held.id}`)).json<SpotCheck>();
    expect(view.records[0]!.photos).toHaveLength(1);
  });

  it('answers another street’s photos like missing ones, and audits the look', async () => {
    const view = (await agents.town.get(`/api/v1/spot-checks/${held.id}`)).json<SpotCheck>();
    const record = view.records[0]!;
    expectError(
      await otherTown.get(`/api/v1/spot-checks/${held.id}/photos/${record.photos[0]!.id}`),
      404,
      'spot_check_not_found',
    );
    expectError(
      await uploadPhoto(otherTown, held.id, { stage: 'record', subjectId: record.id }),
      404,
      'spot_check_not_found',
    );
    expectError(await agents.town.get(`/api/v1/spot-checks/${held.id}/photos/${uuidv7()}`), 404, 'not_found');
    // One more than the street's look at the check itself (recording, above): the photo and the upload.
    expect(
      await findAuditEntries(test.db, { action: 'spot_check.read', entityId: held.id, outcome: 'denied' }),
    ).toHaveLength(3);
  });
});

describe('findings', () => {
  it('adds a finding with a deadline in an area of the check', async () => {
    const add = (body: Record<string, unknown>) =>
      agents.town.post(`/api/v1/spot-checks/${held.id}/findings`, {
        regionId: world.memberGrid.id,
        description: '服务日签到后未开展工作',
        deadline: addDays(today, 7),
        ...body,
      });
    expectError(await add({ deadline: addDays(today, -1) }), 400, 'validation_failed');
    expectError(await add({ regionId: world.otherGrid.id }), 400, 'validation_failed');
    const response = await add({});
    expectStatus(response, 200);
    finding = response.json<SpotCheck>().findings[0]!;
    expect(finding).toMatchObject({ status: 'open', isOverdue: false, region: { id: world.memberGrid.id } });
  });

  it('lists a finding open past its deadline as overdue, to those who see the check only', async () => {
    await test.db
      .update(spotCheckFindings)
      .set({ deadline: addDays(today, -1) })
      .where(eq(spotCheckFindings.id, finding.id));
    const overdue = (await agents.village.get('/api/v1/spot-check-findings?overdue=true')).json<SpotCheckFindingList>();
    expect(overdue.items).toMatchObject([{ id: finding.id, isOverdue: true }]);
    const elsewhereList = (await otherTown.get('/api/v1/spot-check-findings')).json<SpotCheckFindingList>();
    expect(elsewhereList.items).toEqual([]);
  });

  it('keeps photos of the finding from the group and of its rectification from the community', async () => {
    const subject = { subjectId: finding.id };
    expectStatus(await uploadPhoto(agents.town, held.id, { stage: 'finding', ...subject }), 201);
    expectError(await uploadPhoto(agents.village, held.id, { stage: 'finding', ...subject }), 403, 'forbidden');
    expectStatus(await uploadPhoto(agents.village, held.id, { stage: 'rectification', ...subject }), 201);
    expectError(
      await uploadPhoto(otherTown, held.id, { stage: 'rectification', ...subject }),
      404,
      'spot_check_not_found',
    );
    const listed = (await agents.village.get('/api/v1/spot-check-findings')).json<SpotCheckFindingList>();
    expect(listed.items.find((item) => item.id === finding.id)?.photos.map((photo) => photo.stage)).toEqual([
      'finding',
      'rectification',
    ]);
  });

  it('is rectified by the community, then closed by the street', async () => {
    const rectification = { note: '已约谈并补走访 12 户', rectifiedOn: today };
    expectError(
      await agents.town.post(`/api/v1/spot-check-findings/${finding.id}/close`),
      409,
      'spot_check_finding_decided',
    );
    expectError(
      await otherTown.post(`/api/v1/spot-check-findings/${finding.id}/rectification`, rectification),
      404,
      'spot_check_finding_not_found',
    );
    expectError(
      await agents.village.post(`/api/v1/spot-check-findings/${finding.id}/rectification`, {
        ...rectification,
        rectifiedOn: addDays(today, 1),
      }),
      400,
      'validation_failed',
    );
    const rectified = await agents.village.post(
      `/api/v1/spot-check-findings/${finding.id}/rectification`,
      rectification,
    );
    expectStatus(rectified, 200);
    expect(rectified.json<SpotCheckFinding>()).toMatchObject({
      status: 'rectified',
      isOverdue: false,
      rectifiedOn: today,
    });
    expectError(
      await agents.village.post(`/api/v1/spot-check-findings/${finding.id}/rectification`, rectification),
      409,
      'spot_check_finding_decided',
    );
    expectError(await agents.village.post(`/api/v1/spot-check-findings/${finding.id}/close`), 403, 'forbidden');
    const closed = await agents.town.post(`/api/v1/spot-check-findings/${finding.id}/close`);
    expectStatus(closed, 200);
    expect(closed.json<SpotCheckFinding>().status).toBe('closed');
    expectError(
      await uploadPhoto(agents.village, held.id, { stage: 'rectification', subjectId: finding.id }),
      409,
      'spot_check_finding_decided',
    );
    for (const action of [
      'spot_check_finding.create',
      'spot_check_finding.rectify',
      'spot_check_finding.close',
    ] as const) {
      expect(await findAuditEntries(test.db, { action, entityId: finding.id }), action).toHaveLength(1);
    }
    expect(await findAuditEntries(test.db, { action: 'spot_check.record', entityId: finding.spotCheckId })).not.toEqual(
      [],
    );
  });
});

describe('evaluation', () => {
  it('takes a service day off the attendance of a cadre found 点卯, and shows the count on the line', async () => {
    expectStatus(
      await agents.cadre.post('/api/v1/attendance/check-ins', { id: uuidv7(), location: { lat: 30, lng: 120 } }),
      201,
    );
    const evaluation = (
      await agents.village.get(`/api/v1/cadres/evaluation?from=${from}&to=${today}`)
    ).json<EvaluationList>();
    const line = evaluation.items
      .find((item) => item.cadre.id === cadre.id)!
      .lines.find((candidate) => candidate.indicator === 'attendance')!;
    // Checked in today (one of seven days), but the spot check found them 点卯: nothing attended counts.
    expect(line.counts).toMatchObject({ attended: 1, expected: 7, spotChecked: 1, spotFailed: 1 });
    expect(line.score).toBe(0);
  });
});

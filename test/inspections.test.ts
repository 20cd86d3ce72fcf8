import { and, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases, inspections } from '../src/server/db/schema/index.js';
import type { CaseDetail } from '../src/shared/api/cases.js';
import type { Page } from '../src/shared/api/common.js';
import type {
  Checklist,
  ChecklistList,
  InspectionDetail,
  InspectionFigures,
  InspectionSummary,
} from '../src/shared/api/inspections.js';
import type { Place } from '../src/shared/api/registry.js';
import { addDays, chinaToday } from '../src/shared/clock.js';
import { actOn, detailOf } from './case-fixtures.js';
import {
  createTestApp,
  expectError,
  expectStatus,
  findAuditEntries,
  loadDemoWorld,
  signInAll,
  type Agent,
  type ApiResponse,
  type DemoWorld,
  type TestApp,
} from './helpers.js';
import { isOnPostgres, raceBehindBarrier } from './postgres-race.js';

/**
 * Hazard inspections (隐患排查) through the API: checklists, an inspection whose failed items are fixed on the spot
 * (with the photo of the fix) or turned into cases, the re-inspection that closes them, the client's id sent twice,
 * the figures, the scope of a grid and bad input.
 */

const usernames = ['county', 'leader', 'member', 'member2', 'cadre'] as const;

let test: TestApp;
let world: DemoWorld;
let agents: Record<(typeof usernames)[number], Agent>;
let checklist: Checklist;
let restaurant: Place;

/** The first bytes of a JPEG: what the server looks at to take a photo. */
const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 7)]);

async function uploadPhoto(agent: Agent): Promise<string> {
  const response = await agent.request('POST', '/api/v1/inspection-photos?fileName=hazard.jpg', jpeg, {
    'content-type': 'image/jpeg',
  });
  expectStatus(response, 201);
  return response.json<{ id: string }>().id;
}

async function createPlace(agent: Agent, regionId: string, name: string): Promise<Place> {
  const response = await agent.post('/api/v1/places', { regionId, kind: 'restaurant', name, address: '幸福路 8 号' });
  expectStatus(response, 201);
  return response.json<Place>();
}

/** Every item of the checklist ok, but those given. */
function itemsWith(overrides: Record<string, Record<string, unknown>>) {
  return checklist.items.map((item) => ({ code: item.code, result: 'ok', ...overrides[item.code] }));
}

function inspectionBody(overrides: Record<string, unknown> = {}) {
  return {
    id: uuidv7(),
    placeId: restaurant.id,
    checklistId: checklist.id,
    inspectedAt: new Date(Date.now() - 3_600_000).toISOString(),
    items: itemsWith({}),
    ...overrides,
  };
}

async function inspect(agent: Agent, body: Record<string, unknown>): Promise<InspectionDetail> {
  const response = await agent.post('/api/v1/inspections', body);
  expectStatus(response, 201);
  return response.json<InspectionDetail>();
}

async function figuresOf(agent: Agent, regionId: string): Promise<InspectionFigures> {
  // Yesterday too: the inspection below was made an hour ago, which just after midnight in China is yesterday.
  const today = chinaToday();
  const response = await agent.get(
    `/api/v1/inspections/figures?regionId=${regionId}&from=${addDays(today, -1)}&to=${today}`,
  );
  expectStatus(response, 200);
  return response.json<InspectionFigures>();
}

function itemOf(inspection: InspectionDetail, code: string) {
  const item = inspection.items.find((entry) => entry.code === code);
  if (!item) throw new Error(`The inspection has no item ${code}.`);
  return item;
}

beforeAll(async () => {
  test = await createTestApp();
  world = await loadDemoWorld(test.db);
  agents = await signInAll(test.app, usernames);
  const response = await agents.member.get('/api/v1/inspection-checklists?placeKind=restaurant');
  expectStatus(response, 200);
  checklist = response.json<ChecklistList>().items.find((entry) => entry.name.zh === '九小场所燃气安全检查')!;
  restaurant = await createPlace(agents.leader, world.memberGrid.id, '老王面馆');
});

afterAll(async () => {
  await test?.close();
});

describe('checklists', () => {
  it('gives the county the gas-safety checklist of the nine small places, in both languages', () => {
    expect(checklist.placeKinds).toEqual(expect.arrayContaining(['nine_small_place', 'restaurant']));
    expect(checklist.items.map((item) => item.code)).toEqual(
      expect.arrayContaining(['gas_hose', 'stove_flame_failure', 'gas_alarm', 'exit_blocked', 'extinguisher']),
    );
    expect(checklist.items.find((item) => item.code === 'gas_alarm')?.name).toEqual({
      zh: '未安装燃气泄漏报警器',
      en: 'No gas leak alarm installed',
    });
  });

  it('lets the county add and change a checklist, and a grid member neither', async () => {
    const body = {
      name: { zh: '建筑工地安全检查', en: 'Construction site safety' },
      placeKinds: ['construction_site'],
      items: [{ code: 'helmet', name: { zh: '未佩戴安全帽', en: 'No helmets' }, category: 'production_safety' }],
    };
    expectError(await agents.member.post('/api/v1/inspection-checklists', body), 403, 'forbidden');
    const created = await agents.county.post('/api/v1/inspection-checklists', body);
    expectStatus(created, 201);
    const site = created.json<Checklist>();
    expect(site.version).toBe(1);
    const changed = await agents.county.patch(`/api/v1/inspection-checklists/${site.id}`, {
      items: [
        ...body.items,
        { code: 'scaffold', name: { zh: '脚手架不稳', en: 'Loose scaffold' }, category: 'production_safety' },
      ],
    });
    expectStatus(changed, 200);
    expect(changed.json<Checklist>()).toMatchObject({ version: 2, items: [{ code: 'helmet' }, { code: 'scaffold' }] });
    expectError(
      await agents.member.patch(`/api/v1/inspection-checklists/${site.id}`, { isActive: false }),
      403,
      'forbidden',
    );
  });

  it('refuses an item filed under no item of the catalogue, and a code that is not ASCII', async () => {
    const item = { code: 'x1', name: { zh: '某项', en: 'Some' }, category: 'no_such_item' };
    const body = { name: { zh: '清单', en: 'List' }, placeKinds: ['shop'], items: [item] };
    expectError(await agents.county.post('/api/v1/inspection-checklists', body), 400, 'validation_failed');
    const chinese = { ...body, items: [{ ...item, code: '燃气', category: 'fire_safety' }] };
    expectError(await agents.county.post('/api/v1/inspection-checklists', chinese), 400, 'validation_failed');
  });
});

describe('an inspection', () => {
  let inspection: InspectionDetail;
  let before: InspectionFigures;

  beforeAll(async () => {
    before = await figuresOf(agents.member, world.memberGrid.id);
    const [found, fixed] = [await uploadPhoto(agents.member), await uploadPhoto(agents.member)];
    inspection = await inspect(
      agents.member,
      inspectionBody({
        notes: '午市前检查',
        items: itemsWith({
          gas_alarm: { result: 'not_ok', note: '后厨无报警器', photoIds: [found], resolution: { kind: 'case' } },
          extinguisher: {
            result: 'not_ok',
            note: '灭火器过期',
            resolution: { kind: 'fixed', note: '店主当场更换', photoIds: [fixed] },
          },
          fume_duct: { result: 'not_applicable' },
        }),
      }),
    );
  });

  it('turns a failed item into a case of the place, filed under the item’s catalogue item with a deadline', async () => {
    const item = itemOf(inspection, 'gas_alarm');
    expect(item).toMatchObject({ result: 'not_ok', resolution: 'case', isOpen: true, case: { status: 'reported' } });
    const made = await detailOf(agents.leader, item.case!.id);
    expect(made).toMatchObject({
      source: 'inspection',
      category: 'fire_safety',
      placeId: restaurant.id,
      regionId: world.memberGrid.id,
      status: 'reported',
    });
    expect(made.description).toContain('老王面馆');
    expect(made.deadline).not.toBeNull();
    expect(inspection.counts).toEqual({ items: checklist.items.length, failed: 2, fixed: 1, cases: 1, open: 1 });
  });

  it('keeps the photos of the hazard and of the fix, which the inspection’s readers can open', async () => {
    expect(itemOf(inspection, 'gas_alarm').photos.map((photo) => photo.stage)).toEqual(['before']);
    const fix = itemOf(inspection, 'extinguisher');
    expect(fix).toMatchObject({ resolution: 'fixed', isOpen: false, case: null });
    expect(fix.photos.map((photo) => photo.stage)).toEqual(['after']);
    const photo = await agents.leader.get(`/api/v1/inspections/${inspection.id}/photos/${fix.photos[0]!.id}`);
    expectStatus(photo, 200);
    expect(photo.headers['content-type']).toBe('image/jpeg');
    expect(photo.rawPayload.equals(jpeg)).toBe(true);
  });

  it('names the inspector (the caller’s staff record) and shows in the place’s history and the list', async () => {
    expect(inspection.inspectors.length).toBe(1);
    expect(inspection.inspectors[0]!.name).not.toBe('');
    const history = await agents.leader.get(`/api/v1/places/${restaurant.id}/inspections`);
    expectStatus(history, 200);
    expect(history.json<Page<InspectionSummary>>().items.map((entry) => entry.id)).toContain(inspection.id);
    const open = await agents.leader.get(`/api/v1/inspections?regionId=${world.memberGrid.id}&isOpen=true&limit=100`);
    expect(open.json<Page<InspectionSummary>>().items.map((entry) => entry.id)).toContain(inspection.id);
  });

  it('counts it in the grid’s figures: a place, two hazards, one fixed on the spot, one case still open', async () => {
    const after = await figuresOf(agents.member, world.memberGrid.id);
    expect({
      placesInspected: after.placesInspected - before.placesInspected,
      inspections: after.inspections - before.inspections,
      hazardsFound: after.hazardsFound - before.hazardsFound,
      fixedOnTheSpot: after.fixedOnTheSpot - before.fixedOnTheSpot,
      turnedIntoCases: after.turnedIntoCases - before.turnedIntoCases,
      open: after.open - before.open,
    }).toEqual({ placesInspected: 1, inspections: 1, hazardsFound: 2, fixedOnTheSpot: 1, turnedIntoCases: 1, open: 1 });
    // The village above the grid counts it too.
    const village = await figuresOf(agents.county, world.memberVillage.id);
    expect(village.hazardsFound).toBeGreaterThanOrEqual(after.hazardsFound);
  });

  it('refuses a fix on the spot without the photo of the fix', async () => {
    const response = await agents.member.post(
      '/api/v1/inspections',
      inspectionBody({
        items: itemsWith({ wiring: { result: 'not_ok', resolution: { kind: 'fixed', note: '已整理', photoIds: [] } } }),
      }),
    );
    expectError(response, 400, 'validation_failed');
  });

  it('refuses a failed item left without a fix or a case, and a photo someone else uploaded', async () => {
    const unresolved = inspectionBody({ items: itemsWith({ wiring: { result: 'not_ok' } }) });
    expectError(await agents.member.post('/api/v1/inspections', unresolved), 400, 'validation_failed');
    const othersPhoto = await uploadPhoto(agents.leader);
    const borrowed = inspectionBody({
      items: itemsWith({ wiring: { result: 'not_ok', resolution: { kind: 'fixed', photoIds: [othersPhoto] } } }),
    });
    expectError(await agents.member.post('/api/v1/inspections', borrowed), 400, 'validation_failed');
  });
});

describe('the client’s id', () => {
  it('answers the same inspection when sent again, and makes no second case', async () => {
    const body = inspectionBody({
      items: itemsWith({ exit_blocked: { result: 'not_ok', note: '后门堆放纸箱', resolution: { kind: 'case' } } }),
    });
    const first = await inspect(agents.member, body);
    const again = await agents.member.post('/api/v1/inspections', body);
    expectStatus(again, 200);
    expect(again.json<InspectionDetail>()).toEqual(first);
    const caseId = itemOf(first, 'exit_blocked').case!.id;
    const made = await test.db.select({ id: cases.id }).from(cases).where(eq(cases.placeId, restaurant.id));
    expect(made.filter((row) => row.id === caseId)).toHaveLength(1);
    const stored = await test.db.select().from(inspections).where(eq(inspections.id, body.id));
    expect(stored).toHaveLength(1);
  });

  it('answers 409 to an id someone else used, telling nothing of their inspection', async () => {
    const body = inspectionBody();
    await inspect(agents.member, body);
    const response = await agents.leader.post('/api/v1/inspections', body);
    const error = expectError(response, 409, 'client_id_taken');
    expect(JSON.stringify(error)).not.toContain(restaurant.name);
  });

  it.runIf(isOnPostgres)('records one inspection and one case when the same id arrives twice at once', async () => {
    const body = inspectionBody({
      items: itemsWith({ lpg_cylinder: { result: 'not_ok', resolution: { kind: 'case' } } }),
    });
    const answers = await raceBehindBarrier(test.db, 'inspections', 2, () =>
      Promise.all([agents.member.post('/api/v1/inspections', body), agents.member.post('/api/v1/inspections', body)]),
    );
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 201]);
    const [first, second] = answers.map((answer) => answer.json<InspectionDetail>());
    expect(first!.id).toBe(second!.id);
    const made = await test.db
      .select({ id: cases.id })
      .from(cases)
      .where(and(eq(cases.placeId, restaurant.id), eq(cases.id, itemOf(first!, 'lpg_cylinder').case!.id)));
    expect(made).toHaveLength(1);
    expect(itemOf(first!, 'lpg_cylinder').case!.id).toBe(itemOf(second!, 'lpg_cylinder').case!.id);
  });
});

describe('the re-inspection', () => {
  async function failedInspection(codes: string[]): Promise<InspectionDetail> {
    return inspect(
      agents.member,
      inspectionBody({
        items: itemsWith(
          Object.fromEntries(codes.map((code) => [code, { result: 'not_ok', resolution: { kind: 'case' } }])),
        ),
      }),
    );
  }

  function reInspect(agent: Agent, id: string, items: Record<string, unknown>[]): Promise<ApiResponse> {
    return agent.post(`/api/v1/inspections/${id}/re-inspections`, {
      id: uuidv7(),
      inspectedAt: new Date().toISOString(),
      items,
    });
  }

  it('closes the case of a hazard put right once someone else handled it: the re-check is its verification', async () => {
    const inspection = await failedInspection(['gas_alarm']);
    const caseId = itemOf(inspection, 'gas_alarm').case!.id;
    await actOn(agents.leader, caseId, { action: 'accept' });
    await actOn(agents.leader, caseId, { action: 'dispatch', assigneeId: world.accounts.cadre.id });
    await actOn(agents.cadre, caseId, { action: 'start' });
    await actOn(agents.cadre, caseId, { action: 'handle', result: '已督促店主安装报警器' });

    const photo = await uploadPhoto(agents.member);
    const response = await reInspect(agents.member, inspection.id, [
      { code: 'gas_alarm', result: 'ok', note: '报警器已安装', photoIds: [photo] },
    ]);
    expectStatus(response, 201);
    const recheck = response.json<InspectionDetail>();
    expect(recheck).toMatchObject({ kind: 're_inspection', previousId: inspection.id });
    expect(itemOf(recheck, 'gas_alarm').case).toMatchObject({ id: caseId, status: 'closed' });

    const closed = await detailOf(agents.leader, caseId);
    expect(closed.timeline.map((entry) => entry.action).slice(-2)).toEqual(['verify', 'close']);
    const earlier = await agents.member.get(`/api/v1/inspections/${inspection.id}`);
    const passed = earlier.json<InspectionDetail>();
    expect(itemOf(passed, 'gas_alarm')).toMatchObject({ isOpen: false, recheckedBy: recheck.id });
    expect(passed.counts.open).toBe(0);
    expect(passed.reInspections.map((entry) => entry.id)).toEqual([recheck.id]);
  });

  it('settles a case still waiting at the grid and leaves its verification to someone else', async () => {
    const inspection = await failedInspection(['wiring']);
    const caseId = itemOf(inspection, 'wiring').case!.id;
    const photo = await uploadPhoto(agents.leader);
    const response = await reInspect(agents.leader, inspection.id, [
      { code: 'wiring', result: 'ok', photoIds: [photo] },
    ]);
    expectStatus(response, 201);
    const handled = await detailOf(agents.member, caseId);
    expect(handled).toMatchObject({ status: 'handled', assigneeId: world.accounts.leader.id });
    expect(handled.abilities).toContain('verify');
    // The member verifies and closes it as the case rules have it.
    await actOn(agents.member, caseId, { action: 'verify' });
    const closed = await actOn(agents.member, caseId, { action: 'close' });
    expect(closed.status).toBe('closed');
  });

  it('keeps an item still failing open, and tells its case', async () => {
    const inspection = await failedInspection(['gas_hose']);
    const caseId = itemOf(inspection, 'gas_hose').case!.id;
    const response = await reInspect(agents.member, inspection.id, [
      { code: 'gas_hose', result: 'not_ok', note: '软管仍穿墙' },
    ]);
    expectStatus(response, 201);
    const again = (await agents.member.get(`/api/v1/inspections/${inspection.id}`)).json<InspectionDetail>();
    expect(itemOf(again, 'gas_hose').isOpen).toBe(true);
    const told: CaseDetail = await detailOf(agents.leader, caseId);
    expect(told.status).toBe('reported');
    expect(told.timeline.at(-1)).toMatchObject({ action: 'comment', note: '复查仍不合格：软管仍穿墙' });
  });

  it('refuses an item that was not left open, a pass without a photo, and a re-inspection of a re-inspection', async () => {
    const inspection = await failedInspection(['stove_flame_failure']);
    expectError(
      await reInspect(agents.member, inspection.id, [
        { code: 'gas_hose', result: 'ok', photoIds: [await uploadPhoto(agents.member)] },
      ]),
      400,
      'validation_failed',
    );
    expectError(
      await reInspect(agents.member, inspection.id, [{ code: 'stove_flame_failure', result: 'ok' }]),
      400,
      'validation_failed',
    );
    const recheck = await reInspect(agents.member, inspection.id, [{ code: 'stove_flame_failure', result: 'not_ok' }]);
    expectStatus(recheck, 201);
    const nested = await reInspect(agents.member, recheck.json<InspectionDetail>().id, [
      { code: 'stove_flame_failure', result: 'not_ok' },
    ]);
    expectError(nested, 400, 'validation_failed');
  });
});

describe('the scope of a grid', () => {
  let hidden: InspectionDetail;
  let photoId: string;

  beforeAll(async () => {
    const photo = await uploadPhoto(agents.member);
    hidden = await inspect(
      agents.member,
      inspectionBody({
        items: itemsWith({ gas_hose: { result: 'not_ok', resolution: { kind: 'fixed', photoIds: [photo] } } }),
      }),
    );
    photoId = photo;
  });

  async function expectHiddenLikeMissing(request: (id: string) => Promise<ApiResponse>) {
    const missing = uuidv7();
    const [outside, absent] = [await request(hidden.id), await request(missing)];
    expect(outside.statusCode).toBe(404);
    expect(absent.statusCode).toBe(404);
    expect(outside.json<{ error: { code: string } }>().error.code).toBe(
      absent.json<{ error: { code: string } }>().error.code,
    );
  }

  it('answers another grid’s inspection, its photo and its re-inspection like a missing one, and audits the look', async () => {
    await expectHiddenLikeMissing((id) => agents.member2.get(`/api/v1/inspections/${id}`));
    await expectHiddenLikeMissing((id) => agents.member2.get(`/api/v1/inspections/${id}/photos/${photoId}`));
    await expectHiddenLikeMissing((id) =>
      agents.member2.post(`/api/v1/inspections/${id}/re-inspections`, {
        id: uuidv7(),
        inspectedAt: new Date().toISOString(),
        items: [{ code: 'gas_hose', result: 'not_ok' }],
      }),
    );
    const denied = await findAuditEntries(test.db, {
      actorId: world.accounts.member2.id,
      entityId: hidden.id,
      outcome: 'denied',
    });
    expect(denied.length).toBeGreaterThanOrEqual(3);
    expect(denied[0]!.action).toBe('inspection.read');
  });

  it('neither lists nor counts another grid’s inspections, nor inspects its places', async () => {
    const listed = await agents.member2.get('/api/v1/inspections?limit=100');
    expectStatus(listed, 200);
    expect(listed.json<Page<InspectionSummary>>().items.map((entry) => entry.id)).not.toContain(hidden.id);
    expect(listed.json<Page<InspectionSummary>>().items.every((entry) => entry.regionId === world.otherGrid.id)).toBe(
      true,
    );
    expectError(
      await agents.member2.get(`/api/v1/inspections/figures?regionId=${world.memberGrid.id}`),
      404,
      'region_not_found',
    );
    expectError(await agents.member2.get(`/api/v1/places/${restaurant.id}/inspections`), 404, 'place_not_found');
    expectError(await agents.member2.post('/api/v1/inspections', inspectionBody()), 404, 'place_not_found');
  });
});

describe('bad input', () => {
  it.each([
    ['a NUL byte in the notes', () => ({ notes: 'a\u0000b' })],
    ['an id that is not a UUIDv7', () => ({ id: '0f8fad5b-d9cb-469f-a165-70867728950e' })],
    ['a date that does not exist', () => ({ inspectedAt: '2026-02-30T10:00:00Z' })],
    ['a time in the future', () => ({ inspectedAt: new Date(Date.now() + 86_400_000).toISOString() })],
    ['a time months ago', () => ({ inspectedAt: new Date(Date.now() - 90 * 86_400_000).toISOString() })],
    ['notes of a megabyte', () => ({ notes: 'x'.repeat(1_000_000) })],
    ['an item missing', () => ({ items: itemsWith({}).slice(1) })],
    ['an item of another list', () => ({ items: [...itemsWith({}).slice(1), { code: 'no_such_item', result: 'ok' }] })],
    ['a result that does not exist', () => ({ items: itemsWith({ gas_hose: { result: 'maybe' } }) })],
  ])('answers 400 to %s', async (_name, overrides) => {
    const response = await agents.member.post('/api/v1/inspections', inspectionBody(overrides()));
    expect([400, 413]).toContain(response.statusCode);
    expect(
      response.statusCode === 413 || response.json<{ error: { code: string } }>().error.code === 'validation_failed',
    ).toBe(true);
  });

  it('answers 404 to a checklist that does not exist and 400 to a bad cursor or period', async () => {
    expectError(
      await agents.member.post('/api/v1/inspections', inspectionBody({ checklistId: uuidv7() })),
      404,
      'checklist_not_found',
    );
    expectError(await agents.member.get('/api/v1/inspections?cursor=nonsense'), 400, 'validation_failed');
    expectError(await agents.member.get('/api/v1/inspections?from=2026-05-02&to=2026-05-01'), 400, 'validation_failed');
    expectError(await agents.member.get('/api/v1/inspections/figures?from=2026-13-01'), 400, 'validation_failed');
  });

  it('refuses a file that is not a photo', async () => {
    const response = await agents.member.request(
      'POST',
      '/api/v1/inspection-photos?fileName=a.jpg',
      Buffer.from('%PDF-1.4'),
      {
        'content-type': 'image/jpeg',
      },
    );
    expectError(response, 400, 'unsupported_file');
  });
});

describe('the demo', () => {
  it('has a month of inspections: failures fixed on the spot, cases, and re-inspections', async () => {
    const listed = await agents.county.get('/api/v1/inspections?limit=100');
    expectStatus(listed, 200);
    const items = listed.json<Page<InspectionSummary>>().items;
    expect(items.filter((entry) => entry.kind === 'inspection').length).toBeGreaterThanOrEqual(30);
    expect(items.some((entry) => entry.kind === 're_inspection')).toBe(true);
    expect(items.some((entry) => entry.counts.fixed > 0)).toBe(true);
    expect(items.some((entry) => entry.counts.open > 0)).toBe(true);
    // The demo's grid member sees the inspections of their own grid.
    const own = await agents.member.get('/api/v1/inspections?limit=100');
    expect(own.json<Page<InspectionSummary>>().items.length).toBeGreaterThan(0);
  });
});

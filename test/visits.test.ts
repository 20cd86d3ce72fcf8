import { sql } from 'drizzle-orm';
import { uuidv4, uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectRows } from '../src/server/db/client.js';
import type { Need, Visit, VisitPage } from '../src/shared/api/visits.js';
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
import { isOnPostgres, raceBehindBarrier } from './postgres-race.js';

/**
 * Household visits (入户走访): recorded once however often a phone sends them, inside the recorder's grid only, with
 * their follow-ups written all together or not at all, and the people met shown as the registry shows them.
 */

let test: TestApp;
let world: DemoWorld;
let agents: Record<'member' | 'member2' | 'leader' | 'cadre' | 'county', Agent>;
/** A household of the member's grid with at least one adult and one minor; one of the other grid. */
let home: { id: string; adultId: string; minorId: string | undefined };
let otherHome: { id: string };

beforeAll(async () => {
  test = await createTestApp();
  world = await loadDemoWorld(test.db);
  agents = await signInAll(test.app, ['member', 'member2', 'leader', 'cadre', 'county'] as const);
  const rows = await selectRows<{ household_id: string; adult_id: string; minor_id: string | null }>(
    test.db,
    sql`select h.id as household_id,
          (select p.id from persons p where p.household_id = h.id and p.birth_date < now() - interval '30 years' limit 1) as adult_id,
          (select p.id from persons p where p.household_id = h.id and p.birth_date > now() - interval '10 years' limit 1) as minor_id
        from households h where h.region_id = ${world.memberGrid.id}
        order by (select count(*) from persons p where p.household_id = h.id and p.birth_date > now() - interval '10 years') desc
        limit 1`,
  );
  home = { id: rows[0]!.household_id, adultId: rows[0]!.adult_id, minorId: rows[0]!.minor_id ?? undefined };
  const [other] = await selectRows<{ id: string }>(
    test.db,
    sql`select id from households where region_id = ${world.otherGrid.id} limit 1`,
  );
  otherHome = other!;
});

afterAll(async () => {
  await test?.close();
});

function minutesAgo(minutes: number) {
  return new Date(Date.now() - minutes * 60_000).toISOString();
}

function visitBody(body: Record<string, unknown> = {}) {
  return {
    id: uuidv7(),
    householdId: home.id,
    visitedAt: minutesAgo(30),
    purpose: 'routine',
    findings: '老人身体尚好，反映楼道灯坏了。',
    ...body,
  };
}

async function countRows(id: string) {
  const [row] = await selectRows<{ visits: number; visitors: number; needs: number; cases: number }>(
    test.db,
    sql`select (select count(*)::int from visits where id = ${id}) as visits,
               (select count(*)::int from visit_visitors where visit_id = ${id}) as visitors,
               (select count(*)::int from household_needs where source_visit_id = ${id}) as needs,
               (select count(*)::int from visits v join cases c on c.id = v.case_id where v.id = ${id}) as cases`,
  );
  return row!;
}

describe('recording a visit', () => {
  it('records it with the caller as visitor, and the same id again answers the same visit, creating nothing', async () => {
    const body = visitBody({ personIds: [home.adultId] });
    const first = await agents.member.post('/api/v1/visits', body);
    expectStatus(first, 201);
    const visit = first.json<Visit>();
    expect(visit.id).toBe(body.id);
    expect(visit.purposeName).toEqual({ zh: '日常走访', en: 'Routine visit' });
    expect(visit.visitors.map((visitor) => visitor.staffId)).toEqual([
      world.staff.find((staff) => staff.accountId === world.accounts.member.id)!.id,
    ]);
    expect(visit.personsMet.map((person) => person.id)).toEqual([home.adultId]);
    const again = await agents.member.post('/api/v1/visits', body);
    expectStatus(again, 200);
    expect(again.json<Visit>()).toEqual(visit);
    expect(await countRows(body.id)).toEqual({ visits: 1, visitors: 1, needs: 0, cases: 0 });
    // The list of the household shows it.
    const page = (await agents.leader.get(`/api/v1/visits?householdId=${home.id}`)).json<VisitPage>();
    expect(page.items.map((item) => item.id)).toContain(body.id);
  });

  it.runIf(isOnPostgres)('records one visit when the same id arrives twice at once', async () => {
    const body = visitBody();
    const answers = await raceBehindBarrier(test.db, 'visits', 2, () =>
      Promise.all([agents.member.post('/api/v1/visits', body), agents.member.post('/api/v1/visits', body)]),
    );
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 201]);
    expect(answers[0]!.json<Visit>().id).toBe(body.id);
    expect(await countRows(body.id)).toEqual({ visits: 1, visitors: 1, needs: 0, cases: 0 });
  });

  it('answers 409 client_id_taken for an id someone else used, telling nothing of the visit', async () => {
    const body = visitBody();
    expectStatus(await agents.member.post('/api/v1/visits', body), 201);
    const taken = expectError(
      await agents.member2.post('/api/v1/visits', { ...body, householdId: otherHome.id }),
      409,
      'client_id_taken',
    );
    expect(taken.message).not.toContain(home.id);
  });
});

describe('the list', () => {
  it('pages newest first by its cursor, without repeating or skipping a visit', async () => {
    const first = (await agents.leader.get('/api/v1/visits?limit=5')).json<VisitPage>();
    expect(first.items).toHaveLength(5);
    expect(first.nextCursor).not.toBeNull();
    const second = (
      await agents.leader.get(`/api/v1/visits?limit=5&cursor=${encodeURIComponent(first.nextCursor!)}`)
    ).json<VisitPage>();
    const both = [...first.items, ...second.items];
    expect(new Set(both.map((visit) => visit.id)).size).toBe(10);
    const times = both.map((visit) => visit.visitedAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('filters by purpose and period', async () => {
    const from = minutesAgo(30 * 24 * 60);
    const page = (
      await agents.leader.get(`/api/v1/visits?purpose=policy_notice&from=${encodeURIComponent(from)}&limit=50`)
    ).json<VisitPage>();
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((visit) => visit.purpose === 'policy_notice' && visit.visitedAt >= from)).toBe(true);
  });
});

describe('scope', () => {
  it('keeps grid B’s visits from a member of grid A: not read, listed, counted or recorded (404, audited)', async () => {
    const body = visitBody({ householdId: otherHome.id });
    expectStatus(await agents.member2.post('/api/v1/visits', body), 201);
    expectError(await agents.member.get(`/api/v1/visits/${body.id}`), 404, 'visit_not_found');
    const denied = await findAuditEntries(test.db, { entityId: body.id, outcome: 'denied' });
    expect(denied.map((entry) => entry.action)).toEqual(['visit.read']);
    const mine = (await agents.member.get('/api/v1/visits?limit=200')).json<VisitPage>();
    expect(mine.items.every((item) => item.regionId === world.memberGrid.id)).toBe(true);
    expectError(await agents.member.get(`/api/v1/visits?householdId=${otherHome.id}`), 404, 'household_not_found');
    expectError(await agents.member.get(`/api/v1/visits?regionId=${world.otherGrid.id}`), 404, 'region_not_found');
    expectError(
      await agents.member.post('/api/v1/visits', visitBody({ householdId: otherHome.id })),
      404,
      'household_not_found',
    );
    expectError(await agents.member.get(`/api/v1/households/${otherHome.id}/needs`), 404, 'household_not_found');
    // The town above both sees it.
    expectStatus(await agents.county.get(`/api/v1/visits/${body.id}`), 200);
  });

  it('refuses visitors who are not staff of the grid or above it', async () => {
    const otherStaff = world.staffIn(world.otherGrid.id)[0]!;
    const refused = expectError(
      await agents.member.post('/api/v1/visits', visitBody({ visitorStaffIds: [otherStaff.id] })),
      400,
      'validation_failed',
    );
    expect(refused.message).toMatch(/staff/);
  });
});

describe('bad input', () => {
  it.each([
    ['a NUL character in the findings', { findings: 'a\u0000b' }],
    ['an id that is not a UUID', { id: 'not-a-uuid' }],
    ['an id that is a UUID but not v7', { id: uuidv4() }],
    ['a visit time without its offset', { visitedAt: '2026-12-01T10:00:00' }],
    ['a visit time in the future', { visitedAt: new Date(Date.now() + 3_600_000).toISOString() }],
    ['a visit time 40 days ago', { visitedAt: minutesAgo(40 * 24 * 60) }],
    ['findings of 100,000 characters', { findings: '很'.repeat(100_000) }],
    ['both a household and a place', { placeId: uuidv7() }],
    ['neither a household nor a place', { householdId: undefined }],
    ['a purpose the county does not have', { purpose: 'tea_party' }],
    ['a bad cursor-like location', { location: { lat: 123, lng: 0 } }],
  ])('refuses %s with 400', async (_name, change) => {
    const response = await agents.member.post('/api/v1/visits', visitBody(change));
    expect(response.statusCode).toBe(400);
  });

  it('answers an unknown campaign as missing (404), recording nothing', async () => {
    const body = visitBody({ campaignId: uuidv7() });
    expectError(await agents.member.post('/api/v1/visits', body), 404, 'campaign_not_found');
    expect((await countRows(body.id)).visits).toBe(0);
  });

  it('accepts a visit sent a few days late by an offline queue', async () => {
    expectStatus(await agents.member.post('/api/v1/visits', visitBody({ visitedAt: minutesAgo(3 * 24 * 60) })), 201);
  });

  it('refuses a bad list filter with 400', async () => {
    expect((await agents.member.get('/api/v1/visits?cursor=nonsense')).statusCode).toBe(400);
    expect((await agents.member.get('/api/v1/visits?from=yesterday')).statusCode).toBe(400);
    expect((await agents.member.get('/api/v1/visits?householdId=123')).statusCode).toBe(400);
  });
});

describe('the people met', () => {
  it('hides a minor’s name from a role without sensitive.read, as the registry does', async () => {
    if (home.minorId === undefined) return;
    const body = visitBody({ personIds: [home.adultId, home.minorId] });
    expectStatus(await agents.member.post('/api/v1/visits', body), 201);
    const byMember = (await agents.member.get(`/api/v1/visits/${body.id}`)).json<Visit>();
    const byCadre = (await agents.cadre.get(`/api/v1/visits/${body.id}`)).json<Visit>();
    const minorSeenByMember = byMember.personsMet.find((person) => person.id === home.minorId)!;
    const minorSeenByCadre = byCadre.personsMet.find((person) => person.id === home.minorId)!;
    expect(minorSeenByMember.name.endsWith('*')).toBe(false);
    expect(minorSeenByCadre.name).toMatch(/^.\*$/);
    expect(minorSeenByCadre.age).toBeNull();
  });
});

describe('follow-ups', () => {
  it('writes the case, the need and the household change together with the visit', async () => {
    const body = visitBody({
      purpose: 'subsistence_check',
      followUp: {
        case: { category: 'environment', description: '楼道灯坏了，需要维修' },
        need: { kind: 'elderly_care', description: '希望每周有人上门送餐' },
        householdChange: { notes: '走访核实：独居老人' },
      },
    });
    const response = await agents.member.post('/api/v1/visits', body);
    expectStatus(response, 201);
    const visit = response.json<Visit>();
    expect(visit.case?.number).toMatch(/^\d{6}-\d{8}-\d{4}$/);
    expect(visit.needs.map((need) => need.description)).toEqual(['希望每周有人上门送餐']);
    const needs = (await agents.member.get(`/api/v1/households/${home.id}/needs`)).json<{ items: Need[] }>();
    expect(needs.items.some((need) => need.sourceVisitId === body.id)).toBe(true);
    const [household] = await selectRows<{ notes: string }>(
      test.db,
      sql`select notes from households where id = ${home.id}`,
    );
    expect(household!.notes).toBe('走访核实：独居老人');
    const [reported] = await selectRows<{ source: string; household_id: string }>(
      test.db,
      sql`select source, household_id from cases where id = ${visit.case!.id}`,
    );
    expect(reported).toEqual({ source: 'visit', household_id: home.id });
  });

  it('writes nothing when a part is refused (a cadre whose service has ended may no longer change the registry)', async () => {
    // The demo cadre's account, registered to serve in the grid, and that service ended: it still visits and reports,
    // but no longer changes the registry (cadre_service_ended).
    const unit = await agents.county.post('/api/v1/units', { name: '县民政局', kind: 'department' });
    expectStatus(unit, 201);
    const registered = await agents.county.post('/api/v1/cadres', {
      kind: 'cadre',
      name: '林走访',
      unitId: unit.json<{ id: string }>().id,
      serviceRegionId: world.memberVillage.id,
      gridId: world.memberGrid.id,
      accountId: world.accounts.cadre.id,
      startsOn: chinaToday(),
    });
    expectStatus(registered, 201);
    const { id, version } = registered.json<{ id: string; version: number }>();
    const ended = await agents.county.post(`/api/v1/cadres/${id}/actions`, { action: 'end', version, reason: '期满' });
    expectStatus(ended, 200);
    const [before] = await selectRows<{ cases: number }>(test.db, sql`select count(*)::int as cases from cases`);
    const body = visitBody({
      followUp: {
        case: { category: 'environment', description: '路灯不亮' },
        need: { kind: 'medical_care', description: '需要陪同就医' },
        householdChange: { notes: '不应写入' },
      },
    });
    expectError(await agents.cadre.post('/api/v1/visits', body), 403, 'cadre_service_ended');
    expect(await countRows(body.id)).toEqual({ visits: 0, visitors: 0, needs: 0, cases: 0 });
    const [after] = await selectRows<{ cases: number }>(test.db, sql`select count(*)::int as cases from cases`);
    expect(after!.cases).toBe(before!.cases);
  });

  it('writes nothing when the case is refused (an unknown catalogue item)', async () => {
    const body = visitBody({
      followUp: {
        case: { category: 'no_such_item', description: '无此事项' },
        need: { kind: 'other', description: '其他需求' },
      },
    });
    const response = await agents.member.post('/api/v1/visits', body);
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
    expect(await countRows(body.id)).toEqual({ visits: 0, visitors: 0, needs: 0, cases: 0 });
  });
});

describe('photos', () => {
  // A 1×1 PNG: the server recognises photos by their first bytes.
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  );

  it('are sent ahead, attached by the visit naming them, and shown with it; another’s photo cannot be attached', async () => {
    const upload = (agent: Agent) =>
      agent.request('POST', '/api/v1/visit-photos?fileName=door.png', png, { 'content-type': 'image/png' });
    const sent = await upload(agents.member);
    expectStatus(sent, 201);
    const photo = sent.json<{ id: string; contentType: string }>();
    expect(photo.contentType).toBe('image/png');
    const body = visitBody({ photoUploadIds: [photo.id] });
    const recorded = await agents.member.post('/api/v1/visits', body);
    expectStatus(recorded, 201);
    expect(recorded.json<Visit>().photos.map((item) => item.id)).toEqual([photo.id]);
    const bytes = await agents.leader.get(`/api/v1/visit-photos/${photo.id}`);
    expectStatus(bytes, 200);
    expect(bytes.rawPayload.equals(png)).toBe(true);
    // Grid B sees no photo of grid A.
    expect((await agents.member2.get(`/api/v1/visit-photos/${photo.id}`)).statusCode).toBe(404);
    // Someone else's upload is not the caller's to attach: nothing is recorded.
    const theirs = (await upload(agents.leader)).json<{ id: string }>();
    const refused = visitBody({ photoUploadIds: [theirs.id] });
    expectError(await agents.member.post('/api/v1/visits', refused), 400, 'validation_failed');
    expect(await countRows(refused.id)).toEqual({ visits: 0, visitors: 0, needs: 0, cases: 0 });
    // Not a photo.
    expectError(
      await agents.member.request('POST', '/api/v1/visit-photos?fileName=a.png', Buffer.from('hello'), {
        'content-type': 'image/png',
      }),
      400,
      'unsupported_file',
    );
  });
});

describe('needs', () => {
  it('are registered and closed on a household', async () => {
    const created = await agents.member.post(`/api/v1/households/${home.id}/needs`, {
      kind: 'employment',
      description: '儿子想找一份工作',
    });
    expectStatus(created, 201);
    const need = created.json<Need>();
    expect(need.status).toBe('open');
    const met = await agents.member.patch(`/api/v1/households/${home.id}/needs/${need.id}`, { status: 'met' });
    expectStatus(met, 200);
    expect(met.json<Need>().status).toBe('met');
    expectError(
      await agents.member.patch(`/api/v1/households/${home.id}/needs/${uuidv7()}`, { status: 'met' }),
      404,
      'need_not_found',
    );
  });
});

describe('visit purposes', () => {
  it('start with the six defaults and are edited by the county only', async () => {
    const list = (await agents.member.get('/api/v1/visit-purposes')).json<{ items: { code: string }[] }>();
    expect(list.items.map((item) => item.code)).toEqual([
      'routine',
      'subsistence_check',
      'policy_notice',
      'epidemic_check',
      'case_follow_up',
      'campaign_task',
    ]);
    const items = [...list.items, { code: 'flood_check', zh: '防汛排查', en: 'Flood check', isActive: true }];
    expectError(await agents.member.put('/api/v1/visit-purposes', { items }), 403, 'forbidden');
    expectStatus(await agents.county.put('/api/v1/visit-purposes', { items }), 200);
    expectStatus(await agents.member.post('/api/v1/visits', visitBody({ purpose: 'flood_check' })), 201);
  });
});

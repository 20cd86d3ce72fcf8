import { randomUUID } from 'node:crypto';
import zlib from 'node:zlib';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases } from '../src/server/db/schema/index.js';
import type { AddedPhoto, Case } from '../src/shared/api/cases.js';
import type { Page } from '../src/shared/api/common.js';
import { actOn, attemptOn, detailOf, reportCase } from './case-fixtures.js';
import { interiorPointOf } from './factories.js';
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
 * Every action of the closed loop through POST /cases/{id}/transitions with what it changes, the requests it
 * refuses and why, two users acting at once, the scope of a grid, and photos.
 */

const day = 86_400_000;
const usernames = ['admin', 'county', 'town', 'village', 'leader', 'member', 'member2', 'cadre'] as const;

let test: TestApp;
let world: DemoWorld;
let agents: Record<(typeof usernames)[number], Agent>;

beforeAll(async () => {
  test = await createTestApp();
  world = await loadDemoWorld(test.db);
  agents = await signInAll(test.app, usernames);
});

afterAll(async () => {
  await test?.close();
});

/** A report in the member's grid, of an `environment` need unless the body says otherwise. */
function report(agent: Agent, body: Record<string, unknown> = {}): Promise<Case> {
  return reportCase(agent, { regionId: world.memberGrid.id, ...body });
}

async function actionsOnTimeline(id: string): Promise<string[]> {
  return (await detailOf(agents.leader, id)).timeline.map((event) => event.action);
}

/** A case of the member's grid taken to the cadre's hands: accepted by the leader and dispatched to the cadre. */
async function dispatchedToCadre(): Promise<Case> {
  const reported = await report(agents.member);
  await actOn(agents.leader, reported.id, { action: 'accept' });
  return actOn(agents.leader, reported.id, { action: 'dispatch', assigneeId: world.accounts.cadre.id });
}

/** A case worked by the cadre, verified by the member (with a rating if given) and closed by the leader. */
async function closedCase(verification: Record<string, unknown> = {}): Promise<Case> {
  const dispatched = await dispatchedToCadre();
  await actOn(agents.cadre, dispatched.id, { action: 'start' });
  await actOn(agents.cadre, dispatched.id, { action: 'handle', result: '已清理楼道杂物' });
  await actOn(agents.member, dispatched.id, { action: 'verify', ...verification });
  return actOn(agents.leader, dispatched.id, { action: 'close' });
}

/** Moves a case's recorded times, as the passing of days would. */
async function setTimes(id: string, times: { deadline?: Date; closedAt?: Date }) {
  await test.db.update(cases).set(times).where(eq(cases.id, id));
}

describe('the actions and their effects', () => {
  it('returns a report to its reporter, who completes and resubmits it', async () => {
    const reported = await report(agents.cadre, { description: '路灯不亮' });
    const returned = await actOn(agents.leader, reported.id, { action: 'return', reason: '请写明是哪一处路灯' });
    expect(returned.status).toBe('returned');

    const asReporter = await detailOf(agents.cadre, reported.id);
    expect(asReporter.abilities).toContain('resubmit');
    expectError(await attemptOn(agents.village, reported.id, { action: 'resubmit' }), 403, 'forbidden');
    const resubmitted = await actOn(agents.cadre, reported.id, { action: 'resubmit' });
    expect(resubmitted).toMatchObject({ status: 'reported', level: 'grid' });

    const { timeline } = await detailOf(agents.leader, reported.id);
    expect(timeline.map((event) => [event.action, event.toStatus])).toEqual([
      ['report', 'reported'],
      ['return', 'returned'],
      ['resubmit', 'reported'],
    ]);
    expect(timeline[1]).toMatchObject({ note: '请写明是哪一处路灯', actorName: world.accounts.leader.displayName });
  });

  it('lets an assignee hand a case back: accepted again, with no one assigned', async () => {
    const dispatched = await dispatchedToCadre();
    expect(dispatched).toMatchObject({ status: 'dispatched', assigneeId: world.accounts.cadre.id });
    await actOn(agents.cadre, dispatched.id, { action: 'start' });
    const handedBack = await actOn(agents.cadre, dispatched.id, { action: 'return', reason: '不在我的职责范围' });
    expect(handedBack).toMatchObject({ status: 'accepted', assigneeId: null, assigneeName: null });

    expect((await detailOf(agents.cadre, dispatched.id)).abilities).not.toContain('handle');
    expect((await detailOf(agents.leader, dispatched.id)).abilities).toContain('dispatch');
    const { timeline } = await detailOf(agents.leader, dispatched.id);
    expect(timeline.at(-1)).toMatchObject({ action: 'return', fromStatus: 'in_progress', toStatus: 'accepted' });
  });

  it('publishes a need for claiming, and the sunk cadre claims and works it', async () => {
    const reported = await report(agents.member);
    await actOn(agents.leader, reported.id, { action: 'accept' });
    expect((await detailOf(agents.cadre, reported.id)).abilities).not.toContain('claim');
    expectError(await attemptOn(agents.cadre, reported.id, { action: 'claim' }), 403, 'forbidden');

    const published = await actOn(agents.leader, reported.id, { action: 'publish' });
    expect(published).toMatchObject({ status: 'accepted', isPublished: true });
    expect(published.abilities).not.toContain('publish');
    expect((await detailOf(agents.cadre, reported.id)).abilities).toContain('claim');

    const claimed = await actOn(agents.cadre, reported.id, { action: 'claim' });
    expect(claimed).toMatchObject({
      status: 'dispatched',
      assigneeId: world.accounts.cadre.id,
      assigneeName: world.accounts.cadre.displayName,
    });
    expect(claimed.abilities).toContain('start');
  });

  it('does not publish a hazard: someone must be sent to it', async () => {
    const hazard = await report(agents.member, { category: 'public_security', description: '小区围墙有缺口' });
    await actOn(agents.leader, hazard.id, { action: 'accept' });
    expectError(await attemptOn(agents.leader, hazard.id, { action: 'publish' }), 403, 'forbidden');
  });

  it('parks a case, stopping its clock, and gives it a fresh deadline when it resumes', async () => {
    const reported = await report(agents.member);
    await actOn(agents.leader, reported.id, { action: 'accept' });
    const parked = await actOn(agents.leader, reported.id, { action: 'park', reason: '等待物业公司换届' });
    expect(parked.status).toBe('parked');

    // A month later: the old deadline has long passed, but a parked case is not overdue.
    await setTimes(reported.id, { deadline: new Date(Date.now() - 30 * day) });
    expect((await detailOf(agents.leader, reported.id)).isOverdue).toBe(false);

    const resumed = await actOn(agents.leader, reported.id, { action: 'resume' });
    expect(resumed).toMatchObject({ status: 'accepted', isOverdue: false });
    expect(new Date(resumed.deadline!).getTime()).toBeGreaterThan(Date.now() + 2 * day);
  });

  it('escalates a case one level up, to be accepted there', async () => {
    const dispatched = await dispatchedToCadre();
    const escalated = await actOn(agents.cadre, dispatched.id, { action: 'escalate', reason: '需要村里协调' });
    expect(escalated).toMatchObject({ status: 'reported', level: 'village', assigneeId: null });
    expect((await detailOf(agents.village, dispatched.id)).abilities).toContain('accept');
    expectError(await attemptOn(agents.leader, dispatched.id, { action: 'accept' }), 403, 'forbidden');
  });

  it('merges a duplicate into a case the handler sees, and nothing can be done to it afterwards', async () => {
    const original = await report(agents.member, { description: '井盖缺失' });
    const duplicate = await report(agents.cadre, { description: '井盖丢了' });
    const merged = await actOn(agents.leader, duplicate.id, { action: 'merge', duplicateOfId: original.id });
    expect(merged).toMatchObject({ status: 'merged', duplicateOfId: original.id, abilities: [] });
    const { timeline } = await detailOf(agents.leader, duplicate.id);
    expect(timeline.at(-1)).toMatchObject({ action: 'merge', details: { duplicateOf: original.number } });
    expectError(
      await attemptOn(agents.member, duplicate.id, { action: 'comment', note: '还没修' }),
      409,
      'case_changed',
    );
    expect((await detailOf(agents.leader, original.id)).status).toBe('reported');
  });

  it('refuses to merge a case into itself, into a duplicate, or into a case out of sight', async () => {
    const original = await report(agents.member);
    const duplicate = await report(agents.member);
    const another = await report(agents.member);
    await actOn(agents.leader, duplicate.id, { action: 'merge', duplicateOfId: original.id });
    const elsewhere = await report(agents.member2, { regionId: world.otherGrid.id });

    const itself = expectError(
      await attemptOn(agents.leader, another.id, { action: 'merge', duplicateOfId: another.id }),
      400,
      'validation_failed',
    );
    expect(itself.details).toEqual({ field: 'duplicateOfId' });
    expectError(
      await attemptOn(agents.leader, another.id, { action: 'merge', duplicateOfId: duplicate.id }),
      400,
      'validation_failed',
    );
    expectError(
      await attemptOn(agents.leader, another.id, { action: 'merge', duplicateOfId: elsewhere.id }),
      404,
      'case_not_found',
    );
    const denials = await findAuditEntries(test.db, {
      actorId: world.accounts.leader.id,
      entityId: elsewhere.id,
      outcome: 'denied',
    });
    expect(denials).toHaveLength(1);
    expect(await detailOf(agents.leader, another.id)).toMatchObject({ status: 'reported', duplicateOfId: null });
  });

  it('reopens a case closed within the window, back into its assignee’s hands', async () => {
    const closed = await closedCase();
    expect(closed).toMatchObject({ status: 'closed', closedLevel: 'grid' });
    expect(closed.closedAt).not.toBeNull();

    const reopened = await actOn(agents.member, closed.id, { action: 'reopen', reason: '居民反映杂物又堆回来了' });
    expect(reopened).toMatchObject({ status: 'in_progress', closedAt: null, closedLevel: null });
    expect(reopened.assigneeId).toBe(world.accounts.cadre.id);
    expect((await detailOf(agents.cadre, closed.id)).abilities).toContain('handle');
  });

  it('does not reopen a case closed more than seven days ago', async () => {
    const closed = await closedCase();
    await setTimes(closed.id, { closedAt: new Date(Date.now() - 8 * day) });
    expect((await detailOf(agents.leader, closed.id)).abilities).not.toContain('reopen');
    expectError(await attemptOn(agents.leader, closed.id, { action: 'reopen', reason: '再看看' }), 403, 'forbidden');
  });

  it('replaces an earlier rating with a later one', async () => {
    const closed = await closedCase({ rating: 3 });
    expect(closed.rating).toBe(3);
    const rated = await actOn(agents.member, closed.id, { action: 'rate', rating: 5 });
    expect(rated).toMatchObject({ status: 'closed', rating: 5 });
    const { timeline } = await detailOf(agents.leader, closed.id);
    expect(
      timeline.filter((event) => event.details?.rating !== undefined).map((event) => event.details!.rating),
    ).toEqual([3, 5]);
  });

  it('adds comments and revisits to the timeline, leaving the status as it was', async () => {
    const reported = await report(agents.member);
    const commented = await actOn(agents.cadre, reported.id, { action: 'comment', note: '我下午去看一下' });
    expect(commented.status).toBe('reported');
    const closed = await closedCase();
    const revisited = await actOn(agents.leader, closed.id, { action: 'revisit', note: '回访居民，表示满意' });
    expect(revisited.status).toBe('closed');

    expect((await detailOf(agents.member, reported.id)).timeline.at(-1)).toMatchObject({
      action: 'comment',
      toStatus: 'reported',
      note: '我下午去看一下',
      actorName: world.accounts.cadre.displayName,
    });
    expect((await detailOf(agents.member, closed.id)).timeline.at(-1)).toMatchObject({
      action: 'revisit',
      fromStatus: 'closed',
      toStatus: 'closed',
      note: '回访居民，表示满意',
    });
  });
});

describe('reports', () => {
  it('closes a simple matter answered on the spot, at the grid', async () => {
    const answered = await report(agents.member, { tier: 'simple', result: '已当场告知办理流程' });
    expect(answered).toMatchObject({ status: 'closed', level: 'grid', closedLevel: 'grid', deadline: null });
    expect(await actionsOnTimeline(answered.id)).toEqual(['report', 'close']);
  });

  it('routes a report made at a point to the grid that contains it', async () => {
    const [lng, lat] = interiorPointOf(world.memberGrid, world.childrenOf(world.memberGrid.id));
    const located = await report(agents.member, { regionId: undefined, location: { lat, lng } });
    expect(located.regionId).toBe(world.memberGrid.id);
  });

  it('refuses an unknown item, a report with no place, a point in no grid and a simple matter without its answer', async () => {
    const refused = async (body: Record<string, unknown>, field?: string) => {
      const response = await agents.member.post('/api/v1/cases', {
        category: 'environment',
        description: '楼道堆放杂物',
        ...body,
      });
      const error = expectError(response, 400, 'validation_failed');
      if (field) expect(error.details).toEqual({ field });
    };
    await refused({ category: 'no_such_item', regionId: world.memberGrid.id }, 'category');
    await refused({});
    await refused({ location: { lat: 0, lng: 0 } }, 'location');
    await refused({ regionId: world.memberGrid.id, tier: 'simple' }, 'result');
  });
});

describe('the list of cases', () => {
  const listed = async (agent: Agent, query: string) => {
    const response = await agent.get(`/api/v1/cases?limit=200&${query}`);
    expectStatus(response, 200);
    return response.json<Page<Case>>().items.map((item) => item.id);
  };

  it('tells overdue cases from the others', async () => {
    const late = await report(agents.member, { description: '垃圾桶破损' });
    const onTime = await report(agents.member, { description: '花坛缺土' });
    await setTimes(late.id, { deadline: new Date(Date.now() - day) });
    expect((await detailOf(agents.leader, late.id)).isOverdue).toBe(true);

    const overdue = await listed(agents.leader, 'overdue=true');
    expect(overdue).toContain(late.id);
    expect(overdue).not.toContain(onTime.id);
    const notOverdue = await listed(agents.leader, 'overdue=false');
    expect(notOverdue).toContain(onTime.id);
    expect(notOverdue).not.toContain(late.id);
  });

  it('lists the cases assigned to the user, in a status, of a catalogue item', async () => {
    const dispatched = await dispatchedToCadre();
    const hazard = await report(agents.member, { category: 'public_security', description: '小区围墙有缺口' });
    expect(await listed(agents.cadre, 'assignedToMe=true')).toContain(dispatched.id);
    expect(await listed(agents.leader, 'assignedToMe=true')).not.toContain(dispatched.id);
    const inStatus = await listed(agents.leader, 'status=dispatched,in_progress');
    expect(inStatus).toContain(dispatched.id);
    expect(inStatus).not.toContain(hazard.id);
    const ofItem = await listed(agents.leader, 'category=public_security');
    expect(ofItem).toContain(hazard.id);
    expect(ofItem).not.toContain(dispatched.id);
  });
});

describe('finding a case by its number', () => {
  it('finds it by the whole number or without the county code, only within scope', async () => {
    const found = await report(agents.member, { description: '井盖松动' });
    for (const typed of [found.number, found.number.slice(found.number.indexOf('-') + 1)]) {
      const listed = (await agents.leader.get(`/api/v1/cases?number=${typed}`)).json<Page<Case>>();
      expect(
        listed.items.map((item) => item.id),
        typed,
      ).toEqual([found.id]);
      const elsewhere = (await agents.member2.get(`/api/v1/cases?number=${typed}`)).json<Page<Case>>();
      expect(elsewhere.items, typed).toEqual([]);
    }
  });
});

describe('the household, people and place a report names', () => {
  it('takes only records the reporter may see, and keeps a household cases name', async () => {
    const household = await agents.member.post('/api/v1/households', {
      regionId: world.memberGrid.id,
      address: '案件测试小区1号楼101室',
    });
    expectStatus(household, 201);
    const householdId = household.json<{ id: string }>().id;
    const named = await report(agents.member, { description: '屋顶漏雨', householdId });
    expect(named.householdId).toBe(householdId);

    const otherHousehold = await agents.member2.post('/api/v1/households', {
      regionId: world.otherGrid.id,
      address: '别的网格小区2号楼202室',
    });
    expectStatus(otherHousehold, 201);
    const otherPerson = await agents.member2.post('/api/v1/persons', { regionId: world.otherGrid.id, name: '外格人' });
    expectStatus(otherPerson, 201);
    const refusals = [
      [{ householdId: otherHousehold.json<{ id: string }>().id }, 'household_not_found'],
      [{ personIds: [otherPerson.json<{ id: string }>().id] }, 'person_not_found'],
      [{ placeId: randomUUID() }, 'place_not_found'],
    ] as const;
    for (const [body, code] of refusals) {
      const refused = await agents.member.post('/api/v1/cases', {
        category: 'environment',
        description: '屋顶漏雨',
        regionId: world.memberGrid.id,
        ...body,
      });
      expectError(refused, 404, code);
    }

    const removal = await agents.member.delete(`/api/v1/households/${householdId}`);
    expect(expectError(removal, 409, 'household_not_empty').message).toMatch(/Cases name this household/);
  });
});

describe('the resident’s phone', () => {
  it('is masked, shown in full only when asked with a reason by a role that may, and the look is audited', async () => {
    const raised = await report(agents.member, {
      source: 'resident',
      residentName: '王大妈',
      residentPhone: '13812345678',
    });
    const masked = await detailOf(agents.leader, raised.id);
    expect(masked.residentPhone).toBe('138****5678');
    const listed = (await agents.leader.get(`/api/v1/cases?number=${raised.number}`)).json<Page<Case>>();
    expect(listed.items[0]?.residentPhone).toBe('138****5678');

    expectError(await agents.member.get(`/api/v1/cases/${raised.id}?reveal=true`), 400, 'validation_failed');
    expectError(await agents.cadre.get(`/api/v1/cases/${raised.id}?reveal=true&reason=x`), 403, 'forbidden');
    expectError(await agents.member2.get(`/api/v1/cases/${raised.id}?reveal=true&reason=回访`), 404, 'case_not_found');
    const shown = await agents.member.get(
      `/api/v1/cases/${raised.id}?reveal=true&reason=${encodeURIComponent('回访')}`,
    );
    expectStatus(shown, 200);
    expect(shown.json<Case>().residentPhone).toBe('13812345678');
    const entries = await findAuditEntries(test.db, { action: 'case.reveal_phone', entityId: raised.id });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorUsername: 'member', details: { reason: '回访' } });
  });
});

describe('refused transitions', () => {
  const needs = [
    ['return', 'reason'],
    ['dispatch', 'assigneeId'],
    ['handle', 'result'],
    ['reopen', 'reason'],
    ['escalate', 'reason'],
    ['park', 'reason'],
    ['merge', 'duplicateOfId'],
    ['rate', 'rating'],
    ['revisit', 'note'],
    ['comment', 'note'],
  ] as const;

  it.each(needs)('asks %s for its %s before looking any further', async (action, field) => {
    const reported = await report(agents.member);
    const error = expectError(await attemptOn(agents.leader, reported.id, { action }), 400, 'validation_failed');
    expect(error.details).toEqual({ field });
    expect((await detailOf(agents.leader, reported.id)).version).toBe(reported.version);
  });

  it('dispatches only to someone whose area includes the case', async () => {
    const reported = await report(agents.member);
    const accepted = await actOn(agents.leader, reported.id, { action: 'accept' });
    const error = expectError(
      await attemptOn(agents.leader, reported.id, { action: 'dispatch', assigneeId: world.accounts.member2.id }),
      400,
      'assignee_not_eligible',
    );
    expect(error.details).toEqual({ field: 'assigneeId' });
    expect(await detailOf(agents.leader, reported.id)).toMatchObject({ status: 'accepted', version: accepted.version });
  });

  it('answers 409 to a user who saw an older version, or asks for what the status does not allow', async () => {
    const reported = await report(agents.member);
    await actOn(agents.leader, reported.id, { action: 'accept', version: reported.version });
    const stale = expectError(
      await attemptOn(agents.leader, reported.id, { action: 'comment', note: '已受理', version: reported.version }),
      409,
      'case_changed',
    );
    expect(stale.details).toEqual({ version: reported.version + 1 });
    const impossible = expectError(
      await attemptOn(agents.leader, reported.id, { action: 'close' }),
      409,
      'case_changed',
    );
    expect(impossible.details).toEqual({ status: 'accepted' });
  });

  it('answers 403 to a user who is not a party to the action', async () => {
    const reported = await report(agents.member);
    expectError(await attemptOn(agents.cadre, reported.id, { action: 'accept' }), 403, 'forbidden');
    expectError(await attemptOn(agents.village, reported.id, { action: 'accept' }), 403, 'forbidden');
    expect((await detailOf(agents.leader, reported.id)).status).toBe('reported');
  });
});

describe.runIf(isOnPostgres)('two users acting at once', () => {
  it('accepts a case once: the other user is told it changed', async () => {
    const reported = await report(agents.member);
    const answers = await raceBehindBarrier(test.db, 'cases', 2, () =>
      Promise.all([
        attemptOn(agents.member, reported.id, { action: 'accept' }),
        attemptOn(agents.leader, reported.id, { action: 'accept' }),
      ]),
    );
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 409]);
    expectError(
      answers.find((answer) => answer.statusCode === 409)!,
      409,
      'case_changed',
    );
    expect(await actionsOnTimeline(reported.id)).toEqual(['report', 'accept']);
  });

  it('dispatches a case once when two handlers send it to different people', async () => {
    const reported = await report(agents.member);
    const accepted = await actOn(agents.leader, reported.id, { action: 'accept' });
    const choices = [
      { agent: agents.leader, assigneeId: world.accounts.cadre.id },
      { agent: agents.member, assigneeId: world.accounts.member.id },
    ];
    const answers = await raceBehindBarrier(test.db, 'cases', 2, () =>
      Promise.all(
        choices.map(({ agent, assigneeId }) =>
          attemptOn(agent, reported.id, { action: 'dispatch', assigneeId, version: accepted.version }),
        ),
      ),
    );
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 409]);
    const winner = choices[answers.findIndex((answer) => answer.statusCode === 200)]!;
    expect((await detailOf(agents.leader, reported.id)).assigneeId).toBe(winner.assigneeId);
    expect(await actionsOnTimeline(reported.id)).toEqual(['report', 'accept', 'dispatch']);
  });
});

describe('the scope of a grid', () => {
  let hidden: Case;
  let photoId: string;
  const member2 = () => agents.member2;

  beforeAll(async () => {
    hidden = await report(agents.member, { description: '消防通道被占用' });
    const photo = await agents.member.request(
      'POST',
      `/api/v1/cases/${hidden.id}/photos?fileName=scene.png`,
      tinyPng(),
      { 'content-type': 'image/png' },
    );
    expectStatus(photo, 201);
    photoId = photo.json<{ id: string }>().id;
  });

  /**
   * Asserts that the case of another grid is answered exactly like a case that does not exist (but for its id),
   * and that the look at it, unlike the miss, is audited.
   */
  async function expectHiddenLikeMissing(request: (caseId: string) => Promise<ApiResponse>) {
    const missingId = randomUUID();
    const filter = { actorId: world.accounts.member2.id, entityId: hidden.id, outcome: 'denied' } as const;
    const deniedBefore = await findAuditEntries(test.db, filter);
    const answer = await request(hidden.id);
    const missing = await request(missingId);
    expectError(answer, 404, 'case_not_found');
    expect(answer.body.replaceAll(hidden.id, '<id>')).toBe(missing.body.replaceAll(missingId, '<id>'));
    expect(await findAuditEntries(test.db, filter)).toHaveLength(deniedBefore.length + 1);
    expect(await findAuditEntries(test.db, { entityId: missingId })).toEqual([]);
  }

  it('answers the case, its transitions and its photos like a missing case, and audits the look', async () => {
    await expectHiddenLikeMissing((id) => member2().get(`/api/v1/cases/${id}`));
    await expectHiddenLikeMissing((id) => attemptOn(member2(), id, { action: 'comment', note: '我来看看' }));
    await expectHiddenLikeMissing((id) =>
      member2().request('POST', `/api/v1/cases/${id}/photos?fileName=scene.png`, tinyPng(), {
        'content-type': 'image/png',
      }),
    );
    await expectHiddenLikeMissing((id) => member2().get(`/api/v1/cases/${id}/photos/${photoId}`));
    expect(await actionsOnTimeline(hidden.id)).toEqual(['report']);
    expect((await detailOf(agents.member, hidden.id)).files).toHaveLength(1);
  });

  it('never lists it, whatever the filter', async () => {
    const filters = [
      '',
      '?status=reported',
      `?status=${['reported', 'accepted', 'dispatched', 'in_progress', 'closed', 'merged'].join(',')}`,
      '?category=environment',
      '?level=grid',
      '?overdue=true',
      '?assignedToMe=true',
      '?limit=200',
    ];
    for (const filter of filters) {
      const response = await member2().get(`/api/v1/cases${filter}`);
      expectStatus(response, 200);
      expect(
        response.json<Page<Case>>().items.map((item) => item.id),
        filter,
      ).not.toContain(hidden.id);
    }
    expect((await agents.member.get('/api/v1/cases?limit=200')).json<Page<Case>>().items).toContainEqual(
      expect.objectContaining({ id: hidden.id }),
    );
    expectError(await member2().get(`/api/v1/cases?regionId=${world.memberGrid.id}`), 404, 'region_not_found');
  });

  it('does not let a member report into another grid', async () => {
    const response = await member2().post('/api/v1/cases', {
      category: 'environment',
      description: '楼道堆放杂物',
      regionId: world.memberGrid.id,
    });
    expectError(response, 404, 'region_not_found');
    const [lng, lat] = interiorPointOf(world.memberGrid, world.childrenOf(world.memberGrid.id));
    const atPoint = await member2().post('/api/v1/cases', {
      category: 'environment',
      description: '楼道堆放杂物',
      location: { lat, lng },
    });
    expectError(atPoint, 400, 'validation_failed');
  });
});

/** A real 2 × 2 PNG: signature, header, deflated pixels and end, each chunk with its CRC. */
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
  header.writeUInt32BE(2, 0);
  header.writeUInt32BE(2, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits per channel, RGB, no interlace
  // Each row: filter type 0, then red, green, blue per pixel.
  const pixels = Buffer.from([0, 200, 30, 30, 30, 200, 30, 0, 30, 30, 200, 250, 250, 250]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('photos', () => {
  const upload = (caseId: string, content: Buffer, fileName: string, contentType: string) =>
    agents.member.request('POST', `/api/v1/cases/${caseId}/photos?fileName=${encodeURIComponent(fileName)}`, content, {
      'content-type': contentType,
    });

  it('keeps a photo and serves it back byte for byte, with its type', async () => {
    const reported = await report(agents.member);
    const png = tinyPng();
    const response = await upload(reported.id, png, '现场.png', 'image/png');
    expectStatus(response, 201);
    const photo = response.json<AddedPhoto>();
    expect(photo).toMatchObject({ fileName: '现场.png', contentType: 'image/png', size: png.length });

    const served = await agents.leader.get(`/api/v1/cases/${reported.id}/photos/${photo.id}`);
    expectStatus(served, 200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.rawPayload.equals(png)).toBe(true);
    expect((await detailOf(agents.leader, reported.id)).files).toEqual([
      expect.objectContaining({ id: photo.id, fileName: '现场.png', contentType: 'image/png', size: png.length }),
    ]);
  });

  it('recognises a photo by its bytes, not by its name or the type it is sent as', async () => {
    const reported = await report(agents.member);
    const png = await upload(reported.id, tinyPng(), 'scene.jpg', 'application/octet-stream');
    expectStatus(png, 201);
    expect(png.json<AddedPhoto>().contentType).toBe('image/png');
    const text = Buffer.from('这不是照片，只是一段文字。\n', 'utf8');
    expectError(await upload(reported.id, text, 'scene.jpg', 'image/jpeg'), 400, 'unsupported_file');
    expect((await detailOf(agents.leader, reported.id)).files).toHaveLength(1);
  });

  it('refuses a photo over 10 MB', async () => {
    const reported = await report(agents.member);
    const large = Buffer.concat([tinyPng(), Buffer.alloc(10 * 1024 * 1024)]);
    expectError(await upload(reported.id, large, 'large.png', 'image/png'), 413, 'payload_too_large');
    expect((await detailOf(agents.leader, reported.id)).files).toEqual([]);
  });
});

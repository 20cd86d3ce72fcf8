import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases, webhookDeliveries } from '../src/server/db/schema/index.js';
import { writeCaseSettings } from '../src/server/modules/cases/case-settings.js';
import { sweepCases } from '../src/server/modules/cases/sweep.js';
import { robotText } from '../src/server/modules/notifications/robot-messages.js';
import type { Case } from '../src/shared/api/cases.js';
import type { Page } from '../src/shared/api/common.js';
import type { RobotMessage } from '../src/shared/notifications.js';
import { actOn, detailOf, notificationsOf, reportCase } from './case-fixtures.js';
import { createTestApp, loadDemoWorld, signInAll, type Agent, type DemoWorld, type TestApp } from './helpers.js';
import { isOnPostgres, raceBehindBarrier } from './postgres-race.js';

const nothing = { warned: 0, escalated: 0, markedOverdue: 0 };

describe('the sweep: warnings, overdue cases and escalation at the deadline', () => {
  let test: TestApp;
  let world: DemoWorld;
  let agents: Record<'member' | 'member2' | 'leader' | 'cadre' | 'village' | 'town' | 'county', Agent>;

  beforeAll(async () => {
    test = await createTestApp();
    world = await loadDemoWorld(test.db);
    agents = await signInAll(test.app, ['member', 'member2', 'leader', 'cadre', 'village', 'town', 'county'] as const);
    // The demo county's own cases fall due at times of day of their own, which made a sweep here count one of them
    // now and then: they are moved out of the way, so a sweep sees only the clocks these tests set.
    await test.db.update(cases).set({
      warnAt: sql`now() + interval '30 days'`,
      deadline: sql`now() + interval '60 days'`,
    });
    // A robot nobody answers: messages stay queued for the tests to read.
    await writeCaseSettings(test.db, world.county.id, {
      holidays: [],
      workdays: [],
      webhooks: [{ url: 'http://127.0.0.1:9/robot', format: 'wecom' }],
    });
  });

  afterAll(async () => {
    await test?.close();
  });

  const report = (body: Record<string, unknown> = {}) =>
    reportCase(agents.member, { description: '路边垃圾堆放', regionId: world.memberGrid.id, ...body });

  const detail = (id: string) => detailOf(agents.member, id);

  /** Moves a case's clock on the database's own clock: its warning and deadline so many minutes from now. */
  const setClock = (id: string, minutes: { warnAt: number; deadline: number }) =>
    test.db
      .update(cases)
      .set({
        warnAt: sql`now() + make_interval(mins => ${minutes.warnAt})`,
        deadline: sql`now() + make_interval(mins => ${minutes.deadline})`,
      })
      .where(eq(cases.id, id));

  /** The robot messages queued about a case, as kind and parameters. */
  const robotMessagesOf = async (caseNumber: string) =>
    (await test.db.select({ kind: webhookDeliveries.kind, params: webhookDeliveries.params }).from(webhookDeliveries))
      .map((message) => ({ ...message, params: message.params as Record<string, unknown> }))
      .filter((message) => message.params.number === caseNumber);

  /** The robot messages queued about a case, in the words the robot will post. */
  const robotMessagesAbout = async (caseNumber: string) =>
    (await test.db.select({ kind: webhookDeliveries.kind, params: webhookDeliveries.params }).from(webhookDeliveries))
      .map((message) => robotText(message as RobotMessage))
      .filter((content) => content.includes(caseNumber));

  /** The agent's notices of a case, newest first: their kind, and the step for a case waiting for theirs. */
  const noticesOf = async (agent: Agent, caseId: string) =>
    (await notificationsOf(agent, '?limit=200')).items
      .filter((notice) => notice.caseId === caseId)
      .map((notice) => (notice.kind === 'awaiting' ? `awaiting ${notice.params.action}` : notice.kind));

  it('warns the handlers of the level of an unassigned case, and the assignee of an assigned one, once', async () => {
    const unassigned = await report();
    const assigned = await report({ description: '井盖缺失' });
    await actOn(agents.member, assigned.id, { action: 'accept' });
    await actOn(agents.member, assigned.id, { action: 'dispatch', assigneeId: world.accounts.cadre.id });
    await setClock(unassigned.id, { warnAt: -5, deadline: 60 });
    await setClock(assigned.id, { warnAt: -5, deadline: 60 });

    expect(await sweepCases(test.db)).toEqual({ ...nothing, warned: 2 });
    expect(await sweepCases(test.db)).toEqual(nothing);

    const timeline = (await detail(unassigned.id)).timeline;
    expect(timeline.map((event) => [event.action, event.actorName])).toEqual([
      ['report', world.accounts.member.displayName],
      ['warn', null],
    ]);
    // A warning does not change the version a user acts on.
    expect((await detail(unassigned.id)).version).toBe(unassigned.version);

    // The reporter is not told of their own report; the leader was told it waits to be accepted.
    expect(await noticesOf(agents.member, unassigned.id)).toEqual(['warning']);
    expect(await noticesOf(agents.leader, unassigned.id)).toEqual(['warning', 'awaiting accept']);
    expect(await noticesOf(agents.member, assigned.id)).toEqual([]);
    expect(await noticesOf(agents.leader, assigned.id)).toEqual(['awaiting dispatch', 'awaiting accept']);
    expect(await noticesOf(agents.cadre, assigned.id)).toEqual(['warning', 'awaiting start']);
    expect(await noticesOf(agents.cadre, unassigned.id)).toEqual([]);
    expect(await noticesOf(agents.member2, unassigned.id)).toEqual([]);
    expect(await noticesOf(agents.village, unassigned.id)).toEqual([]);
  });

  it('escalates a case past its deadline one level up, once, and tells the handlers there', async () => {
    const reported = await report({ description: '河道漂浮物' });
    await actOn(agents.member, reported.id, { action: 'accept' });
    await actOn(agents.member, reported.id, { action: 'dispatch', assigneeId: world.accounts.cadre.id });
    // Both the warning and the deadline have passed: only the overdue case is dealt with.
    await setClock(reported.id, { warnAt: -60, deadline: -1 });

    expect(await sweepCases(test.db)).toEqual({ ...nothing, escalated: 1 });
    expect(await sweepCases(test.db)).toEqual(nothing);

    const escalated = await detail(reported.id);
    expect(escalated).toMatchObject({ status: 'reported', level: 'village', assigneeId: null, isOverdue: false });
    expect(new Date(escalated.deadline!).getTime()).toBeGreaterThan(Date.now());
    expect(escalated.timeline.slice(-2)).toMatchObject([
      { action: 'overdue', actorName: null, toLevel: 'grid' },
      // Automatic: no account and no reason typed, which the console words in the reader's language.
      {
        action: 'escalate',
        actorName: null,
        toLevel: 'village',
        toStatus: 'reported',
        note: null,
        details: { isAutomatic: true },
      },
    ]);
    const [row] = await test.db.select().from(cases).where(eq(cases.id, reported.id));
    expect(row).toMatchObject({ overdueAt: null, warnedAt: null });

    expect(await noticesOf(agents.village, reported.id)).toEqual(['awaiting accept']);
    expect(await robotMessagesOf(reported.number)).toEqual([
      {
        kind: 'escalated',
        params: {
          number: reported.number,
          regionName: world.memberGrid.name,
          fromLevel: 'grid',
          toLevel: 'village',
          reason: null,
        },
      },
    ]);
    // Worded in Chinese when sent, for the county's groups.
    expect(await robotMessagesAbout(reported.number)).toEqual([
      expect.stringContaining('超过办理时限自动上报') as string,
    ]);
    expect(await noticesOf(agents.member2, reported.id)).toEqual([]);
    expect(await noticesOf(agents.town, reported.id)).toEqual([]);
    // The village now takes it on as if a grid handler had escalated it.
    await actOn(agents.village, reported.id, { action: 'accept' });
  });

  it.runIf(isOnPostgres)('escalates once when two sweeps run at the same time', async () => {
    const reported = await report({ description: '广告牌松动' });
    await setClock(reported.id, { warnAt: -60, deadline: -1 });

    const [first, second] = await raceBehindBarrier(test.db, 'cases', 2, () =>
      Promise.all([sweepCases(test.db), sweepCases(test.db)]),
    );
    expect(first.escalated + second.escalated).toBe(1);
    expect(first.warned + second.warned + first.markedOverdue + second.markedOverdue).toBe(0);

    const escalated = await detail(reported.id);
    expect(escalated.level).toBe('village');
    expect(escalated.timeline.filter((event) => event.action === 'escalate')).toHaveLength(1);
    expect(escalated.timeline.filter((event) => event.action === 'overdue')).toHaveLength(1);
    expect(await noticesOf(agents.village, reported.id)).toEqual(['awaiting accept']);
  });

  it('only marks a county case past its deadline, and tells the county', async () => {
    // A complex flood matter starts one level above the town that handles it: at the county.
    const reported = await report({ category: 'flood_disaster', tier: 'complex', description: '堤坝渗水' });
    expect(reported.level).toBe('county');
    await setClock(reported.id, { warnAt: -60, deadline: -1 });

    expect(await sweepCases(test.db)).toEqual({ ...nothing, markedOverdue: 1 });
    expect(await sweepCases(test.db)).toEqual(nothing);

    const marked = await detail(reported.id);
    expect(marked).toMatchObject({ status: 'reported', level: 'county', isOverdue: true });
    expect(marked.timeline.map((event) => event.action)).toEqual(['report', 'overdue']);
    const [row] = await test.db.select().from(cases).where(eq(cases.id, reported.id));
    expect(row!.overdueAt).not.toBeNull();
    expect(await noticesOf(agents.county, reported.id)).toEqual(['overdue', 'awaiting accept']);
    expect(await noticesOf(agents.town, reported.id)).toEqual([]);
    expect(await robotMessagesOf(reported.number)).toEqual([
      {
        kind: 'overdue',
        params: { number: reported.number, regionName: world.memberGrid.name, deadline: expect.any(String) as string },
      },
    ]);
    expect(await robotMessagesAbout(reported.number)).toEqual([expect.stringContaining('已超过办理时限') as string]);

    const overdueList = (await agents.county.get('/api/v1/cases?overdue=true')).json<Page<Case>>();
    expect(overdueList.items.map((item) => item.id)).toContain(reported.id);
  });

  it('leaves cases that are not open alone', async () => {
    const reported = await report({ description: '路灯不亮' });
    await actOn(agents.member, reported.id, { action: 'return', reason: '不属于本网格' });
    await setClock(reported.id, { warnAt: -60, deadline: -1 });
    expect(await sweepCases(test.db)).toEqual(nothing);
    expect((await detail(reported.id)).timeline.map((event) => event.action)).toEqual(['report', 'return']);
    expect(await robotMessagesAbout(reported.number)).toEqual([]);
  });
});

import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import type { AuditEntry } from '../src/shared/api/audit.js';
import { auditActions, type AuditAction } from '../src/shared/audit.js';
import { caseActions } from '../src/shared/cases.js';
import { addDays, chinaToday } from '../src/shared/clock.js';
import { wishActions } from '../src/shared/wishes.js';
import { auditLog, persons, webhookEventDeliveries } from '../src/server/db/schema/index.js';
import {
  createTestApp,
  expectError,
  expectStatus,
  findAuditEntries,
  loadDemoWorld,
  requestSignIn,
  signIn,
  signInAll,
  type Agent,
  type ApiResponse,
  type DemoWorld,
  type TestApp,
} from './helpers.js';

let testApp: TestApp;
let world: DemoWorld;
let agents: Record<'county' | 'town' | 'member', Agent>;

beforeAll(async () => {
  testApp = await createTestApp();
  world = await loadDemoWorld(testApp.db);
  agents = await signInAll(testApp.app, ['county', 'town', 'member'] as const);
});

afterAll(() => testApp?.close());

async function auditAs(agent: Agent, query = ''): Promise<AuditEntry[]> {
  const response = await agent.get(`/api/v1/audit?limit=200${query}`);
  expectStatus(response, 200);
  return response.json().items;
}

function countEntries() {
  return testApp.db.$count(auditLog);
}

describe('what is recorded', () => {
  it('records a sign-in with the account, the address, the browser and the UTC time', async () => {
    const response = await requestSignIn(testApp.app, {
      username: 'leader',
      address: '10.20.30.40',
      headers: { 'user-agent': 'FieldApp/1.0 (Android)' },
    });
    expectStatus(response, 200);
    const [entry] = await findAuditEntries(testApp.db, {
      action: 'session.sign_in',
      entityId: world.accounts.leader.id,
    });
    expect(entry).toMatchObject({
      outcome: 'success',
      entityType: 'account',
      address: '10.20.30.40',
      userAgent: 'FieldApp/1.0 (Android)',
    });
    expect(Date.now() - entry!.at.getTime()).toBeLessThan(60_000);

    const shown = (await auditAs(agents.town, `&entityId=${world.accounts.leader.id}`)).find(
      (item) => item.action === 'session.sign_in',
    );
    expect(shown?.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
  });

  it('records who signed in as the actor, so an auditor can follow one person', async () => {
    await requestSignIn(testApp.app, { username: 'cadre', address: '10.20.30.41' });
    const entries = await auditAs(agents.town, `&actorId=${world.accounts.cadre.id}`);
    expect(entries.map((entry) => entry.action)).toContain('session.sign_in');
    const signInEntry = entries.find((entry) => entry.action === 'session.sign_in')!;
    expect(signInEntry).toMatchObject({ actorId: world.accounts.cadre.id, actorUsername: 'cadre' });
  });

  it('records failed sign-ins with the name tried', async () => {
    const wrong = await requestSignIn(testApp.app, {
      username: 'village',
      password: 'not-it-at-all',
      address: '10.20.30.42',
    });
    expectError(wrong, 401, 'invalid_credentials');
    const [failure] = await findAuditEntries(testApp.db, {
      action: 'session.sign_in',
      entityId: world.accounts.village.id,
      outcome: 'failure',
    });
    expect(failure).toMatchObject({ address: '10.20.30.42', details: { username: 'village' } });

    const unknown = await requestSignIn(testApp.app, {
      username: 'ghost',
      password: 'not-it-at-all',
      address: '10.20.30.43',
    });
    expectError(unknown, 401, 'invalid_credentials');
    const ghostEntries = (await findAuditEntries(testApp.db, { action: 'session.sign_in', outcome: 'failure' })).filter(
      (entry) => entry.details?.username === 'ghost',
    );
    expect(ghostEntries).toHaveLength(1);
    expect(ghostEntries[0]).toMatchObject({ entityId: null, address: '10.20.30.43' });
  });

  it('records the address a request came from, not one the client makes up', async () => {
    const attempts = [
      // Straight to the server: a forged X-Forwarded-For must not become the address.
      { username: 'forger-direct', address: '10.0.8.1', forwardedFor: '203.0.113.7', expected: '10.0.8.1' },
      // Through a proxy on this machine, which appends the real client to whatever the client sent.
      {
        username: 'forger-proxied',
        address: '127.0.0.1',
        forwardedFor: '203.0.113.7, 198.51.100.20',
        expected: '198.51.100.20',
      },
    ];
    for (const attempt of attempts) {
      await requestSignIn(testApp.app, {
        username: attempt.username,
        password: 'not-it-at-all',
        address: attempt.address,
        headers: { 'x-forwarded-for': attempt.forwardedFor },
      });
      const [entry] = (await findAuditEntries(testApp.db, { action: 'session.sign_in', outcome: 'failure' })).filter(
        (candidate) => candidate.details?.username === attempt.username,
      );
      expect(entry?.address, attempt.username).toBe(attempt.expected);
    }
  });

  it('records a refused sign-in with the reason', async () => {
    const password = 'Quiet-River-Stones-42';
    const created = await agents.town.post('/api/v1/accounts', {
      username: 'soon-disabled',
      displayName: '停用账号',
      role: 'grid_member',
      regionId: world.memberGrid.id,
      password,
    });
    expectStatus(created, 201);
    const accountId = created.json().id as string;
    expectStatus(await agents.town.patch(`/api/v1/accounts/${accountId}`, { isEnabled: false }), 200);
    expectError(await requestSignIn(testApp.app, { username: 'soon-disabled', password }), 403, 'account_disabled');
    const [refusal] = await findAuditEntries(testApp.db, { action: 'session.sign_in', entityId: accountId });
    expect(refusal).toMatchObject({ outcome: 'denied', details: { username: 'soon-disabled', reason: 'disabled' } });
  });

  it('records a change with actor, action, entity and the fields changed', async () => {
    const response = await agents.town.patch(`/api/v1/regions/${world.memberVillage.id}`, { kind: '社区' });
    expectStatus(response, 200);
    const [entry] = (await auditAs(agents.town, `&entityId=${world.memberVillage.id}`)).filter(
      (item) => item.action === 'region.update',
    );
    expect(entry).toMatchObject({
      actorId: world.accounts.town.id,
      actorUsername: 'town',
      entityType: 'region',
      outcome: 'success',
      address: '127.0.0.1',
      details: { fields: ['kind'] },
    });
  });

  it('records a look outside the subtree as denied, visible to the auditor above', async () => {
    expectError(await agents.member.get(`/api/v1/regions/${world.otherGrid.id}`), 404, 'region_not_found');
    const denied = await auditAs(agents.town, `&outcome=denied&actorId=${world.accounts.member.id}`);
    expect(denied[0]).toMatchObject({
      action: 'region.read',
      entityType: 'region',
      entityId: world.otherGrid.id,
      outcome: 'denied',
      actorUsername: 'member',
    });
    for (const entry of denied) expect(entry.outcome).toBe('denied');
  });
});

describe('the log cannot be rewritten', () => {
  it('refuses UPDATE, DELETE and TRUNCATE, even from the application’s own connection', async () => {
    const before = await countEntries();
    await expect(testApp.db.execute(sql`update audit_log set action = 'x'`)).rejects.toThrow();
    await expect(testApp.db.execute(sql`delete from audit_log`)).rejects.toThrow();
    await expect(testApp.db.execute(sql`truncate audit_log`)).rejects.toThrow();
    expect(await countEntries()).toBe(before);
    const rewritten = await testApp.db.$count(auditLog, sql`${auditLog.action} = 'x'`);
    expect(rewritten).toBe(0);
  });

  it('says why it refuses', async () => {
    const failure = await testApp.db.execute(sql`delete from audit_log`).catch((error: Error) => error);
    const messages = [String(failure), String((failure as { cause?: unknown }).cause)].join(' ');
    expect(messages).toMatch(/append-only/);
  });
});

describe('reading the log', () => {
  it('shows a town only the entries of its own subtree', async () => {
    const otherTownGrid = world.regions.find(
      (region) => region.level === 'grid' && region.code.startsWith(world.otherTown.code),
    )!;
    expectStatus(await agents.county.patch(`/api/v1/regions/${otherTownGrid.id}`, { kind: '网格' }), 200);
    const countySees = await auditAs(agents.county, `&entityId=${otherTownGrid.id}`);
    expect(countySees.map((entry) => entry.action)).toContain('region.update');
    expect(await auditAs(agents.town, `&entityId=${otherTownGrid.id}`)).toEqual([]);

    const townSees = await auditAs(agents.town);
    const rows = await findAuditEntries(testApp.db, {});
    const codeById = new Map(rows.map((row) => [row.id, row.regionCode]));
    for (const entry of townSees) expect(codeById.get(entry.id)?.startsWith(world.town.code), entry.action).toBe(true);
  });

  it('pages from the newest entry to older ones without overlap', async () => {
    const first = (await agents.county.get('/api/v1/audit?limit=5')).json();
    expect(first.items).toHaveLength(5);
    const second = (await agents.county.get(`/api/v1/audit?limit=5&cursor=${first.nextCursor}`)).json();
    const firstIds = first.items.map((entry: AuditEntry) => entry.id);
    const secondIds = second.items.map((entry: AuditEntry) => entry.id);
    expect(secondIds.filter((id: string) => firstIds.includes(id))).toEqual([]);
    const times = [...first.items, ...second.items].map((entry: AuditEntry) => Date.parse(entry.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('filters by one of the actions the server writes, and refuses any other', async () => {
    const signIns = await auditAs(agents.county, '&action=session.sign_in');
    expect(signIns.length).toBeGreaterThan(0);
    expect(new Set(signIns.map((entry) => entry.action))).toEqual(new Set(['session.sign_in']));
    expectError(await agents.county.get('/api/v1/audit?action=session.dance'), 400, 'validation_failed');
  });

  it('is closed to roles without audit.read', async () => {
    const village = await signIn(testApp.app, 'village');
    expectError(await village.get('/api/v1/audit'), 403, 'forbidden');
    expectError(await agents.member.get('/api/v1/audit'), 403, 'forbidden');
  });
});

describe('every change is audited', () => {
  /** Routes that change nothing anyone else could ask about, and why. */
  const unaudited: Record<string, string> = {
    'POST /api/v1/registry/imports/preview': 'reads and checks a ledger, keeping it in memory; writes nothing',
    'POST /api/v1/registry/imports/{uploadId}/preview': 'checks a pending upload again; writes nothing',
    'POST /api/v1/notifications/read': 'marks the caller’s own notifications read: their inbox, nobody’s record',
  };
  /**
   * Sign-in, second factors and accounts write their own entries, tested with them (session, accounts tests); so do
   * the moral bank (moral-bank.test.ts, "the audit log"), residents' sign-in (resident.test.ts) and their accounts
   * (resident-accounts.test.ts).
   */
  // Each of these has its own test file, which checks the entry each of its changes writes.
  const isTestedElsewhere = (route: string) =>
    /^\w+ \/api\/v1\/(session|accounts|moral-bank|resident|resident-accounts|spot-checks|spot-check-findings|cadre-invitations|cadre-registrations|public\/cadre-invitations|cadres\/accuracy-[a-z]+)(\/|$)/.test(
      route,
    );
  /** The action each other changing route writes. */
  const audited: Record<string, readonly AuditAction[]> = {
    'POST /api/v1/regions': ['region.create'],
    'PATCH /api/v1/regions/{id}': ['region.update'],
    'PUT /api/v1/regions/{id}/boundaries': ['region.boundaries_import'],
    'POST /api/v1/staff': ['staff.create'],
    'PATCH /api/v1/staff/{id}': ['staff.update'],
    'DELETE /api/v1/staff/{id}': ['staff.delete'],
    'POST /api/v1/party-orgs': ['party_org.create'],
    'PATCH /api/v1/party-orgs/{id}': ['party_org.update'],
    'DELETE /api/v1/party-orgs/{id}': ['party_org.delete'],
    'POST /api/v1/persons': ['person.create'],
    'PATCH /api/v1/persons/{id}': ['person.update'],
    'DELETE /api/v1/persons/{id}': ['person.delete'],
    'POST /api/v1/households': ['household.create'],
    'PATCH /api/v1/households/{id}': ['household.update', 'household.move'],
    'DELETE /api/v1/households/{id}': ['household.delete'],
    'POST /api/v1/places': ['place.create'],
    'PATCH /api/v1/places/{id}': ['place.update'],
    'DELETE /api/v1/places/{id}': ['place.delete'],
    'POST /api/v1/registry/imports': ['registry.import'],
    'POST /api/v1/cases': ['case.report'],
    'POST /api/v1/cases/{id}/transitions': caseActions.map((action) => `case.${action}` as const),
    'POST /api/v1/cases/{id}/photos': ['case.add_photo'],
    'PUT /api/v1/case-categories/{code}': ['case_category.update'],
    'PUT /api/v1/case-settings': ['case_settings.update'],
    'POST /api/v1/disputes': ['dispute.create'],
    'PATCH /api/v1/disputes/{id}': ['dispute.update'],
    'POST /api/v1/disputes/{id}/sessions': ['dispute.add_session'],
    'POST /api/v1/disputes/{id}/outcome': ['dispute.settle', 'dispute.escalate', 'dispute.withdraw'],
    'PUT /api/v1/disputes/{id}/agreement-photo': ['dispute.add_photo'],
    'PUT /api/v1/dispute-kinds/{code}': ['dispute_kind.update'],
    'POST /api/v1/talk-points': ['talk_point.create'],
    'POST /api/v1/campaigns': ['campaign.create'],
    'PATCH /api/v1/campaigns/{id}': ['campaign.update'],
    'POST /api/v1/campaigns/{id}/tasks': ['campaign_task.create'],
    'PATCH /api/v1/campaigns/{id}/tasks/{taskId}': ['campaign_task.update'],
    'DELETE /api/v1/campaigns/{id}/tasks/{taskId}': ['campaign_task.delete'],
    'PUT /api/v1/campaign-kinds/{code}': ['campaign_kind.update'],
    'POST /api/v1/visits': ['visit.record'],
    'POST /api/v1/visit-photos': ['visit.add_photo'],
    'PUT /api/v1/visit-purposes': ['visit_purposes.update'],
    'PUT /api/v1/visit-plan-settings': ['visit_plan.update'],
    'POST /api/v1/households/{id}/needs': ['need.create'],
    'PATCH /api/v1/households/{id}/needs/{needId}': ['need.update'],
    'POST /api/v1/inspection-checklists': ['inspection_checklist.create'],
    'PATCH /api/v1/inspection-checklists/{id}': ['inspection_checklist.update'],
    'POST /api/v1/inspection-photos': ['inspection.add_photo'],
    // A first inspection and a re-inspection both record an inspection; each is taken below.
    'POST /api/v1/inspections': ['inspection.record'],
    'POST /api/v1/inspections/{id}/re-inspections': ['inspection.record'],
    'POST /api/v1/units': ['unit.create'],
    'PATCH /api/v1/units/{id}': ['unit.update'],
    'POST /api/v1/pairings': ['pairing.create'],
    'POST /api/v1/pairings/{id}/actions': ['pairing.end', 'pairing.resume'],
    'POST /api/v1/pairings/{id}/contacts': ['pairing.record_contact'],
    'PUT /api/v1/pairing-kinds/{code}': ['pairing_kind.update'],
    'POST /api/v1/open311-clients': ['open311_client.create'],
    'POST /api/v1/open311-clients/{id}/revoke': ['open311_client.revoke'],
    'POST /api/v1/webhook-subscriptions': ['webhook_subscription.create'],
    'PATCH /api/v1/webhook-subscriptions/{id}': ['webhook_subscription.update'],
    'POST /api/v1/webhook-deliveries/{id}/resend': ['webhook_delivery.resend'],
    'POST /api/v1/micro-wishes': ['wish.create'],
    'POST /api/v1/micro-wishes/{id}/actions': wishActions.map((action) => `wish.${action}` as const),
    'PUT /api/v1/micro-wishes/{id}/photo': ['wish.add_photo'],
    'PUT /api/v1/micro-wishes/wall-settings': ['wish_wall.update'],
    'POST /api/v1/wish-drives': ['wish_drive.create'],
    'POST /api/v1/cadres': ['cadre.create'],
    'POST /api/v1/cadres/imports': ['cadre.create'],
    'POST /api/v1/cadres/{id}/actions': ['cadre.assign', 'cadre.transfer', 'cadre.end'],
    'PUT /api/v1/cadres/evaluation-rules': ['cadre_settings.update'],
    'PUT /api/v1/cadres/time-split-rule': ['cadre_settings.update'],
    'PUT /api/v1/cadres/grid-member-weights': ['cadre_settings.update'],
    'PUT /api/v1/attendance/service-days': ['cadre_settings.update'],
    'POST /api/v1/attendance/check-ins': ['cadre.check_in'],
    'POST /api/v1/attendance/check-ins/{id}/check-out': ['cadre.check_out'],
    'POST /api/v1/attendance/leaves': ['cadre_leave.request'],
    'POST /api/v1/attendance/leaves/{id}/decision': ['cadre_leave.approve', 'cadre_leave.reject'],
    'POST /api/v1/cadre-reports': ['cadre_report.generate'],
    'POST /api/v1/cadre-reports/{id}/submit': ['cadre_report.submit'],
    'POST /api/v1/cadre-reports/{id}/approve': ['cadre_report.approve'],
    'POST /api/v1/cadre-reports/{id}/return': ['cadre_report.return'],
    'POST /api/v1/cadre-reports/{id}/reopen': ['cadre_report.reopen'],
    'POST /api/v1/service-centres': ['service_centre.create'],
    'POST /api/v1/service-centres/{id}/consultations': ['service_centre.record_consultation'],
    'PUT /api/v1/consultation-kinds/{code}': ['consultation_kind.update'],
  };

  it('knows what every route that changes data writes to the log, so a new route cannot be forgotten', async () => {
    const document = (await testApp.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    const changing = Object.entries(document.paths).flatMap(([route, methods]) =>
      Object.keys(methods)
        .filter((method) => ['post', 'put', 'patch', 'delete'].includes(method))
        .map((method) => `${method.toUpperCase()} ${route}`),
    );
    expect(changing.filter((route) => !isTestedElsewhere(route)).sort()).toEqual(
      [...Object.keys(audited), ...Object.keys(unaudited)].sort(),
    );
    expect(changing).toContain('POST /api/v1/session');
    for (const actions of Object.values(audited)) {
      for (const action of actions) expect(auditActions).toContain(action);
    }
  });

  it('writes one entry for each change, naming the record', async () => {
    const { village } = await signInAll(testApp.app, ['village'] as const);
    const written: [AuditAction, string][] = [];
    const expectWritten = async (response: ApiResponse, action: AuditAction, entityId?: string) => {
      expect(response.statusCode, response.body).toBeLessThan(300);
      const id = entityId ?? response.json<{ id: string }>().id;
      written.push([action, id]);
      return id;
    };

    // Cases: a report, its steps, a photo, the catalogue and the settings.
    const reported = await agents.member.post('/api/v1/cases', {
      category: 'environment',
      description: '审计巡检上报',
      regionId: world.memberGrid.id,
    });
    const caseId = await expectWritten(reported, 'case.report');
    await expectWritten(
      await agents.member.post(`/api/v1/cases/${caseId}/transitions`, { action: 'accept' }),
      'case.accept',
    );
    await expectWritten(
      await agents.member.post(`/api/v1/cases/${caseId}/transitions`, {
        action: 'dispatch',
        assigneeId: world.accounts.leader.id,
      }),
      'case.dispatch',
    );
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32)]);
    await expectWritten(
      await agents.member.request('POST', `/api/v1/cases/${caseId}/photos?fileName=a.png`, png, {
        'content-type': 'image/png',
      }),
      'case.add_photo',
      caseId,
    );
    const catalogue = (await agents.county.get('/api/v1/case-categories')).json<{
      items: Record<string, unknown>[];
    }>();
    const item = catalogue.items.find((candidate) => candidate.code === 'environment')!;
    const edited = { ...item, code: undefined, countyId: undefined, updatedAt: undefined, department: '审计局' };
    await expectWritten(
      await agents.county.put('/api/v1/case-categories/environment', edited),
      'case_category.update',
      'environment',
    );
    await expectWritten(
      await agents.county.put('/api/v1/case-settings', { holidays: ['2030-01-02'] }),
      'case_settings.update',
      world.county.id,
    );

    // Territory: a region and its boundaries, a grid person, a party organisation.
    const region = await agents.town.post('/api/v1/regions', { parentId: world.memberVillage.id, name: '审计新网格' });
    const regionId = await expectWritten(region, 'region.create');
    await expectWritten(
      await agents.town.patch(`/api/v1/regions/${regionId}`, { name: '审计新网格（改）' }),
      'region.update',
      regionId,
    );
    const boundaries = (await agents.town.get(`/api/v1/regions/${world.memberVillage.id}/boundaries`)).json();
    await expectWritten(
      await agents.town.put(`/api/v1/regions/${world.memberVillage.id}/boundaries`, boundaries),
      'region.boundaries_import',
      world.memberVillage.id,
    );
    const person = await village.post('/api/v1/staff', {
      regionId: world.memberGrid.id,
      kind: 'volunteer',
      name: '审计志愿者',
    });
    const staffId = await expectWritten(person, 'staff.create');
    await expectWritten(
      await village.patch(`/api/v1/staff/${staffId}`, { name: '审计志愿者乙' }),
      'staff.update',
      staffId,
    );
    await expectWritten(await village.delete(`/api/v1/staff/${staffId}`), 'staff.delete', staffId);
    const org = await village.post('/api/v1/party-orgs', {
      kind: 'party_group',
      name: '审计党小组',
      regionId: world.memberVillage.id,
      parentId: world.partyOrgsAnchoredAt(world.memberVillage.id)[0]!.id,
      coveredRegionIds: [world.memberGrid.id],
    });
    const orgId = await expectWritten(org, 'party_org.create');
    await expectWritten(
      await village.patch(`/api/v1/party-orgs/${orgId}`, { memberCount: 5 }),
      'party_org.update',
      orgId,
    );
    await expectWritten(await village.delete(`/api/v1/party-orgs/${orgId}`), 'party_org.delete', orgId);

    // The registry: a household, a resident, a place, and a ledger.
    const household = await agents.member.post('/api/v1/households', {
      regionId: world.memberGrid.id,
      address: '审计小区3号楼101室',
    });
    const householdId = await expectWritten(household, 'household.create');
    await expectWritten(
      await agents.member.patch(`/api/v1/households/${householdId}`, { notes: '审计' }),
      'household.update',
      householdId,
    );
    const resident = await agents.member.post('/api/v1/persons', { name: '审计丙', regionId: world.memberGrid.id });
    const residentId = await expectWritten(resident, 'person.create');
    await expectWritten(
      await agents.member.patch(`/api/v1/persons/${residentId}`, { notes: '审计' }),
      'person.update',
      residentId,
    );
    await expectWritten(await agents.member.delete(`/api/v1/persons/${residentId}`), 'person.delete', residentId);
    await expectWritten(
      await agents.member.delete(`/api/v1/households/${householdId}`),
      'household.delete',
      householdId,
    );
    const place = await agents.member.post('/api/v1/places', {
      regionId: world.memberGrid.id,
      kind: 'shop',
      name: '审计小卖部',
    });
    const placeId = await expectWritten(place, 'place.create');
    await expectWritten(
      await agents.member.patch(`/api/v1/places/${placeId}`, { name: '审计小卖部（改）' }),
      'place.update',
      placeId,
    );
    await expectWritten(await agents.member.delete(`/api/v1/places/${placeId}`), 'place.delete', placeId);
    const preview = await agents.member.request(
      'POST',
      `/api/v1/registry/imports/preview?regionId=${world.memberGrid.id}&fileName=audit.csv`,
      ['姓名,住址,与户主关系', '审计导入丁,审计小区4号,户主'].join('\n'),
      { 'content-type': 'text/csv' },
    );
    const imported = await agents.member.post('/api/v1/registry/imports', {
      uploadId: preview.json<{ uploadId: string }>().uploadId,
    });
    const done = JSON.parse(imported.body.trim().split('\n').at(-1)!) as { status: string; importId: string };
    expect(done.status).toBe('done');
    written.push(['registry.import', done.importId]);

    // Disputes: a talk point, a kind, a dispute, its change, a session, the agreement's photo and its outcome.
    await expectWritten(
      await village.post('/api/v1/talk-points', { regionId: world.memberVillage.id, name: '审计说事点' }),
      'talk_point.create',
    );
    await expectWritten(
      await agents.county.put('/api/v1/dispute-kinds/audit_kind', { nameZh: '审计纠纷', nameEn: 'Audit' }),
      'dispute_kind.update',
      'audit_kind',
    );
    const disputeId = await expectWritten(
      await agents.member.post('/api/v1/disputes', {
        id: uuidv7(),
        regionId: world.memberGrid.id,
        kind: 'neighbour',
        summary: '审计纠纷',
        parties: [{ name: '审计戊' }],
      }),
      'dispute.create',
    );
    await expectWritten(
      await agents.member.patch(`/api/v1/disputes/${disputeId}`, { summary: '审计纠纷（改）' }),
      'dispute.update',
      disputeId,
    );
    await expectWritten(
      await agents.member.post(`/api/v1/disputes/${disputeId}/sessions`, {
        heldAt: new Date().toISOString(),
        notes: '审计调解',
      }),
      'dispute.add_session',
      disputeId,
    );
    await expectWritten(
      await agents.member.request('PUT', `/api/v1/disputes/${disputeId}/agreement-photo?fileName=a.png`, png, {
        'content-type': 'image/png',
      }),
      'dispute.add_photo',
      disputeId,
    );
    await expectWritten(
      await agents.member.post(`/api/v1/disputes/${disputeId}/outcome`, {
        outcome: 'settled',
        level: 'grid',
        agreement: '审计协议',
      }),
      'dispute.settle',
      disputeId,
    );

    // Campaigns: a kind, a campaign, its change, and a task added, marked done and removed.
    await expectWritten(
      await agents.county.put('/api/v1/campaign-kinds/audit_kind', { nameZh: '审计行动', nameEn: 'Audit drive' }),
      'campaign_kind.update',
      'audit_kind',
    );
    const campaignDay = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const campaignId = await expectWritten(
      await village.post('/api/v1/campaigns', {
        name: '审计敲门行动',
        kind: 'knock_door',
        startDate: campaignDay,
        endDate: campaignDay,
        regionIds: [world.memberGrid.id],
        participants: [],
      }),
      'campaign.create',
    );
    await expectWritten(
      await village.patch(`/api/v1/campaigns/${campaignId}`, { name: '审计敲门行动（改）' }),
      'campaign.update',
      campaignId,
    );
    // A task's entries name its campaign, the task in their details.
    const task = await village.post(`/api/v1/campaigns/${campaignId}/tasks`, { title: '审计任务' });
    await expectWritten(task, 'campaign_task.create', campaignId);
    const taskId = task.json<{ id: string }>().id;
    await expectWritten(
      await village.patch(`/api/v1/campaigns/${campaignId}/tasks/${taskId}`, { isDone: true }),
      'campaign_task.update',
      campaignId,
    );
    await expectWritten(
      await village.delete(`/api/v1/campaigns/${campaignId}/tasks/${taskId}`),
      'campaign_task.delete',
      campaignId,
    );
    const taskEntries = await findAuditEntries(testApp.db, { entityId: campaignId });
    expect(
      taskEntries.filter((entry) => entry.action.startsWith('campaign_task.')).map((entry) => entry.details?.taskId),
    ).toEqual([taskId, taskId, taskId]);

    // Visits: the county's purposes and plan rule saved as they are, a photo, a visit naming it, a need and its end.
    const purposes = (await agents.county.get('/api/v1/visit-purposes')).json<{ items: unknown[] }>();
    await expectWritten(
      await agents.county.put('/api/v1/visit-purposes', { items: purposes.items }),
      'visit_purposes.update',
      world.county.id,
    );
    const rule = (await agents.county.get('/api/v1/visit-plan-settings')).json<Record<string, unknown>>();
    await expectWritten(
      await agents.county.put('/api/v1/visit-plan-settings', rule),
      'visit_plan.update',
      world.county.id,
    );
    const visitedHomeId = (
      await agents.member.post('/api/v1/households', { regionId: world.memberGrid.id, address: '审计小区5号楼202室' })
    ).json<{ id: string }>().id;
    const visitPhotoId = await expectWritten(
      await agents.member.request('POST', '/api/v1/visit-photos?fileName=door.png', png, {
        'content-type': 'image/png',
      }),
      'visit.add_photo',
    );
    await expectWritten(
      await agents.member.post('/api/v1/visits', {
        id: uuidv7(),
        householdId: visitedHomeId,
        visitedAt: new Date(Date.now() - 1_800_000).toISOString(),
        purpose: 'routine',
        findings: '审计走访',
        photoUploadIds: [visitPhotoId],
      }),
      'visit.record',
    );
    const needId = await expectWritten(
      await agents.member.post(`/api/v1/households/${visitedHomeId}/needs`, {
        kind: 'employment',
        description: '审计需求',
      }),
      'need.create',
    );
    await expectWritten(
      await agents.member.patch(`/api/v1/households/${visitedHomeId}/needs/${needId}`, { status: 'met' }),
      'need.update',
      needId,
    );

    // Inspections: a checklist and its change, a photo, an inspection whose failed item becomes a case, the re-check.
    const checklistId = await expectWritten(
      await agents.county.post('/api/v1/inspection-checklists', {
        name: { zh: '审计检查清单', en: 'Audit checklist' },
        placeKinds: ['construction_site'],
        items: [{ code: 'helmet', name: { zh: '未佩戴安全帽', en: 'No helmets' }, category: 'production_safety' }],
      }),
      'inspection_checklist.create',
    );
    await expectWritten(
      await agents.county.patch(`/api/v1/inspection-checklists/${checklistId}`, {
        name: { zh: '审计检查清单（改）', en: 'Audit checklist (changed)' },
      }),
      'inspection_checklist.update',
      checklistId,
    );
    const site = await agents.member.post('/api/v1/places', {
      regionId: world.memberGrid.id,
      kind: 'construction_site',
      name: '审计工地',
    });
    expectStatus(site, 201);
    const inspectionPhotoId = await expectWritten(
      await agents.member.request('POST', '/api/v1/inspection-photos?fileName=helmet.png', png, {
        'content-type': 'image/png',
      }),
      'inspection.add_photo',
    );
    const inspectionId = await expectWritten(
      await agents.member.post('/api/v1/inspections', {
        id: uuidv7(),
        placeId: site.json<{ id: string }>().id,
        checklistId,
        inspectedAt: new Date(Date.now() - 3_600_000).toISOString(),
        items: [{ code: 'helmet', result: 'not_ok', photoIds: [inspectionPhotoId], resolution: { kind: 'case' } }],
      }),
      'inspection.record',
    );
    await expectWritten(
      await agents.member.post(`/api/v1/inspections/${inspectionId}/re-inspections`, {
        id: uuidv7(),
        inspectedAt: new Date().toISOString(),
        items: [{ code: 'helmet', result: 'not_ok', note: '仍未佩戴' }],
      }),
      'inspection.record',
    );

    // Units: one added by the county and retired.
    const unitId = await expectWritten(
      await agents.county.post('/api/v1/units', { name: '审计共建单位', kind: 'enterprise' }),
      'unit.create',
    );
    await expectWritten(
      await agents.county.patch(`/api/v1/units/${unitId}`, { isRetired: true }),
      'unit.update',
      unitId,
    );

    // Pairings: the county's kind, a cadre pledged to the household visited above, a contact, its end.
    await expectWritten(
      await agents.county.put('/api/v1/pairing-kinds/audit_kind', {
        nameZh: '审计结对',
        nameEn: 'Audit pairing',
        helperSide: 'staff',
        helpedSide: 'household',
        contactEveryDays: 30,
      }),
      'pairing_kind.update',
      'audit_kind',
    );
    const pairingId = await expectWritten(
      await agents.town.post('/api/v1/pairings', {
        kind: 'cadre_household',
        helper: { staffId: world.staffIn(world.memberGrid.id)[0]!.id },
        helpedId: visitedHomeId,
      }),
      'pairing.create',
    );
    await expectWritten(
      await agents.member.post(`/api/v1/pairings/${pairingId}/contacts`, { kind: 'call' }),
      'pairing.record_contact',
      pairingId,
    );
    await expectWritten(
      await agents.town.post(`/api/v1/pairings/${pairingId}/actions`, { action: 'end', reason: '审计' }),
      'pairing.end',
      pairingId,
    );

    // Micro-wishes: a drive, a wish of it, its review, claim, photo and fulfilment, and the county's wall.
    const driveId = await expectWritten(
      await agents.town.post('/api/v1/wish-drives', {
        regionId: world.town.id,
        name: '审计微心愿',
        startsOn: '2026-09-01',
        endsOn: '2026-10-10',
        targetCount: 10,
      }),
      'wish_drive.create',
    );
    const [wishPerson] = await testApp.db
      .select({ id: persons.id })
      .from(persons)
      .where(eq(persons.regionId, world.memberGrid.id))
      .limit(1);
    const wishId = await expectWritten(
      await agents.member.post('/api/v1/micro-wishes', {
        personId: wishPerson!.id,
        category: 'daily_goods',
        content: '审计心愿',
        driveId,
      }),
      'wish.create',
    );
    await expectWritten(
      await village.post(`/api/v1/micro-wishes/${wishId}/actions`, { action: 'approve', version: 1 }),
      'wish.approve',
      wishId,
    );
    const [claimantStaff] = world.staffIn(world.memberGrid.id);
    await expectWritten(
      await village.post(`/api/v1/micro-wishes/${wishId}/actions`, {
        action: 'claim',
        version: 2,
        claimant: { kind: 'cadre', id: claimantStaff!.id },
        promisedOn: '2100-01-01',
      }),
      'wish.claim',
      wishId,
    );
    await expectWritten(
      await village.request('PUT', `/api/v1/micro-wishes/${wishId}/photo`, png, { 'content-type': 'image/png' }),
      'wish.add_photo',
      wishId,
    );
    await expectWritten(
      await village.post(`/api/v1/micro-wishes/${wishId}/actions`, { action: 'fulfil', version: 4, note: '已送到' }),
      'wish.fulfil',
      wishId,
    );
    await expectWritten(
      await agents.county.put('/api/v1/micro-wishes/wall-settings', {
        isEnabled: true,
        residentName: 'surname',
        showsVillage: true,
        showsClaimantUnit: true,
      }),
      'wish_wall.update',
      world.county.id,
    );

    // Cadres sent down: the county's rules, a registration, its grid, a check-in and out, leave, transfer, end.
    await expectWritten(
      await agents.county.put('/api/v1/attendance/service-days', { weekdays: [3], expectedHours: 4 }),
      'cadre_settings.update',
      world.county.id,
    );
    await expectWritten(
      await agents.county.put('/api/v1/cadres/evaluation-rules', {
        weights: { visitRate: 30, accuracy: 20, satisfaction: 20, attendance: 20, work: 10 },
        thresholds: { excellent: 90, good: 75, fair: 60 },
        workPerServiceDay: 2,
      }),
      'cadre_settings.update',
      world.county.id,
    );
    const cadreUnitId = await expectWritten(
      await agents.county.post('/api/v1/units', { name: '审计派出单位', kind: 'department' }),
      'unit.create',
    );
    const cadreId = await expectWritten(
      await agents.town.post('/api/v1/cadres', {
        kind: 'cadre',
        name: '审计干部',
        unitId: cadreUnitId,
        serviceRegionId: world.memberVillage.id,
        accountId: world.accounts.cadre.id,
      }),
      'cadre.create',
    );
    await expectWritten(
      await agents.town.post(`/api/v1/cadres/${cadreId}/actions`, {
        action: 'assign',
        version: 1,
        gridId: world.memberGrid.id,
        duties: '审计',
      }),
      'cadre.assign',
      cadreId,
    );
    const cadreAgent = await signIn(testApp.app, 'cadre');
    const checkInId = uuidv7();
    const cadreLocation = { lat: 30, lng: 120 };
    await expectWritten(
      await cadreAgent.post('/api/v1/attendance/check-ins', { id: checkInId, location: cadreLocation }),
      'cadre.check_in',
      cadreId,
    );
    await expectWritten(
      await cadreAgent.post(`/api/v1/attendance/check-ins/${checkInId}/check-out`, { location: cadreLocation }),
      'cadre.check_out',
      cadreId,
    );
    const leaveId = await expectWritten(
      await cadreAgent.post('/api/v1/attendance/leaves', {
        cadreId,
        startsOn: '2100-01-01',
        endsOn: '2100-01-02',
        reason: '审计',
      }),
      'cadre_leave.request',
    );
    await expectWritten(
      await village.post(`/api/v1/attendance/leaves/${leaveId}/decision`, { decision: 'approve' }),
      'cadre_leave.approve',
      leaveId,
    );
    await expectWritten(
      await agents.town.post(`/api/v1/cadres/${cadreId}/actions`, {
        action: 'transfer',
        version: 2,
        serviceRegionId: world.memberVillage.id,
      }),
      'cadre.transfer',
      cadreId,
    );
    await expectWritten(
      await agents.town.post(`/api/v1/cadres/${cadreId}/actions`, { action: 'end', version: 3, reason: '审计' }),
      'cadre.end',
      cadreId,
    );

    // Service centres: the county's consultation kind, a village's centre, a consultation at its desk.
    await expectWritten(
      await agents.county.put('/api/v1/consultation-kinds/audit_kind', { nameZh: '审计事项', nameEn: 'Audit matter' }),
      'consultation_kind.update',
      'audit_kind',
    );
    const centreId = await expectWritten(
      await agents.town.post('/api/v1/service-centres', {
        regionId: world.memberVillage.id,
        kind: 'centre',
        name: '审计党群服务中心',
      }),
      'service_centre.create',
    );
    await expectWritten(
      await agents.member.post(`/api/v1/service-centres/${centreId}/consultations`, {
        kind: 'audit_kind',
        outcome: 'answered',
        subject: '审计咨询',
      }),
      'service_centre.record_consultation',
      centreId,
    );

    // Open311: a client application of the county, and its key revoked.
    const open311ClientId = await expectWritten(
      await agents.county.post('/api/v1/open311-clients', { name: '审计客户端' }),
      'open311_client.create',
    );
    await expectWritten(
      await agents.county.post(`/api/v1/open311-clients/${open311ClientId}/revoke`),
      'open311_client.revoke',
      open311ClientId,
    );

    // Webhooks: a subscription of the county, paused, and a delivery of it sent again.
    const subscriptionId = await expectWritten(
      await agents.county.post('/api/v1/webhook-subscriptions', { url: 'https://1.1.1.1/audit', kinds: ['created'] }),
      'webhook_subscription.create',
    );
    await expectWritten(
      await agents.county.patch(`/api/v1/webhook-subscriptions/${subscriptionId}`, { isActive: false }),
      'webhook_subscription.update',
      subscriptionId,
    );
    const deliveryId = uuidv7();
    await testApp.db.insert(webhookEventDeliveries).values({
      id: deliveryId,
      subscriptionId,
      countyId: world.county.id,
      eventId: uuidv7(),
      caseId: uuidv7(),
      kind: 'created',
      occurredAt: new Date(),
      failedAt: new Date(),
    });
    await expectWritten(
      await agents.county.post(`/api/v1/webhook-deliveries/${deliveryId}/resend`),
      'webhook_delivery.resend',
      deliveryId,
    );
    // A community's report of last month up the chain, through every step.
    const reportId = await expectWritten(
      await village.post('/api/v1/cadre-reports', {
        kind: 'monthly',
        period: addDays(`${chinaToday().slice(0, 7)}-01`, -1).slice(0, 7),
        regionId: world.memberVillage.id,
      }),
      'cadre_report.generate',
    );
    const reportStep = (agent: Agent, step: string, version: number, body: Record<string, string> = {}) =>
      agent.post(`/api/v1/cadre-reports/${reportId}/${step}`, { version, ...body });
    await expectWritten(await reportStep(village, 'submit', 1), 'cadre_report.submit', reportId);
    await expectWritten(
      await reportStep(agents.town, 'return', 2, { comment: '审计' }),
      'cadre_report.return',
      reportId,
    );
    await expectWritten(await reportStep(village, 'submit', 3), 'cadre_report.submit', reportId);
    await expectWritten(await reportStep(agents.town, 'approve', 4), 'cadre_report.approve', reportId);
    await expectWritten(
      await reportStep(agents.town, 'reopen', 5, { reason: '审计' }),
      'cadre_report.reopen',
      reportId,
    );

    for (const [action, entityId] of written) {
      const entries = await findAuditEntries(testApp.db, { action, entityId, outcome: 'success' });
      expect(entries.length, `${action} ${entityId}`).toBeGreaterThanOrEqual(1);
    }
    // Each route of the list was taken once above.
    const actions = new Set(written.map(([action]) => action));
    const untried = Object.keys(audited).filter((route) => !audited[route]!.some((action) => actions.has(action)));
    expect(untried).toEqual([]);
  });
});

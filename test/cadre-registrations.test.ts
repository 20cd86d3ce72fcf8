import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cadreInvitations } from '../src/server/db/schema/index.js';
import type {
  ApprovedRegistration,
  Invitation,
  InvitationList,
  PublicInvitation,
  Registration,
  RegistrationList,
  SubmittedRegistration,
} from '../src/shared/api/cadre-registrations.js';
import type { CadrePage } from '../src/shared/api/cadres.js';
import type { Unit } from '../src/shared/api/units.js';
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
 * Self-registration of cadres by invitation through the API: the community's link, the public page's reads and
 * registrations (no sign-in), approval that registers the cadre, rejection, closed links, throttling, scope.
 */

const usernames = ['county', 'village', 'member'] as const;

let test: TestApp;
let world: DemoWorld;
let agents: Record<(typeof usernames)[number], Agent>;
/** The village account of the other community of the same town. */
let otherVillage: Agent;
let unit: Unit;
/** Each public request comes from its own address unless a test says otherwise: the throttle counts addresses. */
let nextAddress = 1;

beforeAll(async () => {
  test = await createTestApp();
  world = await loadDemoWorld(test.db);
  agents = await signInAll(test.app, usernames);
  const password = 'other-village-secretary-2026';
  expectStatus(
    await agents.county.post('/api/v1/accounts', {
      username: 'othervillage',
      displayName: '另一村书记',
      role: 'village',
      regionId: world.otherVillage.id,
      password,
    }),
    201,
  );
  otherVillage = await signIn(test.app, 'othervillage', { password });
  const created = await agents.county.post('/api/v1/units', {
    name: '县人社局',
    kind: 'department',
    contactName: '刘主任',
    contactPhone: '13800002222',
  });
  expectStatus(created, 201);
  unit = created.json<Unit>();
});

afterAll(() => test?.close());

async function invite(agent: Agent, body: Record<string, unknown> = {}): Promise<Invitation> {
  const response = await agent.post('/api/v1/cadre-invitations', { serviceRegionId: world.memberVillage.id, ...body });
  expectStatus(response, 201);
  return response.json<Invitation>();
}

function readPublic(token: string, address = `10.0.0.${nextAddress++}`) {
  return test.app.inject({ method: 'GET', url: `/api/v1/public/cadre-invitations/${token}`, remoteAddress: address });
}

function register(token: string, body: Record<string, unknown> = {}, address = `10.0.1.${nextAddress++}`) {
  return test.app.inject({
    method: 'POST',
    url: `/api/v1/public/cadre-invitations/${token}/registrations`,
    remoteAddress: address,
    headers: { 'accept-language': 'zh-CN' },
    payload: { kind: 'cadre', name: '孙报到', phone: '13700001234', unitId: unit.id, ...body },
  });
}

async function pending(agent: Agent): Promise<Registration[]> {
  const response = await agent.get('/api/v1/cadre-registrations');
  expectStatus(response, 200);
  return response.json<RegistrationList>().items;
}

describe('invitation lifecycle', () => {
  it('gives the village a link and QR code the public page opens without signing in', async () => {
    const invitation = await invite(agents.village, { validDays: 7 });
    expect(invitation).toMatchObject({ status: 'open', unit: null, pendingCount: 0 });
    expect(invitation.url).toMatch(new RegExp(`^http://[^/]+/join/${invitation.token}$`));
    expect(invitation.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const days = (Date.parse(invitation.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
    expect(
      await findAuditEntries(test.db, { action: 'cadre_invitation.create', entityId: invitation.id }),
    ).toHaveLength(1);

    const code = await agents.village.get(`/api/v1/cadre-invitations/${invitation.id}/qr.svg`);
    expectStatus(code, 200);
    expect(code.headers['content-type']).toContain('image/svg+xml');
    expect(code.body).toContain('<svg');

    const page = await readPublic(invitation.token);
    expectStatus(page, 200);
    const shown = page.json<PublicInvitation>();
    expect(shown.serviceRegionName).toBe(world.memberVillage.name);
    expect(shown.countyName).toBe(world.county.name);
    expect(shown.units.map((item) => item.id)).toContain(unit.id);
    expect(shown.communities.map((item) => item.id)).toEqual(
      expect.arrayContaining([world.memberVillage.id, world.otherVillage.id]),
    );
  });

  it('registers through the link, waits for the village, and approval registers the cadre once', async () => {
    const invitation = await invite(agents.village);
    const sent = await register(invitation.token, { homeRegionId: world.otherVillage.id });
    expectStatus(sent, 201);
    const submitted = sent.json<SubmittedRegistration>();
    expect(submitted).toMatchObject({ status: 'pending', serviceRegionName: world.memberVillage.name });
    expect(
      await findAuditEntries(test.db, { action: 'cadre_registration.submit', entityId: submitted.id }),
    ).toHaveLength(1);

    const waiting = (await pending(agents.village)).find((item) => item.id === submitted.id)!;
    expect(waiting).toMatchObject({
      name: '孙报到',
      kind: 'cadre',
      unit: { id: unit.id },
      homeRegion: { id: world.otherVillage.id },
      status: 'pending',
      cadreId: null,
    });
    expect(waiting.phone).toBe('13700001234');
    const listed = (await agents.village.get('/api/v1/cadre-invitations')).json<InvitationList>().items;
    expect(listed.find((item) => item.id === invitation.id)?.pendingCount).toBe(1);

    const approved = await agents.village.post(`/api/v1/cadre-registrations/${submitted.id}/approve`, {
      gridId: world.memberGrid.id,
      duties: '入户走访',
    });
    expectStatus(approved, 200);
    const { registration, cadre } = approved.json<ApprovedRegistration>();
    expect(registration).toMatchObject({ status: 'approved', cadreId: cadre.id });
    expect(cadre).toMatchObject({
      name: '孙报到',
      kind: 'cadre',
      unit: { id: unit.id },
      serviceRegion: { id: world.memberVillage.id },
      homeRegion: { id: world.otherVillage.id },
      grid: { id: world.memberGrid.id },
      duties: '入户走访',
      status: 'active',
    });
    const cadres = (await agents.county.get('/api/v1/cadres?q=孙报到')).json<CadrePage>().items;
    expect(cadres.map((item) => [item.id, item.phone])).toEqual([[cadre.id, '13700001234']]);
    expect(await findAuditEntries(test.db, { action: 'cadre.create', entityId: cadre.id })).toHaveLength(1);
    expect(
      await findAuditEntries(test.db, { action: 'cadre_registration.approve', entityId: submitted.id }),
    ).toHaveLength(1);

    expectError(
      await agents.village.post(`/api/v1/cadre-registrations/${submitted.id}/approve`, {}),
      409,
      'cadre_registration_decided',
    );
    expectError(
      await agents.village.post(`/api/v1/cadre-registrations/${submitted.id}/reject`, { reason: '重复' }),
      409,
      'cadre_registration_decided',
    );
    expect((await agents.county.get('/api/v1/cadres?q=孙报到')).json<CadrePage>().items).toHaveLength(1);
  });

  it('rejects with a reason, and registers nobody', async () => {
    const invitation = await invite(agents.village);
    const submitted = (await register(invitation.token, { name: '钱退回' })).json<SubmittedRegistration>();
    expectError(
      await agents.village.post(`/api/v1/cadre-registrations/${submitted.id}/reject`, { reason: ' ' }),
      400,
      'validation_failed',
    );
    const rejected = await agents.village.post(`/api/v1/cadre-registrations/${submitted.id}/reject`, {
      reason: '不是本单位人员',
    });
    expectStatus(rejected, 200);
    expect(rejected.json<Registration>()).toMatchObject({ status: 'rejected', rejectReason: '不是本单位人员' });
    expect(
      await findAuditEntries(test.db, { action: 'cadre_registration.reject', entityId: submitted.id }),
    ).toHaveLength(1);
    expect((await pending(agents.village)).map((item) => item.id)).not.toContain(submitted.id);
    const decided = (await agents.village.get('/api/v1/cadre-registrations?status=rejected')).json<RegistrationList>();
    expect(decided.items.map((item) => item.id)).toContain(submitted.id);
    expect((await agents.county.get('/api/v1/cadres?q=钱退回')).json<CadrePage>().items).toEqual([]);
  });

  it('fixes the unit of an invitation made for one unit', async () => {
    const other = (await agents.county.post('/api/v1/units', { name: '县教育局', kind: 'department' })).json<Unit>();
    const invitation = await invite(agents.village, { unitId: unit.id });
    expect(invitation.unit).toEqual({ id: unit.id, name: unit.name });
    const shown = (await readPublic(invitation.token)).json<PublicInvitation>();
    expect(shown).toMatchObject({ unit: { id: unit.id }, units: [] });
    const submitted = (
      await register(invitation.token, { name: '周限定', unitId: other.id })
    ).json<SubmittedRegistration>();
    const waiting = (await pending(agents.village)).find((item) => item.id === submitted.id);
    expect(waiting?.unit.id).toBe(unit.id);
  });
});

describe('closed links', () => {
  it('answers 410 for a revoked link and an expired one, 404 for a link that never was', async () => {
    const revoked = await invite(agents.village);
    const answer = await agents.village.post(`/api/v1/cadre-invitations/${revoked.id}/revoke`);
    expectStatus(answer, 200);
    expect(answer.json<Invitation>().status).toBe('revoked');
    expect(await findAuditEntries(test.db, { action: 'cadre_invitation.revoke', entityId: revoked.id })).toHaveLength(
      1,
    );
    expectError(await readPublic(revoked.token), 410, 'cadre_invitation_revoked');
    const refused = expectError(await register(revoked.token), 410, 'cadre_invitation_revoked');
    expect(refused.message).toContain('作废');

    const expired = await invite(agents.village);
    await test.db
      .update(cadreInvitations)
      .set({ expiresAt: sql`now() - interval '1 minute'` })
      .where(eq(cadreInvitations.id, expired.id));
    expectError(await readPublic(expired.token), 410, 'cadre_invitation_expired');
    expect(expectError(await register(expired.token), 410, 'cadre_invitation_expired').message).toContain('过期');
    const listed = (await agents.village.get('/api/v1/cadre-invitations')).json<InvitationList>().items;
    expect(listed.find((item) => item.id === expired.id)?.status).toBe('expired');

    expectError(await readPublic('A'.repeat(43)), 404, 'cadre_invitation_not_found');
    expectError(await readPublic('not-a-token'), 400, 'validation_failed');
  });
});

describe('bad input', () => {
  it('refuses a registration with a field to fix, and invitations the caller may not make', async () => {
    const invitation = await invite(agents.village);
    const cases: [Record<string, unknown>, string][] = [
      [{ name: '' }, '/body/name'],
      [{ phone: '12345' }, '/body/phone'],
      [{ kind: 'visitor' }, '/body/kind'],
      [{ unitId: undefined }, '/body/unitId'],
      [{ unitId: '0190f5a0-0000-7000-8000-000000000000' }, '/body/unitId'],
      [{ homeRegionId: world.memberGrid.id }, '/body/homeRegionId'],
    ];
    for (const [body, path] of cases) {
      const error = expectError(await register(invitation.token, body), 400, 'validation_failed');
      expect(JSON.stringify(error.details), JSON.stringify(body)).toContain(path);
    }
    expectError(
      await agents.village.post('/api/v1/cadre-invitations', { serviceRegionId: world.memberGrid.id }),
      400,
      'validation_failed',
    );
    expectError(
      await agents.village.post('/api/v1/cadre-invitations', { serviceRegionId: world.memberVillage.id, validDays: 0 }),
      400,
      'validation_failed',
    );
    expectError(
      await agents.member.post('/api/v1/cadre-invitations', { serviceRegionId: world.memberVillage.id }),
      403,
      'forbidden',
    );
    expectError(await agents.member.get('/api/v1/cadre-invitations'), 403, 'forbidden');
  });

  it('takes a registration from this site only: another site’s form is refused', async () => {
    const invitation = await invite(agents.village);
    const foreign = await test.app.inject({
      method: 'POST',
      url: `/api/v1/public/cadre-invitations/${invitation.token}/registrations`,
      remoteAddress: '10.0.2.1',
      headers: { origin: 'https://elsewhere.example' },
      payload: { kind: 'cadre', name: '外站', phone: '13700001234', unitId: unit.id },
    });
    expectError(foreign, 403, 'origin_mismatch');
  });

  it('throttles registrations from one address: 20 in 15 minutes, then 429', async () => {
    const invitation = await invite(agents.village);
    const address = '10.9.9.9';
    for (let index = 0; index < 20; index += 1) {
      expectStatus(await register(invitation.token, { name: `冯${index}` }, address), 201);
    }
    const throttled = expectError(await register(invitation.token, {}, address), 429, 'rate_limited');
    expect(throttled.message).toContain('15');
    expectStatus(await register(invitation.token, { name: '吴别处' }), 201);
  });
});

describe('scope', () => {
  it('keeps another community from seeing, approving or revoking, and reads it like a missing one', async () => {
    const invitation = await invite(agents.village);
    const submitted = (await register(invitation.token, { name: '郑他村' })).json<SubmittedRegistration>();
    expect((await pending(otherVillage)).map((item) => item.id)).not.toContain(submitted.id);
    const invitations = (await otherVillage.get('/api/v1/cadre-invitations')).json<InvitationList>().items;
    expect(invitations.map((item) => item.id)).not.toContain(invitation.id);
    expectError(
      await otherVillage.post(`/api/v1/cadre-registrations/${submitted.id}/approve`, {}),
      404,
      'cadre_registration_not_found',
    );
    expectError(
      await otherVillage.post(`/api/v1/cadre-registrations/${submitted.id}/reject`, { reason: '不认识' }),
      404,
      'cadre_registration_not_found',
    );
    expectError(
      await otherVillage.post(`/api/v1/cadre-invitations/${invitation.id}/revoke`),
      404,
      'cadre_invitation_not_found',
    );
    expectError(
      await otherVillage.get(`/api/v1/cadre-invitations/${invitation.id}/qr.svg`),
      404,
      'cadre_invitation_not_found',
    );
    expectError(
      await otherVillage.post('/api/v1/cadre-invitations', { serviceRegionId: world.memberVillage.id }),
      404,
      'region_not_found',
    );
    const denied = await findAuditEntries(test.db, { action: 'cadre_registration.read', entityId: submitted.id });
    expect(denied.map((entry) => entry.outcome)).toContain('denied');
    // Still pending for its own community, which approves it.
    expect((await pending(agents.village)).map((item) => item.id)).toContain(submitted.id);
  });
});

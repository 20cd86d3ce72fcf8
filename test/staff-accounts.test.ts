import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../src/shared/api/accounts.js';
import type { Staff } from '../src/shared/api/staff.js';
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
  type DemoWorld,
  type TestApp,
} from './helpers.js';

/** One person behind an account and a place in the grid (issue 8: "accounts and the grid's people agree"). */

const strongPassword = 'Grid-Worker-Walks-Home-9';

let testApp: TestApp;
let world: DemoWorld;
let agents: Record<'admin' | 'county' | 'town' | 'village' | 'leader' | 'member', Agent>;

beforeAll(async () => {
  testApp = await createTestApp();
  world = await loadDemoWorld(testApp.db);
  agents = await signInAll(testApp.app, ['admin', 'county', 'town', 'village', 'leader', 'member'] as const);
});

afterAll(() => testApp?.close());

let serial = 0;
/** A username no test has used. */
function nextUsername() {
  serial += 1;
  return `linked${serial}`;
}

async function created<Body>(responsePromise: Promise<{ statusCode: number; body: string; json(): unknown }>) {
  const response = await responsePromise;
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as Body;
}

/** A new grid member in the member's grid, with or without an account, placed by `agent`. */
function placeMember(agent: Agent, fields: Record<string, unknown> = {}) {
  return agent.post('/api/v1/staff', {
    regionId: world.memberGrid.id,
    kind: 'grid_member',
    name: `网格员${serial}`,
    employment: 'full_time',
    ...fields,
  });
}

async function getPerson(id: string, agent = agents.village): Promise<Staff> {
  const response = await agent.get(`/api/v1/staff/${id}`);
  expectStatus(response, 200);
  return response.json();
}

async function getAccount(id: string, agent = agents.town): Promise<Account> {
  const response = await agent.get(`/api/v1/accounts/${id}`);
  expectStatus(response, 200);
  return response.json();
}

/** A grid account whose person was unlinked, so it can be linked again. */
async function unlinkedAccount(): Promise<Account> {
  const person = await created<Staff>(
    placeMember(agents.village, { newAccount: { username: nextUsername(), password: strongPassword } }),
  );
  expectStatus(await agents.village.patch(`/api/v1/staff/${person.id}`, { accountId: null }), 200);
  const account = await getAccount(person.accountId!);
  expect(account.staffId).toBeNull();
  return account;
}

describe('at the scale of a village', () => {
  // First in the file: the village's people are still the demo's (with member, leader and cadre linked). Each
  // account hashes its password (scrypt, 32 MiB), so a village's worth takes a while on a busy machine.
  it('gives every grid member of a village an account; the counts, the people and the accounts then agree', async () => {
    const listMembers = async () =>
      (await agents.village.get(`/api/v1/staff?regionId=${world.memberVillage.id}&kind=grid_member&limit=500`)).json<{
        items: Staff[];
      }>().items;
    const withoutAccount = (await listMembers()).filter((person) => person.accountId === null);
    expect(withoutAccount.length).toBeGreaterThan(5);
    for (const person of withoutAccount) {
      const response = await agents.village.patch(`/api/v1/staff/${person.id}`, {
        newAccount: { username: nextUsername(), password: strongPassword },
      });
      expectStatus(response, 200);
    }
    const people = await listMembers();
    const summary = (await agents.village.get(`/api/v1/regions/${world.memberVillage.id}`)).json<{
      staffCounts: Record<string, number>;
    }>();
    const accounts = (await agents.village.get(`/api/v1/accounts?regionId=${world.memberVillage.id}&limit=200`)).json<{
      items: Account[];
    }>().items;
    const memberAccounts = accounts.filter((account) => account.role === 'grid_member');
    expect(summary.staffCounts.grid_member).toBe(people.length);
    expect(memberAccounts.map((account) => account.staffId).sort()).toEqual(people.map((person) => person.id).sort());
    expect(people.map((person) => person.accountId).sort()).toEqual(memberAccounts.map((account) => account.id).sort());
  }, 180_000);
});

describe('an account with a grid role places its holder among the grid’s people', () => {
  it('counts a new grid’s member once their account is created, and lists them with the account', async () => {
    const grid = await created<{ id: string }>(
      agents.town.post('/api/v1/regions', { parentId: world.memberVillage.id, name: '新建网格' }),
    );
    const account = await created<Account>(
      agents.town.post('/api/v1/accounts', {
        username: nextUsername(),
        displayName: '新网格员',
        role: 'grid_member',
        regionId: grid.id,
        password: strongPassword,
        newStaff: { phone: '13900001111', employment: 'part_time' },
      }),
    );
    expect(account.staffId).not.toBeNull();

    const summary = (await agents.village.get(`/api/v1/regions/${grid.id}`)).json<{
      staffCounts: Record<string, number>;
    }>();
    expect(summary.staffCounts.grid_member).toBe(1);
    const people = (await agents.village.get(`/api/v1/staff?regionId=${grid.id}`)).json<{ items: Staff[] }>().items;
    expect(people).toEqual([
      expect.objectContaining({
        id: account.staffId,
        kind: 'grid_member',
        name: '新网格员',
        employment: 'part_time',
        accountId: account.id,
        accountUsername: account.username,
      }),
    ]);
  });

  it('gives grid leaders and cadres their position, and nobody above the grid a person', async () => {
    const leader = await created<Account>(
      agents.county.post('/api/v1/accounts', {
        username: nextUsername(),
        displayName: '新网格长',
        role: 'grid_leader',
        regionId: world.otherGrid.id,
        password: strongPassword,
      }),
    );
    expect((await getPerson(leader.staffId!, agents.county)).kind).toBe('grid_leader');
    const cadre = await created<Account>(
      agents.town.post('/api/v1/accounts', {
        username: nextUsername(),
        displayName: '新下沉干部',
        role: 'cadre',
        regionId: world.memberGrid.id,
        password: strongPassword,
        newStaff: { dispatchingUnit: '县民政局' },
      }),
    );
    expect(await getPerson(cadre.staffId!)).toMatchObject({ kind: 'sunk_cadre', name: '新下沉干部' });
    const villageAccount = await created<Account>(
      agents.town.post('/api/v1/accounts', {
        username: nextUsername(),
        displayName: '村书记',
        role: 'village',
        regionId: world.memberVillage.id,
        password: strongPassword,
      }),
    );
    expect(villageAccount.staffId).toBeNull();
  });

  it('links the person named by staffId, who takes the account’s name', async () => {
    const person = await created<Staff>(placeMember(agents.leader, { name: '待开账号' }));
    const account = await created<Account>(
      agents.village.post('/api/v1/accounts', {
        username: nextUsername(),
        displayName: '王待开',
        role: 'grid_member',
        regionId: world.memberGrid.id,
        password: strongPassword,
        staffId: person.id,
      }),
    );
    expect(account.staffId).toBe(person.id);
    expect(await getPerson(person.id)).toMatchObject({ accountId: account.id, name: '王待开' });
    const audit = await findAuditEntries(testApp.db, { entityId: person.id, action: 'staff.link_account' });
    expect(audit).toHaveLength(1);
  });

  it('refuses a person of another position or grid, a person already linked, and both staffId and newStaff', async () => {
    const volunteer = await created<Staff>(placeMember(agents.leader, { kind: 'volunteer', employment: null }));
    const member = await created<Staff>(placeMember(agents.leader));
    const ask = (fields: Record<string, unknown>) =>
      agents.town.post('/api/v1/accounts', {
        username: nextUsername(),
        displayName: '某人',
        role: 'grid_member',
        regionId: world.memberGrid.id,
        password: strongPassword,
        ...fields,
      });
    expectError(await ask({ staffId: volunteer.id }), 400, 'validation_failed');
    expectError(await ask({ staffId: member.id, role: 'cadre' }), 400, 'validation_failed');
    const neighbourGrid = world.childrenOf(world.memberVillage.id)[1]!;
    expectError(await ask({ staffId: member.id, regionId: neighbourGrid.id }), 400, 'validation_failed');
    expectError(await ask({ staffId: member.id, newStaff: { phone: null } }), 400, 'validation_failed');
    expectError(
      await ask({ role: 'village', regionId: world.memberVillage.id, newStaff: {} }),
      400,
      'validation_failed',
    );
    expectError(await ask({ role: 'cadre', newStaff: {} }), 400, 'validation_failed');
    const linked = world.staff.find((row) => row.accountId === world.accounts.member.id)!;
    expectError(await ask({ staffId: linked.id }), 409, 'staff_already_linked');
  });

  it('answers a person outside the subtree as missing, and audits the look', async () => {
    const outsider = world.staffIn(world.otherGrid.id).find((row) => row.kind === 'grid_member' && !row.accountId)!;
    const response = await agents.village.post('/api/v1/accounts', {
      username: nextUsername(),
      displayName: '越界',
      role: 'grid_member',
      regionId: world.memberGrid.id,
      password: strongPassword,
      staffId: outsider.id,
    });
    expectError(response, 404, 'staff_not_found');
    const denials = await findAuditEntries(testApp.db, { entityId: outsider.id, outcome: 'denied' });
    expect(denials.length).toBeGreaterThan(0);
  });
});

describe('a person of a grid gets an account', () => {
  it('in one go as the village: role from the position, region the grid, the person’s name', async () => {
    const username = nextUsername();
    const person = await created<Staff>(
      placeMember(agents.village, { name: '李一步', newAccount: { username, password: strongPassword } }),
    );
    expect(person).toMatchObject({
      name: '李一步',
      kind: 'grid_member',
      employment: 'full_time',
      accountUsername: username,
    });
    const account = await getAccount(person.accountId!, agents.village);
    expect(account).toMatchObject({
      username,
      displayName: '李一步',
      role: 'grid_member',
      regionId: world.memberGrid.id,
      staffId: person.id,
    });
    const member = await signIn(testApp.app, username, { password: strongPassword });
    expect(member.session).toMatchObject({ role: 'grid_member', regionId: world.memberGrid.id });
  });

  it('later, on an existing person, or by linking an account of the same place', async () => {
    const person = await created<Staff>(
      placeMember(agents.leader, { kind: 'sunk_cadre', employment: null, dispatchingUnit: '县水利局' }),
    );
    const username = nextUsername();
    const withAccount = await agents.village.patch(`/api/v1/staff/${person.id}`, {
      newAccount: { username, password: strongPassword },
    });
    expectStatus(withAccount, 200);
    expect(withAccount.json()).toMatchObject({ accountUsername: username });
    expect((await getAccount(withAccount.json<Staff>().accountId!)).role).toBe('cadre');

    const account = await unlinkedAccount();
    const other = await created<Staff>(placeMember(agents.leader, { name: '赵再链' }));
    const linked = await agents.village.patch(`/api/v1/staff/${other.id}`, { accountId: account.id });
    expectStatus(linked, 200);
    expect(linked.json()).toMatchObject({ accountId: account.id, accountUsername: account.username });
    expect(await getAccount(account.id)).toMatchObject({ staffId: other.id, displayName: '赵再链' });
  });

  it('refuses a second account, an account already linked, a position without accounts and a weak password', async () => {
    const person = await created<Staff>(
      placeMember(agents.village, { newAccount: { username: nextUsername(), password: strongPassword } }),
    );
    const again = await agents.village.patch(`/api/v1/staff/${person.id}`, {
      newAccount: { username: nextUsername(), password: strongPassword },
    });
    expectError(again, 409, 'staff_already_linked');
    const fresh = await created<Staff>(placeMember(agents.leader));
    expectError(
      await agents.village.patch(`/api/v1/staff/${fresh.id}`, { accountId: person.accountId }),
      409,
      'account_already_linked',
    );
    const volunteer = await agents.village.post('/api/v1/staff', {
      regionId: world.memberGrid.id,
      kind: 'volunteer',
      name: '志愿者',
      newAccount: { username: nextUsername(), password: strongPassword },
    });
    expect(expectError(volunteer, 400, 'validation_failed').message).toMatch(/no account/);
    expectError(
      await placeMember(agents.village, { newAccount: { username: nextUsername(), password: 'short' } }),
      400,
      'password_too_short',
    );
    expectError(
      await placeMember(agents.village, { newAccount: { username: 'member', password: strongPassword } }),
      409,
      'username_taken',
    );
    expectError(
      await placeMember(agents.village, {
        accountId: person.accountId,
        newAccount: { username: nextUsername(), password: strongPassword },
      }),
      400,
      'validation_failed',
    );
  });

  it('leaves nothing behind when the account is refused', async () => {
    const before = (await agents.village.get(`/api/v1/regions/${world.memberGrid.id}`)).json<{
      staffCounts: Record<string, number>;
    }>();
    expectError(
      await placeMember(agents.village, { newAccount: { username: 'member', password: strongPassword } }),
      409,
      'username_taken',
    );
    const after = (await agents.village.get(`/api/v1/regions/${world.memberGrid.id}`)).json<{
      staffCounts: Record<string, number>;
    }>();
    expect(after.staffCounts).toEqual(before.staffCounts);
  });

  it('is only for those who may manage accounts, and only accounts in their subtree', async () => {
    expectError(
      await placeMember(agents.leader, { newAccount: { username: nextUsername(), password: strongPassword } }),
      403,
      'forbidden',
    );
    const account = { username: nextUsername(), displayName: '越权', password: strongPassword };
    const town = await agents.village.post('/api/v1/accounts', { ...account, role: 'town', regionId: world.town.id });
    expectError(town, 403, 'forbidden');
    const elsewhere = await agents.village.post('/api/v1/accounts', {
      ...account,
      role: 'grid_member',
      regionId: world.otherGrid.id,
    });
    expectError(elsewhere, 404, 'region_not_found');
    const person = await created<Staff>(placeMember(agents.village));
    const outside = world.accounts.member2;
    expectError(
      await agents.village.patch(`/api/v1/staff/${person.id}`, { accountId: outside.id }),
      404,
      'account_not_found',
    );
    const denials = await findAuditEntries(testApp.db, { entityId: outside.id, outcome: 'denied' });
    expect(denials.length).toBeGreaterThan(0);
    expect((await getPerson(person.id)).accountId).toBeNull();
  });
});

describe('the two stay one', () => {
  it('renames both from either side', async () => {
    const person = await created<Staff>(
      placeMember(agents.village, { newAccount: { username: nextUsername(), password: strongPassword } }),
    );
    expectStatus(await agents.leader.patch(`/api/v1/staff/${person.id}`, { name: '改名一' }), 200);
    expect((await getAccount(person.accountId!)).displayName).toBe('改名一');
    expectStatus(await agents.village.patch(`/api/v1/accounts/${person.accountId}`, { displayName: '改名二' }), 200);
    expect((await getPerson(person.id)).name).toBe('改名二');
  });

  it('moves the account with its person to another grid, and signs it out', async () => {
    const username = nextUsername();
    const person = await created<Staff>(
      placeMember(agents.village, { newAccount: { username, password: strongPassword } }),
    );
    const holder = await signIn(testApp.app, username, { password: strongPassword });
    const neighbourGrid = world.childrenOf(world.memberVillage.id)[1]!;
    expectStatus(await agents.village.patch(`/api/v1/staff/${person.id}`, { regionId: neighbourGrid.id }), 200);
    expect((await getAccount(person.accountId!)).regionId).toBe(neighbourGrid.id);
    expectError(await holder.get('/api/v1/session'), 401, 'unauthenticated');
  });

  it('makes the person a grid leader when the account becomes one, and keeps a role above the grid from a linked account', async () => {
    const person = await created<Staff>(
      placeMember(agents.village, { newAccount: { username: nextUsername(), password: strongPassword } }),
    );
    expectStatus(await agents.town.patch(`/api/v1/accounts/${person.accountId}`, { role: 'grid_leader' }), 200);
    expect(await getPerson(person.id)).toMatchObject({ kind: 'grid_leader', employment: null });
    const promoted = await agents.town.patch(`/api/v1/accounts/${person.accountId}`, {
      role: 'village',
      regionId: world.memberVillage.id,
    });
    expectError(promoted, 409, 'staff_has_account');
    expect((await getAccount(person.accountId!)).role).toBe('grid_leader');
    const volunteer = await agents.village.patch(`/api/v1/staff/${person.id}`, { kind: 'volunteer' });
    expectError(volunteer, 409, 'staff_has_account');
  });

  it('keeps the person when the account is disabled', async () => {
    const person = await created<Staff>(
      placeMember(agents.village, { newAccount: { username: nextUsername(), password: strongPassword } }),
    );
    expectStatus(await agents.village.patch(`/api/v1/accounts/${person.accountId}`, { isEnabled: false }), 200);
    expect(await getPerson(person.id)).toMatchObject({ accountId: person.accountId });
  });

  it('removes a person who signs in only together with disabling the account', async () => {
    const username = nextUsername();
    const person = await created<Staff>(
      placeMember(agents.village, { newAccount: { username, password: strongPassword } }),
    );
    const refused = await agents.village.delete(`/api/v1/staff/${person.id}`);
    expect(expectError(refused, 409, 'staff_has_account').message).toContain(username);
    expect((await getPerson(person.id)).accountId).toBe(person.accountId);
    // A grid leader may place people but not manage accounts.
    expectError(await agents.leader.delete(`/api/v1/staff/${person.id}?disableAccount=true`), 403, 'forbidden');
    expectStatus(await agents.village.delete(`/api/v1/staff/${person.id}?disableAccount=true`), 204);
    expectError(await agents.village.get(`/api/v1/staff/${person.id}`), 404, 'staff_not_found');
    expect(await getAccount(person.accountId!)).toMatchObject({ isEnabled: false, staffId: null });
    expectError(await requestSignIn(testApp.app, { username, password: strongPassword }), 403, 'account_disabled');
  });

  it('unlinks, leaving both, and writes it down', async () => {
    const account = await unlinkedAccount();
    const entries = await findAuditEntries(testApp.db, { action: 'staff.unlink_account' });
    expect(entries.some((entry) => (entry.details as { accountId?: string }).accountId === account.id)).toBe(true);
  });
});

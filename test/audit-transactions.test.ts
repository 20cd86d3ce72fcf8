import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Area } from '../src/shared/geojson.js';
import { exportRegistryFile, importRegistryFile } from '../src/server/cli-registry.js';
import { caseFiles, cases, gridStaff, partyOrgs, persons, regions } from '../src/server/db/schema/index.js';
import { sweepCases } from '../src/server/modules/cases/sweep.js';
import { actOn, detailOf, reportCase } from './case-fixtures.js';
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
import { makeIdNumber } from './registry-fixtures.js';

/**
 * Every change and its audit entry are written in one transaction: when the entry cannot be written, the change is
 * undone and the request answers 503 audit_unavailable. A trigger the test installs makes every insert into the
 * audit log fail, on PGlite and PostgreSQL alike.
 */
let test: TestApp;
let world: DemoWorld;
let agents: Record<'county' | 'town' | 'village' | 'member', Agent>;

beforeAll(async () => {
  test = await createTestApp();
  world = await loadDemoWorld(test.db);
  agents = await signInAll(test.app, ['county', 'town', 'village', 'member'] as const);
  await test.db.execute(
    sql.raw(`create function audit_refused_by_test() returns trigger language plpgsql as $$
      begin raise exception 'the audit log refuses this entry (test)'; end $$`),
  );
});

afterAll(() => test?.close());

/** Runs `work` while every audit insert fails. */
async function withAuditRefused<Result>(work: () => Promise<Result>): Promise<Result> {
  await test.db.execute(
    sql.raw(
      'create trigger audit_refused_by_test before insert on audit_log for each row ' +
        'execute function audit_refused_by_test()',
    ),
  );
  try {
    return await work();
  } finally {
    await test.db.execute(sql.raw('drop trigger audit_refused_by_test on audit_log'));
  }
}

function expectRefusedForAudit(response: ApiResponse) {
  const error = expectError(response, 503, 'audit_unavailable');
  expect(error.message).toMatch(/Nothing was changed/);
}

/** The same area drawn a little smaller around its first ring's average point: a new boundary inside the old. */
function shrunk(area: Area): Area {
  if (area.type !== 'Polygon') throw new Error('The demo boundaries are Polygons.');
  const ring = area.coordinates[0]!;
  const [centreLng, centreLat] = [0, 1].map(
    (axis) => ring.slice(0, -1).reduce((sum, point) => sum + point[axis]!, 0) / (ring.length - 1),
  ) as [number, number];
  return {
    type: 'Polygon',
    coordinates: [
      ring.map(([lng, lat]) => [centreLng + (lng! - centreLng) * 0.9, centreLat + (lat! - centreLat) * 0.9]),
    ],
  };
}

const pngBytes = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);

describe('a change whose audit entry cannot be written is undone', () => {
  it('a report: no case is kept, and the report once audited is written with its entry', async () => {
    const description = '审计失败时的上报';
    const body = { category: 'environment', description, regionId: world.memberGrid.id };
    expectRefusedForAudit(await withAuditRefused(() => agents.member.post('/api/v1/cases', body)));
    expect(await test.db.$count(cases, eq(cases.description, description))).toBe(0);

    const reported = await reportCase(agents.member, body);
    const [entry] = await findAuditEntries(test.db, { action: 'case.report', entityId: reported.id });
    expect(entry).toMatchObject({
      actorId: world.accounts.member.id,
      outcome: 'success',
      regionCode: world.memberGrid.code,
    });
  });

  it('a transition: the case stays as it was, with no new step on its timeline', async () => {
    const reported = await reportCase(agents.member, { regionId: world.memberGrid.id });
    const accept = { action: 'accept', version: reported.version };
    const refused = await withAuditRefused(() =>
      agents.member.post(`/api/v1/cases/${reported.id}/transitions`, accept),
    );
    expectRefusedForAudit(refused);
    const after = await detailOf(agents.member, reported.id);
    expect(after).toMatchObject({ status: 'reported', version: reported.version });
    expect(after.timeline.map((step) => step.action)).toEqual(['report']);

    await actOn(agents.member, reported.id, accept);
    const [entry] = await findAuditEntries(test.db, { action: 'case.accept', entityId: reported.id });
    expect(entry!.details).toMatchObject({ fromStatus: 'reported', toStatus: 'accepted' });
  });

  it('a photo: the case keeps the photos it had', async () => {
    const reported = await reportCase(agents.member, { regionId: world.memberGrid.id });
    const send = () =>
      agents.member.request('POST', `/api/v1/cases/${reported.id}/photos?fileName=a.png`, pngBytes, {
        'content-type': 'image/png',
      });
    expectRefusedForAudit(await withAuditRefused(send));
    expect(await test.db.$count(caseFiles, eq(caseFiles.caseId, reported.id))).toBe(0);

    expectStatus(await send(), 201);
    expect(await findAuditEntries(test.db, { action: 'case.add_photo', entityId: reported.id })).toHaveLength(1);
  });

  it('a person edit: the person keeps their name', async () => {
    const created = await agents.member.post('/api/v1/persons', {
      name: '审计甲',
      idNumber: makeIdNumber('1981-03-04'),
      regionId: world.memberGrid.id,
    });
    expectStatus(created, 201);
    const { id } = created.json<{ id: string }>();
    expectRefusedForAudit(
      await withAuditRefused(() => agents.member.patch(`/api/v1/persons/${id}`, { name: '审计乙' })),
    );
    const [stored] = await test.db.select({ name: persons.name }).from(persons).where(eq(persons.id, id));
    expect(stored!.name).toBe('审计甲');
  });

  it('a household and a place: neither is created', async () => {
    const address = '审计小区1号楼101室';
    const household = { regionId: world.memberGrid.id, address };
    expectRefusedForAudit(await withAuditRefused(() => agents.member.post('/api/v1/households', household)));
    const place = { regionId: world.memberGrid.id, kind: 'shop', name: '审计小店' };
    expectRefusedForAudit(await withAuditRefused(() => agents.member.post('/api/v1/places', place)));
    const found = await agents.member.get(`/api/v1/households?q=${encodeURIComponent(address)}`);
    expect(found.json<{ items: unknown[] }>().items).toEqual([]);
    expect((await agents.member.get('/api/v1/places?q=审计小店')).json<{ items: unknown[] }>().items).toEqual([]);
  });

  it('a region boundary: the grid keeps its boundary', async () => {
    const grid = world.otherGrid;
    const patch = () => agents.town.patch(`/api/v1/regions/${grid.id}`, { boundary: shrunk(grid.boundary!) });
    expectRefusedForAudit(await withAuditRefused(patch));
    const [stored] = await test.db.select({ boundary: regions.boundary }).from(regions).where(eq(regions.id, grid.id));
    expect(stored!.boundary).toEqual(grid.boundary);
  });

  it('a grid person and a party organisation: neither is created', async () => {
    const person = { regionId: world.memberGrid.id, kind: 'volunteer', name: '审计志愿者' };
    expectRefusedForAudit(await withAuditRefused(() => agents.village.post('/api/v1/staff', person)));
    expect(await test.db.$count(gridStaff, eq(gridStaff.name, '审计志愿者'))).toBe(0);

    const villageCommittee = world.partyOrgsAnchoredAt(world.memberVillage.id)[0]!;
    const org = {
      kind: 'grid_branch',
      name: '审计党支部',
      regionId: world.memberVillage.id,
      parentId: villageCommittee.id,
      coveredRegionIds: [world.memberGrid.id],
    };
    expectRefusedForAudit(await withAuditRefused(() => agents.village.post('/api/v1/party-orgs', org)));
    expect(await test.db.$count(partyOrgs, eq(partyOrgs.name, '审计党支部'))).toBe(0);
  });

  it('a ledger import: no one is imported and the import reports the failure', async () => {
    const idNumber = makeIdNumber('1966-06-16');
    const preview = await agents.member.request(
      'POST',
      `/api/v1/registry/imports/preview?regionId=${world.memberGrid.id}&fileName=audit.csv`,
      ['姓名,身份证号码,住址,与户主关系', `审计导入,${idNumber},审计小区2号,户主`].join('\n'),
      { 'content-type': 'text/csv' },
    );
    expectStatus(preview, 200);
    const { uploadId } = preview.json<{ uploadId: string }>();
    const response = await withAuditRefused(() => agents.member.post('/api/v1/registry/imports', { uploadId }));
    const last = JSON.parse(response.body.trim().split('\n').at(-1)!) as { status: string; error?: { code: string } };
    expect(last).toMatchObject({ status: 'failed', error: { code: 'audit_unavailable' } });
    expect(await test.db.$count(persons, eq(persons.idNumber, idNumber))).toBe(0);
  });

  it('a catalogue edit and the case settings: both stay as they were', async () => {
    const items = (await agents.county.get('/api/v1/case-categories')).json<{ items: Record<string, unknown>[] }>()
      .items;
    const environment = items.find((item) => item.code === 'environment')!;
    const edited = { ...environment, code: undefined, countyId: undefined, updatedAt: undefined, department: '审计局' };
    const refused = await withAuditRefused(() => agents.county.put('/api/v1/case-categories/environment', edited));
    expectRefusedForAudit(refused);
    const after = (await agents.county.get('/api/v1/case-categories')).json<{ items: Record<string, unknown>[] }>();
    expect(after.items.find((item) => item.code === 'environment')!.department).toBe(environment.department);

    const settings = (await agents.county.get('/api/v1/case-settings')).json<{ holidays: string[] }>();
    const changed = { ...settings, holidays: [...settings.holidays, '2030-01-02'] };
    expectRefusedForAudit(await withAuditRefused(() => agents.county.put('/api/v1/case-settings', changed)));
    expect((await agents.county.get('/api/v1/case-settings')).json()).toEqual(settings);

    expectStatus(await agents.county.put('/api/v1/case-categories/environment', edited), 200);
    const [entry] = await findAuditEntries(test.db, { action: 'case_category.update', entityId: 'environment' });
    expect(entry).toMatchObject({ actorUsername: 'county', outcome: 'success' });
  });
});

describe('background work acts as a named system actor', () => {
  it('the sweep warns of a deadline in the same transaction as its entry, written by system:sweep', async () => {
    const reported = await reportCase(agents.member, { regionId: world.memberGrid.id });
    const dueNow = { warnAt: sql`now() - interval '1 minute'`, deadline: sql`now() + interval '1 hour'` };
    await test.db.update(cases).set(dueNow).where(eq(cases.id, reported.id));
    const failures: string[] = [];
    await withAuditRefused(() => sweepCases(test.db, { onError: (_error, caseId) => failures.push(caseId) }));
    expect(failures).toContain(reported.id);
    const [unwarned] = await test.db.select({ warnedAt: cases.warnedAt }).from(cases).where(eq(cases.id, reported.id));
    expect(unwarned!.warnedAt).toBeNull();

    await sweepCases(test.db);
    const [entry] = await findAuditEntries(test.db, { action: 'case.warn', entityId: reported.id });
    expect(entry).toMatchObject({ actorId: null, actorUsername: 'system:sweep', regionCode: world.memberGrid.code });
  });

  it('the sweep escalates a case past its deadline as system:sweep', async () => {
    const reported = await reportCase(agents.member, { regionId: world.memberGrid.id });
    const pastDue = { warnAt: sql`now() - interval '2 hours'`, deadline: sql`now() - interval '1 minute'` };
    await test.db
      .update(cases)
      .set({ ...pastDue, warnedAt: sql`now()` })
      .where(eq(cases.id, reported.id));
    await sweepCases(test.db);
    const [entry] = await findAuditEntries(test.db, { action: 'case.escalate', entityId: reported.id });
    expect(entry).toMatchObject({ actorId: null, actorUsername: 'system:sweep' });
    expect(entry!.details).toMatchObject({ isAutomatic: true, fromLevel: 'grid', toLevel: 'village' });
  });

  it('the sweep marks a county case past its deadline as system:sweep', async () => {
    const reported = await reportCase(agents.member, { regionId: world.memberGrid.id });
    // At the county there is no level above: the sweep only marks the case.
    const pastDue = { level: 'county' as const, warnedAt: sql`now()`, deadline: sql`now() - interval '1 minute'` };
    await test.db.update(cases).set(pastDue).where(eq(cases.id, reported.id));
    await sweepCases(test.db);
    const [entry] = await findAuditEntries(test.db, { action: 'case.mark_overdue', entityId: reported.id });
    expect(entry).toMatchObject({ actorId: null, actorUsername: 'system:sweep', outcome: 'success' });
  });

  it('an import and an export at the command line are audited as system:cli with the operating-system user', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'gridlink-cli-'));
    const idNumber = makeIdNumber('1977-07-17');
    const file = path.join(folder, 'cli.csv');
    fs.writeFileSync(file, ['姓名,身份证号码,住址,与户主关系', `命令行导入,${idNumber},命令行小区1号,户主`].join('\n'));
    try {
      await expect(withAuditRefused(() => importRegistryFile(test.db, file, world.memberGrid.code))).rejects.toThrow(
        /audit log/,
      );
      expect(await test.db.$count(persons, eq(persons.idNumber, idNumber))).toBe(0);

      expect(await importRegistryFile(test.db, file, world.memberGrid.code)).toBe(0);
      const [entry] = await findAuditEntries(test.db, { action: 'registry.import', actorUsername: 'system:cli' });
      expect(entry).toMatchObject({ actorId: null, outcome: 'success', regionCode: world.memberGrid.code });
      expect(entry!.details).toMatchObject({ osUser: expect.any(String), inserted: 1 });
      expect(await test.db.$count(persons, and(eq(persons.idNumber, idNumber), eq(persons.name, '命令行导入')))).toBe(
        1,
      );

      const exported = path.join(folder, 'export.xlsx');
      await exportRegistryFile(test.db, exported, world.memberGrid.code);
      const [exportEntry] = await findAuditEntries(test.db, { action: 'registry.export', actorUsername: 'system:cli' });
      expect(exportEntry).toMatchObject({ actorId: null, outcome: 'success' });
      expect(exportEntry!.details).toMatchObject({ osUser: expect.any(String) });
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});

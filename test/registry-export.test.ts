import { once } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { and, eq, like, sql } from 'drizzle-orm';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportRegistryFile, importRegistryFile } from '../src/server/cli-registry.js';
import { auditLog, persons } from '../src/server/db/schema/index.js';
import { readLedgerRows } from '../src/server/modules/registry/ledger/read-ledger.js';
import { cellToText } from '../src/server/modules/registry/ledger/cells.js';
import {
  createTestApp,
  expectError,
  expectStatus,
  loadDemoWorld,
  signInAll,
  type Agent,
  type DemoWorld,
  type TestApp,
} from './helpers.js';

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Ledger = { header: string[]; rows: string[][] };

/** An exported workbook read back with the import's own reader: the header row, then one row per person. */
async function readLedger(content: Buffer): Promise<Ledger> {
  const all: string[][] = [];
  for await (const row of readLedgerRows(content, 'export.xlsx')) all.push(row.cells.map((cell) => cellToText(cell)));
  const headerIndex = all.findIndex((row) => row.includes('姓名'));
  expect(headerIndex).toBeGreaterThanOrEqual(0);
  return { header: all[headerIndex]!, rows: all.slice(headerIndex + 1) };
}

function column(ledger: Ledger, header: string): string[] {
  const index = ledger.header.indexOf(header);
  expect(index, `column ${header}`).toBeGreaterThanOrEqual(0);
  return ledger.rows.map((row) => row[index] ?? '');
}

/** Every ID number and phone of the ledger is masked, and there are some of each to look at. */
function expectMasked(ledger: Ledger) {
  const idNumbers = column(ledger, '身份证号').filter(Boolean);
  const phones = column(ledger, '联系电话').filter(Boolean);
  expect(idNumbers.length).toBeGreaterThan(ledger.rows.length / 2);
  expect(phones.length).toBeGreaterThan(0);
  expect(idNumbers.filter((idNumber) => !/^\d{6}\*{8}[\dX]{4}$/.test(idNumber))).toEqual([]);
  expect(phones.filter((phone) => !/^\d{3}\*{4}\d{4}$/.test(phone))).toEqual([]);
}

/** How many people live under a region, counted in the database itself. */
async function countPeopleUnder(test: TestApp, code: string): Promise<number> {
  const [row] = await test.db
    .select({ count: sql<number>`count(*)::int` })
    .from(persons)
    .where(like(persons.regionCode, `${code}%`));
  return row!.count;
}

async function listTotal(agent: Agent, regionId: string): Promise<number> {
  const list = await agent.get(`/api/v1/persons?regionId=${regionId}&limit=1`);
  expectStatus(list, 200);
  const { total, isTotalCapped } = list.json<{ total: number; isTotalCapped: boolean }>();
  expect(isTotalCapped).toBe(false);
  return total;
}

/** Every name of a list in its order, walked page by page through the API as the console does. */
async function listNames(agent: Agent, regionId: string): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: { name: string }[]; nextCursor: string | null } = (
      await agent.get(
        `/api/v1/persons?regionId=${regionId}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      )
    ).json();
    names.push(...page.items.map((item) => item.name));
    cursor = page.nextCursor;
  } while (cursor);
  return names;
}

/** The largest grid of the demo county: its export takes more than one of the old batches. */
async function largestGrid(test: TestApp, world: DemoWorld) {
  const counts = await Promise.all(
    world.regions
      .filter((region) => region.level === 'grid')
      .map(async (region) => ({ region, count: await countPeopleUnder(test, region.code) })),
  );
  return counts.sort((first, second) => second.count - first.count)[0]!;
}

async function exportAuditEntries(test: TestApp, regionId: string) {
  return test.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, 'registry.export'), eq(auditLog.entityId, regionId)))
    .orderBy(auditLog.id);
}

describe('registry export at scale', () => {
  let test: TestApp;
  let world: DemoWorld;
  let agents: Record<'county' | 'village' | 'member' | 'member2' | 'cadre', Agent>;

  beforeAll(async () => {
    test = await createTestApp();
    world = await loadDemoWorld(test.db);
    agents = await signInAll(test.app, ['county', 'village', 'member', 'member2', 'cadre'] as const);
  });

  afterAll(async () => {
    await test?.close();
  });

  it('exports the whole county as the county: every resident, masked, grids by name', async () => {
    const response = await agents.county.get(`/api/v1/registry/export?regionId=${world.county.id}`);
    expectStatus(response, 200);
    expect(response.headers['content-type']).toBe(xlsxType);
    const ledger = await readLedger(response.rawPayload);
    const everyone = await countPeopleUnder(test, world.county.code);
    expect(everyone).toBeGreaterThan(10_000);
    expect(ledger.rows.length).toBe(everyone);
    expectMasked(ledger);
    const gridNames = new Set(world.regions.filter((region) => region.level === 'grid').map((region) => region.name));
    expect(column(ledger, '网格').filter((name) => !gridNames.has(name))).toEqual([]);
    expect(column(ledger, '网格编码').every((code) => code.startsWith(world.county.code))).toBe(true);
  }, 180_000);

  it('exports a village as the village, row for row as its list, in the list’s order', async () => {
    const response = await agents.village.get(`/api/v1/registry/export?regionId=${world.memberVillage.id}`);
    expectStatus(response, 200);
    const ledger = await readLedger(response.rawPayload);
    expect(ledger.rows.length).toBe(await listTotal(agents.village, world.memberVillage.id));
    expect(ledger.rows.length).toBeGreaterThan(2000);
    expect(column(ledger, '姓名')).toEqual(await listNames(agents.village, world.memberVillage.id));
    expectMasked(ledger);
  }, 120_000);

  it('exports the largest grid (over 300 people) and the member’s own grid', async () => {
    const { region: grid, count } = await largestGrid(test, world);
    expect(count).toBeGreaterThan(300);
    const largest = await readLedger(
      (await agents.county.get(`/api/v1/registry/export?regionId=${grid.id}`)).rawPayload,
    );
    expect(largest.rows.length).toBe(count);
    expect(new Set(column(largest, '网格'))).toEqual(new Set([grid.name]));
    expect(new Set(column(largest, '网格编码'))).toEqual(new Set([grid.code]));

    const own = await agents.member.get(`/api/v1/registry/export?regionId=${world.memberGrid.id}`);
    expectStatus(own, 200);
    const ledger = await readLedger(own.rawPayload);
    expect(ledger.rows.length).toBe(await listTotal(agents.member, world.memberGrid.id));
    expectMasked(ledger);
  }, 120_000);

  it('answers a region outside the caller’s scope like a missing one, and refuses roles without export', async () => {
    expectError(
      await agents.member2.get(`/api/v1/registry/export?regionId=${world.memberVillage.id}`),
      404,
      'region_not_found',
    );
    expectError(await agents.cadre.get(`/api/v1/registry/export?regionId=${world.memberGrid.id}`), 403, 'forbidden');
  });

  it('exports a village at the command line, and names the problem report as the console does', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'gridlink-export-'));
    try {
      const file = path.join(folder, 'people.xlsx');
      await exportRegistryFile(test.db, file, world.memberVillage.code);
      const ledger = await readLedger(fs.readFileSync(file));
      expect(ledger.rows.length).toBe(await countPeopleUnder(test, world.memberVillage.code));
      expectMasked(ledger);

      const sheet = path.join(folder, '北苑台账.csv');
      fs.writeFileSync(sheet, '姓名,身份证号码,住址\n坏号,110105199001010000,某小区1号\n');
      await importRegistryFile(test.db, sheet, world.memberGrid.code);
      expect(fs.readdirSync(folder).sort()).toEqual(['people.xlsx', '北苑台账-导入问题.xlsx', '北苑台账.csv'].sort());
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  }, 120_000);

  it('names the problem report after the ledger without its extension', async () => {
    const preview = await agents.member.request(
      'POST',
      `/api/v1/registry/imports/preview?regionId=${world.memberGrid.id}&fileName=${encodeURIComponent('三月台账.csv')}`,
      '姓名,身份证号码,住址\n坏号,110105199001010000,某小区1号\n',
      { 'content-type': 'text/csv' },
    );
    expectStatus(preview, 200);
    const imported = await agents.member.post('/api/v1/registry/imports', {
      uploadId: preview.json<{ uploadId: string }>().uploadId,
    });
    const { importId } = JSON.parse(imported.body.trim().split('\n').at(-1)!) as { importId: string };
    const report = await agents.member.get(`/api/v1/registry/imports/${importId}/report`);
    expectStatus(report, 200);
    expect(report.headers['content-disposition']).toBe(
      `attachment; filename*=UTF-8''${encodeURIComponent('三月台账-导入问题.xlsx')}`,
    );
  });

  it('re-imports its own export (with full numbers) as unchanged', async () => {
    const exported = await agents.member.get(
      `/api/v1/registry/export?regionId=${world.memberGrid.id}&reveal=true&reason=${encodeURIComponent('核对台账')}`,
    );
    expectStatus(exported, 200);
    const rows = (await readLedger(exported.rawPayload)).rows.length;
    const preview = await agents.member.request(
      'POST',
      `/api/v1/registry/imports/preview?regionId=${world.memberGrid.id}&fileName=export.xlsx`,
      exported.rawPayload,
      { 'content-type': xlsxType },
    );
    expectStatus(preview, 200);
    const imported = await agents.member.post('/api/v1/registry/imports', {
      uploadId: preview.json<{ uploadId: string }>().uploadId,
    });
    const result = JSON.parse(imported.body.trim().split('\n').at(-1)!) as Record<string, number>;
    expect(result).toMatchObject({ totalRows: rows, inserted: 0, updated: 0, unchanged: rows, errorRows: 0 });
  }, 120_000);

  describe('on a listening server', () => {
    let baseUrl: string;
    const exportUrl = () => `${baseUrl}/api/v1/registry/export?regionId=${world.county.id}`;
    const cookieHeader = () =>
      Object.entries(agents.county.cookies)
        .map(([name, value]) => `${name}=${value}`)
        .join('; ');

    beforeAll(async () => {
      await test.app.listen({ port: 0, host: '127.0.0.1' });
      baseUrl = `http://127.0.0.1:${(test.app.server.address() as AddressInfo).port}`;
    });

    /**
     * Starts the county's export as a browser would (a plain HTTP/1.1 request) and waits for its first bytes; the
     * rest is left unread. `ended` settles when the response ends: resolved if complete, rejected if cut off.
     */
    async function startExport() {
      const request = http.get(exportUrl(), { headers: { cookie: cookieHeader() } });
      const response = await new Promise<http.IncomingMessage>((resolve, reject) =>
        request.once('response', resolve).once('error', reject),
      );
      expect(response.statusCode).toBe(200);
      const ended = new Promise<void>((resolve, reject) => {
        response
          .once('end', resolve)
          .once('error', reject)
          .once('aborted', () => reject(new Error('aborted')));
      });
      ended.catch(() => undefined);
      await once(response, 'readable');
      expect(response.read()?.length).toBeGreaterThan(0);
      return { request, response, ended };
    }

    /**
     * `/healthz` answers while the export runs. On PGlite a request may wait for the one page query running in the
     * server's thread (under a second on an idle machine; this allows for a machine busy with other tests).
     */
    async function expectHealthyAtOnce() {
      const started = Date.now();
      const health = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(10_000) });
      expect(health.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(test.kind === 'pglite' ? 5000 : 1000);
    }

    /** The export's audit entry once it has one: written when the export ends, however it ends. */
    async function waitForExportAudit(count: number) {
      for (let attempt = 0; attempt < 600; attempt += 1) {
        const entries = await exportAuditEntries(test, world.county.id);
        if (entries.length >= count) return entries[count - 1]!;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error('The export never ended.');
    }

    /** PostgreSQL: every pooled connection is back, and no query of this database is still running. */
    async function expectNoConnectionHeld() {
      if (test.kind !== 'postgres') return;
      const pool = (test.db as unknown as { $client: pg.Pool }).$client;
      expect(pool.waitingCount).toBe(0);
      const [running] = await test.db
        .select({ count: sql<number>`count(*)::int` })
        .from(sql`pg_stat_activity`)
        .where(sql`datname = current_database() and state <> 'idle' and pid <> pg_backend_pid()`);
      expect(running!.count).toBe(0);
      expect(pool.totalCount - pool.idleCount).toBe(0);
    }

    it('stops reading when the client cancels midway, and stays healthy', async () => {
      const before = (await exportAuditEntries(test, world.county.id)).length;
      const { request } = await startExport();
      request.destroy();
      await expectHealthyAtOnce();
      const audit = await waitForExportAudit(before + 1);
      expect(audit.outcome).toBe('failure');
      const details = audit.details as { count: number; problem: string };
      expect(details.problem).toBe('cancelled');
      expect(details.count).toBeLessThan(await countPeopleUnder(test, world.county.code));
      await expectNoConnectionHeld();

      const again = await fetch(exportUrl(), { headers: { cookie: cookieHeader() } });
      expect(again.status).toBe(200);
      const ledger = await readLedger(Buffer.from(await again.arrayBuffer()));
      expect(ledger.rows.length).toBe(await countPeopleUnder(test, world.county.code));
      await expectNoConnectionHeld();
    }, 240_000);

    it('ends the response when the database fails midway, and stays healthy', async () => {
      const before = (await exportAuditEntries(test, world.county.id)).length;
      const { response, ended } = await startExport();
      // A real database error for the next page: the table holding the tags is gone.
      await test.db.execute(sql`alter table person_tags rename to person_tags_away`);
      try {
        response.resume();
        await expect(ended).rejects.toThrow();
        await expectHealthyAtOnce();
        const audit = await waitForExportAudit(before + 1);
        expect(audit.outcome).toBe('failure');
        expect((audit.details as { problem: string }).problem).toBe('failed');
      } finally {
        await test.db.execute(sql`alter table person_tags_away rename to person_tags`);
      }
      await expectNoConnectionHeld();
      const again = await fetch(`${baseUrl}/api/v1/registry/export?regionId=${world.memberVillage.id}`, {
        headers: { cookie: cookieHeader() },
      });
      expect(again.status).toBe(200);
      const ledger = await readLedger(Buffer.from(await again.arrayBuffer()));
      expect(ledger.rows.length).toBe(await countPeopleUnder(test, world.memberVillage.code));
    }, 240_000);
  });
});

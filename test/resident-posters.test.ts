import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { regions, serviceCentres } from '../src/server/db/schema/index.js';
import { posterGridLimit } from '../src/server/modules/resident/resident-poster.service.js';
import { insertRegion, insertStaff } from './factories.js';
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

/**
 * The grids' printable QR-code posters: one A4 page a grid, whose code opens <PUBLIC_BASE_URL>/r/?grid=<code>.
 * pdfkit embeds subsets of the font, so the text is checked where the file keeps it readable: the document's Title
 * and Subject (the grids' full names), Keywords and the link over each code (the page addresses).
 */

const usernames = ['county', 'town', 'village', 'leader', 'member', 'cadre'] as const;

let test: TestApp;
let world: DemoWorld;
let agents: Record<(typeof usernames)[number], Agent>;

beforeAll(async () => {
  test = await createTestApp({ PUBLIC_BASE_URL: 'https://grid.example.cn/' });
  world = await loadDemoWorld(test.db);
  agents = await signInAll(test.app, usernames);
});

afterAll(() => test?.close());

/** A PDF literal string as pdfkit writes the document information: UTF-16BE after a byte order mark. */
function decodePdfString(literal: string): string {
  const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };
  const raw = literal.replace(/\\([0-7]{1,3}|.)/gs, (_, escaped: string) =>
    /^[0-7]+$/.test(escaped) ? String.fromCharCode(parseInt(escaped, 8)) : (escapes[escaped] ?? escaped),
  );
  const bytes = Buffer.from(raw, 'latin1');
  if (bytes[0] !== 0xfe || bytes[1] !== 0xff) return raw;
  return bytes.subarray(2).swap16().toString('utf16le');
}

type Poster = { pages: number; title: string; subject: string; keywords: string; links: string[] };

function readPoster(response: ApiResponse): Poster {
  expectStatus(response, 200);
  expect(response.headers['content-type']).toBe('application/pdf');
  const text = response.rawPayload.toString('latin1');
  expect(text.startsWith('%PDF-')).toBe(true);
  expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
  const info = (key: string) => {
    const reference = new RegExp(`/${key} (\\d+) 0 R`).exec(text)?.[1];
    const literal = new RegExp(`\\n${reference} 0 obj\\n\\((.*?)\\)\\nendobj`, 's').exec(text)?.[1];
    return decodePdfString(literal ?? '');
  };
  return {
    pages: Number(/\/Type \/Pages\n\/Count (\d+)/.exec(text)?.[1]),
    title: info('Title'),
    subject: info('Subject'),
    keywords: info('Keywords'),
    links: [...text.matchAll(/\/URI \((.*?)\)\n/g)].map((match) => decodePdfString(match[1]!)),
  };
}

const gridsUnder = (code: string) =>
  world.regions.filter((region) => region.level === 'grid' && region.code.startsWith(code));
const addressOf = (code: string) => `https://grid.example.cn/r/?grid=${code}`;
const posterOf = (agent: Agent, regionId: string) => agent.get(`/api/v1/regions/${regionId}/resident-poster.pdf`);

describe('GET /regions/{id}/resident-poster.pdf', () => {
  it('prints one page for a grid: its full name, and the code and link of its resident page', async () => {
    const grid = world.memberGrid;
    const response = await posterOf(agents.village, grid.id);
    const poster = readPoster(response);
    expect(response.headers['content-disposition']).toContain(encodeURIComponent(`${grid.name}-二维码海报.pdf`));
    expect(poster.pages).toBe(1);
    expect(poster.title).toBe(`${grid.name} 网格二维码海报`);
    const fullName = [world.county, world.town, world.memberVillage, grid].map((region) => region.name).join(' › ');
    expect(poster.subject).toBe(fullName);
    expect(poster.keywords).toBe(addressOf(grid.code));
    expect(poster.links).toEqual([addressOf(grid.code)]);
    const [entry] = await findAuditEntries(test.db, { action: 'region.print_poster', entityId: grid.id });
    expect(entry).toMatchObject({ outcome: 'success', actorUsername: 'village', details: { grids: 1 } });
  });

  it('prints a village or a town one page a grid of its subtree, in the tree’s order', async () => {
    for (const [agent, region] of [
      [agents.village, world.memberVillage],
      [agents.town, world.town],
    ] as const) {
      const grids = gridsUnder(region.code);
      expect(grids.length).toBeGreaterThan(1);
      const poster = readPoster(await posterOf(agent, region.id));
      expect(poster.pages).toBe(grids.length);
      expect(poster.links).toEqual(grids.map((grid) => addressOf(grid.code)));
      expect(poster.subject.split('；').map((name) => name.split(' › ').at(-1))).toEqual(grids.map((g) => g.name));
    }
  });

  it('names the grid’s people and the published service phone on a page that still fits one sheet', async () => {
    const village = await insertRegion(test.db, {
      level: 'village',
      code: `${world.town.code}880`,
      name: '海报测试村',
      countyId: world.county.id,
      parentId: world.town.id,
    });
    const grid = await insertRegion(test.db, {
      level: 'grid',
      code: `${village.code}001`,
      name: '海报测试网格',
      countyId: world.county.id,
      parentId: village.id,
    });
    for (const kind of ['grid_leader', 'grid_member', 'sunk_cadre', 'volunteer', 'central_household'] as const) {
      for (let index = 0; index < 12; index++) {
        await insertStaff(test.db, grid, { kind, name: `志愿服务人员${index}号`, phone: '13900139000' });
      }
    }
    await test.db.insert(serviceCentres).values({
      countyId: world.county.id,
      id: uuidv7(),
      regionId: village.id,
      regionCode: village.code,
      kind: 'centre',
      name: '海报测试村党群服务中心',
      phone: '0571-88886666',
    });
    const poster = readPoster(await posterOf(agents.town, grid.id));
    expect(poster.pages).toBe(1);
  });

  it('answers 403 to roles that do not manage the residents’ channel', async () => {
    for (const agent of [agents.leader, agents.member, agents.cadre]) {
      expectError(await posterOf(agent, world.memberGrid.id), 403, 'forbidden');
    }
  });

  it('answers a region outside the caller’s subtree exactly like a missing one, and audits the look', async () => {
    const outside = await posterOf(agents.village, world.otherVillage.id);
    const missing = await posterOf(agents.village, uuidv7());
    expectError(outside, 404, 'region_not_found');
    expectError(missing, 404, 'region_not_found');
    const denied = await findAuditEntries(test.db, { entityId: world.otherVillage.id, outcome: 'denied' });
    expect(denied.map((entry) => entry.action)).toContain('region.read');
    expectError(await posterOf(agents.town, world.otherTown.id), 404, 'region_not_found');
  });

  it('refuses bad input with a reason a person can act on', async () => {
    expectError(await agents.county.get('/api/v1/regions/not-an-id/resident-poster.pdf'), 400, 'validation_failed');
    const microGrid = world.regions.find((region) => region.level === 'micro_grid');
    expect(microGrid).toBeDefined();
    const micro = expectError(await posterOf(agents.county, microGrid!.id), 400, 'validation_failed');
    expect(micro.message).toContain('micro-grid');
    const emptyVillage = await insertRegion(test.db, {
      level: 'village',
      code: `${world.otherTown.code}881`,
      name: '无网格村',
      countyId: world.county.id,
      parentId: world.otherTown.id,
    });
    expectError(await posterOf(agents.county, emptyVillage.id), 400, 'validation_failed');
  });

  it('caps one file at the grid limit with 400 too_many_grids', async () => {
    const village = await insertRegion(test.db, {
      level: 'village',
      code: `${world.otherTown.code}882`,
      name: '大村',
      countyId: world.county.id,
      parentId: world.otherTown.id,
    });
    await test.db.insert(regions).values(
      Array.from({ length: posterGridLimit + 1 }, (_, index) => {
        const id = uuidv7();
        const code = `${village.code}${String(index + 1).padStart(3, '0')}`;
        return { id, countyId: world.county.id, parentId: village.id, level: 'grid' as const, code, name: code };
      }),
    );
    const error = expectError(await posterOf(agents.county, village.id), 400, 'too_many_grids');
    expect(error.message).toContain(String(posterGridLimit));
  });
});

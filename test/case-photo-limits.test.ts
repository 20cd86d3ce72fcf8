import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseFiles } from '../src/server/db/schema/index.js';
import { reportCase } from './case-fixtures.js';
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

/** A small PNG: the server recognises a photo by its first bytes. */
const photo = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2048, 7)]);

/**
 * With the default settings: a case holds at most 20 photos (CASE_PHOTO_LIMIT) and an account sends at most 60
 * within 10 minutes (PHOTO_UPLOAD_LIMIT, PHOTO_UPLOAD_WINDOW_MINUTES), of any kind (cases, visits, inspections),
 * counted on the database's clock.
 */
describe('photos per case and uploads per account', () => {
  let test: TestApp;
  let world: DemoWorld;
  let agents: Record<'member' | 'leader', Agent>;

  beforeAll(async () => {
    test = await createTestApp();
    world = await loadDemoWorld(test.db);
    agents = await signInAll(test.app, ['member', 'leader'] as const);
  });

  afterAll(() => test?.close());

  const send = (agent: Agent, caseId: string, index: number) =>
    agent.request('POST', `/api/v1/cases/${caseId}/photos?fileName=photo-${index}.png`, photo, {
      'content-type': 'image/png',
    });

  it('takes 20 photos on a case and refuses the 21st, whoever sends it', async () => {
    const reported = await reportCase(agents.leader, { regionId: world.memberGrid.id });
    for (let index = 1; index <= 20; index += 1) expectStatus(await send(agents.leader, reported.id, index), 201);
    const error = expectError(await send(agents.member, reported.id, 21), 409, 'photo_limit_reached');
    expect(error.message).toContain('20');
    expect(await test.db.$count(caseFiles, eq(caseFiles.caseId, reported.id))).toBe(20);
  });

  it('lets an account send 60 photos in 10 minutes, then asks it to wait, and others not', async () => {
    const reports = [];
    for (let index = 0; index < 4; index += 1)
      reports.push(await reportCase(agents.member, { regionId: world.memberGrid.id }));
    for (let index = 0; index < 60; index += 1) {
      expectStatus(await send(agents.member, reports[Math.floor(index / 20)]!.id, index), 201);
    }
    const refused = await send(agents.member, reports[3]!.id, 61);
    expectError(refused, 429, 'rate_limited');
    const retryAfter = Number(refused.headers['retry-after']);
    // The first of the 60 leaves the ten-minute window in a little under ten minutes.
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
    expect(await test.db.$count(caseFiles, eq(caseFiles.caseId, reports[3]!.id))).toBe(0);

    // The limit is the account's own: another account sends to the same case.
    expectStatus(await send(agents.leader, reports[3]!.id, 1), 201);
    // Sixty uploads take a while on a busy machine.
  }, 120_000);

  it('counts every kind of photo against one limit: after 60 case photos, visit, inspection and deposit photos wait too', async () => {
    const sendAhead = (
      agent: Agent,
      path: '/api/v1/visit-photos' | '/api/v1/inspection-photos' | '/api/v1/moral-bank/photos',
    ) => agent.request('POST', `${path}?fileName=ahead.png`, photo, { 'content-type': 'image/png' });
    // The member sent 60 case photos in the test before, within the window.
    for (const path of ['/api/v1/visit-photos', '/api/v1/inspection-photos', '/api/v1/moral-bank/photos'] as const) {
      const refused = await sendAhead(agents.member, path);
      expectError(refused, 429, 'rate_limited');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(600);
    }
    // The leader's 21 uploads are under the limit: their visit and inspection photos go through.
    expectStatus(await sendAhead(agents.leader, '/api/v1/visit-photos'), 201);
    expectStatus(await sendAhead(agents.leader, '/api/v1/inspection-photos'), 201);
  });
});

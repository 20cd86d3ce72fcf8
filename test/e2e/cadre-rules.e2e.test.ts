import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AuditEntry } from '../../src/shared/api/audit.js';
import type { Session } from '../../src/shared/api/session.js';
import { evaluationIndicators, type EvaluationIndicator } from '../../src/shared/cadres.js';
import { apiGet, launchBrowser, saveScreenshot, signInAs } from './browser.js';
import { phone } from './field-app-phone.js';

/**
 * 规则设置 in Chromium: the county changes each of its rules for cadres in the console, finds them kept after a
 * reload, in the audit log and in the evaluation and attendance; a bad value is refused with the rule it breaks, in
 * Chinese; the form fits a 390 px phone; the village reads the rules and cannot change them.
 */

const rulePaths = [
  '/attendance/service-days',
  '/cadres/evaluation-rules',
  '/cadres/grid-member-weights',
  '/cadres/accuracy-rules',
  '/cadres/time-split-rule',
] as const;

async function put(page: Page, path: string, body: unknown): Promise<void> {
  const { csrfToken } = await apiGet<Session>(page, '/session');
  const answer = await page.request.put(`${inject('baseUrl')}/api/v1${path}`, {
    data: body,
    headers: { 'x-csrf-token': csrfToken },
  });
  expect(answer.status(), `${path}: ${await answer.text()}`).toBe(200);
}

/** Clicks a rule's save and waits for the server's answer to it. */
async function save(page: Page, card: string, path: string): Promise<number> {
  const [answer] = await Promise.all([
    page.waitForResponse((response) => response.url().includes(path) && response.request().method() === 'PUT'),
    page.getByTestId(`${card}-save`).click(),
  ]);
  return answer.status();
}

/** Types each indicator's weight, as the county would. */
async function fillWeights(card: Locator, weights: Record<EvaluationIndicator, number>): Promise<void> {
  for (const indicator of evaluationIndicators)
    await card.getByTestId(`weight-${indicator}`).fill(String(weights[indicator]));
}

async function openRules(page: Page): Promise<void> {
  await page.goto(`${inject('baseUrl')}/cadres?tab=rules`);
  await page.getByTestId('rule-time-split').locator('form').waitFor();
  await page.getByTestId('rule-evaluation').locator('form').waitFor();
}

describe('the county’s cadre rules in Chromium', () => {
  let browser: Browser;
  let county: Page;
  const problems: string[] = [];
  const original = new Map<string, unknown>();
  let attendanceLine = '';

  beforeAll(async () => {
    browser = await launchBrowser();
    county = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    county.on('pageerror', (error) => problems.push(error.message));
    await signInAs(county, 'county');
    for (const path of rulePaths) original.set(path, await apiGet(county, path));
  });

  afterAll(async () => {
    // The other browser tests count by the county's rules: they get them back as they were.
    if (county) for (const [path, value] of original) await put(county, path, value);
    await browser?.close();
  });

  it('changes each rule, refuses a bad value with its reason, and keeps them after a reload', async () => {
    const startedAt = new Date().toISOString();
    await openRules(county);

    const serviceDays = county.getByTestId('rule-service-days');
    const evaluation = county.getByTestId('rule-evaluation');
    const weekdays = (original.get('/attendance/service-days') as { weekdays: number[] }).weekdays;
    // Friday added (or taken away, had the county served on Fridays already).
    const savedWeekdays = weekdays.includes(5) ? weekdays.filter((day) => day !== 5) : [...weekdays, 5].sort();
    const dayNames = ['', '一', '二', '三', '四', '五', '六', '日'];
    await serviceDays.getByText('周五', { exact: true }).click();
    await county.getByTestId('service-hours').fill('3');
    expect(await save(county, 'rule-service-days', '/attendance/service-days')).toBe(200);

    // Weights adding up to 110: refused in the form, nothing sent.
    await fillWeights(evaluation, { visitRate: 40, accuracy: 20, satisfaction: 20, attendance: 20, work: 10 });
    await expect.poll(() => evaluation.getByTestId('weights-total').textContent()).toBe('合计 110');
    let sent = 0;
    const countPuts = (request: { method: () => string; url: () => string }) => {
      if (request.method() === 'PUT' && request.url().includes('/cadres/evaluation-rules')) sent += 1;
    };
    county.on('request', countPuts);
    await county.getByTestId('rule-evaluation-save').click();
    await evaluation.getByText('各项权重合计须为 100，现为 110').waitFor();
    // 良好 above 优秀: the thresholds must fall.
    await county.getByTestId('threshold-excellent').fill('85');
    await county.getByTestId('threshold-good').fill('88');
    await county.getByTestId('rule-evaluation-save').click();
    await evaluation.getByText('“良好”的分数线须低于“优秀”').waitFor();
    county.off('request', countPuts);
    expect(sent).toBe(0);
    await saveScreenshot(county, 'cadre-rules-refused');

    await evaluation.getByTestId('weight-work').fill('0');
    await county.getByTestId('threshold-good').fill('70');
    await county.getByTestId('work-per-service-day').fill('2');
    await expect.poll(() => evaluation.getByTestId('weights-total').textContent()).toBe('合计 100');
    expect(await save(county, 'rule-evaluation', '/cadres/evaluation-rules')).toBe(200);

    const gridMembers = county.getByTestId('rule-grid-members');
    await fillWeights(gridMembers, { visitRate: 60, accuracy: 0, satisfaction: 20, attendance: 0, work: 20 });
    expect(await save(county, 'rule-grid-members', '/cadres/grid-member-weights')).toBe(200);

    await county.getByTestId('accuracy-share').fill('25');
    await county.getByTestId('accuracy-minimum').fill('3');
    expect(await save(county, 'rule-accuracy', '/cadres/accuracy-rules')).toBe(200);

    const wasOn = (original.get('/cadres/time-split-rule') as { enabled: boolean }).enabled;
    await county.getByTestId('time-split-enabled').click();
    expect(await save(county, 'rule-time-split', '/cadres/time-split-rule')).toBe(200);

    attendanceLine = `服务日：每周${savedWeekdays.map((day) => dayNames[day]).join('、')}，每次 3 小时`;
    await county.reload();
    await openRules(county);
    const checked = serviceDays.locator('.ant-checkbox-wrapper-checked');
    await expect.poll(() => checked.allTextContents()).toEqual(savedWeekdays.map((day) => `周${dayNames[day]}`));
    expect(await county.getByTestId('service-hours').inputValue()).toBe('3.0');
    expect(await evaluation.getByTestId('weight-visitRate').inputValue()).toBe('40');
    expect(await evaluation.getByTestId('weight-work').inputValue()).toBe('0');
    expect(await county.getByTestId('threshold-excellent').inputValue()).toBe('85');
    expect(await county.getByTestId('work-per-service-day').inputValue()).toBe('2');
    expect(await gridMembers.getByTestId('weight-visitRate').inputValue()).toBe('60');
    expect(await county.getByTestId('accuracy-share').inputValue()).toBe('25');
    expect(await county.getByTestId('time-split-enabled').getAttribute('aria-checked')).toBe(String(!wasOn));
    await county.getByTestId('rule-evaluation').scrollIntoViewIfNeeded();
    await saveScreenshot(county, 'cadre-rules');

    // Each save is in the audit log, with what was set.
    const audited = async (action: string) =>
      (await apiGet<{ items: AuditEntry[] }>(county, `/audit?action=${action}&limit=20`)).items.filter(
        (entry) => entry.at >= startedAt && entry.actorUsername === 'county',
      );
    const settings = (await audited('cadre_settings.update')).map((entry) => Object.keys(entry.details ?? {})[0]);
    expect(settings.sort()).toEqual(['evaluation', 'gridMemberWeights', 'serviceDays', 'timeSplit']);
    expect((await audited('accuracy_settings.update')).map((entry) => entry.details)).toEqual([
      { sharePercent: 25, minimumCount: 3 },
    ]);
  });

  it('counts the evaluation and the attendance by the new rules', async () => {
    await county.goto(`${inject('baseUrl')}/cadres?tab=evaluation`);
    const rules = county.getByTestId('evaluation-rules');
    await rules.waitFor();
    expect(await rules.textContent()).toContain('入户走访率 40');
    expect(await rules.textContent()).toContain('工作量 0');
    expect(await rules.textContent()).toContain('优秀 ≥ 85');
    await county.getByTestId('evaluation-who').getByText('网格员').click();
    await expect.poll(() => county.getByTestId('grid-member-weights').textContent()).toContain('入户走访率 60');
    await county.getByTestId('cadres-tab-attendance').click();
    await expect.poll(() => county.getByText(attendanceLine).count()).toBe(1);
    expect(problems).toEqual([]);
  });

  it('fits a 390 px phone: every field reachable, no sideways scroll', async () => {
    const context = await browser.newContext({ ...phone, locale: 'zh-CN' });
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(error.message));
    await signInAs(page, 'county');
    await openRules(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const share = page.getByTestId('accuracy-share');
    await share.scrollIntoViewIfNeeded();
    await share.fill('30');
    expect(await save(page, 'rule-accuracy', '/cadres/accuracy-rules')).toBe(200);
    expect(await apiGet(page, '/cadres/accuracy-rules')).toEqual({ sharePercent: 30, minimumCount: 3 });
    await page.getByTestId('rule-evaluation').scrollIntoViewIfNeeded();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await saveScreenshot(page, 'cadre-rules-phone');
    await context.close();
    expect(problems).toEqual([]);
  });

  it('lets an administrator spanning counties pick the county whose rules it sets', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(error.message));
    await signInAs(page, 'admin');
    await openRules(page);
    await expect.poll(() => page.getByTestId('case-county').textContent()).toContain('网格通示范县');
    expect(await page.getByTestId('accuracy-share').inputValue()).toBe('30');
    expect(await page.getByTestId('rule-accuracy-save').isEnabled()).toBe(true);
    await context.close();
    expect(problems).toEqual([]);
  });

  it('shows the village the rules read-only', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(error.message));
    await signInAs(page, 'village');
    await openRules(page);
    await page.getByTestId('cadre-rules-read-only').waitFor();
    expect(await page.getByTestId('accuracy-share').inputValue()).toBe('30');
    expect(await page.getByTestId('accuracy-share').isDisabled()).toBe(true);
    expect(await page.getByTestId('time-split-enabled').isDisabled()).toBe(true);
    expect(await page.getByTestId('weight-visitRate').first().isDisabled()).toBe(true);
    expect(await page.locator('[data-testid$="-save"]').count()).toBe(0);
    await context.close();
    expect(problems).toEqual([]);
  });
});

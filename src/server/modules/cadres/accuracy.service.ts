import { createHash, randomBytes } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import type {
  AccuracyCheck,
  AccuracyCheckView,
  AccuracyRules,
  AccuracySample,
  AccuracySampleList,
  CheckedField,
  drawSampleBody,
  recordCheckBody,
} from '../../../shared/api/cadre-accuracy.js';
import { accountIdOf, assertCan, type Actor } from '../../auth/actor.js';
import { isUniqueViolation, type Database, type Executor } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { inTransactionWithAudit, loadVisible } from '../audit/audit.service.js';
import { loadCounty } from '../cases/catalogue.service.js';
import { loadRegion } from '../regions/regions.service.js';
import { getHousehold } from '../registry/households.service.js';
import { getPerson } from '../registry/persons.service.js';
import { readSetting, saveCountySetting } from '../settings/settings.service.js';
import * as repository from './accuracy.repository.js';
import { listServingCadres, resolveRoot } from './cadres.service.js';

const rulesKey = (countyId: string) => `cadres:accuracy:${countyId}`;

/** Until the county sets its own: one entry in twenty, at least three of each cadre. */
const defaultRules: AccuracyRules = { sharePercent: 5, minimumCount: 3 };

async function readAccuracyRules(db: Executor, countyId: string): Promise<AccuracyRules> {
  return (await readSetting<AccuracyRules>(db, rulesKey(countyId))) ?? defaultRules;
}

export async function getAccuracyRules(db: Database, actor: Actor, countyId?: string): Promise<AccuracyRules> {
  assertCan(actor, 'cadre.read');
  return readAccuracyRules(db, (await loadCounty(db, actor, countyId)).id);
}

export async function saveAccuracyRules(
  db: Database,
  actor: Actor,
  rules: AccuracyRules,
  countyId?: string,
): Promise<AccuracyRules> {
  assertCan(actor, 'cadre.configure');
  const county = await loadCounty(db, actor, countyId);
  await saveCountySetting(db, actor, county, {
    key: rulesKey(county.id),
    value: rules,
    action: 'accuracy_settings.update',
    entityType: 'accuracy_settings',
    details: { ...rules },
  });
  return rules;
}

/** How many of a cadre's entries are drawn: the share rounded up, at least the minimum, at most all of them. */
export function sampleSize(entries: number, rules: AccuracyRules): number {
  return Math.min(entries, Math.max(rules.minimumCount, Math.ceil((entries * rules.sharePercent) / 100)));
}

/** The order a seed puts entries in: anyone with the seed and the entries can redo the draw and get the same. */
function drawOrder(seed: string, entry: repository.CollectedEntry): string {
  return createHash('sha256').update(`${seed}:${entry.entityType}:${entry.entityId}`).digest('hex');
}

function presentCheck(row: repository.CheckRow): AccuracyCheck {
  const { check } = row;
  return {
    id: check.id,
    cadre: { id: check.cadreId, name: row.cadreName },
    entityType: check.entityType,
    entityId: check.entityId,
    collectedAt: check.collectedAt.toISOString(),
    result: check.result,
    wrongFields: check.wrongFields as CheckedField[],
    note: check.note,
    checkedAt: check.checkedAt?.toISOString() ?? null,
  };
}

type SampleRow = NonNullable<Awaited<ReturnType<typeof repository.findSample>>>;

function presentSample({ sample, regionName }: SampleRow): Omit<AccuracySample, 'checks'> {
  return {
    id: sample.id,
    region: { id: sample.regionId, name: regionName },
    from: sample.periodFrom,
    to: sample.periodTo,
    sharePercent: sample.sharePercent,
    minimumCount: sample.minimumCount,
    seed: sample.seed,
    drawnBy: sample.drawnBy,
    drawnAt: sample.drawnAt.toISOString(),
  };
}

function loadSample(db: Executor, actor: Actor, id: string) {
  return loadVisible(db, actor, {
    type: 'accuracy_sample',
    id,
    code: 'accuracy_sample_not_found',
    find: () => repository.findSample(db, actor, id),
    existsAnywhere: () => repository.sampleExists(db, id),
  });
}

function loadCheck(db: Executor, actor: Actor, id: string, options: { forUpdate?: boolean } = {}) {
  return loadVisible(db, actor, {
    type: 'accuracy_check',
    id,
    code: 'accuracy_check_not_found',
    find: () => repository.findCheck(db, actor, id, options),
    existsAnywhere: () => repository.checkExists(db, id),
  });
}

/**
 * Draws a verification sample for a village or town (the village and up): for each active cadre serving there, a
 * share of the persons and households their account created or changed in the period. Drawn once per region and
 * period (409 accuracy_sample_exists), with its seed kept.
 */
export async function drawSample(
  db: Database,
  actor: Actor,
  input: z.output<typeof drawSampleBody>,
): Promise<AccuracySample> {
  assertCan(actor, 'cadre.manage');
  const region = await loadRegion(db, actor, input.regionId);
  if (region.level !== 'village' && region.level !== 'town') {
    throw new AppError(
      'validation_failed',
      {
        en: `${region.name} is not a community, village or town: samples are drawn there.`,
        zh: `${region.name} 不是社区（村）或街道（乡镇），请在社区或街道抽取样本。`,
      },
      [{ path: '/body/regionId', message: 'Not a community, village or town.' }],
    );
  }
  if (await repository.findOverlappingSample(db, region.countyId, region.id, input.from, input.to))
    throw sampleExists();
  const rules = await readAccuracyRules(db, region.countyId);
  const cadres = (await listServingCadres(db, actor, { regionId: region.id, from: input.from, to: input.to })).filter(
    (row) => row.record.accountId !== null,
  );
  const entries = await repository.findCollectedEntries(
    db,
    region.countyId,
    region.code,
    cadres.map((row) => row.record.accountId!),
    input.from,
    input.to,
  );
  const seed = randomBytes(16).toString('hex');
  const id = uuidv7();
  const checks = cadres.flatMap(({ record }) => {
    const own = entries
      .filter((entry) => entry.accountId === record.accountId)
      .map((entry) => ({ entry, order: drawOrder(seed, entry) }))
      .sort((a, b) => (a.order < b.order ? -1 : 1));
    return own.slice(0, sampleSize(own.length, rules)).map(({ entry }) => ({
      countyId: region.countyId,
      id: uuidv7(),
      sampleId: id,
      cadreId: record.id,
      collectedBy: entry.accountId,
      collectedAt: entry.collectedAt,
      entityType: entry.entityType,
      entityId: entry.entityId,
      regionCode: entry.regionCode,
    }));
  });
  try {
    await inTransactionWithAudit(db, actor, async (transaction) => {
      await repository.insertSample(
        transaction,
        {
          countyId: region.countyId,
          id,
          regionId: region.id,
          regionCode: region.code,
          periodFrom: input.from,
          periodTo: input.to,
          ...rules,
          seed,
          drawnBy: accountIdOf(actor),
        },
        checks,
      );
      return {
        audit: {
          action: 'accuracy_sample.draw',
          entityType: 'accuracy_sample',
          entityId: id,
          countyId: region.countyId,
          regionCode: region.code,
          outcome: 'success',
          details: { from: input.from, to: input.to, seed, ...rules, entries: entries.length, drawn: checks.length },
        },
      };
    });
  } catch (error) {
    // Another draw for the same region and period got in between the check and this insert.
    if (isUniqueViolation(error)) throw sampleExists();
    throw error;
  }
  return getSample(db, actor, id);
}

function sampleExists(): AppError {
  return new AppError('accuracy_sample_exists', {
    en: 'A sample of this region already covers part of this period: it is not drawn again.',
    zh: '该地区在此期间已抽取过核查样本，不能重新抽取。',
  });
}

/** Samples of a subtree (the caller's scope without regionId), the latest first. */
export async function listSamples(
  db: Database,
  actor: Actor,
  regionId: string | undefined,
): Promise<AccuracySampleList> {
  assertCan(actor, 'cadre.manage');
  const root = await resolveRoot(db, actor, regionId);
  const rows = await repository.listSamples(db, actor, root.countyId, root.rootCode);
  return { items: rows.map(presentSample) };
}

/** One sample with its entries and their results. */
export async function getSample(db: Database, actor: Actor, id: string): Promise<AccuracySample> {
  assertCan(actor, 'cadre.manage');
  const row = await loadSample(db, actor, id);
  const checks = await repository.listChecks(db, row.sample.countyId, id);
  return { ...presentSample(row), checks: checks.map(presentCheck) };
}

/**
 * One sampled entry as the registry shows it to the checker: through the registry's own reads, so it is masked
 * and audited exactly as there.
 */
export async function getCheck(db: Database, actor: Actor, id: string): Promise<AccuracyCheckView> {
  assertCan(actor, 'cadre.manage');
  const row = await loadCheck(db, actor, id);
  const { entityType, entityId } = row.check;
  return {
    check: presentCheck(row),
    person: entityType === 'person' ? await getPerson(db, actor, entityId, { isAsked: false }) : null,
    household: entityType === 'household' ? await getHousehold(db, actor, entityId) : null,
  };
}

/** Records the re-check of a sampled entry once: a match, or a mismatch with the fields found wrong and a note. */
export async function recordCheck(
  db: Database,
  actor: Actor,
  id: string,
  input: z.output<typeof recordCheckBody>,
): Promise<AccuracyCheck> {
  assertCan(actor, 'cadre.manage');
  // Looked up outside the transaction first: a denied look must stay in the audit log, not roll back with the 404.
  await loadCheck(db, actor, id);
  await inTransactionWithAudit(db, actor, async (transaction) => {
    const row = await loadCheck(transaction, actor, id, { forUpdate: true });
    const { check } = row;
    if (check.collectedBy === accountIdOf(actor)) {
      throw new AppError('forbidden', {
        en: 'You collected this entry: another account of the village checks it.',
        zh: '这条信息是您采集的，须由村（社区）其他账号核查。',
      });
    }
    if (check.result !== 'pending') {
      throw new AppError('accuracy_check_done', {
        en: 'This entry has already been checked: a result is not changed afterwards.',
        zh: '这条信息已核查，结果不能再修改。',
      });
    }
    await repository.updateCheck(transaction, check.countyId, id, {
      result: input.result,
      wrongFields: input.wrongFields,
      note: input.note,
      checkedBy: accountIdOf(actor),
      checkedAt: new Date(),
    });
    return {
      audit: {
        action: 'accuracy_check.record',
        entityType: 'accuracy_check',
        entityId: id,
        countyId: check.countyId,
        regionCode: check.regionCode,
        outcome: 'success',
        details: { result: input.result, wrongFields: input.wrongFields, cadreId: check.cadreId },
      },
    };
  });
  return presentCheck((await repository.findCheck(db, actor, id))!);
}

import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import {
  periodPatterns,
  type CadreReport,
  type CadreReportFigures,
  type CadreReportKind,
  type CadreReportList,
  type cadreReportQuery,
  type cadreReportReopenBody,
  type cadreReportReturnBody,
  type CadreReportRow,
  type CadreReportSummary,
  type generateCadreReportBody,
} from '../../../shared/api/cadre-reports.js';
import type { Grade } from '../../../shared/api/cadres.js';
import { addDays, chinaToday } from '../../../shared/clock.js';
import { can } from '../../../shared/policy.js';
import { accountIdOf, assertCan, type Actor } from '../../auth/actor.js';
import type { Database, Executor } from '../../db/client.js';
import { AppError, invalidField } from '../../errors.js';
import { inTransactionWithAudit, loadVisible } from '../audit/audit.service.js';
import { readServiceDays, serviceDaysBetween } from '../attendance/attendance.service.js';
import { evaluateCadres } from '../cadres/evaluation.service.js';
import { loadCounty } from '../cases/catalogue.service.js';
import { notifyAccounts } from '../notifications/notifications.service.js';
import { loadRegion } from '../regions/regions.service.js';
import { loadUnit } from '../units/units.service.js';
import * as repository from './cadre-reports.repository.js';

/** What each kind reports on, and who reviews it: the street a community's month, the county the rest. */
const subjects = {
  monthly: { level: 'village', reviewerRoles: ['town', 'county'] },
  quarterly: { level: 'town', reviewerRoles: ['county'] },
  yearly: { level: 'county', reviewerRoles: ['county'] },
} as const;

/** The first and last day of a period named by its kind: 2026-11, 2026-Q4, 2026. */
export function periodDays(kind: CadreReportKind, period: string): { from: string; to: string } {
  if (!periodPatterns[kind].test(period)) {
    const examples = { monthly: '2026-11', quarterly: '2026-Q4', yearly: '2026' }[kind];
    throw invalidField(
      '/body/period',
      `Write the period like ${examples}.`,
      `时段格式不对，${{ monthly: '月报', quarterly: '季报', yearly: '年报' }[kind]}请写成 ${examples}。`,
    );
  }
  const year = Number(period.slice(0, 4));
  const [firstMonth, months] =
    kind === 'monthly'
      ? [Number(period.slice(5)), 1]
      : kind === 'quarterly'
        ? [Number(period.slice(6)) * 3 - 2, 3]
        : [1, 12];
  const from = `${year}-${String(firstMonth).padStart(2, '0')}-01`;
  const nextMonth = firstMonth + months;
  const next = nextMonth > 12 ? `${year + 1}-01-01` : `${year}-${String(nextMonth).padStart(2, '0')}-01`;
  return { from, to: addDays(next, -1) };
}

/** One collator for every comparison: localeCompare with a locale builds one per call (a second for a street). */
const chinese = new Intl.Collator('zh');

const noGrades = (): Record<Grade, number> => ({ excellent: 0, good: 0, fair: 0, poor: 0 });

/**
 * The figures of a report from the records: each active cadre's service days due, attended, 点卯, absent and on
 * leave, work recorded, and the evaluation's total and grade so far; subtotals per dispatching unit and in all.
 */
export async function computeFigures(
  db: Database,
  actor: Actor,
  countyId: string,
  subject: { from: string; to: string; regionId?: string | undefined; unitId?: string | undefined },
): Promise<CadreReportFigures> {
  const evaluation = await evaluateCadres(db, actor, { ...subject, rankWithin: 'unit' });
  const rows = evaluation.items.map((item): CadreReportRow => {
    const counts = (indicator: string) => item.lines.find((line) => line.indicator === indicator)?.counts ?? {};
    const attendance = counts('attendance');
    return {
      cadreId: item.cadre.id,
      name: item.cadre.name,
      unitId: item.cadre.unit.id,
      unitName: item.cadre.unit.name,
      communityName: item.cadre.serviceRegion.name,
      gridName: item.cadre.grid?.name ?? null,
      expected: attendance.expected ?? 0,
      attended: attendance.attended ?? 0,
      rollCallOnly: attendance.rollCallOnly ?? 0,
      absent: attendance.absent ?? 0,
      onLeave: attendance.onLeave ?? 0,
      work: counts('work').work ?? 0,
      total: item.total,
      grade: item.grade,
    };
  });
  rows.sort(
    (a, b) =>
      chinese.compare(a.unitName, b.unitName) ||
      chinese.compare(a.communityName, b.communityName) ||
      chinese.compare(a.name, b.name),
  );
  const sum = (of: readonly CadreReportRow[]) => ({
    cadres: of.length,
    expected: of.reduce((total, row) => total + row.expected, 0),
    attended: of.reduce((total, row) => total + row.attended, 0),
    rollCallOnly: of.reduce((total, row) => total + row.rollCallOnly, 0),
    absent: of.reduce((total, row) => total + row.absent, 0),
    onLeave: of.reduce((total, row) => total + row.onLeave, 0),
    work: of.reduce((total, row) => total + row.work, 0),
  });
  const byUnit = new Map<string, CadreReportRow[]>();
  for (const row of rows) {
    const unitRows = byUnit.get(row.unitId);
    if (unitRows) unitRows.push(row);
    else byUnit.set(row.unitId, [row]);
  }
  const units = [...byUnit.values()].map((unitRows) => {
    const grades = noGrades();
    for (const row of unitRows) grades[row.grade] += 1;
    return { unitId: unitRows[0]!.unitId, unitName: unitRows[0]!.unitName, ...sum(unitRows), grades };
  });
  const { weekdays } = await readServiceDays(db, countyId);
  return { serviceDays: serviceDaysBetween(weekdays, subject.from, subject.to).length, rows, units, totals: sum(rows) };
}

// Who may review --------------------------------------------------------------------------------------------------

/**
 * A report is reviewed by the level above its region (a community's month by its street or the county; a street's
 * quarter by the county), a unit's year by the county.
 */
function reviewRefusal(actor: Actor, row: repository.ReportRow): AppError | undefined {
  const { report } = row;
  const reviewerRoles: readonly string[] = subjects[report.kind].reviewerRoles;
  const isAbove =
    actor.regionCode === undefined ||
    (report.regionCode.startsWith(actor.regionCode) &&
      (actor.regionCode.length < report.regionCode.length || report.kind === 'yearly'));
  if (!can(actor.role, 'cadre.report.approve') || (actor.role !== 'admin' && !reviewerRoles.includes(actor.role))) {
    return new AppError('forbidden', {
      en: 'Reports are reviewed by the level above.',
      zh: '您没有审批该报告的权限，报告由上一级审批。',
    });
  }
  if (!isAbove) {
    return new AppError('forbidden', {
      en: 'A level does not approve its own report: the level above reviews it.',
      zh: '不能审批本级的报告，须由上一级审批。',
    });
  }
  return undefined;
}

/** Whoever submitted a report does not approve or return it. */
function submitterRefusal(actor: Actor, row: repository.ReportRow): AppError | undefined {
  if (row.report.submittedBy === null || row.report.submittedBy !== accountIdOf(actor)) return undefined;
  return new AppError('forbidden', {
    en: 'Someone other than who submitted the report reviews it.',
    zh: '报告须由上报人以外的人员审批。',
  });
}

// Reading ---------------------------------------------------------------------------------------------------------

function presentSummary(actor: Actor, row: repository.ReportRow): CadreReportSummary {
  const { report } = row;
  const person = (id: string | null, name: string | null) => (id === null ? null : { id, name: name ?? '—' });
  return {
    id: report.id,
    kind: report.kind,
    period: report.period,
    from: report.startsOn,
    to: report.endsOn,
    region: { id: report.regionId, name: row.regionName },
    unit: report.unitId === null ? null : { id: report.unitId, name: row.unitName ?? '—' },
    status: report.status,
    comment: report.comment,
    generatedAt: report.generatedAt.toISOString(),
    submittedAt: report.submittedAt?.toISOString() ?? null,
    submittedBy: person(report.submittedBy, row.submitterName),
    reviewedAt: report.reviewedAt?.toISOString() ?? null,
    reviewedBy: person(report.reviewedBy, row.reviewerName),
    canReview:
      report.status === 'submitted' &&
      reviewRefusal(actor, row) === undefined &&
      submitterRefusal(actor, row) === undefined,
    version: report.version,
  };
}

/** A dispatching unit reads its own people's lines of a street's report, with its own subtotal as the total. */
function figuresFor(actor: Actor, figures: CadreReportFigures): CadreReportFigures {
  if (actor.role !== 'unit') return figures;
  const units = figures.units.filter((unit) => unit.unitId === actor.unitId);
  const rows = figures.rows.filter((row) => row.unitId === actor.unitId);
  const [own] = units;
  const totals = own
    ? {
        cadres: own.cadres,
        expected: own.expected,
        attended: own.attended,
        rollCallOnly: own.rollCallOnly,
        absent: own.absent,
        onLeave: own.onLeave,
        work: own.work,
      }
    : { cadres: 0, expected: 0, attended: 0, rollCallOnly: 0, absent: 0, onLeave: 0, work: 0 };
  return { ...figures, rows, units, totals };
}

function present(actor: Actor, row: repository.ReportRow): CadreReport {
  return { ...presentSummary(actor, row), figures: figuresFor(actor, row.report.figures) };
}

function loadReport(db: Executor, actor: Actor, id: string, options: { forUpdate?: boolean } = {}) {
  return loadVisible(db, actor, {
    type: 'cadre_report',
    id,
    code: 'cadre_report_not_found',
    find: () => repository.findReport(db, actor, id, options),
    existsAnywhere: () => repository.reportExists(db, id),
  });
}

export async function listReports(
  db: Database,
  actor: Actor,
  query: z.output<typeof cadreReportQuery>,
): Promise<CadreReportList> {
  assertCan(actor, 'cadre.read');
  const rows = await repository.listReports(db, actor, {
    kind: query.kind,
    status: query.awaitingMe ? 'submitted' : query.status,
    period: query.period,
  });
  const items = rows.map((row) => presentSummary(actor, row));
  return { items: query.awaitingMe ? items.filter((item) => item.canReview) : items };
}

export async function getReport(db: Database, actor: Actor, id: string): Promise<CadreReport> {
  assertCan(actor, 'cadre.read');
  return present(actor, await loadReport(db, actor, id));
}

/** A report with the county it belongs to, whose name heads the printed report. */
export async function getReportOfCounty(db: Database, actor: Actor, id: string) {
  assertCan(actor, 'cadre.read');
  const row = await loadReport(db, actor, id);
  return { report: present(actor, row), countyId: row.report.countyId };
}

// Generating ------------------------------------------------------------------------------------------------------

/** The region (or unit) a report is about, checked against its kind and the actor's scope. */
async function resolveSubject(db: Database, actor: Actor, input: z.output<typeof generateCadreReportBody>) {
  const wanted = subjects[input.kind].level;
  if (actor.role === 'unit' && input.kind !== 'yearly') {
    throw new AppError('forbidden', {
      en: 'A dispatching unit reports its own year; communities and streets report the months and quarters.',
      zh: '派出单位只生成和上报本单位的年报，月报、季报由社区和街道上报。',
    });
  }
  if (input.kind === 'yearly') {
    if (input.unitId === undefined) {
      throw invalidField(
        '/body/unitId',
        'A yearly report is of a dispatching unit: choose it.',
        '年报按派出单位生成，请选择单位。',
      );
    }
    const county = await loadCounty(db, actor);
    if (actor.regionCode !== undefined && actor.regionCode !== county.code) {
      throw new AppError('forbidden', {
        en: 'The county or the unit itself reports a unit’s year.',
        zh: '派出单位年报由县级（组织部）或该单位自己生成和上报。',
      });
    }
    // A unit's own account finds its own unit only: another unit's reads like a missing one.
    const unit = await loadUnit(db, actor, input.unitId);
    return { countyId: county.id, regionId: county.id, regionCode: county.code, unitId: unit.id, name: unit.name };
  }
  if (input.regionId === undefined) {
    throw invalidField(
      '/body/regionId',
      `Choose the ${wanted === 'village' ? 'community' : 'street'} the report is of.`,
      `请选择报告所属的${wanted === 'village' ? '社区（村）' : '街道（乡镇）'}。`,
    );
  }
  const region = await loadRegion(db, actor, input.regionId);
  if (region.level !== wanted) {
    throw invalidField(
      '/body/regionId',
      `${region.name} is not a ${wanted === 'village' ? 'community' : 'street'}: a ${input.kind} report is of one.`,
      `${region.name} 不是${wanted === 'village' ? '社区（村）' : '街道（乡镇）'}，${input.kind === 'monthly' ? '月报按社区（村）' : '季报按街道（乡镇）'}生成。`,
    );
  }
  return { countyId: region.countyId!, regionId: region.id, regionCode: region.code, unitId: null, name: region.name };
}

/**
 * Generates a report's draft from the records, or refreshes the draft (or the returned report) already there: the
 * figures are computed again. A submitted or approved report keeps its figures (409 cadre_report_changed).
 */
export async function generateReport(
  db: Database,
  actor: Actor,
  input: z.output<typeof generateCadreReportBody>,
): Promise<{ report: CadreReport; isCreated: boolean }> {
  assertCan(actor, 'cadre.report.submit');
  const days = periodDays(input.kind, input.period);
  if (days.from > chinaToday()) {
    throw invalidField('/body/period', 'This period has not started yet.', '该时段尚未开始，不能生成报告。');
  }
  const subject = await resolveSubject(db, actor, input);
  const figures = await computeFigures(db, actor, subject.countyId, {
    ...days,
    regionId: subject.unitId === null ? subject.regionId : undefined,
    unitId: subject.unitId ?? undefined,
  });
  const { id, isCreated } = await inTransactionWithAudit(db, actor, async (transaction) => {
    const existing = await repository.findReportOf(transaction, { ...subject, kind: input.kind, period: input.period });
    if (existing && (existing.status === 'submitted' || existing.status === 'approved')) {
      throw new AppError('cadre_report_changed', {
        en: 'This report has been submitted: its figures stay as they are until it is returned or reopened.',
        zh: '该报告已上报或已审批，数据不能重新生成；如需更正，请上一级退回或解锁。',
      });
    }
    const reportId = existing?.id ?? uuidv7();
    const generated = { figures, generatedBy: accountIdOf(actor), generatedAt: new Date() };
    if (existing) {
      await repository.updateReport(transaction, subject.countyId, reportId, {
        ...generated,
        version: existing.version + 1,
      });
    } else {
      const inserted = await repository.insertReport(transaction, {
        countyId: subject.countyId,
        id: reportId,
        kind: input.kind,
        period: input.period,
        startsOn: days.from,
        endsOn: days.to,
        regionId: subject.regionId,
        regionCode: subject.regionCode,
        unitId: subject.unitId,
        ...generated,
      });
      if (!inserted) {
        throw new AppError('cadre_report_changed', {
          en: 'Someone generated this report at the same moment: open it again.',
          zh: '他人刚刚生成了该报告，请重新打开。',
        });
      }
    }
    return {
      result: { id: reportId, isCreated: !existing },
      audit: {
        action: 'cadre_report.generate',
        entityType: 'cadre_report',
        entityId: reportId,
        countyId: subject.countyId,
        regionCode: subject.regionCode,
        outcome: 'success',
        details: { kind: input.kind, period: input.period, unitId: subject.unitId, cadres: figures.totals.cadres },
      },
    };
  });
  return { report: present(actor, (await repository.findReport(db, actor, id))!), isCreated };
}

// Steps -----------------------------------------------------------------------------------------------------------

function changed(): AppError {
  return new AppError('cadre_report_changed', {
    en: 'The report changed since you opened it, or this step does not apply to it now: open it again.',
    zh: '报告状态已变化，或当前状态不能进行此操作，请刷新后重试。',
  });
}

type Step = 'submit' | 'approve' | 'return' | 'reopen';
const stepFrom: Record<Step, readonly string[]> = {
  submit: ['draft', 'returned'],
  approve: ['submitted'],
  return: ['submitted'],
  reopen: ['approved'],
};

/** Takes one step of the flow on a report at the version the caller saw, audited in its transaction. */
async function takeStep(
  db: Database,
  actor: Actor,
  id: string,
  step: Step,
  input: { version: number; comment?: string },
): Promise<CadreReport> {
  assertCan(actor, 'cadre.read');
  await inTransactionWithAudit(db, actor, async (transaction) => {
    // Out of scope reads like missing whatever the caller may do; in scope, who may take the step is checked.
    const row = await loadReport(transaction, actor, id, { forUpdate: true });
    const { report } = row;
    if (step === 'submit') {
      assertCan(actor, 'cadre.report.submit');
      // A unit reads the quarterly reports sent to it; it submits only its own year.
      if (actor.role === 'unit' && report.unitId !== actor.unitId) {
        throw new AppError('forbidden', {
          en: 'A dispatching unit submits only its own yearly report.',
          zh: '派出单位只能上报本单位的年报。',
        });
      }
    } else {
      const refusal = reviewRefusal(actor, row) ?? (step === 'reopen' ? undefined : submitterRefusal(actor, row));
      if (refusal) throw refusal;
    }
    if (report.version !== input.version || !stepFrom[step].includes(report.status)) throw changed();
    const now = new Date();
    const changes = {
      submit: { status: 'submitted', submittedBy: accountIdOf(actor), submittedAt: now, comment: null },
      approve: { status: 'approved', reviewedBy: accountIdOf(actor), reviewedAt: now, comment: null },
      return: { status: 'returned', reviewedBy: accountIdOf(actor), reviewedAt: now, comment: input.comment },
      reopen: { status: 'returned', reviewedBy: accountIdOf(actor), reviewedAt: now, comment: input.comment },
    }[step] as Partial<typeof report>;
    await repository.updateReport(transaction, report.countyId, id, { ...changes, version: report.version + 1 });
    const subjectName = row.unitName ?? row.regionName;
    if (step === 'submit') {
      const reviewers = await repository.findReviewerAccounts(
        transaction,
        report.regionCode,
        subjects[report.kind].reviewerRoles,
      );
      await notifyAccounts(transaction, {
        countyId: report.countyId,
        // The level above; for a unit's year, the county itself (its other staff).
        accountIds: reviewers
          .filter((reviewer) => reviewer.code !== report.regionCode || report.kind === 'yearly')
          .map((reviewer) => reviewer.id)
          .filter((reviewerId) => reviewerId !== accountIdOf(actor)),
        caseId: null,
        kind: 'cadre_report_review',
        params: { reportId: id, subjectName, period: report.period },
      });
      // A street's quarter goes to each dispatching unit too (seed 004): each unit's account is told it can read it.
      if (report.kind === 'quarterly') {
        await notifyAccounts(transaction, {
          countyId: report.countyId,
          accountIds: await repository.findUnitAccountsOfReport(transaction, report.countyId, id),
          caseId: null,
          kind: 'cadre_report_received',
          params: { reportId: id, subjectName, period: report.period },
        });
      }
    } else if (step !== 'approve' && report.submittedBy !== null) {
      await notifyAccounts(transaction, {
        countyId: report.countyId,
        accountIds: [report.submittedBy],
        caseId: null,
        kind: 'cadre_report_returned',
        params: { reportId: id, subjectName, period: report.period, comment: input.comment ?? '' },
      });
    }
    return {
      audit: {
        action: `cadre_report.${step}`,
        entityType: 'cadre_report',
        entityId: id,
        countyId: report.countyId,
        regionCode: report.regionCode,
        outcome: 'success',
        details: { kind: report.kind, period: report.period, ...(input.comment ? { comment: input.comment } : {}) },
      },
    };
  });
  return present(actor, (await repository.findReport(db, actor, id))!);
}

export function submitReport(db: Database, actor: Actor, id: string, input: { version: number }) {
  return takeStep(db, actor, id, 'submit', input);
}

export function approveReport(db: Database, actor: Actor, id: string, input: { version: number }) {
  return takeStep(db, actor, id, 'approve', input);
}

export function returnReport(db: Database, actor: Actor, id: string, input: z.output<typeof cadreReportReturnBody>) {
  return takeStep(db, actor, id, 'return', input);
}

/** The approver opens an approved period again for a correction, with the reason; the report goes back as returned. */
export function reopenReport(db: Database, actor: Actor, id: string, input: z.output<typeof cadreReportReopenBody>) {
  return takeStep(db, actor, id, 'reopen', { version: input.version, comment: input.reason });
}

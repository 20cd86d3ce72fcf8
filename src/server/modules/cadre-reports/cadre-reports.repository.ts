import { and, desc, eq, inArray, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { CadreReportKind, CadreReportStatus } from '../../../shared/api/cadre-reports.js';
import type { Actor } from '../../auth/actor.js';
import { withinScope } from '../../auth/scope.js';
import { selectRows, type Executor } from '../../db/client.js';
import { accounts, cadreReports, regions, units } from '../../db/schema/index.js';

const submitters = alias(accounts, 'submitters');
const reviewers = alias(accounts, 'reviewers');

const reportColumns = {
  report: cadreReports,
  regionName: regions.name,
  unitName: units.name,
  submitterName: submitters.displayName,
  reviewerName: reviewers.displayName,
};

function selectReports(db: Executor) {
  return db
    .select(reportColumns)
    .from(cadreReports)
    .innerJoin(regions, eq(regions.id, cadreReports.regionId))
    .leftJoin(units, and(eq(units.countyId, cadreReports.countyId), eq(units.id, cadreReports.unitId)))
    .leftJoin(submitters, eq(submitters.id, cadreReports.submittedBy))
    .leftJoin(reviewers, eq(reviewers.id, cadreReports.reviewedBy));
}

export type ReportRow = NonNullable<Awaited<ReturnType<typeof findReport>>>;

/**
 * What a dispatching unit's account sees of the reports: its own yearly reports, and the streets' quarterly reports
 * sent up (submitted or approved) that count its people. Undefined for every other account.
 */
function unitCondition(actor: Actor) {
  if (actor.role !== 'unit') return undefined;
  if (actor.unitId === undefined) return sql`false`;
  return or(
    eq(cadreReports.unitId, actor.unitId),
    and(
      eq(cadreReports.kind, 'quarterly'),
      inArray(cadreReports.status, ['submitted', 'approved']),
      sql`${cadreReports.figures} -> 'units' @> ${JSON.stringify([{ unitId: actor.unitId }])}::jsonb`,
    ),
  );
}

/** A report inside the actor's scope; `forUpdate` locks it for a step. */
export async function findReport(db: Executor, actor: Actor, id: string, options: { forUpdate?: boolean } = {}) {
  const query = selectReports(db).where(
    and(eq(cadreReports.id, id), withinScope(actor, cadreReports.regionCode), unitCondition(actor)),
  );
  const [row] = await (options.forUpdate ? query.for('update', { of: cadreReports }) : query);
  return row;
}

export async function reportExists(db: Executor, id: string): Promise<boolean> {
  const [row] = await db.select({ id: cadreReports.id }).from(cadreReports).where(eq(cadreReports.id, id));
  return row !== undefined;
}

/** The report of a kind for a region (or a unit) and period, locked for a refresh. */
export async function findReportOf(
  db: Executor,
  subject: { countyId: string; kind: CadreReportKind; regionId: string; unitId: string | null; period: string },
) {
  // Not the figures: a street's are a few hundred kilobytes, and generating replaces them.
  const [row] = await db
    .select({ id: cadreReports.id, status: cadreReports.status, version: cadreReports.version })
    .from(cadreReports)
    .where(
      and(
        eq(cadreReports.countyId, subject.countyId),
        eq(cadreReports.kind, subject.kind),
        eq(cadreReports.period, subject.period),
        subject.unitId === null
          ? and(eq(cadreReports.regionId, subject.regionId), sql`${cadreReports.unitId} is null`)
          : eq(cadreReports.unitId, subject.unitId),
      ),
    )
    .for('update');
  return row;
}

export async function insertReport(db: Executor, row: typeof cadreReports.$inferInsert): Promise<boolean> {
  const inserted = await db.insert(cadreReports).values(row).onConflictDoNothing().returning({ id: cadreReports.id });
  return inserted.length === 1;
}

export async function updateReport(
  db: Executor,
  countyId: string,
  id: string,
  changes: Partial<typeof cadreReports.$inferInsert>,
): Promise<void> {
  await db
    .update(cadreReports)
    .set(changes)
    .where(and(eq(cadreReports.countyId, countyId), eq(cadreReports.id, id)));
}

/** Reports in the actor's scope, the newest period first. */
export function listReports(
  db: Executor,
  actor: Actor,
  filter: { kind?: CadreReportKind | undefined; status?: CadreReportStatus | undefined; period?: string | undefined },
) {
  return selectReports(db)
    .where(
      and(
        withinScope(actor, cadreReports.regionCode),
        unitCondition(actor),
        filter.kind ? eq(cadreReports.kind, filter.kind) : undefined,
        filter.status ? eq(cadreReports.status, filter.status) : undefined,
        filter.period ? eq(cadreReports.period, filter.period) : undefined,
      ),
    )
    .orderBy(desc(cadreReports.startsOn), desc(cadreReports.id))
    .limit(500);
}

/** The accounts of these roles anchored at a report's region or above it: who may be told it waits for them. */
export async function findReviewerAccounts(db: Executor, regionCode: string, roles: readonly ('town' | 'county')[]) {
  const rows = await db
    .select({ id: accounts.id, role: accounts.role, code: regions.code })
    .from(accounts)
    .innerJoin(regions, eq(regions.id, accounts.regionId))
    .where(and(eq(accounts.isEnabled, true), sql`${regionCode} like ${regions.code} || '%'`));
  return rows.filter((row) => (roles as readonly string[]).includes(row.role));
}

/** The accounts of the dispatching units whose people a report counts (a street's quarter tells each unit its own). */
export async function findUnitAccountsOfReport(db: Executor, countyId: string, reportId: string) {
  const rows = await selectRows<{ id: string }>(
    db,
    sql`select a.id from accounts a
      join cadre_reports r on r.county_id = ${countyId} and r.id = ${reportId}
      where a.role = 'unit' and a.is_enabled and a.region_id = r.county_id
        and r.figures -> 'units' @> jsonb_build_array(jsonb_build_object('unitId', a.unit_id))`,
  );
  return rows.map((row) => row.id);
}

/** The first approved report whose period overlaps these days and covers the cadre's community, street or unit. */
export async function findApprovedReportCovering(
  db: Executor,
  cadre: { countyId: string; regionCode: string; unitId: string },
  days: { from: string; to: string },
) {
  const [lock] = await selectRows<{
    kind: CadreReportKind;
    period: string;
    subjectName: string;
    approverName: string | null;
  }>(
    db,
    sql`select r.kind, r.period, coalesce(u.name, g.name) as "subjectName", a.display_name as "approverName"
      from cadre_reports r
        join regions g on g.id = r.region_id
        left join units u on u.county_id = r.county_id and u.id = r.unit_id
        left join accounts a on a.id = r.reviewed_by
      where r.county_id = ${cadre.countyId} and r.status = 'approved'
        and r.starts_on <= ${days.to}::date and r.ends_on >= ${days.from}::date
        and ((r.unit_id is null and ${cadre.regionCode} like r.region_code || '%') or r.unit_id = ${cadre.unitId})
      order by r.starts_on limit 1`,
  );
  return lock;
}

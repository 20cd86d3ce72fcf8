import type { FieldFigures, VisitCoverage, VisitCoverageQuery } from '../../../shared/api/field-work.js';
import { can } from '../../../shared/policy.js';
import type { StaffKind } from '../../../shared/staff.js';
import { assertCan, type Actor } from '../../auth/actor.js';
import type { Database } from '../../db/client.js';
import { recordAudit } from '../audit/audit.service.js';
import { campaignFigures } from '../campaigns/campaigns.service.js';
import { disputeFigures } from '../disputes/disputes.service.js';
import { inspectionFigures } from '../inspections/inspections.service.js';
import { columnsOf, writeReportWorkbook, type ReportSheet } from '../registry/workbooks.service.js';
import * as repository from './coverage.repository.js';
import { getVisitCoverage, loadTarget, periodOf, rateOf } from './coverage.service.js';

/**
 * The field figures the seeds report, for a region and period: person-times in grids (人次), households visited and
 * the coverage rate (入户率), and the campaign, inspection and dispute figures their modules give when installed.
 */
export async function getFieldFigures(db: Database, actor: Actor, query: VisitCoverageQuery): Promise<FieldFigures> {
  assertCan(actor, 'visit.read');
  const region = await loadTarget(db, actor, query.regionId);
  const period = await periodOf(db, query);
  const window = { countyId: region.countyId, code: region.code };
  const scoped = { regionId: region.id, from: period.from, to: period.to };
  // Each module's figures as that module counts them, for a caller who may read them (else null, not a refusal).
  const [sums, coverage, campaigns, inspections, disputes] = await Promise.all([
    repository.sumVisits(db, window, period),
    repository.countCoverageByChild(db, window, region.code.length, period),
    can(actor.role, 'campaign.read') ? campaignFigures(db, actor, scoped) : null,
    can(actor.role, 'inspection.read') ? inspectionFigures(db, actor, scoped) : null,
    can(actor.role, 'dispute.read') ? disputeFigures(db, actor, scoped) : null,
  ]);
  const households = coverage.reduce((sum, row) => sum + row.households, 0);
  const visitedHouseholds = coverage.reduce((sum, row) => sum + row.visited, 0);
  return {
    region: { id: region.id, name: region.name, code: region.code, level: region.level },
    period: { from: period.from, to: period.to },
    visits: { ...sums, households, visitedHouseholds, rate: rateOf(visitedHouseholds, households) },
    campaigns,
    inspections:
      inspections === null
        ? null
        : {
            placesInspected: inspections.placesInspected,
            hazardsFound: inspections.hazardsFound,
            fixedOnTheSpot: inspections.fixedOnTheSpot,
            turnedIntoCases: inspections.turnedIntoCases,
            open: inspections.open,
          },
    // Settled in the village (矛盾不上交): by the grid or the village, not passed up to the town.
    disputes:
      disputes === null
        ? null
        : {
            mediated: disputes.mediated,
            settled: disputes.settled,
            settledInVillage: disputes.settledInGrid + disputes.settledInVillage,
            shareSettledInVillage: disputes.settledInVillageShare,
          },
  };
}

const staffKindWords: Record<StaffKind, string> = {
  grid_leader: '网格长',
  grid_member: '网格员',
  sunk_cadre: '下沉干部',
  volunteer: '志愿者',
  central_household: '中心户',
  building_leader: '楼栋长',
};

const periodText = (period: { from: string; to: string }) => `${period.from} 至 ${period.to}`;

function coverageSheets(coverage: VisitCoverage): ReportSheet[] {
  const title = `${coverage.region.name}入户走访覆盖率（${periodText(coverage.period)}）`;
  const sheets: ReportSheet[] = [
    {
      name: '下级区域',
      title,
      columns: columnsOf('区域', '户数', '已走访户数', '入户率'),
      rows: [
        ...coverage.rows.map((row) => [row.name, row.households, row.visitedHouseholds, row.rate]),
        ['合计', coverage.totals.households, coverage.totals.visitedHouseholds, coverage.totals.rate],
      ],
      percentColumns: [3],
    },
  ];
  if (coverage.staff !== null) {
    sheets.push({
      name: '网格人员',
      title: `${coverage.region.name}网格人员走访（${periodText(coverage.period)}）`,
      columns: columnsOf('姓名', '职务', '所在网格', '包联户数', '本人走访户数', '入户率', '参与走访次数'),
      rows: coverage.staff.map((row) => [
        row.name,
        staffKindWords[row.kind],
        row.regionName,
        row.assignedHouseholds,
        row.visitedHouseholds,
        row.rate,
        row.visits,
      ]),
      percentColumns: [5],
    });
  }
  return sheets;
}

async function auditExport(db: Database, actor: Actor, region: VisitCoverage['region'], report: string) {
  await recordAudit(db, actor, {
    action: 'field_work.export',
    entityType: 'region',
    entityId: region.id,
    regionCode: region.code,
    outcome: 'success',
    details: { report },
  });
}

/** The coverage report as an .xlsx workbook: child regions, then the staff (a village or a grid). */
export async function writeCoverageWorkbook(db: Database, actor: Actor, query: VisitCoverageQuery) {
  const coverage = await getVisitCoverage(db, actor, query);
  const content = await writeReportWorkbook(coverageSheets(coverage));
  await auditExport(db, actor, coverage.region, 'coverage.xlsx');
  return {
    content,
    fileName: `${coverage.region.name}入户走访覆盖率-${coverage.period.from}至${coverage.period.to}.xlsx`,
  };
}

/** The field-work report: one workbook, a sheet per section (visits and coverage, campaigns, inspections, disputes). */
export async function writeFieldWorkbook(db: Database, actor: Actor, query: VisitCoverageQuery) {
  const [figures, coverage] = await Promise.all([
    getFieldFigures(db, actor, query),
    getVisitCoverage(db, actor, query),
  ]);
  const title = (section: string) => `${figures.region.name}${section}（${periodText(figures.period)}）`;
  const { visits, campaigns, inspections, disputes } = figures;
  const sheets: ReportSheet[] = [
    {
      name: '入户走访',
      title: title('入户走访'),
      columns: columnsOf('指标', '数值'),
      rows: [
        ['走访次数', visits.visits],
        ['走访人次', visits.personTimes],
        ['户数', visits.households],
        ['已走访户数', visits.visitedHouseholds],
        ['入户率', visits.rate],
        ['走访场所数', visits.placesVisited],
      ],
    },
    ...coverageSheets(coverage),
  ];
  if (campaigns !== null) {
    sheets.push({
      name: '主题活动',
      title: title('主题活动'),
      columns: columnsOf('指标', '数值'),
      rows: [
        ['活动数', campaigns.campaigns],
        ['参与人次', campaigns.personTimes],
        ['走访户数', campaigns.householdsReached],
        ['发现问题', campaigns.problemsFound],
        ['解决问题', campaigns.problemsSolved],
      ],
    });
  }
  if (inspections !== null) {
    sheets.push({
      name: '隐患排查',
      title: title('隐患排查'),
      columns: columnsOf('指标', '数值'),
      rows: [
        ['排查场所数', inspections.placesInspected],
        ['发现隐患', inspections.hazardsFound],
        ['当场整改', inspections.fixedOnTheSpot],
        ['转为事件', inspections.turnedIntoCases],
        ['尚未整改', inspections.open],
      ],
    });
  }
  if (disputes !== null) {
    sheets.push({
      name: '矛盾调解',
      title: title('矛盾纠纷调解'),
      columns: columnsOf('指标', '数值'),
      rows: [
        ['调解件数', disputes.mediated],
        ['调解成功', disputes.settled],
        ['村（社区）内化解', disputes.settledInVillage],
        ['村内化解率', disputes.shareSettledInVillage],
      ],
    });
  }
  const content = await writeReportWorkbook(sheets);
  await auditExport(db, actor, figures.region, 'field-figures.xlsx');
  return { content, fileName: `${figures.region.name}网格工作统计-${figures.period.from}至${figures.period.to}.xlsx` };
}

import PDFDocument from 'pdfkit';
import type { CadreReport } from '../../../shared/api/cadre-reports.js';
import type { Grade } from '../../../shared/api/cadres.js';
import type { Actor } from '../../auth/actor.js';
import type { Database } from '../../db/client.js';
import { loadChineseFonts } from '../../pdf-fonts.js';
import { recordAudit } from '../audit/audit.service.js';
import { findRegionName } from '../regions/regions.service.js';
import { columnsOf, writeReportWorkbook as writeWorkbook } from '../registry/workbooks.service.js';
import { getReportOfCounty } from './cadre-reports.service.js';
import { periodLabel } from './period-locks.service.js';

const kindNames = { monthly: '月报', quarterly: '季报', yearly: '年报' } as const;
const statusNames = { draft: '草稿', submitted: '已上报待审批', approved: '已审批', returned: '已退回' } as const;
const gradeNames: Record<Grade, string> = { excellent: '优秀', good: '良好', fair: '一般', poor: '较差' };

/** A report's title: whose, which period, which kind, e.g. 北园社区2026年11月下沉干部服务情况月报. */
function titleOf(report: CadreReport): string {
  const subject = report.unit?.name ?? report.region.name;
  return `${subject}${periodLabel(report.kind, report.period).zh}下沉干部服务情况${kindNames[report.kind]}`;
}

/** Reads the report (in scope, else 404) and audits the download. */
async function loadForExport(db: Database, actor: Actor, id: string, format: 'xlsx' | 'pdf') {
  const { report, countyId } = await getReportOfCounty(db, actor, id);
  await recordAudit(db, actor, {
    action: 'cadre_report.export',
    entityType: 'cadre_report',
    entityId: report.id,
    outcome: 'success',
    details: { format, kind: report.kind, period: report.period },
  });
  return { report, countyId };
}

const cadreHeaders = [
  '派出单位',
  '社区（村）',
  '姓名',
  '应服务日',
  '实到',
  '点卯',
  '缺勤',
  '请假',
  '工作记录',
  '考核得分',
  '等级',
];

function cadreCells(row: CadreReport['figures']['rows'][number]) {
  return [
    row.unitName,
    row.communityName,
    row.name,
    row.expected,
    row.attended,
    row.rollCallOnly,
    row.absent,
    row.onLeave,
    row.work,
    row.total,
    gradeNames[row.grade],
  ];
}

/** Each cadre's line and the total line under them, as both the workbook and the PDF print them. */
function cadreRows(figures: CadreReport['figures']) {
  const { totals } = figures;
  return [
    ...figures.rows.map(cadreCells),
    [
      '合计',
      '',
      `${totals.cadres} 人`,
      totals.expected,
      totals.attended,
      totals.rollCallOnly,
      totals.absent,
      totals.onLeave,
      totals.work,
      '',
      '',
    ],
  ];
}

const unitHeaders = [
  '派出单位',
  '人数',
  '应服务日',
  '实到',
  '点卯',
  '缺勤',
  '请假',
  '工作记录',
  '优秀',
  '良好',
  '一般',
  '较差',
];

function unitCells(unit: CadreReport['figures']['units'][number]) {
  const { grades } = unit;
  return [
    unit.unitName,
    unit.cadres,
    unit.expected,
    unit.attended,
    unit.rollCallOnly,
    unit.absent,
    unit.onLeave,
    unit.work,
    grades.excellent ?? 0,
    grades.good ?? 0,
    grades.fair ?? 0,
    grades.poor ?? 0,
  ];
}

/** The report as an .xlsx workbook: a sheet of the cadres and one of the units' subtotals. */
export async function writeReportWorkbook(db: Database, actor: Actor, id: string) {
  const { report } = await loadForExport(db, actor, id, 'xlsx');
  const { figures } = report;
  const title = `${titleOf(report)}（${report.from} 至 ${report.to}，${statusNames[report.status]}）`;
  const content = await writeWorkbook([
    {
      name: '干部明细',
      title,
      columns: columnsOf(...cadreHeaders),
      rows: cadreRows(figures),
    },
    { name: '派出单位汇总', title, columns: columnsOf(...unitHeaders), rows: figures.units.map(unitCells) },
  ]);
  return { content, fileName: `${titleOf(report)}.xlsx` };
}

// PDF -------------------------------------------------------------------------------------------------------------

const margin = 40;
/** A4 landscape: the table has eleven columns. */
const pageWidth = 841.89;
const pageHeight = 595.28;
const contentWidth = pageWidth - 2 * margin;
const red = '#c8102e';
const rowHeight = 18;

/** The widths of a table's columns: the first (names) wider, the figures narrow, filling the line. */
function columnWidths(count: number, wide: number[]): number[] {
  const narrow = (contentWidth - wide.reduce((sum, width) => sum + width, 0)) / (count - wide.length);
  return Array.from({ length: count }, (_, index) => wide[index] ?? narrow);
}

function drawTable(document: PDFKit.PDFDocument, headers: string[], rows: (string | number)[][], widths: number[]) {
  const drawRow = (cells: (string | number)[], isHeader: boolean) => {
    if (document.y + rowHeight > pageHeight - margin) document.addPage();
    const top = document.y;
    let left = margin;
    if (isHeader) document.rect(margin, top, contentWidth, rowHeight).fill('#f2f2f2');
    document
      .font(isHeader ? 'bold' : 'regular')
      .fontSize(9)
      .fillColor('#222222');
    cells.forEach((cell, index) => {
      document.rect(left, top, widths[index]!, rowHeight).lineWidth(0.5).stroke('#999999');
      document.text(String(cell), left + 3, top + 4, {
        width: widths[index]! - 6,
        height: rowHeight,
        lineBreak: false,
        ellipsis: true,
        align: typeof cell === 'number' ? 'right' : 'left',
      });
      left += widths[index]!;
    });
    document.x = margin;
    document.y = top + rowHeight;
  };
  drawRow(headers, true);
  for (const row of rows) drawRow(row, false);
}

/**
 * The report on the county's letterhead (中共××县委组织部 in red over a red rule), the title and period, the
 * table of cadres, the units' subtotals, and the block of who submitted and who approved it.
 */
export async function writeReportPdf(db: Database, actor: Actor, id: string) {
  const { report, countyId } = await loadForExport(db, actor, id, 'pdf');
  const countyName = (await findRegionName(db, countyId)) ?? '';
  const title = titleOf(report);
  const { regular, bold } = loadChineseFonts();
  // Title and Subject say what is inside for a reader (and a test) without extracting the subset fonts' text.
  const document = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin,
    info: { Title: title, Subject: `中共${countyName}委组织部`, Creator: 'gridlink' },
  });
  document.registerFont('regular', regular);
  document.registerFont('bold', bold);
  const chunks: Buffer[] = [];
  document.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    document.on('end', resolve);
    document.on('error', reject);
  });
  const centred = { width: contentWidth, align: 'center' as const };
  document.font('bold').fontSize(22).fillColor(red).text(`中共${countyName}委组织部`, margin, margin, centred);
  const rule = document.y + 4;
  document
    .moveTo(margin, rule)
    .lineTo(pageWidth - margin, rule)
    .lineWidth(2)
    .stroke(red);
  document
    .font('bold')
    .fontSize(16)
    .fillColor('#222222')
    .text(title, margin, rule + 12, centred);
  document
    .font('regular')
    .fontSize(10)
    .text(
      `统计时段：${report.from} 至 ${report.to}  服务日 ${report.figures.serviceDays} 天  状态：${statusNames[report.status]}`,
      centred,
    )
    .moveDown(0.8);
  const { figures } = report;
  drawTable(document, cadreHeaders, cadreRows(figures), columnWidths(cadreHeaders.length, [130, 110, 70]));
  document.moveDown(1);
  if (document.y + 3 * rowHeight > pageHeight - margin) document.addPage();
  document.font('bold').fontSize(12).fillColor('#222222').text('派出单位汇总', margin).moveDown(0.3);
  drawTable(document, unitHeaders, figures.units.map(unitCells), columnWidths(unitHeaders.length, [170]));
  document.moveDown(1.5);
  if (document.y + 90 > pageHeight - margin) document.addPage();
  const block = document.y;
  const half = contentWidth / 2;
  const at = (iso: string | null) => (iso ? iso.slice(0, 10) : '');
  document.font('regular').fontSize(11).fillColor('#222222');
  document.text(`填报单位（盖章）：${report.unit?.name ?? report.region.name}`, margin, block, { width: half });
  document.text(`上报人：${report.submittedBy?.name ?? ''}`, margin, block + 22, { width: half });
  document.text(`上报日期：${at(report.submittedAt)}`, margin, block + 44, { width: half });
  const approved = report.status === 'approved';
  document.text(`审批意见：${approved ? '同意' : (report.comment ?? '')}`, margin + half, block, { width: half });
  document.text(`审批人：${approved ? (report.reviewedBy?.name ?? '') : ''}`, margin + half, block + 22, {
    width: half,
  });
  document.text(`审批日期：${approved ? at(report.reviewedAt) : ''}`, margin + half, block + 44, { width: half });
  document.end();
  await finished;
  return { content: Buffer.concat(chunks), fileName: `${title}.pdf` };
}

import type { CampaignStatus, ParticipantKind } from '../../../shared/campaigns.js';
import type { CaseStatus } from '../../../shared/cases.js';
import { chinaDateTime } from '../../../shared/clock.js';
import type { Actor } from '../../auth/actor.js';
import type { Database } from '../../db/client.js';
import { writeReportWorkbook } from '../registry/workbooks.service.js';
import { summaryOf } from './campaigns.service.js';

/** The workbook is a ledger for the county's offices: in Chinese, with names, never codes. */
const statusWords: Record<CampaignStatus, string> = {
  planned: '未开始',
  running: '进行中',
  finished: '已结束',
  cancelled: '已取消',
};
const participantWords: Record<ParticipantKind, string> = {
  staff: '网格人员',
  volunteer: '志愿者',
  partner_unit: '共建单位',
  other: '其他',
};
const caseStatusWords: Record<CaseStatus, string> = {
  reported: '待受理',
  accepted: '已受理',
  dispatched: '已派遣',
  in_progress: '处置中',
  handled: '已处置',
  verified: '已核查',
  closed: '已结案',
  returned: '已退回',
  parked: '挂账',
  merged: '已合并',
};

function percent(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}

/**
 * A campaign's summary workbook (活动汇总): the campaign and its totals, one row per region, the participants with
 * their person-times, and the problems found. Counted within the reader's area, like the campaign page.
 */
export async function writeSummary(db: Database, actor: Actor, id: string) {
  const { campaign, progress, problems } = await summaryOf(db, actor, id);
  const total = progress.total;
  const content = await writeReportWorkbook([
    {
      name: '汇总',
      title: campaign.name,
      columns: [
        { header: '项目', width: 18 },
        { header: '内容', width: 60 },
      ],
      rows: [
        ['活动类型', campaign.kindName?.zh ?? campaign.kind],
        ['活动时间', `${campaign.startDate} 至 ${campaign.endDate}`],
        ['状态', statusWords[campaign.status]],
        ['覆盖区域', campaign.regions.map((region) => region.name).join('、')],
        ['活动说明', campaign.description],
        ['目标户数', total.targets],
        ['已走访目标户', total.reachedTargets],
        ['目标覆盖率', percent(total.coverageRate)],
        ['参与人次', total.personTimes],
        ['走访户数', total.householdsReached],
        ['走访次数', total.visits],
        ['发现问题', total.problemsFound],
        ['解决问题', total.problemsSolved],
      ],
    },
    {
      name: '分区域',
      columns: [
        { header: '区域', width: 24 },
        { header: '目标户数' },
        { header: '已走访目标户' },
        { header: '覆盖率' },
        { header: '走访户数' },
        { header: '参与人次' },
        { header: '发现问题' },
        { header: '解决问题' },
      ],
      rows: progress.items.map((item) => [
        item.regionName,
        item.targets,
        item.reachedTargets,
        percent(item.coverageRate),
        item.householdsReached,
        item.personTimes,
        item.problemsFound,
        item.problemsSolved,
      ]),
    },
    {
      name: '参与人员',
      columns: [
        { header: '姓名/名称', width: 20 },
        { header: '类别' },
        { header: '单位/所在区域', width: 24 },
        { header: '签到次数' },
        { header: '参与人次' },
      ],
      rows: progress.participants.map((participant) => [
        participant.name,
        participantWords[participant.kind],
        participant.organisation,
        participant.attendances,
        participant.personTimes,
      ]),
    },
    {
      name: '问题清单',
      columns: [
        { header: '案件编号', width: 22 },
        { header: '事项', width: 18 },
        { header: '问题描述', width: 48 },
        { header: '所在区域', width: 20 },
        { header: '状态' },
        { header: '上报时间', width: 20 },
        { header: '结案时间', width: 20 },
      ],
      rows: problems.map((problem) => [
        problem.number,
        problem.categoryName?.zh ?? '',
        problem.description,
        problem.regionName,
        caseStatusWords[problem.status],
        chinaDateTime(new Date(problem.reportedAt)),
        problem.closedAt === null ? '' : chinaDateTime(new Date(problem.closedAt)),
      ]),
    },
  ]);
  return { fileName: `${campaign.name}-活动汇总.xlsx`, content };
}

/**
 * 报告 (reports up the chain on cadres: monthly, quarterly, yearly; generated, submitted, approved or returned,
 * reopened), in Chinese. The console merges this object under the `cadreReports` key; `cadre-reports.en.ts` has the
 * same keys.
 */
export const cadreReportsZhCN = {
  all: '全部',
  empty: '暂无报告',
  generate: '生成报告',
  refresh: '重新生成数据',
  submit: '上报',
  approve: '审批通过',
  return: '退回',
  reopen: '解锁',
  awaitingMe: '只看待我审批',
  yourTurn: '待我审批',
  comment: '审批意见',
  wordsHint: '退回意见或解锁原因会通知上报人，并记入审计日志。',
  lockedHint: '已审批：该时段的签到、签退和请假已锁定，更正须由审批人解锁。',
  changed: '报告状态已变化，已为您刷新。',
  kind: { monthly: '月报', quarterly: '季报', yearly: '年报' },
  periodHint: {
    monthly: '社区（村）报街道，写成 2026-11',
    quarterly: '街道报派出单位，写成 2026-Q4',
    yearly: '派出单位报上级党组织，写成 2026',
  },
  status: { draft: '草稿', submitted: '待审批', approved: '已审批', returned: '已退回' },
  fields: {
    kind: '类型',
    period: '时段',
    subject: '报告对象',
    status: '状态',
    region: '区域',
    community: '社区（村）',
    street: '街道（乡镇）',
    unit: '派出单位',
    dates: '统计日期',
    submittedBy: '上报人',
    reviewedBy: '审批人',
    generatedAt: '生成时间',
    name: '姓名',
    cadres: '人数',
    attended: '实到 / 应到',
    rollCallOnly: '点卯',
    absent: '缺勤',
    onLeave: '请假',
    work: '工作记录',
    total: '考核',
  },
};

export type CadreReportsMessages = typeof cadreReportsZhCN;

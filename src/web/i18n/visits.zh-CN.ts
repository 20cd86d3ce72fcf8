/**
 * 入户走访 (household visits and needs), in Chinese. The console merges this object under the `visits` key of its
 * messages (`zh-CN.ts`: `visits: visitsZhCN`), so its keys read `visits.title` and so on. `visits.en.ts` must have
 * exactly the same keys (its type checks that).
 */
export const visitsZhCN = {
  title: '走访记录',
  detailTitle: '走访详情',
  record: '记录走访',
  history: '走访记录',
  neverVisited: '尚未走访',
  none: '没有符合条件的走访记录',
  needs: '需求清单',
  noNeeds: '暂无需求',
  household: '住户',
  grid: '网格',
  visitedAt: '走访时间',
  purpose: '走访事由',
  allPurposes: '全部事由',
  removedPurpose: '（已停用的事由）',
  visitors: '走访人员',
  personsMet: '见到的家庭成员',
  findings: '走访情况',
  photos: '照片',
  location: '位置',
  recordedBy: '记录人',
  from: '开始日期',
  to: '结束日期',
  followUp: {
    title: '后续事项',
    case: '上报事件',
    need: '登记需求',
    householdChange: '更新台账',
  },
  form: {
    householdRequired: '请选择住户',
    visitorsHint: '不选则为您本人',
    findingsHint: '请勿填写身份证号、电话等号码',
    addPhoto: '添加照片',
    locate: '获取当前位置',
    noLocation: '无法获取位置',
    caseCategory: '事项类别',
    caseDescription: '事件描述',
    needKind: '需求类别',
    needDescription: '需求描述',
    householdNotes: '户备注（更新后）',
    saved: '走访已记录',
    savedWithCase: '走访已记录，事件 {{number}} 已上报',
  },
  needKind: {
    living_assistance: '生活救助',
    medical_care: '就医',
    elderly_care: '养老照护',
    employment: '就业',
    housing: '住房',
    education: '教育',
    legal_aid: '法律援助',
    psychological: '心理疏导',
    other: '其他',
  },
  needStatus: { open: '待解决', met: '已满足', closed: '已关闭' },
};

export type VisitsMessages = typeof visitsZhCN;

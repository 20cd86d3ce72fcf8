/**
 * 党群服务中心 (centres and talk points, the consultations logged at their desk, their figures), in Chinese. The
 * console merges this object under the `serviceCentres` key of its messages; `service-centres.en.ts` has the same keys.
 */
export const serviceCentresZhCN = {
  title: '党群服务中心',
  empty: '暂无服务中心，村（社区）或乡镇可新增',
  choose: '选择服务中心',
  kind: { centre: '党群服务中心', talk_point: '说事点' },
  outcome: { answered: '当场解答', handled: '已办结', referred: '已转办', pending: '待办理' },
  info: { region: '所属区域', address: '地址', phone: '服务电话', count: '累计服务' },
  add: '新增服务中心',
  centreForm: {
    kind: '类型',
    region: '所属乡镇或村（社区）',
    regionRequired: '请选择所属区域',
    name: '名称',
    nameRequired: '请填写名称',
    address: '地址',
    phone: '服务电话',
  },
  record: '登记服务事项',
  consultationForm: {
    kind: '事项类型',
    kindRequired: '请选择事项类型',
    outcome: '办理结果',
    outcomeRequired: '请选择办理结果',
    subject: '事项内容',
    subjectRequired: '请填写事项内容',
    person: '来访居民（可选）',
    note: '备注',
    done: '已登记',
  },
  figures: {
    title: '近一年统计',
    total: '服务事项',
    byKind: '按事项类型',
    byMonth: '按月份',
    kind: '事项类型',
    month: '月份',
    sum: '合计',
    download: '导出 Excel',
  },
  consultations: { title: '服务记录', empty: '暂无服务记录', by: '登记人 {{name}}' },
};

export type ServiceCentresMessages = typeof serviceCentresZhCN;

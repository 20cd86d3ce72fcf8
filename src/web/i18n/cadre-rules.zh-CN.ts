/**
 * 规则设置 on 下沉干部: the county's rules for its cadres (service days, evaluation, grid members' weights, the
 * verification sampling, the 721 split), in Chinese. Merged under the `cadreRules` key; `cadre-rules.en.ts` has the
 * same keys.
 */
export const cadreRulesZhCN = {
  intro: '本县下沉干部的考勤和考核规则。保存后，服务日考勤和考核评价即按新规则计算。',
  readOnly: '这些规则由县级设定，您可以查看，不能修改。',
  save: '保存',
  refused: '未能保存：{{reason}}',
  serviceDays: {
    title: '服务日',
    weekdays: '每周服务日',
    weekday: '周{{day}}',
    weekdaysRequired: '请至少选择一天',
    expectedHours: '每次服务时长（小时）',
    hoursRange: '时长须在 0.5 到 24 小时之间',
  },
  evaluation: {
    title: '下沉干部考核',
    weights: '各项权重（合计须为 100）',
    total: '合计 {{total}}',
    weightsSum: '各项权重合计须为 100，现为 {{total}}',
    weightRange: '权重须为 0 到 100 的整数',
    thresholds: '等次分数线（总分不低于）',
    poorHint: '低于“一般”的分数线为较差',
    thresholdRange: '分数线须在 0 到 100 之间',
    goodBelowExcellent: '“良好”的分数线须低于“优秀”',
    fairBelowGood: '“一般”的分数线须低于“良好”',
    workPerServiceDay: '每个服务日的工作记录（条，达到即工作量满分）',
    workRange: '须为 1 到 50 的整数',
  },
  gridMembers: {
    title: '网格员考核权重',
    hint: '网格员没有服务日和信息核查，这两项的权重按比例分给其他指标；等次分数线与下沉干部相同。',
  },
  accuracy: {
    title: '信息核查抽样',
    sharePercent: '抽取比例（%）',
    shareRange: '比例须为 1 到 100 的整数',
    minimumCount: '每名干部至少抽取（条）',
    minimumRange: '须为 1 到 100 的整数',
  },
  timeSplit: {
    title: '721 工作法',
    enabled: '显示 721 分布',
    hint: '开启后，考核评价和服务日考勤显示每名干部在网格、窗口、轮岗的工作记录占比，对照 70% / 20% / 10%。',
  },
};

export type CadreRulesMessages = typeof cadreRulesZhCN;

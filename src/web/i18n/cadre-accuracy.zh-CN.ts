/**
 * 信息核查 (information-accuracy verification of the entries cadres collected), in Chinese. The console merges this
 * object under the `cadreAccuracy` key; `cadre-accuracy.en.ts` has the same keys in English.
 */
export const cadreAccuracyZhCN = {
  intro:
    '按比例随机抽取下沉干部在期间内采集或修改的人口、户信息，由村（社区）其他账号逐条核查。抽样种子留存，同一期间不能重抽；不符条数计入考核的信息准确率。',
  draw: '抽取样本',
  empty: '还没有核查样本。',
  drawnAt: '抽取于 {{at}}',
  sampleTitle: '核查样本',
  drawnLine: '{{region}}，{{from}} 至 {{to}}，抽取 {{share}}%（每人至少 {{minimum}} 条），种子 {{seed}}',
  cadre: '干部',
  sampled: '抽取条数',
  noEntries: '期间内这些干部没有采集信息，样本为空。',
  check: '核查',
  checkTitle: '核查 {{cadre}} 采集的信息',
  head: '户主',
  result: '核查结果',
  results: { pending: '待核查', match: '相符', mismatch: '不符' },
  wrongFields: '不符的项',
  wrongFieldsRequired: '请选择不符的项。',
  note: '说明',
  entityTypes: { person: '人口', household: '户' },
  fields: {
    name: '姓名',
    sex: '性别',
    idNumber: '身份证号',
    phone: '电话',
    birthDate: '出生日期',
    ethnicity: '民族',
    residenceType: '人员类型',
    address: '地址',
    members: '家庭成员',
    other: '其他',
  },
};

export type CadreAccuracyMessages = typeof cadreAccuracyZhCN;

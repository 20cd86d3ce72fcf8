/**
 * 下沉干部 (the registry of cadres and in-service party members, their attendance on service days with the 点卯
 * flag, and the evaluation line by line), in Chinese. The console merges this object under the `cadres` key of its
 * messages; `cadres.en.ts` has the same keys.
 */
export const cadresZhCN = {
  title: '下沉干部',
  register: '登记干部',
  empty: '暂无下沉干部',
  search: '按姓名查找',
  tabs: { registry: '干部名册', attendance: '服务日考勤', evaluation: '考核评价', reports: '报告' },
  kind: { cadre: '下沉干部', party_member: '在职党员' },
  status: { active: '在岗', ended: '已结束' },
  fields: {
    kind: '类别',
    name: '姓名',
    phone: '手机号',
    unit: '派出单位',
    serviceRegion: '服务社区（村）',
    homeRegion: '居住地社区（村）',
    grid: '包联网格',
    duties: '职责',
    startsOn: '报到日期',
    searchRegion: '输入名称查找',
  },
  card: {
    serves: '服务：{{region}}',
    lives: '居住：{{region}}',
    grid: '网格：{{grid}}',
    noGrid: '未分配网格',
  },
  end: { action: '结束服务', title: '结束 {{name}} 的下沉服务', reason: '原因' },
  attendance: {
    period: '时段',
    serviceDays: '服务日：每周{{days}}，每次 {{hours}} 小时',
    noServiceDay: '所选时段内没有服务日',
    totals: '服务 {{worked}} · 点卯 {{rollCall}} · 缺勤 {{absent}} · 请假 {{leave}}',
    outside: '网格外 {{meters}} 米',
    rollCallHint: '点卯：已签到但当天没有走访、上报、心愿、积分或结对联系记录',
  },
  attendanceStatus: { worked: '已服务', roll_call_only: '点卯', absent: '缺勤', on_leave: '请假', upcoming: '未到' },
  weekdays: { '1': '一', '2': '二', '3': '三', '4': '四', '5': '五', '6': '六', '7': '日' },
  evaluation: {
    rankWithin: { community: '社区内排名', street: '街道内排名', unit: '单位内排名' },
    total: '总分 {{total}}',
    rank: '第 {{rank}} 名',
    indicator: '指标',
    counts: '依据',
    score: '得分',
    weight: '权重',
    points: '折算分',
    noData: '无数据，权重分给其他指标',
    indicators: {
      visitRate: '入户走访率',
      accuracy: '信息准确率',
      satisfaction: '群众满意度',
      attendance: '服务日出勤',
      work: '工作量',
    },
    countNames: {
      visited: '已走访户',
      households: '网格户数',
      checked: '抽查条数',
      mismatched: '不符条数',
      ratings: '评价数',
      average: '平均星级',
      attended: '出勤',
      expected: '应出勤',
      rollCallOnly: '点卯',
      absent: '缺勤',
      onLeave: '请假',
      work: '工作记录',
    },
  },
  grades: { excellent: '优秀', good: '良好', fair: '一般', poor: '较差' },
  errors: { changed: '该干部信息已被他人修改，已为您刷新' },
};

export type CadresMessages = typeof cadresZhCN;

import { casesZhCN } from './cases.zh-CN';

/** The audit log's text. `actions` has a label for every action of `src/shared/audit.ts` (a test checks it). */

// The timeline's overdue entry is what the audit log calls mark_overdue, labelled as such below.
const { overdue: _timelineOnly, ...caseActionLabels } = casesZhCN.action;

export const auditZhCN = {
  title: '审计日志',
  at: '时间',
  actor: '操作人',
  action: '操作',
  entity: '对象',
  outcome: '结果',
  address: 'IP 地址',
  anonymous: '（未登录）',
  /** Background work, which acts with no account (`system:sweep`, `system:cli` in the log). */
  systemActors: { sweep: '系统（超时巡查）', cli: '命令行' },
  allActions: '全部操作',
  actions: {
    session: { sign_in: '登录', sign_out: '退出登录', second_factor: '两步验证' },
    account: {
      create: '创建账号',
      update: '修改账号',
      reset_password: '重置密码',
      change_password: '修改本人密码',
      enrol_second_factor: '启用两步验证',
      reset_second_factor: '重置两步验证',
      read: '查看账号',
    },
    region: { create: '新建区域', update: '修改区域', boundaries_import: '导入边界', read: '查看区域' },
    staff: {
      create: '添加网格人员',
      update: '修改网格人员',
      delete: '移除网格人员',
      reveal_phone: '查看人员完整电话',
      link_account: '关联账号',
      unlink_account: '解除账号关联',
      read: '查看网格人员',
    },
    party_org: { create: '新建党组织', update: '修改党组织', delete: '删除党组织', read: '查看党组织' },
    household: { create: '新建户', update: '修改户', move: '迁移户', delete: '删除户', read: '查看户' },
    person: {
      create: '登记居民',
      update: '修改居民',
      delete: '删除居民',
      read: '查看居民',
      reveal: '查看居民完整信息',
      search_probe: '频繁按号码查找居民（已限制）',
    },
    password_policy: { update: '修改密码规则' },
    place: { create: '新建场所', update: '修改场所', delete: '删除场所', read: '查看场所' },
    registry: { import: '导入台账', export: '导出台账（脱敏）', export_revealed: '导出台账（含敏感信息）' },
    registry_import: { read: '查看台账导入结果' },
    case: {
      // Each action on a case by the name its buttons have.
      ...caseActionLabels,
      report: '上报案件',
      read: '查看案件',
      reveal_phone: '查看报案人完整电话',
      warn: '临期提醒',
      mark_overdue: '标记超期',
      add_photo: '添加照片',
    },
    case_category: { update: '修改事项清单' },
    case_settings: { update: '修改案件设置' },
    visit: { record: '记录走访', read: '查看走访', add_photo: '上传走访照片' },
    visit_purposes: { update: '修改走访事由' },
    need: { create: '登记需求', update: '修改需求状态', read: '查看需求' },
    visit_plan: { update: '修改走访频次' },
    field_work: { export: '导出走访统计' },
  },
  entities: {
    account: '账号',
    region: '区域',
    staff: '网格人员',
    party_org: '党组织',
    household: '户',
    person: '居民',
    place: '场所',
    registry_import: '台账导入',
    case: '案件',
    case_category: '事项清单',
    case_settings: '案件设置',
    visit_plan: '走访频次',
    password_policy: '密码规则',
    visit: '走访',
    visit_purposes: '走访事由',
    need: '需求',
  },
};

export type AuditMessages = typeof auditZhCN;

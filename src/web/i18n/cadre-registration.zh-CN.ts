/**
 * 下沉干部 page: a unit's list uploaded (导入名单), invitations to self-registration with their QR code, and the
 * registrations waiting for the community's approval, in Chinese. Merged under the `cadreRegistration` key;
 * `cadre-registration.en.ts` has the same keys.
 */
export const cadreRegistrationZhCN = {
  import: {
    action: '导入名单',
    title: '导入派出单位名单',
    unit: '派出单位',
    community: '服务社区（村）',
    chooseFile: '选择文件（.xlsx 或 .csv）',
    template: '下载模板',
    templateFileName: '下沉干部名单模板.xlsx',
    templateHelp: '列：姓名（必填）、类别（下沉干部或在职党员）、手机号、网格（本社区网格名称）、职责',
    chooseFirst: '请先选择派出单位和服务社区',
    refused: '名单有 {{count}} 处问题，未导入任何人：请修改后重新上传整个文件',
    imported: '已导入 {{count}} 人',
    nothing: '文件中没有干部',
    row: '行号',
    column: '列',
    problem: '问题',
  },
  invitations: {
    tab: '报名邀请',
    create: '生成邀请',
    community: '服务社区（村）',
    unit: '限定派出单位',
    anyUnit: '不限单位（报名人自选）',
    validDays: '有效天数',
    link: '报名链接',
    expiresAt: '有效期至 {{time}}',
    unitOnly: '限 {{unit}}',
    revoke: '作废',
    revokeConfirm: '作废后，该链接和二维码不能再报名',
    status: { open: '有效', expired: '已过期', revoked: '已作废' },
    empty: '暂无邀请：生成邀请后，把链接或二维码发给要报到的干部',
    qr: '报名二维码',
  },
  registrations: {
    title: '待审核的报名',
    empty: '暂无待审核的报名',
    approve: '通过',
    approveTitle: '通过 {{name}} 的报名',
    gridHint: '可选：{{region}}的一个网格，也可以以后再安排',
    reject: '退回',
    rejectTitle: '退回 {{name}} 的报名',
    rejectReason: '退回原因',
    submitted: '{{time}} 报名',
    serves: '报到：{{region}}',
    lives: '居住：{{region}}',
    approved: '{{name}} 已登记为下沉干部',
  },
};

export type CadreRegistrationMessages = typeof cadreRegistrationZhCN;

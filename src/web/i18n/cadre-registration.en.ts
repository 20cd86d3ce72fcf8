import type { CadreRegistrationMessages } from './cadre-registration.zh-CN';

/** The cadres page's list upload, invitations and registrations, in English (same keys as the Chinese file). */
export const cadreRegistrationEn: CadreRegistrationMessages = {
  import: {
    action: 'Import a list',
    title: 'Import a dispatching unit’s list',
    unit: 'Dispatching unit',
    community: 'Community served',
    chooseFile: 'Choose a file (.xlsx or .csv)',
    template: 'Download the template',
    templateFileName: 'cadre-list-template.xlsx',
    templateHelp:
      'Columns: 姓名 name (required), 类别 kind (下沉干部 cadre or 在职党员 party member), 手机号 mobile, 网格 grid (by ' +
      'name, of this community), 职责 duties',
    chooseFirst: 'Choose the dispatching unit and the community first',
    refused: 'The list has {{count}} problems and nobody was imported: fix them and upload the whole file again',
    imported: '{{count}} imported',
    nothing: 'The file lists nobody',
    row: 'Row',
    column: 'Column',
    problem: 'Problem',
  },
  invitations: {
    tab: 'Invitations',
    create: 'New invitation',
    community: 'Community served',
    unit: 'Only for the unit',
    anyUnit: 'Any unit (the registrant chooses)',
    validDays: 'Valid for (days)',
    link: 'Registration link',
    expiresAt: 'Valid until {{time}}',
    unitOnly: 'Only {{unit}}',
    revoke: 'Revoke',
    revokeConfirm: 'Once revoked, the link and QR code take no more registrations',
    status: { open: 'Open', expired: 'Expired', revoked: 'Revoked' },
    empty: 'No invitation yet: create one and send its link or QR code to the cadres who should register',
    qr: 'Registration QR code',
  },
  registrations: {
    title: 'Registrations waiting for approval',
    empty: 'No registration is waiting',
    approve: 'Approve',
    approveTitle: 'Approve {{name}}’s registration',
    gridHint: 'Optional: one of {{region}}’s grids, or place them later',
    reject: 'Reject',
    rejectTitle: 'Reject {{name}}’s registration',
    rejectReason: 'Reason',
    submitted: 'Registered {{time}}',
    serves: 'Serves: {{region}}',
    lives: 'Lives: {{region}}',
    approved: '{{name}} is registered as a cadre',
  },
};

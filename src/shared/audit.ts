import { caseActions } from './cases.js';
import { wishActions } from './wishes.js';

/**
 * Every action the server writes to the audit log, as `entity.verb`. The server may write only these (the type
 * says so), and a test checks that each has a label in every language, so the log never shows a raw code.
 */
export const auditActions = [
  'session.sign_in',
  'session.sign_out',
  'account.create',
  'account.update',
  'account.reset_password',
  'account.change_password',
  'password_policy.update',
  'account.enrol_second_factor',
  'account.reset_second_factor',
  'session.second_factor',
  'account.read',
  'region.create',
  'region.update',
  'region.boundaries_import',
  'region.read',
  // A grid's QR-code poster for the residents' page, printed (one page a grid of the region).
  'region.print_poster',
  'staff.create',
  'staff.update',
  'staff.delete',
  'staff.reveal_phone',
  'staff.link_account',
  'staff.unlink_account',
  'staff.read',
  'party_org.create',
  'party_org.update',
  'party_org.delete',
  'party_org.read',
  'household.create',
  'household.update',
  'household.move',
  'household.delete',
  'household.read',
  'person.create',
  'person.update',
  'person.delete',
  'person.read',
  'person.reveal',
  // Too many searches by ID number or phone in a row: someone trying numbers.
  'person.search_probe',
  'place.create',
  'place.update',
  'place.delete',
  'place.read',
  // Hazard inspections of places and the county's checklists.
  'inspection.record',
  'inspection.read',
  'inspection.add_photo',
  'inspection_checklist.create',
  'inspection_checklist.update',
  'inspection_checklist.read',
  'registry.import',
  'registry.export',
  'registry.export_revealed',
  'registry_import.read',
  'case.read',
  'case.reveal_phone',
  'case.report',
  // Every action of the case life cycle, as the transition table names it (case.dispatch, case.close …).
  ...caseActions.map((action) => `case.${action}` as const),
  // The sweep's marks on a case: its deadline near, its deadline past.
  'case.warn',
  'case.mark_overdue',
  'case.add_photo',
  'case_category.update',
  'case_settings.update',
  // The operator's `gridlink figures rebuild`: a county's case figures recomputed from its cases.
  'case_figures.rebuild',
  // The sweep's removal of a photo or ledger uploaded for a record that never came.
  'upload.remove_unclaimed',
  // Campaigns (敲门行动 …), their tasks and the county's kinds.
  'campaign.create',
  'campaign.update',
  'campaign.read',
  'campaign.export',
  'campaign_task.create',
  'campaign_task.update',
  'campaign_task.delete',
  'campaign_kind.update',
  'dispute.create',
  'dispute.read',
  'dispute.reveal',
  'dispute.update',
  'dispute.add_session',
  'dispute.settle',
  'dispute.escalate',
  'dispute.withdraw',
  'dispute.add_photo',
  'dispute_kind.update',
  'talk_point.create',
  // The county's visit plan rule, and the coverage and field-work reports downloaded.
  'visit_plan.update',
  'field_work.export',
  'visit.record',
  'visit.read',
  'visit.add_photo',
  'visit_purposes.update',
  'need.create',
  'need.update',
  'need.read',
  // Micro-wishes (微心愿): registration, every step of their life cycle, the fulfilment photo, drives, the wall.
  'wish.create',
  'wish.read',
  ...wishActions.map((action) => `wish.${action}` as const),
  'wish.add_photo',
  'wish.export',
  'wish_drive.create',
  'wish_drive.read',
  'wish_wall.update',
  // The county's units (共建单位).
  'unit.create',
  'unit.update',
  'unit.read',
  // Pairings (结对帮扶), their contacts and the county's kinds.
  'pairing.create',
  'pairing.read',
  'pairing.end',
  'pairing.resume',
  'pairing.record_contact',
  'pairing.export',
  'pairing_kind.update',
  // The moral bank (道德银行): its ledger's entries, the village's decisions, rules, rewards, the county's setting.
  'moral_bank_entry.deposit',
  'moral_bank_entry.approve',
  'moral_bank_entry.refuse',
  'moral_bank_entry.correct',
  'moral_bank_entry.redeem',
  'moral_bank_entry.add_photo',
  'moral_bank_entry.read',
  'moral_bank_rule.create',
  'moral_bank_rule.update',
  'moral_bank_rule.read',
  'moral_bank_reward.create',
  'moral_bank_reward.update',
  'moral_bank_reward.read',
  'moral_bank_settings.update',
  'moral_bank.export',
  // Cadres sent down (下沉干部): registration, grid, transfer, end; check-ins, leave, the county's rules.
  'cadre.create',
  'cadre.read',
  'cadre.assign',
  'cadre.transfer',
  'cadre.end',
  'cadre.check_in',
  'cadre.check_out',
  'cadre_leave.request',
  'cadre_leave.approve',
  'cadre_leave.reject',
  'cadre_leave.read',
  'cadre_settings.update',
  // Reports up the chain on cadres: generated, submitted, approved (locking the period), returned, reopened.
  'cadre_report.generate',
  'cadre_report.submit',
  'cadre_report.approve',
  'cadre_report.return',
  'cadre_report.reopen',
  'cadre_report.read',
  'cadre_report.export',
  // Unannounced spot checks (督查抽查) of cadres and their findings' rectification.
  'spot_check.create',
  'spot_check.record',
  'spot_check.add_photo',
  'spot_check.correct_record',
  'spot_check.read',
  'spot_check_finding.create',
  'spot_check_finding.rectify',
  'spot_check_finding.close',
  'spot_check_finding.correct',
  'spot_check_finding.read',
  // Self-registration by invitation: links made and revoked, registrations sent, approved, rejected.
  'cadre_invitation.create',
  'cadre_invitation.revoke',
  'cadre_invitation.read',
  'cadre_registration.submit',
  'cadre_registration.approve',
  'cadre_registration.reject',
  'cadre_registration.read',
  // Information-accuracy verification: a sample drawn, read, and each sampled entry re-checked.
  'accuracy_sample.draw',
  'accuracy_sample.read',
  'accuracy_check.record',
  'accuracy_check.read',
  'accuracy_settings.update',
  // The console SMS provider's outbox, read in place of a resident's phone.
  'sms_outbox.read',
  // Residents' sign-in (群众端): a code sent by text message.
  'resident_code.send',
  // A text message telling a resident of their case or wish (sent or failed).
  'resident_notice.sms',
  // Party-mass service centres (党群服务中心), their consultation log and the county's consultation kinds.
  'service_centre.create',
  'service_centre.read',
  'service_centre.record_consultation',
  'service_centre.export',
  'consultation_kind.update',
  // Open311 client applications and their keys.
  'open311_client.create',
  'open311_client.revoke',
  // Webhook subscriptions of a county and their deliveries.
  'webhook_subscription.create',
  'webhook_subscription.update',
  'webhook_delivery.resend',
] as const;
export type AuditAction = (typeof auditActions)[number];

/** The kinds of record an audit entry is about. */
export const auditEntityTypes = [
  'account',
  'region',
  'staff',
  'party_org',
  'household',
  'person',
  'place',
  'inspection',
  'inspection_checklist',
  'registry_import',
  'case',
  'case_category',
  'case_settings',
  'campaign',
  'campaign_kind',
  'visit_plan',
  'password_policy',
  'dispute',
  'dispute_kind',
  'talk_point',
  'visit',
  'visit_purposes',
  'need',
  'wish',
  'wish_drive',
  'wish_wall',
  'unit',
  'pairing',
  'pairing_kind',
  'moral_bank_entry',
  'moral_bank_rule',
  'moral_bank_reward',
  'moral_bank_settings',
  'cadre',
  'cadre_leave',
  'cadre_settings',
  'cadre_report',
  'spot_check',
  'spot_check_finding',
  'cadre_invitation',
  'cadre_registration',
  'accuracy_sample',
  'accuracy_check',
  'accuracy_settings',
  'sms_outbox',
  'resident_notice',
  'upload',
  'service_centre',
  'consultation_kind',
  'open311_client',
  'webhook_subscription',
  'webhook_delivery',
] as const;
export type AuditEntityType = (typeof auditEntityTypes)[number];

/**
 * Background work that changes data by itself, with no account: the deadline sweep and the operator's command line.
 * The audit log names each `system:<name>` with no account id, and the console shows it by its label.
 */
export const systemActorNames = ['sweep', 'cli', 'open311'] as const;
export type SystemActorName = (typeof systemActorNames)[number];

/** The system actor an audit entry's username names, if any. */
export function systemActorOf(username: string | null): SystemActorName | undefined {
  return systemActorNames.find((name) => username === `system:${name}`);
}

type EntityRead<Action> = Action extends `${infer Entity}.read` ? Entity : never;
/** Records whose looks from outside the subtree are written as `<entity>.read`, outcome `denied`. */
export type VisibleEntityType = EntityRead<AuditAction>;

export const auditOutcomes = ['success', 'denied', 'failure'] as const;
export type AuditOutcome = (typeof auditOutcomes)[number];

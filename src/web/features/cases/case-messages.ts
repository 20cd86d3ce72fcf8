import type { TFunction } from 'i18next';
import type { CaseTimelineEntry } from '../../../shared/api/cases';
import type { CaseNotification } from '../../../shared/api/notifications';
import { caseEventActions, caseStatuses, type CaseEventAction, type CaseStatus } from '../../../shared/cases';
import { notificationKinds, type NotificationKind } from '../../../shared/notifications';
import { casesZhCN } from '../../i18n/cases.zh-CN';

/**
 * Notifications and timeline entries come from the server as a kind with its parameters, never as a sentence: they
 * are worded here, in the reader's language.
 */

export function isNotificationKind(kind: string): kind is NotificationKind {
  return notificationKinds.includes(kind as NotificationKind);
}

export function isCaseEventAction(action: string): action is CaseEventAction {
  return caseEventActions.includes(action as CaseEventAction);
}

type Step = keyof typeof casesZhCN.notifications.step;

function isStep(value: unknown): value is Step {
  return typeof value === 'string' && Object.hasOwn(casesZhCN.notifications.step, value);
}

function isCaseStatus(value: unknown): value is CaseStatus {
  return caseStatuses.includes(value as CaseStatus);
}

/**
 * A notice's sentence, filled with the case and the step, deadline or status; empty for a kind this console does
 * not know yet. `formatTime` writes an instant in the reader's language.
 */
export function describeNotification(
  t: TFunction,
  { kind, params }: Pick<CaseNotification, 'kind' | 'params'>,
  formatTime: (iso: string) => string,
): string {
  if (!isNotificationKind(kind)) return '';
  return t(`cases.notifications.message.${kind}`, {
    number: params.number,
    regionName: params.regionName,
    action: isStep(params.action) ? t(`cases.notifications.step.${params.action}`) : '',
    deadline: typeof params.deadline === 'string' ? formatTime(params.deadline) : '',
    status: isCaseStatus(params.status) ? t(`cases.status.${params.status}`) : '',
    helperName: params.helperName,
    dueOn: params.dueOn,
    content: params.content,
    promisedOn: params.promisedOn,
    subjectName: params.subjectName,
    period: params.period,
    comment: params.comment,
  });
}

/** What a timeline entry records, by name; an action this console does not know yet, as the server names it. */
export function timelineActionLabel(t: TFunction, action: string): string {
  return isCaseEventAction(action) ? t(`cases.action.${action}`) : action;
}

/** What an entry's author wrote, or for an escalation at the deadline, which nobody wrote, why it happened. */
export function timelineNote(t: TFunction, entry: Pick<CaseTimelineEntry, 'action' | 'note' | 'details'>) {
  if (entry.action === 'escalate' && entry.details?.isAutomatic === true) {
    return t('cases.detail.automaticEscalation');
  }
  return entry.note;
}

import { App, Form, Input, Rate, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { caseTransitions, type CaseAction, type CaseActionInput } from '../../../shared/cases';
import type { Case } from '../../../shared/api/cases';
import { isApiError } from '../../api/client';
import { FormModal } from '../../components/form-modal';
import { useDebouncedValue } from '../../components/use-debounced-value';
import { useCaseAssignees, useCases, useItemName, useTransitionCase } from './cases-api';

type ActionValues = {
  reason?: string;
  note?: string;
  result?: string;
  rating?: number;
  assigneeId?: string;
  duplicateOfId?: string;
  /** As a datetime-local input gives it: the user's own clock, to the minute. */
  deadline?: string;
};

type SelectProps = { value?: string; onChange?: (value: string) => void };

/**
 * Whom to dispatch to, found by typing a name: the people the server lists for the case (its grid's leader, members
 * and sunk cadres, and the staff up to its level), each shown with their grid and role.
 */
function AssigneeSelect({ record, value, onChange }: SelectProps & { record: Case }) {
  const { t } = useTranslation();
  const assignees = useCaseAssignees(record.id);
  return (
    <Select
      value={value}
      onChange={onChange}
      showSearch={{ optionFilterProp: 'name' }}
      loading={assignees.isPending}
      placeholder={t('cases.form.searchAssignee')}
      options={(assignees.data ?? []).map((assignee) => ({
        value: assignee.accountId,
        name: assignee.name,
        label: t('cases.form.assigneeOption', {
          name: assignee.name,
          region: assignee.regionName,
          role: t(`role.${assignee.role}`),
        }),
      }))}
      data-testid="action-assignee"
    />
  );
}

/** "2026-12-06T18:30", the form a datetime-local input takes, on the browser's clock. */
function localDateTime(instant: Date): string {
  const local = new Date(instant.getTime() - instant.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

/** The original of a duplicate: the grid's newest cases, or the case whose number is typed. */
function DuplicateSelect({ record, value, onChange }: SelectProps & { record: Case }) {
  const { t } = useTranslation();
  const itemName = useItemName();
  const [typed, setTyped] = useState('');
  const number = useDebouncedValue(typed.trim());
  const cases = useCases({ regionId: record.regionId, number: number || undefined });
  return (
    <Select
      value={value}
      onChange={onChange}
      showSearch={{ filterOption: false, onSearch: setTyped }}
      loading={cases.isPending}
      placeholder={t('cases.form.searchCase')}
      options={cases.items
        .filter((other) => other.id !== record.id && other.status !== 'merged')
        .map((other) => ({
          value: other.id,
          label: `${other.number} · ${itemName(other)} · ${other.description.slice(0, 30)}`,
        }))}
      data-testid="action-duplicate"
    />
  );
}

/** The fields an action asks for, as `caseTransitions[action].needs` lists them. */
function ActionField({ need, record }: { need: CaseActionInput; record: Case }) {
  const { t } = useTranslation();
  switch (need) {
    case 'reason':
      return (
        <Form.Item
          name="reason"
          label={t('cases.form.reason')}
          rules={[{ required: true, whitespace: true, min: 2, message: t('cases.form.reasonRequired') }, { max: 2000 }]}
        >
          <Input.TextArea rows={3} autoFocus maxLength={2000} data-testid="action-reason" />
        </Form.Item>
      );
    case 'note':
      return (
        <Form.Item
          name="note"
          label={t('cases.form.note')}
          rules={[{ required: true, whitespace: true, message: t('cases.form.noteRequired') }, { max: 4000 }]}
        >
          <Input.TextArea rows={3} autoFocus maxLength={4000} data-testid="action-note" />
        </Form.Item>
      );
    case 'result':
      return (
        <Form.Item
          name="result"
          label={t('cases.form.result')}
          rules={[{ required: true, whitespace: true, min: 2, message: t('cases.form.resultRequired') }, { max: 4000 }]}
        >
          <Input.TextArea rows={4} autoFocus maxLength={4000} data-testid="action-result" />
        </Form.Item>
      );
    case 'rating':
      return <RatingField isRequired />;
    case 'assignee':
      return (
        <Form.Item
          name="assigneeId"
          label={t('cases.form.assignee')}
          rules={[{ required: true, message: t('cases.form.assigneeRequired') }]}
        >
          <AssigneeSelect record={record} />
        </Form.Item>
      );
    case 'deadline':
      // The server holds it to after now and no later than the deadline running.
      return (
        <Form.Item
          name="deadline"
          label={t('cases.form.deadline')}
          extra={t('cases.form.deadlineHint')}
          rules={[{ required: true, message: t('cases.form.deadlineRequired') }]}
        >
          <Input
            type="datetime-local"
            min={localDateTime(new Date())}
            max={record.deadline && !record.isOverdue ? localDateTime(new Date(record.deadline)) : undefined}
            data-testid="action-deadline"
          />
        </Form.Item>
      );
    case 'duplicateOf':
      return (
        <Form.Item
          name="duplicateOfId"
          label={t('cases.form.duplicateOf')}
          rules={[{ required: true, message: t('cases.form.duplicateOfRequired') }]}
        >
          <DuplicateSelect record={record} />
        </Form.Item>
      );
  }
}

function RatingField({ isRequired }: { isRequired: boolean }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name="rating"
      label={isRequired ? t('cases.form.rating') : t('cases.form.ratingOptional')}
      rules={isRequired ? [{ required: true, message: t('cases.form.ratingRequired') }] : []}
    >
      <Rate data-testid="action-rating" />
    </Form.Item>
  );
}

/**
 * The form of one action on a case: the inputs it needs, and the case's version, so that the server refuses it
 * (and the page reloads) when someone acted first. A verification may carry the resident's rating too.
 */
export function CaseActionModal({
  record,
  action,
  onClose,
}: {
  record: Case;
  action: CaseAction | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const itemName = useItemName();
  const transition = useTransitionCase(record.id);
  const needs = action ? caseTransitions[action].needs : [];
  const label = action ? t(`cases.action.${action}`) : '';

  const submit = async (values: ActionValues) => {
    if (!action) return;
    try {
      await transition.mutateAsync({
        action,
        version: record.version,
        reason: values.reason?.trim(),
        note: values.note?.trim(),
        result: values.result?.trim(),
        rating: values.rating || undefined,
        assigneeId: values.assigneeId,
        duplicateOfId: values.duplicateOfId,
        deadline: values.deadline ? new Date(values.deadline).toISOString() : undefined,
      });
    } catch (error) {
      // Someone acted first: the page has been reloaded with what one may do now, so this form is out of date.
      if (isApiError(error) && error.code === 'case_changed') return;
      throw error;
    }
    void message.success(t('cases.detail.actionDone', { action: label }));
  };

  return (
    <FormModal<ActionValues>
      title={`${label} · ${record.number}`}
      open={action !== undefined}
      onClose={onClose}
      onSubmit={submit}
      testId="case-action"
    >
      <Typography.Paragraph type="secondary">
        {itemName(record)} · {record.regionName}
      </Typography.Paragraph>
      {needs.map((need) => (
        <ActionField key={need} need={need} record={record} />
      ))}
      {action === 'verify' ? <RatingField isRequired={false} /> : null}
    </FormModal>
  );
}

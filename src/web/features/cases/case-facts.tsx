import { EyeOutlined } from '@ant-design/icons';
import { Button, Descriptions, Rate, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Case } from '../../../shared/api/cases';
import { formatDateTime } from '../../i18n';
import { CaseDeadline } from './case-tags';
import { useCan } from '../session/session-api';
import { ReasonModal } from '../registry/reason-modal';
import { revealResidentPhone, useItemName } from './cases-api';

/** The resident's phone, masked; a role that may see it in full asks, giving a reason (audited). */
function ResidentPhone({ record }: { record: Case }) {
  const { t } = useTranslation();
  const can = useCan();
  const [isAsking, setAsking] = useState(false);
  const [revealed, setRevealed] = useState<{ id: string; phone: string | null }>();
  const phone = revealed?.id === record.id ? revealed.phone : record.residentPhone;
  return (
    <Space size={4} wrap>
      <span data-testid="case-resident-phone">{phone}</span>
      {can('sensitive.read') && revealed?.id !== record.id ? (
        <Button size="small" type="link" icon={<EyeOutlined />} onClick={() => setAsking(true)}>
          {t('cases.revealPhone.button')}
        </Button>
      ) : null}
      <ReasonModal
        title={t('cases.revealPhone.title')}
        explanation={t('cases.revealPhone.explanation')}
        open={isAsking}
        onClose={() => setAsking(false)}
        onSubmit={(reason) =>
          revealResidentPhone(record.id, reason).then((full) => {
            setRevealed({ id: record.id, phone: full });
            setAsking(false);
          })
        }
      />
    </Space>
  );
}

/** What is known of a case: what, where, who, by when, and how it ended. */
export function CaseFacts({ record }: { record: Case }) {
  const { t } = useTranslation();
  const itemName = useItemName();
  const none = t('common.none');
  return (
    <Descriptions
      size="small"
      bordered
      column={{ xs: 1, sm: 1, md: 2 }}
      data-testid="case-facts"
      items={[
        {
          key: 'description',
          label: t('cases.field.description'),
          span: 'filled',
          children: <Typography.Text className="case-description">{record.description}</Typography.Text>,
        },
        { key: 'category', label: t('cases.field.category'), children: itemName(record) },
        // The answers to the item's extra questions, under the questions' names as they were when reported.
        ...record.attributes.map((answer) => ({
          key: `attribute-${answer.code}`,
          label: answer.name,
          children: <span data-testid={`case-attribute-${answer.code}`}>{answer.text}</span>,
        })),
        { key: 'kind', label: t('cases.field.kind'), children: t(`cases.kind.${record.kind}`) },
        { key: 'tier', label: t('cases.field.tier'), children: t(`cases.tier.${record.tier}`) },
        { key: 'source', label: t('cases.field.source'), children: t(`cases.source.${record.source}`) },
        {
          key: 'level',
          label: t('cases.field.level'),
          children: <span data-testid="case-level">{t(`cases.level.${record.level}`)}</span>,
        },
        { key: 'grid', label: t('cases.field.grid'), children: record.regionName },
        { key: 'address', label: t('cases.field.address'), children: record.address || none },
        { key: 'resident', label: t('cases.field.resident'), children: record.residentName ?? none },
        ...(record.residentPhone
          ? [
              {
                key: 'residentPhone',
                label: t('cases.field.residentPhone'),
                children: <ResidentPhone record={record} />,
              },
            ]
          : []),
        { key: 'reporter', label: t('cases.field.reporter'), children: record.reporterName ?? none },
        { key: 'reportedAt', label: t('cases.field.reportedAt'), children: formatDateTime(record.reportedAt) },
        { key: 'deadline', label: t('cases.field.deadline'), children: <CaseDeadline record={record} /> },
        ...(record.urgedAt
          ? [
              {
                key: 'urged',
                label: t('cases.field.urged'),
                children: t('cases.field.urgedValue', {
                  count: record.urgedCount,
                  at: formatDateTime(record.urgedAt),
                }),
              },
            ]
          : []),
        { key: 'assignee', label: t('cases.field.assignee'), children: record.assigneeName ?? none },
        ...(record.department
          ? [{ key: 'department', label: t('cases.field.department'), children: record.department }]
          : []),
        ...(record.result
          ? [
              {
                key: 'result',
                label: t('cases.field.result'),
                span: 'filled' as const,
                children: <Typography.Text className="case-description">{record.result}</Typography.Text>,
              },
            ]
          : []),
        ...(record.closedAt
          ? [{ key: 'closedAt', label: t('cases.field.closedAt'), children: formatDateTime(record.closedAt) }]
          : []),
        ...(record.rating !== null
          ? [{ key: 'rating', label: t('cases.field.rating'), children: <Rate disabled value={record.rating} /> }]
          : []),
      ]}
    />
  );
}

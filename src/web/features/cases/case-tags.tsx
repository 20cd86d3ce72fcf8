import { ClockCircleOutlined } from '@ant-design/icons';
import { Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseStatus } from '../../../shared/cases';
import type { Case } from '../../../shared/api/cases';
import { formatDateTime } from '../../i18n';

// Waiting for someone stands out in warm colours; finished cases are green, set-aside ones grey.
const statusColors: Record<CaseStatus, string> = {
  reported: 'orange',
  accepted: 'blue',
  dispatched: 'geekblue',
  in_progress: 'processing',
  handled: 'cyan',
  verified: 'lime',
  closed: 'green',
  returned: 'magenta',
  parked: 'default',
  merged: 'default',
};

export function CaseStatusTag({ status }: { status: CaseStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColors[status]} data-testid="case-status">
      {t(`cases.status.${status}`)}
    </Tag>
  );
}

/** 督办: marked on a case a level above pressed for, with how often. */
export function CaseUrgedTag({ record }: { record: Pick<Case, 'urgedCount'> }) {
  const { t } = useTranslation();
  if (record.urgedCount === 0) return null;
  return (
    <Tag color="volcano" data-testid="case-urged">
      {record.urgedCount === 1 ? t('cases.inbox.urgedMark') : t('cases.inbox.urgedTimes', { count: record.urgedCount })}
    </Tag>
  );
}

/** The deadline, marked in red once it has passed on an open case. */
export function CaseDeadline({ record }: { record: Pick<Case, 'deadline' | 'isOverdue'> }) {
  const { t } = useTranslation();
  if (!record.deadline) return <Typography.Text type="secondary">{t('cases.inbox.noDeadline')}</Typography.Text>;
  return (
    <Space size={4} wrap>
      <Typography.Text type={record.isOverdue ? 'danger' : undefined}>
        <ClockCircleOutlined /> {formatDateTime(record.deadline)}
      </Typography.Text>
      {record.isOverdue ? (
        <Tag color="red" data-testid="case-overdue">
          {t('cases.inbox.overdueMark')}
        </Tag>
      ) : null}
    </Space>
  );
}

import { EnvironmentOutlined } from '@ant-design/icons';
import { Empty, Flex, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { RecordCard } from '../../components/record-card';
import { useNavigate } from 'react-router-dom';
import type { Case } from '../../../shared/api/cases';
import { formatDateTime } from '../../i18n';
import { CaseDeadline, CaseStatusTag, CaseUrgedTag } from './case-tags';
import { useItemName } from './cases-api';

function CaseCard({ record, onOpen }: { record: Case; onOpen: () => void }) {
  const { t } = useTranslation();
  const itemName = useItemName();
  return (
    <RecordCard onOpen={onOpen} data-testid="case-card" data-case-number={record.number}>
      <Space orientation="vertical" size={4} className="full-width">
        <Flex justify="space-between" align="center" gap={8} wrap>
          <Typography.Text strong>{itemName(record)}</Typography.Text>
          <span>
            <CaseUrgedTag record={record} />
            <CaseStatusTag status={record.status} />
          </span>
        </Flex>
        <Typography.Text type="secondary" copyable={false}>
          {record.number} · {t(`cases.level.${record.level}`)}
        </Typography.Text>
        <Typography.Paragraph ellipsis={{ rows: 2 }} className="case-description">
          {record.description}
        </Typography.Paragraph>
        <Typography.Text type="secondary">
          <EnvironmentOutlined /> {record.regionName}
        </Typography.Text>
        <Flex justify="space-between" align="center" gap={8} wrap>
          <CaseDeadline record={record} />
          <Typography.Text type="secondary">{formatDateTime(record.reportedAt)}</Typography.Text>
        </Flex>
      </Space>
    </RecordCard>
  );
}

/** Cases as cards (a column on a phone, a grid on a desktop); each opens its case page. */
export function CaseList({ items, isLoading = false }: { items: Case[]; isLoading?: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  if (items.length === 0 && !isLoading) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.inbox.empty')} />;
  }
  return (
    <div className="case-list" data-testid="case-list">
      {items.map((record) => (
        <CaseCard key={record.id} record={record} onOpen={() => void navigate(`/cases/${record.id}`)} />
      ))}
    </div>
  );
}

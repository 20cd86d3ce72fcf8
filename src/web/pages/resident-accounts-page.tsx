import { App, Button, Flex, Input, Popconfirm, Segmented, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResidentAccount } from '../../shared/api/resident-accounts';
import { describeError } from '../api/errors';
import { PageCard } from '../components/page-card';
import { QueryState } from '../components/query-state';
import { useResidentAccounts, useSetResidentEnabled } from '../features/resident-accounts/resident-accounts-api';
import { formatDateTime } from '../i18n';

type StatusFilter = 'all' | 'enabled' | 'disabled';

/**
 * 群众账号: the residents of one's area who signed in to the residents' page (phones masked), their grid, whether
 * the phone matched a registry person, their last sign-in and cases; one who abuses the channel is disabled here.
 */
export default function ResidentAccountsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [text, setText] = useState('');
  const [status, setStatus] = useState<StatusFilter>('all');
  const residents = useResidentAccounts({
    q: text.trim() || undefined,
    isEnabled: status === 'all' ? undefined : status === 'enabled',
  });
  const setEnabled = useSetResidentEnabled();

  const toggle = async (resident: ResidentAccount) => {
    try {
      await setEnabled.mutateAsync({ id: resident.id, isEnabled: !resident.isEnabled });
      void message.success(t(resident.isEnabled ? 'residentAccounts.disabled' : 'residentAccounts.enabled'));
    } catch (error) {
      void message.error(describeError(error).title);
    }
  };

  const columns: TableColumnsType<ResidentAccount> = [
    { title: t('residentAccounts.name'), dataIndex: 'displayName' },
    { title: t('residentAccounts.phone'), dataIndex: 'phone' },
    {
      title: t('residentAccounts.grid'),
      render: (_, resident) => resident.grid?.name ?? <Tag>{t('residentAccounts.guest')}</Tag>,
    },
    {
      title: t('residentAccounts.registryPerson'),
      render: (_, resident) => t(resident.isRegistryPerson ? 'residentAccounts.yes' : 'residentAccounts.no'),
    },
    {
      title: t('residentAccounts.lastSignIn'),
      dataIndex: 'lastSignInAt',
      render: (value: string | null) => formatDateTime(value),
    },
    { title: t('residentAccounts.cases'), dataIndex: 'caseCount', align: 'right' },
    {
      title: t('residentAccounts.status'),
      render: (_, resident) =>
        resident.isEnabled ? (
          <Tag color="green">{t('residentAccounts.active')}</Tag>
        ) : (
          <Tag color="red">{t('residentAccounts.inactive')}</Tag>
        ),
    },
    {
      title: t('residentAccounts.actions'),
      render: (_, resident) => (
        <Popconfirm
          title={t(resident.isEnabled ? 'residentAccounts.confirmDisable' : 'residentAccounts.confirmEnable')}
          onConfirm={() => toggle(resident)}
        >
          <Button size="small" danger={resident.isEnabled} data-testid={`toggle-resident-${resident.id}`}>
            {t(resident.isEnabled ? 'residentAccounts.disable' : 'residentAccounts.enable')}
          </Button>
        </Popconfirm>
      ),
    },
  ];

  return (
    <PageCard title={t('residentAccounts.title')} testId="resident-accounts-page">
      <Typography.Paragraph type="secondary">{t('residentAccounts.intro')}</Typography.Paragraph>
      <Flex wrap gap={12} className="page-filters">
        <Input.Search
          allowClear
          placeholder={t('residentAccounts.search')}
          onSearch={setText}
          style={{ maxWidth: 280 }}
          data-testid="resident-search"
        />
        <Segmented<StatusFilter>
          value={status}
          onChange={setStatus}
          options={[
            { value: 'all', label: t('residentAccounts.all') },
            { value: 'enabled', label: t('residentAccounts.active') },
            { value: 'disabled', label: t('residentAccounts.inactive') },
          ]}
        />
      </Flex>
      <QueryState query={residents}>
        {() => (
          <>
            <Table<ResidentAccount>
              rowKey="id"
              size="small"
              columns={columns}
              dataSource={residents.data?.items ?? []}
              pagination={{ pageSize: 50, hideOnSinglePage: true }}
              scroll={{ x: 'max-content' }}
            />
            {residents.data?.nextCursor ? (
              <Typography.Text type="secondary">{t('residentAccounts.more')}</Typography.Text>
            ) : null}
          </>
        )}
      </QueryState>
    </PageCard>
  );
}

import { EditOutlined, KeyOutlined, PlusOutlined, SafetyOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Input, Popconfirm, Space, Switch, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { canGrant, type Role } from '../../shared/policy';
import { LoadMore, QueryState } from '../components/query-state';
import { TableAction } from '../components/table-action';
import { useDebouncedValue } from '../components/use-debounced-value';
import { useIsPhone } from '../components/use-is-phone';
import type { Account } from '../../shared/api/accounts';
import { useAccounts, useResetSecondFactor, useUpdateAccount } from '../features/accounts/accounts-api';
import { AccountFormModal, type AccountFormTarget } from '../features/accounts/account-form-modal';
import { PasswordModal } from '../features/accounts/password-modal';
import { useCan, useSignedInSession } from '../features/session/session-api';
import { formatDateTime } from '../i18n';

/** 账号管理: who can sign in, with which role and over which region. */
export default function AccountsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSignedInSession();
  const can = useCan();
  // Fixed columns would leave a phone screen almost no room for the scrolling ones.
  const isPhone = useIsPhone();
  const [searchText, setSearchText] = useState('');
  const accounts = useAccounts(useDebouncedValue(searchText.trim().slice(0, 50)));
  const updateAccount = useUpdateAccount();
  const resetSecondFactor = useResetSecondFactor();
  const [formTarget, setFormTarget] = useState<AccountFormTarget>();
  const [passwordTarget, setPasswordTarget] = useState<Account>();

  // One may manage accounts of one's own rank or below, and never switch oneself off.
  const canManage = (account: Account) => can('account.write') && canGrant(session.role, account.role);

  const columns: TableColumnsType<Account> = [
    { title: t('accounts.username'), dataIndex: 'username', fixed: isPhone ? undefined : 'start' },
    { title: t('accounts.displayName'), dataIndex: 'displayName' },
    {
      title: t('accounts.role'),
      dataIndex: 'role',
      render: (role: Role) => <Tag color="red">{t(`role.${role}`)}</Tag>,
    },
    {
      title: t('accounts.region'),
      dataIndex: 'regionName',
      // A dispatching unit's account: its unit, in its county.
      render: (name: string | null, account) =>
        account.unit ? `${account.unit.name}（${name}）` : (name ?? t('header.wholeSystem')),
    },
    {
      title: t('accounts.enabled'),
      dataIndex: 'isEnabled',
      render: (isEnabled: boolean, account) => (
        <Switch
          size="small"
          checked={isEnabled}
          disabled={!canManage(account) || account.id === session.user.id}
          loading={updateAccount.isPending && updateAccount.variables.id === account.id}
          onChange={(checked) =>
            updateAccount.mutate(
              { id: account.id, isEnabled: checked },
              { onSuccess: () => void message.success(t('accounts.enabledChanged')) },
            )
          }
        />
      ),
    },
    {
      title: t('secondFactor.column'),
      dataIndex: 'hasSecondFactor',
      render: (hasSecondFactor: boolean) =>
        hasSecondFactor ? <Tag color="green">{t('secondFactor.on')}</Tag> : <Tag>{t('secondFactor.off')}</Tag>,
    },
    {
      title: t('accounts.lastSignInAt'),
      dataIndex: 'lastSignInAt',
      render: (at: string | null) => (at ? formatDateTime(at) : t('accounts.never')),
    },
    { title: t('accounts.createdAt'), dataIndex: 'createdAt', render: (at: string) => formatDateTime(at) },
    ...(can('account.write')
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            fixed: isPhone ? undefined : ('end' as const),
            render: (_: unknown, account: Account) =>
              canManage(account) ? (
                <Space size={0}>
                  <TableAction
                    icon={<EditOutlined />}
                    label={t('common.edit')}
                    onClick={() => setFormTarget({ mode: 'edit', account })}
                  />
                  <TableAction
                    icon={<KeyOutlined />}
                    label={t('accounts.resetPassword')}
                    onClick={() => setPasswordTarget(account)}
                  />
                  {account.hasSecondFactor ? (
                    <Popconfirm
                      title={t('secondFactor.resetConfirm', { name: account.displayName })}
                      onConfirm={() =>
                        resetSecondFactor
                          .mutateAsync(account.id)
                          .then(() => void message.success(t('secondFactor.resetDone')))
                      }
                    >
                      <TableAction
                        icon={<SafetyOutlined />}
                        label={t('secondFactor.reset')}
                        data-testid={`reset-second-factor-${account.username}`}
                      />
                    </Popconfirm>
                  ) : null}
                </Space>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <Card
      title={t('accounts.title')}
      extra={
        can('account.write') ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setFormTarget({ mode: 'create' })}
            data-testid="create-account"
          >
            {t('accounts.create')}
          </Button>
        ) : null
      }
    >
      <Flex className="table-toolbar">
        <Input.Search
          allowClear
          placeholder={t('accounts.searchPlaceholder')}
          value={searchText}
          onChange={(event) => setSearchText(event.target.value)}
          className="table-search"
        />
      </Flex>
      <QueryState query={accounts}>
        {() => (
          <div data-testid="accounts-table">
            <Table<Account>
              rowKey="id"
              columns={columns}
              dataSource={accounts.items}
              pagination={false}
              scroll={{ x: 'max-content' }}
            />
            <LoadMore list={accounts} />
          </div>
        )}
      </QueryState>
      <AccountFormModal target={formTarget} onClose={() => setFormTarget(undefined)} />
      <PasswordModal account={passwordTarget} onClose={() => setPasswordTarget(undefined)} />
    </Card>
  );
}

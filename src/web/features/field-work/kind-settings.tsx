import { EditOutlined, PlusOutlined, StopOutlined, UndoOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Space, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/form-modal';
import { PageCard } from '../../components/page-card';
import { QueryState } from '../../components/query-state';
import { TableAction } from '../../components/table-action';
import { useIsPhone } from '../../components/use-is-phone';
import { CaseCountyPicker } from '../cases/case-county';

/**
 * A kind of a county's list (campaign kinds, dispute kinds, visit purposes) as the settings screen shows it; a list
 * whose kinds may be sensitive (visit purposes) says so, and which are sensitive whatever the county says.
 */
export type KindRow = {
  code: string;
  nameZh: string;
  nameEn: string;
  isActive: boolean;
  isDefault: boolean;
  isSensitive?: boolean;
  isAlwaysSensitive?: boolean;
};

/** What the server takes to add, rename or retire a kind (`PUT /…-kinds/{code}`). */
export type KindInput = { code: string; nameZh: string; nameEn: string; isActive: boolean; isSensitive?: boolean };

// As the server's pattern for kind codes (campaignKindCodePattern, disputeKindCodePattern).
const codePattern = /^[a-z][a-z0-9_]{1,39}$/;

type Target = { mode: 'create' } | { mode: 'edit'; kind: KindRow };

function KindFormModal({
  target,
  hasSensitivity,
  onSave,
  onClose,
}: {
  target: Target | undefined;
  hasSensitivity: boolean;
  onSave: (input: KindInput) => Promise<unknown>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const kind = target?.mode === 'edit' ? target.kind : undefined;
  const required = (field: string) => [{ required: true, whitespace: true, message: t('common.required', { field }) }];
  return (
    <FormModal<KindInput>
      title={kind ? t('fieldWork.kinds.edit') : t('fieldWork.kinds.add')}
      open={target !== undefined}
      onClose={onClose}
      onSubmit={(values) =>
        onSave({
          code: kind?.code ?? values.code.trim(),
          nameZh: values.nameZh.trim(),
          nameEn: values.nameEn.trim(),
          isActive: values.isActive,
          ...(hasSensitivity ? { isSensitive: values.isSensitive ?? false } : {}),
        })
      }
      initialValues={kind ?? { isActive: true, isSensitive: false }}
      testId="kind-form"
    >
      {kind ? null : (
        <Form.Item
          name="code"
          label={t('fieldWork.kinds.code')}
          extra={t('fieldWork.kinds.codeRule')}
          rules={[
            ...required(t('fieldWork.kinds.code')),
            { pattern: codePattern, message: t('fieldWork.kinds.codeRule') },
          ]}
        >
          <Input autoFocus maxLength={40} data-testid="kind-code" />
        </Form.Item>
      )}
      <Form.Item name="nameZh" label={t('fieldWork.kinds.nameZh')} rules={[...required(t('fieldWork.kinds.nameZh'))]}>
        <Input maxLength={40} data-testid="kind-name-zh" />
      </Form.Item>
      <Form.Item name="nameEn" label={t('fieldWork.kinds.nameEn')} rules={[...required(t('fieldWork.kinds.nameEn'))]}>
        <Input maxLength={60} data-testid="kind-name-en" />
      </Form.Item>
      <Form.Item
        name="isActive"
        label={t('fieldWork.kinds.active')}
        valuePropName="checked"
        extra={t('fieldWork.kinds.retireHint')}
      >
        <Switch data-testid="kind-active" />
      </Form.Item>
      {hasSensitivity ? (
        <Form.Item
          name="isSensitive"
          label={t('fieldWork.kinds.sensitive')}
          valuePropName="checked"
          extra={kind?.isAlwaysSensitive ? t('fieldWork.kinds.alwaysSensitive') : t('fieldWork.kinds.sensitiveHint')}
        >
          <Switch disabled={kind?.isAlwaysSensitive} data-testid="kind-sensitive" />
        </Form.Item>
      ) : null}
    </FormModal>
  );
}

/**
 * A county's list of kinds (活动类型, 纠纷类型): the defaults as the county named them and its own, each renamed in both
 * languages, retired or brought back; an administrator chooses the county first. Both lists are edited the same way,
 * so the two settings screens share this one.
 */
export function KindSettings({
  title,
  query,
  kinds,
  onSave,
  back,
  testId,
  hasSensitivity = false,
}: {
  title: string;
  /** The list's query: its spinner and its error. */
  query: Parameters<typeof QueryState>[0]['query'];
  kinds: KindRow[];
  onSave: (input: KindInput) => Promise<unknown>;
  /** The way back to the list the kinds belong to. */
  back: ReactNode;
  testId: string;
  /** Whether the list's kinds may be marked sensitive (visit purposes: their findings are then hidden). */
  hasSensitivity?: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isPhone = useIsPhone();
  const [target, setTarget] = useState<Target>();
  const save = async (input: KindInput) => {
    await onSave(input);
    void message.success(t('common.saved'));
  };

  const columns: TableColumnsType<KindRow> = [
    {
      title: t('fieldWork.kinds.nameZh'),
      key: 'name',
      render: (_: unknown, kind) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{kind.nameZh}</Typography.Text>
          {isPhone ? <Typography.Text type="secondary">{kind.nameEn}</Typography.Text> : null}
        </Space>
      ),
    },
    ...(isPhone ? [] : [{ title: t('fieldWork.kinds.nameEn'), dataIndex: 'nameEn' }]),
    ...(isPhone
      ? []
      : [
          {
            title: t('fieldWork.kinds.code'),
            key: 'code',
            render: (_: unknown, kind: KindRow) => (
              <Space size={4} wrap>
                <Typography.Text code>{kind.code}</Typography.Text>
                <Typography.Text type="secondary">
                  {kind.isDefault ? t('fieldWork.kinds.isDefault') : t('fieldWork.kinds.own')}
                </Typography.Text>
              </Space>
            ),
          },
        ]),
    {
      title: t('fieldWork.kinds.status'),
      key: 'status',
      render: (_: unknown, kind) => (
        <Space size={4} wrap>
          {kind.isActive ? (
            <Tag color="green">{t('fieldWork.kinds.active')}</Tag>
          ) : (
            <Tag>{t('fieldWork.kinds.retired')}</Tag>
          )}
          {kind.isSensitive ? <Tag color="red">{t('fieldWork.kinds.sensitive')}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_: unknown, kind) => (
        <Space size={0}>
          <TableAction
            icon={<EditOutlined />}
            label={t('common.edit')}
            onClick={() => setTarget({ mode: 'edit', kind })}
            data-testid={`edit-kind-${kind.code}`}
          />
          <TableAction
            icon={kind.isActive ? <StopOutlined /> : <UndoOutlined />}
            label={kind.isActive ? t('fieldWork.kinds.retire') : t('fieldWork.kinds.restore')}
            onClick={() => void save({ ...kind, isActive: !kind.isActive }).catch(() => undefined)}
            data-testid={`toggle-kind-${kind.code}`}
          />
        </Space>
      ),
    },
  ];

  return (
    <PageCard
      title={title}
      testId={testId}
      actions={
        <Space wrap>
          {back}
          <CaseCountyPicker />
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setTarget({ mode: 'create' })}
            data-testid="add-kind"
          >
            {t('fieldWork.kinds.add')}
          </Button>
        </Space>
      }
    >
      <QueryState query={query}>
        {() => (
          <Table<KindRow>
            rowKey="code"
            size="middle"
            columns={columns}
            dataSource={kinds}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('fieldWork.kinds.empty') }}
            data-testid="kind-table"
          />
        )}
      </QueryState>
      <KindFormModal
        target={target}
        hasSensitivity={hasSensitivity}
        onSave={save}
        onClose={() => setTarget(undefined)}
      />
    </PageCard>
  );
}

import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Space,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CreatedOpen311Client, Open311Client } from '../../shared/api/open311';
import { FormModal } from '../components/form-modal';
import { PageCard } from '../components/page-card';
import { QueryState } from '../components/query-state';
import { CaseCountyPicker, useCaseCounty } from '../features/cases/case-county';
import { useAddOpen311Client, useOpen311Clients, useRevokeOpen311Client } from '../features/open311/open311-api';
import { formatDateTime } from '../i18n';

type ClientValues = { name: string; requestsPerMinute: number };

/**
 * Open311 接入: what a FixMyStreet administrator enters (the endpoint with its trailing slash, the jurisdiction), the
 * county's client applications, a new key shown once, and revoking a key.
 */
export default function Open311Page() {
  const { t } = useTranslation();
  const { countyId, isReady } = useCaseCounty();
  const clients = useOpen311Clients(countyId, isReady);
  const add = useAddOpen311Client(countyId);
  const revoke = useRevokeOpen311Client(countyId);
  const [isAdding, setAdding] = useState(false);
  const [created, setCreated] = useState<CreatedOpen311Client>();

  const columns: TableColumnsType<Open311Client> = [
    { title: t('open311.name'), dataIndex: 'name' },
    { title: t('open311.keyPrefix'), dataIndex: 'keyPrefix', render: (prefix: string) => <code>{prefix}…</code> },
    { title: t('open311.requestsPerMinute'), dataIndex: 'requestsPerMinute' },
    { title: t('open311.createdAt'), dataIndex: 'createdAt', render: (at: string) => formatDateTime(at) },
    {
      title: t('open311.state'),
      key: 'state',
      render: (_: unknown, client) =>
        client.revokedAt === null ? <Tag color="green">{t('open311.active')}</Tag> : <Tag>{t('open311.revoked')}</Tag>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_: unknown, client) =>
        client.revokedAt === null ? (
          <Popconfirm title={t('open311.revokeConfirm')} onConfirm={() => revoke.mutateAsync(client.id)}>
            <Button size="small" danger data-testid={`revoke-open311-${client.name}`}>
              {t('open311.revoke')}
            </Button>
          </Popconfirm>
        ) : null,
    },
  ];

  return (
    <PageCard
      title={t('open311.title')}
      testId="open311-page"
      actions={
        <Space wrap>
          <CaseCountyPicker />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="add-open311">
            {t('open311.add')}
          </Button>
        </Space>
      }
    >
      <QueryState query={clients}>
        {() => (
          <Flex vertical gap="middle">
            <Typography.Paragraph type="secondary">{t('open311.intro')}</Typography.Paragraph>
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('open311.endpoint')}>
                <Typography.Text copyable data-testid="open311-endpoint">
                  {`${window.location.origin}${clients.data?.endpointPath ?? ''}`}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('open311.jurisdiction')}>
                <Typography.Text copyable data-testid="open311-jurisdiction">
                  {clients.data?.jurisdictionId}
                </Typography.Text>
              </Descriptions.Item>
            </Descriptions>
            <Table<Open311Client>
              rowKey="id"
              size="middle"
              columns={columns}
              dataSource={clients.data?.items}
              pagination={false}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: t('open311.empty') }}
              data-testid="open311-table"
            />
          </Flex>
        )}
      </QueryState>
      <FormModal<ClientValues>
        title={t('open311.add')}
        open={isAdding}
        initialValues={{ requestsPerMinute: 60 }}
        onSubmit={async (values) => setCreated(await add.mutateAsync(values))}
        onClose={() => setAdding(false)}
        testId="open311-form"
      >
        <Form.Item
          name="name"
          label={t('open311.name')}
          rules={[{ required: true, whitespace: true, message: t('open311.nameRequired') }]}
        >
          <Input maxLength={100} data-testid="open311-name" />
        </Form.Item>
        <Form.Item name="requestsPerMinute" label={t('open311.requestsPerMinute')} rules={[{ required: true }]}>
          <InputNumber min={1} max={6000} precision={0} />
        </Form.Item>
      </FormModal>
      <Modal
        title={t('open311.keyTitle')}
        open={created !== undefined}
        onCancel={() => setCreated(undefined)}
        footer={null}
        data-testid="open311-key"
      >
        <Alert type="warning" showIcon title={t('open311.keyOnce')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph copyable code style={{ wordBreak: 'break-all' }}>
          {created?.key}
        </Typography.Paragraph>
      </Modal>
    </PageCard>
  );
}

import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Drawer,
  Flex,
  Form,
  Input,
  Modal,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CreatedWebhookSubscription, WebhookDelivery, WebhookSubscription } from '../../shared/api/webhooks';
import { webhookEventKinds, type WebhookEventKind } from '../../shared/webhooks';
import { FormModal } from '../components/form-modal';
import { PageCard } from '../components/page-card';
import { QueryState } from '../components/query-state';
import { CaseCountyPicker, useCaseCounty } from '../features/cases/case-county';
import {
  useAddWebhookSubscription,
  useChangeWebhookSubscription,
  useResendWebhookDelivery,
  useWebhookDeliveries,
  useWebhookSubscriptions,
} from '../features/webhooks/webhooks-api';
import { formatDateTime } from '../i18n';

type SubscriptionValues = { url: string; kinds: WebhookEventKind[] };

const stateColors = { pending: 'orange', delivered: 'green', failed: 'red' } as const;

/**
 * 事件推送: the county's subscriptions to case events, the signing secret shown once, and each subscription's
 * delivery log with failures first and highlighted, each of which can be sent again.
 */
export default function WebhooksPage() {
  const { t } = useTranslation();
  const { countyId, isReady } = useCaseCounty();
  const subscriptions = useWebhookSubscriptions(countyId, isReady);
  const add = useAddWebhookSubscription(countyId);
  const change = useChangeWebhookSubscription(countyId);
  const [isAdding, setAdding] = useState(false);
  const [created, setCreated] = useState<CreatedWebhookSubscription>();
  const [opened, setOpened] = useState<WebhookSubscription>();

  const columns: TableColumnsType<WebhookSubscription> = [
    {
      title: t('webhooks.url'),
      dataIndex: 'url',
      render: (url: string) => <Typography.Text style={{ wordBreak: 'break-all' }}>{url}</Typography.Text>,
    },
    {
      title: t('webhooks.kinds'),
      dataIndex: 'kinds',
      render: (kinds: WebhookEventKind[]) => (
        <Space size={[0, 4]} wrap>
          {kinds.map((kind) => (
            <Tag key={kind}>{t(`webhooks.kind.${kind}`)}</Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('webhooks.active'),
      key: 'active',
      render: (_: unknown, subscription) => (
        <Space>
          <Switch
            size="small"
            checked={subscription.isActive}
            loading={change.isPending && change.variables?.id === subscription.id}
            onChange={(isActive) => change.mutate({ id: subscription.id, isActive })}
            data-testid={`webhook-active-${subscription.id}`}
          />
          {subscription.failedDeliveries > 0 && (
            <Tag color="red">{t('webhooks.failedCount', { count: subscription.failedDeliveries })}</Tag>
          )}
        </Space>
      ),
    },
    { title: t('webhooks.createdAt'), dataIndex: 'createdAt', render: (at: string) => formatDateTime(at) },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_: unknown, subscription) => (
        <Button
          size="small"
          onClick={() => setOpened(subscription)}
          data-testid={`webhook-deliveries-${subscription.id}`}
        >
          {t('webhooks.deliveries')}
        </Button>
      ),
    },
  ];

  return (
    <PageCard
      title={t('webhooks.title')}
      testId="webhooks-page"
      actions={
        <Space wrap>
          <CaseCountyPicker />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="add-webhook">
            {t('webhooks.add')}
          </Button>
        </Space>
      }
    >
      <Flex vertical gap="middle">
        <Typography.Paragraph type="secondary">{t('webhooks.intro')}</Typography.Paragraph>
        <QueryState query={subscriptions}>
          {() => (
            <Table<WebhookSubscription>
              rowKey="id"
              size="middle"
              columns={columns}
              dataSource={subscriptions.data?.items}
              pagination={false}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: t('webhooks.empty') }}
              data-testid="webhooks-table"
            />
          )}
        </QueryState>
      </Flex>
      <FormModal<SubscriptionValues>
        title={t('webhooks.add')}
        open={isAdding}
        initialValues={{ kinds: [...webhookEventKinds] }}
        onSubmit={async (values) => setCreated(await add.mutateAsync(values))}
        onClose={() => setAdding(false)}
        testId="webhook-form"
      >
        <Form.Item
          name="url"
          label={t('webhooks.url')}
          rules={[{ required: true, type: 'url', pattern: /^https?:\/\//, message: t('webhooks.urlRequired') }]}
        >
          <Input maxLength={2000} placeholder="https://" data-testid="webhook-url" />
        </Form.Item>
        <Form.Item
          name="kinds"
          label={t('webhooks.kinds')}
          rules={[{ required: true, type: 'array', min: 1, message: t('webhooks.kindsRequired') }]}
        >
          <Checkbox.Group
            options={webhookEventKinds.map((kind) => ({ value: kind, label: t(`webhooks.kind.${kind}`) }))}
          />
        </Form.Item>
      </FormModal>
      <Modal
        title={t('webhooks.secretTitle')}
        open={created !== undefined}
        onCancel={() => setCreated(undefined)}
        footer={null}
        data-testid="webhook-secret"
      >
        <Alert type="warning" showIcon title={t('webhooks.secretOnce')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph copyable code style={{ wordBreak: 'break-all' }}>
          {created?.secret}
        </Typography.Paragraph>
      </Modal>
      {opened && <DeliveryLog countyId={countyId} subscription={opened} onClose={() => setOpened(undefined)} />}
    </PageCard>
  );
}

/** A subscription's deliveries, failures first and in red, each failing one with a 重新发送 button. */
function DeliveryLog({
  countyId,
  subscription,
  onClose,
}: {
  countyId: string | undefined;
  subscription: WebhookSubscription;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const deliveries = useWebhookDeliveries(countyId, subscription.id);
  const resend = useResendWebhookDelivery(countyId);
  const [onlyFailures, setOnlyFailures] = useState(false);
  const isFailing = (delivery: WebhookDelivery) => delivery.state !== 'delivered' && delivery.lastError !== null;

  const columns: TableColumnsType<WebhookDelivery> = [
    { title: t('webhooks.occurredAt'), dataIndex: 'occurredAt', render: (at: string) => formatDateTime(at) },
    { title: t('webhooks.kinds'), dataIndex: 'kind', render: (kind: WebhookEventKind) => t(`webhooks.kind.${kind}`) },
    {
      title: t('webhooks.state'),
      dataIndex: 'state',
      render: (state: WebhookDelivery['state'], delivery) => (
        <Tag color={isFailing(delivery) ? 'red' : stateColors[state]}>{t(`webhooks.states.${state}`)}</Tag>
      ),
    },
    { title: t('webhooks.attempts'), dataIndex: 'attempts' },
    {
      title: t('webhooks.lastAnswer'),
      key: 'lastAnswer',
      render: (_: unknown, delivery) => (
        <Typography.Text type={isFailing(delivery) ? 'danger' : undefined} style={{ wordBreak: 'break-all' }}>
          {delivery.lastError ?? delivery.lastStatus ?? '—'}
        </Typography.Text>
      ),
    },
    {
      title: t('webhooks.nextAttempt'),
      dataIndex: 'nextAttemptAt',
      render: (at: string | null) => (at ? formatDateTime(at) : '—'),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_: unknown, delivery) =>
        delivery.state === 'delivered' ? null : (
          <Button
            size="small"
            danger={isFailing(delivery)}
            loading={resend.isPending && resend.variables === delivery.id}
            onClick={() => resend.mutate(delivery.id, { onSuccess: () => void message.success(t('webhooks.resent')) })}
            data-testid={`resend-${delivery.id}`}
          >
            {t('webhooks.resend')}
          </Button>
        ),
    },
  ];

  return (
    <Drawer
      open
      width="min(960px, 100vw)"
      title={<span style={{ wordBreak: 'break-all' }}>{t('webhooks.deliveriesOf', { url: subscription.url })}</span>}
      onClose={onClose}
      data-testid="webhook-deliveries"
    >
      <Flex vertical gap="middle">
        <Checkbox checked={onlyFailures} onChange={(event) => setOnlyFailures(event.target.checked)}>
          {t('webhooks.onlyFailures')}
        </Checkbox>
        <QueryState query={deliveries}>
          {() => (
            <Table<WebhookDelivery>
              rowKey="id"
              size="small"
              columns={columns}
              dataSource={onlyFailures ? deliveries.data?.items.filter(isFailing) : deliveries.data?.items}
              pagination={false}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: t('webhooks.noDeliveries') }}
            />
          )}
        </QueryState>
      </Flex>
    </Drawer>
  );
}

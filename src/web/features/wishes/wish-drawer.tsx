import { Button, Descriptions, Drawer, Flex, Image, Space, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Wish, WishDetail } from '../../../shared/api/wishes';
import type { WishAction } from '../../../shared/wishes';
import { apiUrl } from '../../api/client';
import { formatDateTime } from '../../i18n';
import { QueryState } from '../../components/query-state';
import { useIsPhone } from '../../components/use-is-phone';
import { WishActionModal } from './wish-forms';
import { useWish, useWishAction } from './wishes-api';

/** How each status reads at a glance. */
export const statusColors: Record<Wish['status'], string | undefined> = {
  pending_review: 'gold',
  published: 'blue',
  rejected: undefined,
  claimed: 'purple',
  fulfilled: 'green',
  acknowledged: 'green',
  cancelled: undefined,
};

export function WishStatusTag({ wish }: { wish: Pick<Wish, 'status' | 'isLate'> }) {
  const { t } = useTranslation();
  return (
    <Space size={4}>
      {wish.isLate ? <Tag color="red">{t('wishes.list.late')}</Tag> : null}
      <Tag color={statusColors[wish.status]} data-testid="wish-status">
        {t(`wishes.status.${wish.status}`)}
      </Tag>
    </Space>
  );
}

function WishFacts({ wish }: { wish: WishDetail }) {
  const { t } = useTranslation();
  const rows = [
    { key: 'registeredBy', label: t('wishes.detail.registeredBy'), value: wish.registeredByName },
    {
      key: 'claimant',
      label: t('wishes.detail.claimant'),
      value: wish.claimant ? `${wish.claimant.name}（${t(`wishes.claimantKind.${wish.claimant.kind}`)}）` : null,
    },
    { key: 'promisedOn', label: t('wishes.detail.promisedOn'), value: wish.promisedOn },
    { key: 'fulfilment', label: t('wishes.detail.fulfilment'), value: wish.fulfilmentNote },
    {
      key: 'acknowledgement',
      label: t('wishes.detail.acknowledgement'),
      value: wish.acknowledgement
        ? `${wish.acknowledgement}${wish.rating ? ` · ${'★'.repeat(wish.rating)}` : ''}`
        : null,
    },
    { key: 'rejectReason', label: t('wishes.detail.rejectReason'), value: wish.rejectReason },
    { key: 'cancelReason', label: t('wishes.detail.cancelReason'), value: wish.cancelReason },
  ].filter((row) => row.value);
  return (
    <Descriptions
      size="small"
      column={1}
      items={rows.map((row) => ({ key: row.key, label: row.label, children: row.value }))}
    />
  );
}

/** A wish's page in a drawer: what was wished, where it got to, its photo, the steps the user may take, its history. */
export function WishDrawer({ wishId, onClose }: { wishId: string | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const wish = useWish(wishId);
  const approve = useWishAction(wishId ?? '');
  const [action, setAction] = useState<Exclude<WishAction, 'approve'>>();
  const data = wish.data;
  return (
    <Drawer
      open={wishId !== undefined}
      onClose={onClose}
      size={isPhone ? '100%' : 'large'}
      title={t('wishes.title')}
      destroyOnHidden
      data-testid="wish-drawer"
    >
      <QueryState query={wish}>
        {() =>
          data && (
            <Space orientation="vertical" size={12} className="full-width">
              <Flex justify="space-between" align="center" gap={8} wrap>
                <Typography.Text strong>
                  {data.person.name} · {data.regionName}
                </Typography.Text>
                <WishStatusTag wish={data} />
              </Flex>
              <Typography.Paragraph className="wish-content">
                <Tag>{t(`wishes.category.${data.category}`)}</Tag>
                {data.content}
              </Typography.Paragraph>
              {data.drive ? <Typography.Text type="secondary">{data.drive.name}</Typography.Text> : null}
              <WishFacts wish={data} />
              {data.hasPhoto ? (
                <Image
                  width={160}
                  src={apiUrl(`/micro-wishes/${data.id}/photo`, { version: data.version })}
                  alt={t('wishes.detail.photo')}
                  data-testid="wish-photo-image"
                />
              ) : null}
              {data.actions.length > 0 ? (
                <Flex gap={8} wrap>
                  {data.actions.map((name) =>
                    name === 'approve' ? (
                      <Button
                        key={name}
                        type="primary"
                        loading={approve.isPending}
                        onClick={() => approve.mutate({ action: 'approve', version: data.version })}
                        data-testid="wish-approve"
                      >
                        {t('wishes.action.approve')}
                      </Button>
                    ) : (
                      <Button
                        key={name}
                        type={name === 'reject' || name === 'cancel' ? 'default' : 'primary'}
                        danger={name === 'reject' || name === 'cancel'}
                        onClick={() => setAction(name)}
                        data-testid={`wish-${name}`}
                      >
                        {t(`wishes.action.${name}`)}
                      </Button>
                    ),
                  )}
                </Flex>
              ) : (
                <Typography.Text type="secondary">{t('wishes.detail.noActions')}</Typography.Text>
              )}
              <Typography.Title level={5}>{t('wishes.detail.history')}</Typography.Title>
              <Timeline
                items={data.history.map((event) => ({
                  key: event.id,
                  title: formatDateTime(event.at),
                  content: (
                    <Space orientation="vertical" size={0}>
                      <Typography.Text>
                        {t(`wishes.action.${event.action}`)} · {event.actorName}
                      </Typography.Text>
                      {event.note ? <Typography.Text type="secondary">{event.note}</Typography.Text> : null}
                    </Space>
                  ),
                }))}
              />
              {action ? <WishActionModal wish={data} action={action} onClose={() => setAction(undefined)} /> : null}
            </Space>
          )
        }
      </QueryState>
    </Drawer>
  );
}

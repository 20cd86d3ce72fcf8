import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Dropdown, Empty, Flex, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { CaseNotification } from '../../../shared/api/notifications';
import type { NotificationKind } from '../../../shared/notifications';
import { LoadMore } from '../../components/query-state';
import { formatDateTime } from '../../i18n';
import { describeNotification, isNotificationKind } from './case-messages';
import { useMarkNotificationsRead, useNotifications } from './notifications-api';

// Deadlines and urgings need attention first.
const kindColors: Record<NotificationKind, string> = {
  awaiting: 'blue',
  warning: 'orange',
  overdue: 'red',
  urged: 'volcano',
  outcome: 'green',
  pairing_overdue: 'purple',
  wish_review: 'blue',
  wish_late: 'red',
  wish_fulfilled: 'green',
  cadre_report_review: 'blue',
  cadre_report_returned: 'orange',
  cadre_report_received: 'cyan',
};

/** Where a notice leads: its case, or the pairing or micro-wish it is about. */
function noticeLink(notification: CaseNotification): string {
  if (notification.caseId) return `/cases/${notification.caseId}`;
  const { pairingId, wishId, reportId } = notification.params;
  if (typeof wishId === 'string') return `/wishes?wish=${wishId}`;
  if (typeof reportId === 'string') return `/cadres?tab=reports&report=${reportId}`;
  return typeof pairingId === 'string' ? `/pairings/${pairingId}` : '/cases';
}

type NotificationListProps = {
  notifications: ReturnType<typeof useNotifications>;
  markRead: ReturnType<typeof useMarkNotificationsRead>;
  onOpen: (notification: CaseNotification) => void;
};

/** The bell's list, built only while it is open: its dates and messages are nothing to the page until then. */
function NotificationList({ notifications, markRead, onOpen }: NotificationListProps) {
  const { t } = useTranslation();
  const unread = notifications.firstPage?.unread ?? 0;
  return (
    <div className="case-notification-list" data-testid="notification-list">
      <Flex justify="space-between" align="center" className="case-notification-head">
        <Typography.Text strong>{t('cases.notifications.title')}</Typography.Text>
        {unread > 0 ? (
          <Button
            type="link"
            size="small"
            loading={markRead.isPending}
            onClick={() => markRead.mutate({ all: true })}
            data-testid="notifications-read-all"
          >
            {t('cases.notifications.markAllRead')}
          </Button>
        ) : null}
      </Flex>
      {notifications.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.notifications.empty')} />
      ) : null}
      {notifications.items.map((notification) => (
        <Link
          key={notification.id}
          to={noticeLink(notification)}
          onClick={() => onOpen(notification)}
          className={`case-notification ${notification.readAt ? '' : 'case-notification-unread'}`}
          data-testid="notification"
        >
          <Flex justify="space-between" align="center" gap={8}>
            {isNotificationKind(notification.kind) ? (
              <Tag color={kindColors[notification.kind]}>{t(`cases.notifications.kind.${notification.kind}`)}</Tag>
            ) : (
              <span />
            )}
            <Typography.Text type="secondary">{formatDateTime(notification.createdAt)}</Typography.Text>
          </Flex>
          <Typography.Paragraph ellipsis={{ rows: 2 }} className="case-notification-message">
            {describeNotification(t, notification, formatDateTime)}
          </Typography.Paragraph>
        </Link>
      ))}
      <LoadMore list={notifications} />
    </div>
  );
}

/** The bell in the header: how many notifications are unread, and the list, each leading to its case. */
export function NotificationBell() {
  const { t } = useTranslation();
  const [isOpen, setOpen] = useState(false);
  const notifications = useNotifications();
  const markRead = useMarkNotificationsRead();
  const unread = notifications.firstPage?.unread ?? 0;

  const open = (notification: CaseNotification) => {
    setOpen(false);
    if (!notification.readAt) markRead.mutate({ ids: [notification.id] });
  };

  return (
    // Centred under the bell, which lets the list shift sideways into the screen: on a phone it is nearly as wide.
    <Dropdown
      trigger={['click']}
      placement="bottom"
      open={isOpen}
      onOpenChange={setOpen}
      popupRender={() => <NotificationList notifications={notifications} markRead={markRead} onOpen={open} />}
    >
      <Button
        type="text"
        aria-label={unread > 0 ? t('cases.notifications.unread', { count: unread }) : t('cases.notifications.title')}
        data-testid="notification-bell"
      >
        <Badge count={unread} size="small" overflowCount={99}>
          <BellOutlined />
        </Badge>
      </Button>
    </Dropdown>
  );
}

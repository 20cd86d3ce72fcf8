import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { MarkReadInput, NotificationPage } from '../../../shared/api/notifications';
import { request } from '../../api/client';
import { useCursorList } from '../../api/pagination';

const notificationsKey = ['notifications'] as const;

// Often enough that a dispatched case is seen within a minute, rarely enough to cost nothing.
const pollingMilliseconds = 60_000;

/** The user's notifications, newest first, asked again every minute. */
export function useNotifications() {
  return useCursorList<NotificationPage>(
    notificationsKey,
    (cursor, signal) => request<NotificationPage>('/notifications', { query: { cursor }, signal }),
    { refetchIntervalMilliseconds: pollingMilliseconds },
  );
}

/** Marks some notifications read, or all of them. */
export function useMarkNotificationsRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (which: MarkReadInput) => request<void>('/notifications/read', { method: 'POST', body: which }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationsKey }),
  });
}

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { request, type Page } from '../../api/client';
import { useCursorList } from '../../api/pagination';

export const notificationKinds = ['awaiting', 'warning', 'overdue', 'urged', 'outcome'] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export type CaseNotification = {
  id: string;
  /** The case it is about, when it is about one. */
  caseId: string | null;
  /** One of `notificationKinds`; a kind this console does not know yet is shown without its tag. */
  kind: string;
  /** What the kind's sentence is filled with: the case's number and grid, and the step, deadline or status. */
  params: Record<string, string | number | null>;
  createdAt: string;
  readAt: string | null;
};

/** A page of the user's notifications; every page also says how many are unread in all. */
type NotificationPage = Page<CaseNotification> & { unread: number };

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
    mutationFn: (which: { ids: string[] } | { all: true }) =>
      request<void>('/notifications/read', { method: 'POST', body: which }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationsKey }),
  });
}

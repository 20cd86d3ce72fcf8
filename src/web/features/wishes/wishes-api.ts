import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import type {
  WishActionInput,
  WishDetail,
  WishDrive,
  WishDriveInput,
  WishFigures,
  WishFiguresQuery,
  WishInput,
  WishPage,
  WishWallSettingsBody,
} from '../../../shared/api/wishes';
import type { WishStatus } from '../../../shared/wishes';
import { isApiError, request } from '../../api/client';
import { describeError } from '../../api/errors';
import { useCursorList } from '../../api/pagination';

/** Every wish query starts with this key: a step refreshes the lists, the drives, the figures and the wish at once. */
export const wishesKey = ['wishes'] as const;

export type WishFilter = {
  status?: WishStatus | undefined;
  driveId?: string | undefined;
  regionId?: string | undefined;
  isLate?: boolean;
};

// A screenful on a phone; "load more" brings the next page.
const wishPageSize = 30;

export function useWishes(filter: WishFilter) {
  return useCursorList<WishPage>(
    [...wishesKey, 'list', filter],
    (cursor, signal) =>
      request<WishPage>('/micro-wishes', {
        query: {
          status: filter.status,
          driveId: filter.driveId,
          regionId: filter.regionId,
          isLate: filter.isLate ? true : undefined,
          cursor,
          limit: wishPageSize,
        },
        signal,
      }),
    { keepsPreviousWhileLoading: true },
  );
}

export function useWish(id: string | undefined) {
  return useQuery({
    queryKey: [...wishesKey, 'detail', id ?? ''],
    queryFn: ({ signal }) => request<WishDetail>(`/micro-wishes/${encodeURIComponent(id ?? '')}`, { signal }),
    enabled: id !== undefined,
    staleTime: 0,
  });
}

export function useWishDrives() {
  return useQuery({
    queryKey: [...wishesKey, 'drives'],
    queryFn: ({ signal }) => request<{ items: WishDrive[] }>('/wish-drives', { signal }).then((list) => list.items),
  });
}

export function useWishFigures(query: WishFiguresQuery) {
  return useQuery({
    queryKey: [...wishesKey, 'figures', query],
    queryFn: ({ signal }) => request<WishFigures>('/micro-wishes/figures', { query, signal }),
  });
}

export function useWallSettings() {
  return useQuery({
    queryKey: [...wishesKey, 'wall-settings'],
    queryFn: ({ signal }) => request<WishWallSettingsBody>('/micro-wishes/wall-settings', { signal }),
  });
}

/** A change: refreshes every wish query; a wish changed meanwhile is shown afresh, with a word. */
function useChange<Input, Result>(send: (input: Input) => Promise<Result>) {
  const queryClient = useQueryClient();
  const { message, notification } = App.useApp();
  const { t } = useTranslation();
  const refresh = () => queryClient.invalidateQueries({ queryKey: wishesKey });
  return useMutation({
    mutationFn: send,
    onSuccess: refresh,
    onError: (error) => {
      if (isApiError(error) && error.code === 'wish_changed') {
        void message.warning(t('wishes.errors.changed'));
        void refresh();
        return;
      }
      const { title, detail } = describeError(error);
      notification.error({ title, description: detail, placement: 'topRight' });
    },
  });
}

export function useRegisterWish() {
  return useChange((input: WishInput) => request<WishDetail>('/micro-wishes', { method: 'POST', body: input }));
}

export function useWishAction(id: string) {
  return useChange((input: WishActionInput) =>
    request<WishDetail>(`/micro-wishes/${encodeURIComponent(id)}/actions`, { method: 'POST', body: input }),
  );
}

/** The fulfilment's photo, sent before the fulfilment itself. */
export function useWishPhoto(id: string) {
  return useChange((photo: File) =>
    request<WishDetail>(`/micro-wishes/${encodeURIComponent(id)}/photo`, { method: 'PUT', body: photo }),
  );
}

export function useCreateDrive() {
  return useChange((input: WishDriveInput) => request<WishDrive>('/wish-drives', { method: 'POST', body: input }));
}

export function useSaveWallSettings() {
  return useChange((input: WishWallSettingsBody) =>
    request<WishWallSettingsBody>('/micro-wishes/wall-settings', { method: 'PUT', body: input }),
  );
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page } from '../../../shared/api/common';
import type { ResidentAccount } from '../../../shared/api/resident-accounts';
import { request } from '../../api/client';

const residentAccountsKey = ['resident-accounts'] as const;

/** The first 200 residents matching the filter, newest first: a search narrows a longer list. */
export function useResidentAccounts(filter: { q?: string | undefined; isEnabled?: boolean | undefined }) {
  return useQuery({
    queryKey: [...residentAccountsKey, filter],
    queryFn: ({ signal }) =>
      request<Page<ResidentAccount>>('/resident-accounts', { query: { ...filter, limit: 200 }, signal }),
  });
}

export function useSetResidentEnabled() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, isEnabled }: { id: string; isEnabled: boolean }) =>
      request<ResidentAccount>(`/resident-accounts/${id}`, { method: 'PATCH', body: { isEnabled } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: residentAccountsKey }),
  });
}

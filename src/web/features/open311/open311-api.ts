import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreatedOpen311Client, Open311ClientInput, Open311ClientList } from '../../../shared/api/open311';
import { request } from '../../api/client';

const open311Key = ['open311-clients'] as const;

export function useOpen311Clients(countyId: string | undefined, isReady: boolean) {
  return useQuery({
    queryKey: [...open311Key, countyId],
    queryFn: ({ signal }) => request<Open311ClientList>('/open311-clients', { query: { countyId }, signal }),
    enabled: isReady,
  });
}

export function useAddOpen311Client(countyId: string | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Open311ClientInput) =>
      request<CreatedOpen311Client>('/open311-clients', { method: 'POST', query: { countyId }, body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: open311Key }),
  });
}

export function useRevokeOpen311Client(countyId: string | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      request<undefined>(`/open311-clients/${id}/revoke`, { method: 'POST', query: { countyId } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: open311Key }),
  });
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PartyOrg, PartyOrgChanges, PartyOrgInput } from '../../../shared/api/party-orgs';
import { request } from '../../api/client';

const partyKeys = {
  all: ['party-orgs'] as const,
  list: (regionId: string | null) => ['party-orgs', 'list', regionId ?? 'scope'] as const,
};

/** The party organisations of a region's subtree, flat; the page builds the tree. */
export function usePartyOrgs(regionId: string | null) {
  return useQuery({
    queryKey: partyKeys.list(regionId),
    queryFn: ({ signal }) =>
      request<{ items: PartyOrg[] }>('/party-orgs', { query: { regionId }, signal }).then((result) => result.items),
  });
}

function usePartyMutation<Input, Result>(send: (input: Input) => Promise<Result>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: send, onSuccess: () => queryClient.invalidateQueries({ queryKey: partyKeys.all }) });
}

export function useCreatePartyOrg() {
  return usePartyMutation((input: PartyOrgInput) => request<PartyOrg>('/party-orgs', { method: 'POST', body: input }));
}

export function useUpdatePartyOrg() {
  return usePartyMutation(({ id, ...changes }: PartyOrgChanges & { id: string }) =>
    request<PartyOrg>(`/party-orgs/${encodeURIComponent(id)}`, { method: 'PATCH', body: changes }),
  );
}

export function useDeletePartyOrg() {
  return usePartyMutation((id: string) => request<void>(`/party-orgs/${encodeURIComponent(id)}`, { method: 'DELETE' }));
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ApprovedRegistration,
  CreateInvitationInput,
  Invitation,
  InvitationList,
  Registration,
  RegistrationList,
} from '../../../shared/api/cadre-registrations';
import type { ImportCommunity, ImportResult } from '../../../shared/api/cadres';
import { request } from '../../api/client';
import { cadresKey } from './cadres-api';

/**
 * Sends a unit's list as the file's own bytes. Always as octet-stream, which the server reads whatever the file
 * is: browsers name a .csv text/csv, text/plain or application/vnd.ms-excel depending on the machine.
 */
export function useImportCadres() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, unitId, serviceRegionId }: { file: File; unitId: string; serviceRegionId: string }) =>
      request<ImportResult>('/cadres/imports', {
        method: 'POST',
        query: { unitId, serviceRegionId, fileName: file.name },
        body: file.slice(0, file.size, 'application/octet-stream'),
      }),
    onSuccess: (result) => {
      if (result.imported > 0) void queryClient.invalidateQueries({ queryKey: cadresKey });
    },
    // The dialog shows the error beside the file, where the user picks another.
    meta: { isErrorHandledLocally: true },
  });
}

// Under the cadres' key: an approval refreshes the registry as well.
const invitationsKey = [...cadresKey, 'invitations'] as const;

/** The county's communities a list may name: what a dispatching unit's account, which reads no region, chooses from. */
export function useImportCommunities(isEnabled: boolean) {
  return useQuery({
    queryKey: [...cadresKey, 'import-communities'],
    queryFn: ({ signal }) =>
      request<{ items: ImportCommunity[] }>('/cadres/import-communities', { signal }).then((answer) => answer.items),
    enabled: isEnabled,
  });
}
const registrationsKey = [...cadresKey, 'registrations'] as const;

export function useInvitations(isEnabled: boolean) {
  return useQuery({
    queryKey: invitationsKey,
    queryFn: ({ signal }) => request<InvitationList>('/cadre-invitations', { signal }).then((answer) => answer.items),
    enabled: isEnabled,
  });
}

export function usePendingRegistrations() {
  return useQuery({
    queryKey: registrationsKey,
    queryFn: ({ signal }) =>
      request<RegistrationList>('/cadre-registrations', { signal }).then((answer) => answer.items),
  });
}

/** A change of invitations or registrations; failures reach the user through the mutation cache's notice. */
function useChange<Input, Result>(send: (input: Input) => Promise<Result>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSettled: () => queryClient.invalidateQueries({ queryKey: cadresKey }),
  });
}

export function useCreateInvitation() {
  return useChange((input: CreateInvitationInput) =>
    request<Invitation>('/cadre-invitations', { method: 'POST', body: input }),
  );
}

export function useRevokeInvitation() {
  return useChange((id: string) =>
    request<Invitation>(`/cadre-invitations/${encodeURIComponent(id)}/revoke`, { method: 'POST' }),
  );
}

export function useApproveRegistration() {
  return useChange(({ id, gridId, duties }: { id: string; gridId?: string; duties?: string }) =>
    request<ApprovedRegistration>(`/cadre-registrations/${encodeURIComponent(id)}/approve`, {
      method: 'POST',
      body: { gridId, duties },
    }),
  );
}

export function useRejectRegistration() {
  return useChange(({ id, reason }: { id: string; reason: string }) =>
    request<Registration>(`/cadre-registrations/${encodeURIComponent(id)}/reject`, {
      method: 'POST',
      body: { reason },
    }),
  );
}

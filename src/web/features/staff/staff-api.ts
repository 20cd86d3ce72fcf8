import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Page } from '../../../shared/api/common';
import type { Staff, StaffChanges, StaffInput } from '../../../shared/api/staff';
import type { StaffKind } from '../../../shared/staff';
import { request } from '../../api/client';
import { useCursorList } from '../../api/pagination';
import { regionKeys } from '../regions/regions-api';

const staffKeys = {
  all: ['staff'] as const,
  list: (regionId: string, kind: StaffKind | undefined) => ['staff', 'list', regionId, kind ?? 'all'] as const,
};

// A county has hundreds of people; a page this long keeps the region page readable, "load more" gives the rest.
const staffPageSize = 20;

/** People placed in a region and its whole subtree, of one kind or all. */
export function useStaffList(regionId: string, kind: StaffKind | undefined) {
  return useCursorList(staffKeys.list(regionId, kind), (cursor, signal) =>
    request<Page<Staff>>('/staff', { query: { regionId, kind, cursor, limit: staffPageSize }, signal }),
  );
}

function useStaffMutation<Input, Result>(send: (input: Input) => Promise<Result>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: async () => {
      // Region pages show staff counts, so they change with the staff list; a person's account changes with them.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: staffKeys.all }),
        queryClient.invalidateQueries({ queryKey: [...regionKeys.all, 'detail'] }),
        queryClient.invalidateQueries({ queryKey: ['accounts'] }),
      ]);
    },
  });
}

export function useCreateStaff() {
  return useStaffMutation((input: StaffInput) => request<Staff>('/staff', { method: 'POST', body: input }));
}

export function useUpdateStaff() {
  return useStaffMutation(({ id, ...changes }: StaffChanges & { id: string }) =>
    request<Staff>(`/staff/${encodeURIComponent(id)}`, { method: 'PATCH', body: changes }),
  );
}

/** One person's full phone: needs `sensitive.read` and a reason, which the server writes to the audit log. */
export async function revealStaffPhone(id: string, reason: string): Promise<string | null> {
  const revealed = await request<Staff>(`/staff/${encodeURIComponent(id)}`, { query: { reveal: true, reason } });
  return revealed.phone;
}

/** Removes a person; one who signs in is removed together with disabling their account (the server asks for it). */
export function useDeleteStaff() {
  return useStaffMutation((person: Pick<Staff, 'id' | 'accountId'>) =>
    request<void>(`/staff/${encodeURIComponent(person.id)}`, {
      method: 'DELETE',
      query: person.accountId ? { disableAccount: true } : {},
    }),
  );
}

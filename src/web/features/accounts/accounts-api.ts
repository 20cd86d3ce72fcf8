import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Role } from '../../../shared/policy';
import { request, type Page } from '../../api/client';
import { useCursorList } from '../../api/pagination';

export type Account = {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  regionId: string | null;
  regionName: string | null;
  isEnabled: boolean;
  lastSignInAt: string | null;
  createdAt: string;
};

export type AccountInput = {
  username: string;
  displayName: string;
  role: Role;
  regionId: string | null;
  password: string;
};
export type AccountChanges = { displayName?: string; role?: Role; regionId?: string | null; isEnabled?: boolean };

const accountKeys = {
  all: ['accounts'] as const,
  list: (search: string) => ['accounts', 'list', search] as const,
};

export function useAccounts(search: string, options: { enabled?: boolean } = {}) {
  return useCursorList(
    accountKeys.list(search),
    (cursor, signal) => request<Page<Account>>('/accounts', { query: { q: search, cursor }, signal }),
    options,
  );
}

function useAccountMutation<Input, Result>(send: (input: Input) => Promise<Result>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: accountKeys.all }),
  });
}

export function useCreateAccount() {
  return useAccountMutation((input: AccountInput) => request<Account>('/accounts', { method: 'POST', body: input }));
}

export function useUpdateAccount() {
  return useAccountMutation(({ id, ...changes }: AccountChanges & { id: string }) =>
    request<Account>(`/accounts/${encodeURIComponent(id)}`, { method: 'PATCH', body: changes }),
  );
}

export function useResetPassword() {
  return useMutation({
    mutationFn: ({ id, password }: { id: string; password: string }) =>
      request<void>(`/accounts/${encodeURIComponent(id)}/password`, { method: 'POST', body: { password } }),
  });
}

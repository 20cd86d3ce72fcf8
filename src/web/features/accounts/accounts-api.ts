import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Account, AccountChanges, AccountInput } from '../../../shared/api/accounts';
import type { Page } from '../../../shared/api/common';
import { request } from '../../api/client';
import { useCursorList } from '../../api/pagination';
import { regionKeys } from '../regions/regions-api';

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
    // A grid account places or renames its person in the grid, so the people lists change with it.
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: accountKeys.all }),
        queryClient.invalidateQueries({ queryKey: ['staff'] }),
        queryClient.invalidateQueries({ queryKey: [...regionKeys.all, 'detail'] }),
      ]),
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

/** Removes an account's second factor (a lost phone); the account is signed out and enrols again if required. */
export function useResetSecondFactor() {
  return useAccountMutation((id: string) =>
    request<void>(`/accounts/${encodeURIComponent(id)}/second-factor`, { method: 'DELETE' }),
  );
}

export function useResetPassword() {
  return useMutation({
    mutationFn: ({ id, password }: { id: string; password: string }) =>
      request<void>(`/accounts/${encodeURIComponent(id)}/password`, { method: 'POST', body: { password } }),
  });
}

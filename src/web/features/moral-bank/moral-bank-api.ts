import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import type {
  Account,
  AccountSummary,
  CorrectionInput,
  DepositInput,
  Entry,
  EntryPage,
  Figures,
  FiguresQuery,
  MoralBankSettings,
  Ranking,
  RedemptionInput,
  Reward,
  RewardChanges,
  RewardInput,
  Rule,
  RuleInput,
} from '../../../shared/api/moral-bank';
import { request } from '../../api/client';
import { describeError } from '../../api/errors';

/** Every moral-bank query starts with this key: a deposit or a redemption refreshes accounts, lists and figures. */
export const moralBankKey = ['moral-bank'] as const;

export function useAccounts(q: string) {
  return useQuery({
    queryKey: [...moralBankKey, 'accounts', q],
    queryFn: ({ signal }) =>
      request<{ items: AccountSummary[] }>('/moral-bank/accounts', { query: { q: q || undefined }, signal }),
  });
}

export function useAccount(personId: string | undefined) {
  return useQuery({
    queryKey: [...moralBankKey, 'account', personId ?? ''],
    queryFn: ({ signal }) =>
      request<Account>(`/moral-bank/accounts/${encodeURIComponent(personId ?? '')}`, { query: { limit: 50 }, signal }),
    enabled: personId !== undefined,
  });
}

export function usePendingEntries(isEnabled: boolean) {
  return useQuery({
    queryKey: [...moralBankKey, 'pending'],
    queryFn: ({ signal }) =>
      request<EntryPage>('/moral-bank/entries', { query: { status: 'pending_approval', limit: 100 }, signal }),
    enabled: isEnabled,
  });
}

export function useRules() {
  return useQuery({
    queryKey: [...moralBankKey, 'rules'],
    queryFn: ({ signal }) => request<{ items: Rule[] }>('/moral-bank/rules', { signal }).then((answer) => answer.items),
  });
}

export function useRewards() {
  return useQuery({
    queryKey: [...moralBankKey, 'rewards'],
    queryFn: ({ signal }) =>
      request<{ items: Reward[] }>('/moral-bank/rewards', { signal }).then((answer) => answer.items),
  });
}

/** The figures of a region and period; without them, the user's own region over the last 90 days. */
export function useFigures(query: FiguresQuery = {}) {
  return useQuery({
    queryKey: [...moralBankKey, 'figures', query],
    queryFn: ({ signal }) => request<Figures>('/moral-bank/figures', { query, signal }),
  });
}

export function useSettings() {
  return useQuery({
    queryKey: [...moralBankKey, 'settings'],
    queryFn: ({ signal }) => request<MoralBankSettings>('/moral-bank/settings', { signal }),
  });
}

export function useRankings(isEnabled: boolean) {
  return useQuery({
    queryKey: [...moralBankKey, 'rankings'],
    queryFn: ({ signal }) => request<Ranking>('/moral-bank/rankings', { signal }),
    enabled: isEnabled,
  });
}

/** A change to the bank: refreshes every moral-bank query; a refusal (409 out of stock …) is shown as the server says it. */
function useBankMutation<Input, Result>(send: (input: Input) => Promise<Result>) {
  const queryClient = useQueryClient();
  const { notification } = App.useApp();
  return useMutation({
    mutationFn: send,
    // The bank's lists are read again in the background: returning the refetch would keep the dialog waiting on
    // every list and figure of the bank (half a minute on a phone) after the server had already said yes.
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: moralBankKey }),
    onError: (error) => {
      const { title, detail } = describeError(error);
      notification.error({ title, description: detail, placement: 'topRight' });
    },
  });
}

export function useDeposit() {
  return useBankMutation((input: DepositInput) =>
    request<Entry>('/moral-bank/deposits', { method: 'POST', body: input }),
  );
}

export function useRedeem() {
  return useBankMutation((input: RedemptionInput) =>
    request<Entry>('/moral-bank/redemptions', { method: 'POST', body: input }),
  );
}

export function useDecide() {
  return useBankMutation((input: { id: string; decision: 'approve' | 'refuse'; reason: string }) =>
    request<Entry>(`/moral-bank/entries/${encodeURIComponent(input.id)}/${input.decision}`, {
      method: 'POST',
      body: { reason: input.reason },
    }),
  );
}

export function useCorrect() {
  return useBankMutation((input: CorrectionInput & { id: string }) =>
    request<Entry>(`/moral-bank/entries/${encodeURIComponent(input.id)}/corrections`, {
      method: 'POST',
      body: { points: input.points, reason: input.reason },
    }),
  );
}

export function useCreateRule() {
  return useBankMutation((input: RuleInput) => request<Rule>('/moral-bank/rules', { method: 'POST', body: input }));
}

export function useCreateReward() {
  return useBankMutation((input: RewardInput) =>
    request<Reward>('/moral-bank/rewards', { method: 'POST', body: input }),
  );
}

export function useChangeReward() {
  return useBankMutation((input: RewardChanges & { id: string }) => {
    const { id, ...changes } = input;
    return request<Reward>(`/moral-bank/rewards/${encodeURIComponent(id)}`, { method: 'PATCH', body: changes });
  });
}

export function useSaveSettings() {
  return useBankMutation((rankingsEnabled: boolean) =>
    request<MoralBankSettings>('/moral-bank/settings', { method: 'PUT', body: { rankingsEnabled } }),
  );
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Campaign,
  CampaignKind,
  CampaignPage,
  CampaignProblem,
  CampaignProgress,
  CampaignTask,
  CampaignVisit,
  CreateCampaignInput,
  CreateTaskInput,
  UpdateCampaignInput,
  UpdateTaskInput,
} from '../../../shared/api/campaigns';
import type { CampaignStatus } from '../../../shared/campaigns';
import { request } from '../../api/client';
import type { KindInput } from '../field-work/kind-settings';

export const campaignsKey = ['campaigns'] as const;

export function useCampaignKinds() {
  return useQuery({
    queryKey: [...campaignsKey, 'kinds'],
    queryFn: ({ signal }) => request<{ items: CampaignKind[] }>('/campaign-kinds', { signal }),
    staleTime: 5 * 60_000,
  });
}

export function useCampaigns(status: CampaignStatus | undefined, regionId?: string) {
  return useQuery({
    queryKey: [...campaignsKey, 'list', status ?? 'all', regionId ?? ''],
    queryFn: ({ signal }) => request<CampaignPage>('/campaigns', { query: { status, regionId, limit: 100 }, signal }),
  });
}

export function useCampaign(id: string) {
  return useQuery({
    queryKey: [...campaignsKey, 'detail', id],
    queryFn: ({ signal }) => request<Campaign>(`/campaigns/${encodeURIComponent(id)}`, { signal }),
  });
}

export function useCampaignProgress(id: string) {
  return useQuery({
    queryKey: [...campaignsKey, 'detail', id, 'progress'],
    queryFn: ({ signal }) => request<CampaignProgress>(`/campaigns/${encodeURIComponent(id)}/progress`, { signal }),
  });
}

export function useCampaignTasks(id: string) {
  return useQuery({
    queryKey: [...campaignsKey, 'detail', id, 'tasks'],
    queryFn: ({ signal }) =>
      request<{ items: CampaignTask[] }>(`/campaigns/${encodeURIComponent(id)}/tasks`, { signal }),
  });
}

export function useCampaignProblems(id: string) {
  return useQuery({
    queryKey: [...campaignsKey, 'detail', id, 'problems'],
    queryFn: ({ signal }) =>
      request<{ items: CampaignProblem[]; total: number }>(`/campaigns/${encodeURIComponent(id)}/problems`, {
        signal,
      }),
  });
}

export function useCampaignVisits(id: string) {
  return useQuery({
    queryKey: [...campaignsKey, 'detail', id, 'visits'],
    queryFn: ({ signal }) =>
      request<{ items: CampaignVisit[]; total: number }>(`/campaigns/${encodeURIComponent(id)}/visits`, { signal }),
  });
}

function useCampaignMutation<Input, Result>(send: (input: Input) => Promise<Result>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: campaignsKey }),
  });
}

export function useCreateCampaign() {
  return useCampaignMutation((input: CreateCampaignInput) =>
    request<Campaign>('/campaigns', { method: 'POST', body: input }),
  );
}

export function useUpdateCampaign() {
  return useCampaignMutation(({ id, changes }: { id: string; changes: UpdateCampaignInput }) =>
    request<Campaign>(`/campaigns/${encodeURIComponent(id)}`, { method: 'PATCH', body: changes }),
  );
}

export function useCreateTask(campaignId: string) {
  return useCampaignMutation((input: CreateTaskInput) =>
    request<CampaignTask>(`/campaigns/${encodeURIComponent(campaignId)}/tasks`, { method: 'POST', body: input }),
  );
}

export function useUpdateTask(campaignId: string) {
  return useCampaignMutation(({ taskId, changes }: { taskId: string; changes: UpdateTaskInput }) =>
    request<CampaignTask>(`/campaigns/${encodeURIComponent(campaignId)}/tasks/${encodeURIComponent(taskId)}`, {
      method: 'PATCH',
      body: changes,
    }),
  );
}

export function useDeleteTask(campaignId: string) {
  return useCampaignMutation((taskId: string) =>
    request<void>(`/campaigns/${encodeURIComponent(campaignId)}/tasks/${encodeURIComponent(taskId)}`, {
      method: 'DELETE',
    }),
  );
}

/** The settings screen's list: every kind of the chosen county, retired ones too. */
export function useCampaignKindSettings(countyId: string | undefined, isReady: boolean) {
  return useQuery({
    queryKey: [...campaignsKey, 'kinds', 'settings', countyId ?? 'own'],
    queryFn: ({ signal }) =>
      request<{ items: CampaignKind[] }>('/campaign-kinds', {
        query: { countyId, includeRetired: true },
        signal,
      }).then((answer) => answer.items),
    enabled: isReady,
  });
}

export function useSaveCampaignKind(countyId: string | undefined) {
  return useCampaignMutation(({ code, ...body }: KindInput) =>
    request<CampaignKind>(`/campaign-kinds/${encodeURIComponent(code)}`, { method: 'PUT', query: { countyId }, body }),
  );
}

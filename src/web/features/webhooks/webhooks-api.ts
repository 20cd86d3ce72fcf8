import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreatedWebhookSubscription,
  WebhookDeliveryList,
  WebhookSubscription,
  WebhookSubscriptionInput,
  WebhookSubscriptionList,
  WebhookSubscriptionPatch,
} from '../../../shared/api/webhooks';
import { request } from '../../api/client';

const webhooksKey = ['webhook-subscriptions'] as const;

export function useWebhookSubscriptions(countyId: string | undefined, isReady: boolean) {
  return useQuery({
    queryKey: [...webhooksKey, countyId],
    queryFn: ({ signal }) =>
      request<WebhookSubscriptionList>('/webhook-subscriptions', { query: { countyId }, signal }),
    enabled: isReady,
  });
}

export function useAddWebhookSubscription(countyId: string | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: WebhookSubscriptionInput) =>
      request<CreatedWebhookSubscription>('/webhook-subscriptions', {
        method: 'POST',
        query: { countyId },
        body: input,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhooksKey }),
  });
}

export function useChangeWebhookSubscription(countyId: string | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...patch }: WebhookSubscriptionPatch & { id: string }) =>
      request<WebhookSubscription>(`/webhook-subscriptions/${id}`, {
        method: 'PATCH',
        query: { countyId },
        body: patch,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhooksKey }),
  });
}

/** A subscription's delivery log, failures first; none asked while no subscription is open. */
export function useWebhookDeliveries(countyId: string | undefined, subscriptionId: string | undefined) {
  return useQuery({
    queryKey: [...webhooksKey, countyId, subscriptionId, 'deliveries'],
    queryFn: ({ signal }) =>
      request<WebhookDeliveryList>(`/webhook-subscriptions/${subscriptionId}/deliveries`, {
        query: { countyId },
        signal,
      }),
    enabled: subscriptionId !== undefined,
  });
}

export function useResendWebhookDelivery(countyId: string | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      request<undefined>(`/webhook-deliveries/${id}/resend`, { method: 'POST', query: { countyId } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhooksKey }),
  });
}

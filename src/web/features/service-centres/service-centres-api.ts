import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import type {
  CentreFigures,
  Consultation,
  ConsultationInput,
  ConsultationKindList,
  ConsultationPage,
  ServiceCentre,
  ServiceCentreInput,
  ServiceCentreList,
} from '../../../shared/api/service-centres';
import { request } from '../../api/client';
import { describeError } from '../../api/errors';

/** Every service-centre query starts with this key: a new centre or consultation refreshes lists and figures. */
export const serviceCentresKey = ['service-centres'] as const;

export function useServiceCentres() {
  return useQuery({
    queryKey: [...serviceCentresKey, 'list'],
    queryFn: ({ signal }) => request<ServiceCentreList>('/service-centres', { signal }).then((answer) => answer.items),
  });
}

export function useConsultationKinds() {
  return useQuery({
    queryKey: [...serviceCentresKey, 'kinds'],
    queryFn: ({ signal }) =>
      request<ConsultationKindList>('/consultation-kinds', { signal }).then((answer) => answer.items),
  });
}

export function useConsultations(centreId: string) {
  return useQuery({
    queryKey: [...serviceCentresKey, 'consultations', centreId],
    queryFn: ({ signal }) =>
      request<ConsultationPage>(`/service-centres/${encodeURIComponent(centreId)}/consultations`, {
        query: { limit: 100 },
        signal,
      }),
  });
}

export function useCentreFigures(centreId: string) {
  return useQuery({
    queryKey: [...serviceCentresKey, 'figures', centreId],
    queryFn: ({ signal }) =>
      request<CentreFigures>(`/service-centres/${encodeURIComponent(centreId)}/figures`, { signal }),
  });
}

/** A change: refreshes every service-centre query; a refusal is shown as the server words it. */
function useCentreMutation<Input, Result>(send: (input: Input) => Promise<Result>) {
  const queryClient = useQueryClient();
  const { notification } = App.useApp();
  return useMutation({
    mutationFn: send,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: serviceCentresKey }),
    onError: (error) => {
      const { title, detail } = describeError(error);
      notification.error({ title, description: detail, placement: 'topRight' });
    },
  });
}

export function useCreateCentre() {
  return useCentreMutation((input: ServiceCentreInput) =>
    request<ServiceCentre>('/service-centres', { method: 'POST', body: input }),
  );
}

export function useRecordConsultation(centreId: string) {
  return useCentreMutation((input: ConsultationInput) =>
    request<Consultation>(`/service-centres/${encodeURIComponent(centreId)}/consultations`, {
      method: 'POST',
      body: input,
    }),
  );
}

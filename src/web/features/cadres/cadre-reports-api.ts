import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import type {
  CadreReport,
  CadreReportKind,
  CadreReportList,
  CadreReportStatus,
  GenerateCadreReportInput,
} from '../../../shared/api/cadre-reports';
import { isApiError, request } from '../../api/client';
import { describeError } from '../../api/errors';
import { cadresKey } from './cadres-api';

/** Under the cadres' key: generating or approving a report refreshes what the other tabs show too. */
const reportsKey = [...cadresKey, 'reports'] as const;

export type ReportFilter = {
  kind?: CadreReportKind | undefined;
  status?: CadreReportStatus | undefined;
  period?: string | undefined;
  awaitingMe?: boolean | undefined;
};

export function useCadreReports(filter: ReportFilter) {
  return useQuery({
    queryKey: [...reportsKey, 'list', filter],
    queryFn: ({ signal }) =>
      request<CadreReportList>('/cadre-reports', {
        query: { ...filter, awaitingMe: filter.awaitingMe ? 'true' : undefined },
        signal,
      }),
  });
}

export function useCadreReport(id: string | undefined) {
  return useQuery({
    queryKey: [...reportsKey, 'one', id],
    queryFn: ({ signal }) => request<CadreReport>(`/cadre-reports/${encodeURIComponent(id!)}`, { signal }),
    enabled: id !== undefined,
  });
}

/** A step on reports: refreshes the lists; a report changed meanwhile is shown afresh, with a word. */
function useReportChange<Input>(send: (input: Input) => Promise<CadreReport>) {
  const queryClient = useQueryClient();
  const { message, notification } = App.useApp();
  const { t } = useTranslation();
  const refresh = () => queryClient.invalidateQueries({ queryKey: reportsKey });
  return useMutation({
    mutationFn: send,
    onSuccess: refresh,
    onError: (error) => {
      if (isApiError(error) && error.code === 'cadre_report_changed') {
        void message.warning(t('cadreReports.changed'));
        void refresh();
        return;
      }
      const { title, detail } = describeError(error);
      notification.error({ title, description: detail, placement: 'topRight' });
    },
  });
}

export function useGenerateCadreReport() {
  return useReportChange((input: GenerateCadreReportInput) =>
    request<CadreReport>('/cadre-reports', { method: 'POST', body: input }),
  );
}

export type ReportStep =
  | { step: 'submit' | 'approve'; version: number }
  | { step: 'return'; version: number; comment: string }
  | { step: 'reopen'; version: number; reason: string };

export function useCadreReportStep(id: string) {
  return useReportChange(({ step, ...body }: ReportStep) =>
    request<CadreReport>(`/cadre-reports/${encodeURIComponent(id)}/${step}`, { method: 'POST', body }),
  );
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Enrolment,
  RecoveryCodes,
  SecondFactorStatus,
  SecondStepInput,
  Session,
} from '../../../shared/api/session';
import { request } from '../../api/client';
import { replaceSession } from './session-api';

const statusKey = ['second-factor'] as const;

export function useSecondFactorStatus() {
  return useQuery({
    queryKey: statusKey,
    queryFn: ({ signal }) => request<SecondFactorStatus>('/session/second-factor', { signal }),
  });
}

export function useStartEnrolment() {
  return useMutation({
    mutationFn: () => request<Enrolment>('/session/second-factor/enrolment', { method: 'POST' }),
    meta: { isErrorHandledLocally: true },
  });
}

/** Confirms enrolment with a code of the app; answers the recovery codes, shown this once. */
export function useConfirmEnrolment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) =>
      request<RecoveryCodes>('/session/second-factor/enrolment/confirm', {
        method: 'POST',
        body: { code },
      }),
    meta: { isErrorHandledLocally: true },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: statusKey }),
  });
}

/** The second step of signing in; its answer is the whole session, as the password's is without a second factor. */
export function useVerifySecondFactor() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SecondStepInput) => request<Session>('/session/second-factor', { method: 'POST', body: input }),
    meta: { isErrorHandledLocally: true },
    onSuccess: (session) => replaceSession(queryClient, session),
  });
}

import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from './api/client';
import { replaceSession, sessionKey } from './features/session/session-api';

declare module '@tanstack/react-query' {
  interface Register {
    defaultError: Error;
    mutationMeta: {
      /** Set when the component shows the error itself (a form beside its fields), so no toast is raised. */
      isErrorHandledLocally?: boolean;
    };
  }
}

function isClientError(error: unknown): boolean {
  return isApiError(error) && error.status >= 400 && error.status < 500;
}

/**
 * Builds the app's query client. Any 401 forgets the session, which sends the user to the login page;
 * a failed change is reported through `notifyError` unless its form reports it.
 */
export function createQueryClient(notifyError: (error: unknown) => void): QueryClient {
  const handleUnauthenticated = (error: unknown): boolean => {
    if (!isApiError(error) || !error.isUnauthenticated) return false;
    replaceSession(queryClient, null);
    return true;
  };

  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: handleUnauthenticated }),
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => {
        if (handleUnauthenticated(error) && !mutation.meta?.isErrorHandledLocally) return;
        if (isApiError(error) && error.code === 'csrf_failed')
          void queryClient.invalidateQueries({ queryKey: sessionKey });
        if (!mutation.meta?.isErrorHandledLocally) notifyError(error);
      },
    }),
    defaultOptions: {
      queries: {
        // A 4xx will not change on a retry; network blips and 5xx might.
        retry: (failureCount, error) => !isClientError(error) && failureCount < 2,
        refetchOnWindowFocus: false,
        staleTime: 30_000,
      },
    },
  });
  return queryClient;
}

import { createContext, useContext } from 'react';
import { queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { OwnPasswordChange, PendingSignIn, PublicConfig, Session, SignInInput } from '../../../shared/api/session';
import type { Capability } from '../../../shared/policy';
import { arrivedAnswer, forgetPrefetched, isApiError, request, setCsrfToken } from '../../api/client';
import { forgetFirstPageScope } from '../../first-page';

export function isPendingSignIn(result: Session | PendingSignIn): result is PendingSignIn {
  return 'pendingStep' in result;
}

export const sessionKey = ['session'] as const;
export const configKey = ['config'] as const;

/** The signed-in session, or null when nobody is signed in (a 401 is an answer here, not an error). */
export const sessionQuery = queryOptions({
  queryKey: sessionKey,
  queryFn: async ({ signal }): Promise<Session | null> => {
    try {
      const session = await request<Session>('/session', { signal });
      setCsrfToken(session.csrfToken);
      return session;
    } catch (error) {
      if (isApiError(error) && error.isUnauthenticated) {
        setCsrfToken(undefined);
        return null;
      }
      throw error;
    }
  },
  // The boot script asked for it (first-page.ts); if its answer is in, the console starts with it.
  initialData: () => {
    const session = arrivedAnswer<Session>('/session');
    if (session) setCsrfToken(session.csrfToken);
    return session;
  },
  staleTime: 5 * 60_000,
});

export function useSession() {
  return useQuery(sessionQuery);
}

/**
 * Where a user lands: the root of their region tree, named in the session, so its page loads at once instead of
 * after the tree (an administrator, who spans counties, gets the list of counties).
 */
export function homePath(session: Session): string {
  // An account that reads no territory (a dispatching unit's) lands on its cadres, all it reads.
  if (!session.abilities.includes('region.read')) return '/cadres';
  return session.regionId ? `/regions/${session.regionId}` : '/regions';
}

/**
 * The session the sign-in guard checked, handed down by it rather than read from the query: when the session ends
 * (a 401, a sign-out elsewhere), a page still loading under the guard may render once more before the guard sends
 * everyone to the login page, and it must still find the session it was opened with.
 */
const SignedInSessionContext = createContext<Session | null>(null);

export const SignedInSessionProvider = SignedInSessionContext.Provider;

/** The session of a page behind the sign-in guard, where it is known to exist. */
export function useSignedInSession(): Session {
  const session = useContext(SignedInSessionContext);
  if (!session) throw new Error('useSignedInSession used outside the signed-in layout');
  return session;
}

/** Whether the signed-in user holds a capability; the server enforces it, the console only hides what would fail. */
export function useCan(): (capability: Capability) => boolean {
  const { data } = useSession();
  const abilities = data?.abilities ?? [];
  return (capability) => abilities.includes(capability);
}

export function usePublicConfig() {
  return useQuery({
    queryKey: configKey,
    queryFn: ({ signal }) => request<PublicConfig>('/config', { signal }),
    initialData: () => arrivedAnswer<PublicConfig>('/config'),
    staleTime: Infinity,
  });
}

/**
 * Forgets what the previous user loaded, so the next one never sees it, and records who is signed in now
 * (null: nobody, which sends every guarded page to the login page).
 */
export function replaceSession(queryClient: QueryClient, session: Session | null): void {
  setCsrfToken(session?.csrfToken);
  forgetPrefetched();
  if (!session) forgetFirstPageScope();
  queryClient.removeQueries({
    predicate: (query) => query.queryKey[0] !== configKey[0] && query.queryKey[0] !== sessionKey[0],
  });
  queryClient.setQueryData(sessionKey, session);
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    // The sign-in answer is the whole session (abilities, CSRF token), so no GET /session follows it; or, with
    // a second factor, the step still pending, which the login page shows next.
    mutationFn: (credentials: SignInInput) =>
      request<Session | PendingSignIn>('/session', { method: 'POST', body: credentials }),
    // The login form shows the error itself, beside the fields.
    meta: { isErrorHandledLocally: true },
    onSuccess: (result) => {
      if (!isPendingSignIn(result)) replaceSession(queryClient, result);
    },
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => request<void>('/session', { method: 'DELETE' }),
    onSettled: () => replaceSession(queryClient, null),
  });
}

/** Changes the signed-in user's own password; the server signs out their other sessions. */
export function useChangeOwnPassword() {
  return useMutation({
    mutationFn: (passwords: OwnPasswordChange) =>
      request<void>('/session/password', { method: 'POST', body: passwords }),
  });
}

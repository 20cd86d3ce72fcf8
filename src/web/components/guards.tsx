import { Button } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router-dom';
import type { Capability } from '../../shared/policy';
import { describeError } from '../api/errors';
import {
  homePath,
  SignedInSessionProvider,
  useCan,
  useSession,
  useSignedInSession,
} from '../features/session/session-api';
import { PageResult, PageSpinner } from './query-state';

/** Renders its children only for a signed-in user; anyone else goes to the login page and comes back after. */
export function RequireSession({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const location = useLocation();
  const session = useSession();
  if (session.isPending) return <PageSpinner />;
  if (session.isError) {
    return (
      <PageResult
        status="error"
        title={describeError(session.error).title}
        extra={<Button onClick={() => void session.refetch()}>{t('common.retry')}</Button>}
      />
    );
  }
  if (!session.data) return <Navigate to="/login" replace state={{ from: location }} />;
  return <SignedInSessionProvider value={session.data}>{children}</SignedInSessionProvider>;
}

/** A page the user may not open (typed URL, bookmark) sends them to their home page instead of failing. */
export function RequireAbility({ capability, page }: { capability: Capability; page: ReactNode }) {
  const can = useCan();
  const session = useSignedInSession();
  return can(capability) ? page : <Navigate to={homePath(session)} replace />;
}

/**
 * Any other address opens the user's home page once the session is known; nobody goes to the login page, which
 * then takes them home too (not to the bare territory page, which would wait for the tree before opening it).
 */
export function RedirectHome() {
  const session = useSession();
  if (session.isPending) return <PageSpinner />;
  return <Navigate to={session.data ? homePath(session.data) : '/login'} replace />;
}

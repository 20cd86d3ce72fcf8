import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Card, Flex, Form, Input, Typography } from 'antd';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, type Location } from 'react-router-dom';
import { describeError } from '../api/errors';
import { LanguageSwitch } from '../components/language-switch';
import { PageSpinner } from '../components/query-state';
import { loadSignedInCodeWhenIdle, prepareSignedInPage } from '../first-page';
import { SignInSubmit } from '../features/session/sign-in-submit';
import type { PendingSignIn, Session } from '../../shared/api/session';
import {
  homePath,
  isPendingSignIn,
  usePublicConfig,
  useSession,
  useSignIn,
  useSignOut,
} from '../features/session/session-api';

type Credentials = { username: string; password: string };

// Few sign-ins need a second step: its forms (and the enrolment's QR code) load when one does.
const SignInSecondStep = lazy(() =>
  import('../features/session/sign-in-second-step').then((module) => ({ default: module.SignInSecondStep })),
);

/** Where to go after signing in: the page that sent the user here, else their home page. */
function returnPath(location: Location, session: Session): string {
  const from = (location.state as { from?: Location } | null)?.from;
  return from && from.pathname !== '/login' ? `${from.pathname}${from.search}` : homePath(session);
}

export function LoginPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const session = useSession();
  const config = usePublicConfig();
  const signIn = useSignIn();
  const signOut = useSignOut();
  // After a right password, the code (or enrolling a second factor) still to give, shown instead of the form.
  const [pendingStep, setPendingStep] = useState<PendingSignIn['pendingStep']>();
  useEffect(loadSignedInCodeWhenIdle, []);

  if (session.isPending) return <PageSpinner />;
  if (session.data) return <Navigate to={returnPath(location, session.data)} replace />;

  const error = signIn.error ? describeError(signIn.error) : undefined;
  // On success the session query fills in and the redirect above takes the user on; the page they land on has
  // its code and its requests on their way already, beside that render.
  const submit = (credentials: Credentials) =>
    signIn.mutate(credentials, {
      onSuccess: (result) =>
        isPendingSignIn(result)
          ? setPendingStep(result.pendingStep)
          : prepareSignedInPage(returnPath(location, result), result),
    });
  const cancelSecondStep = () => signOut.mutate(undefined, { onSettled: () => setPendingStep(undefined) });

  return (
    <Flex vertical align="center" justify="center" className="login-page">
      <div className="login-language">
        <LanguageSwitch />
      </div>
      <Card className="login-card">
        <Flex vertical align="center" gap={4} className="login-heading">
          <span className="brand-mark brand-mark-large" aria-hidden>
            格
          </span>
          <Typography.Title level={3}>{t('app.name')}</Typography.Title>
          <Typography.Text type="secondary">{t('app.tagline')}</Typography.Text>
        </Flex>
        {pendingStep ? (
          <Suspense fallback={<PageSpinner />}>
            <SignInSecondStep step={pendingStep} onCancel={cancelSecondStep} />
          </Suspense>
        ) : null}
        <Form<Credentials>
          layout="vertical"
          onFinish={submit}
          requiredMark={false}
          disabled={signIn.isPending}
          hidden={pendingStep !== undefined}
        >
          <Form.Item
            name="username"
            label={t('login.username')}
            rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
          >
            <Input
              prefix={<UserOutlined />}
              autoComplete="username"
              autoFocus
              autoCapitalize="none"
              data-testid="login-username"
            />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, message: t('login.passwordRequired') }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          <SignInSubmit error={error} isPending={signIn.isPending} label={t('login.submit')} testIdPrefix="login" />
        </Form>
        {config.data?.isDemo && !pendingStep ? (
          <Alert
            type="info"
            showIcon
            title={t('login.demoTitle')}
            description={t('login.demoHint')}
            className="login-demo"
          />
        ) : null}
      </Card>
    </Flex>
  );
}

import { Button, Checkbox, Form, Input, NoticeBar } from 'antd-mobile';
import { useState } from 'react';
import type { PendingSignIn, Session } from '../../shared/api/session';
import { ApiError, request } from '../api';
import { useT } from '../i18n';

/** Sign-in with the console's API, and its second step when the account needs one. */
export function SignInScreen(props: {
  isExpired: boolean;
  queuedOwner?: string;
  onSignedIn: (session: Session) => void;
}) {
  const t = useT();
  const [step, setStep] = useState<'password' | 'second_factor' | 'enrolment'>('password');
  const [error, setError] = useState<string>();
  const [isBusy, setBusy] = useState(false);

  const run = async (work: () => Promise<Session | PendingSignIn>) => {
    setBusy(true);
    setError(undefined);
    try {
      const answer = await work();
      if ('pendingStep' in answer) setStep(answer.pendingStep);
      else props.onSignedIn(answer);
    } catch (failure) {
      setError(failure instanceof ApiError && failure.status === 0 ? t('signIn.offline') : (failure as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="field-body">
      {props.isExpired ? <NoticeBar content={t('signIn.expired')} color="alert" wrap /> : null}
      {step === 'enrolment' ? <NoticeBar content={t('signIn.enrolFirst')} color="info" wrap /> : null}
      {step === 'password' ? (
        <Form
          layout="horizontal"
          onFinish={(values: { username: string; password: string }) =>
            void run(() => request('/session', { method: 'POST', body: values }))
          }
          footer={
            <Button block type="submit" color="primary" size="large" loading={isBusy}>
              {t('signIn.submit')}
            </Button>
          }
        >
          <Form.Header>{t('signIn.title')}</Form.Header>
          <Form.Item name="username" label={t('signIn.username')} rules={[{ required: true }]}>
            <Input autoComplete="username" name="username" />
          </Form.Item>
          <Form.Item name="password" label={t('signIn.password')} rules={[{ required: true }]}>
            <Input type="password" autoComplete="current-password" name="password" />
          </Form.Item>
        </Form>
      ) : null}
      {step === 'second_factor' ? (
        <Form
          onFinish={(values: { code: string; rememberDevice?: boolean }) =>
            void run(() =>
              request('/session/second-factor', {
                method: 'POST',
                body: { code: values.code, rememberDevice: values.rememberDevice ?? false },
              }),
            )
          }
          footer={
            <Button block type="submit" color="primary" size="large" loading={isBusy}>
              {t('signIn.verify')}
            </Button>
          }
        >
          <Form.Header>{t('signIn.codeHint')}</Form.Header>
          <Form.Item name="code" label={t('signIn.code')} rules={[{ required: true }]}>
            <Input inputMode="numeric" autoComplete="one-time-code" name="code" />
          </Form.Item>
          <Form.Item name="rememberDevice" valuePropName="checked">
            <Checkbox>{t('signIn.rememberDevice')}</Checkbox>
          </Form.Item>
        </Form>
      ) : null}
      {error ? (
        <div className="field-section field-error" role="alert">
          {error}
        </div>
      ) : null}
    </div>
  );
}

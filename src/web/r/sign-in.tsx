import { Button, Form, Input } from 'antd-mobile';
import { useEffect, useState } from 'react';
import type { ResidentCodeSent } from '../../shared/api/resident';
import type { Session } from '../../shared/api/session';
import { request } from '../../mobile/api';
import { messageOf } from './errors';
import { useT } from './i18n';

/** Phone number, 获取验证码 (then a countdown), the code, 登录: the same session cookie and CSRF token as staff. */
export function SignInScreen(props: { onSignedIn: (session: Session) => Promise<void> }) {
  const t = useT();
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [secondsLeft, setSecondsLeft] = useState(0);
  const [notice, setNotice] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (secondsLeft <= 0) return;
    const timer = setTimeout(() => setSecondsLeft(secondsLeft - 1), 1000);
    return () => clearTimeout(timer);
  }, [secondsLeft]);

  const sendCode = async () => {
    setProblem(undefined);
    // The server reads the number as people type it (+86, spaces, full-width digits) and says what is wrong.
    if (phone.trim() === '') return setProblem(t('signIn.needPhone'));
    try {
      await request<ResidentCodeSent>('/resident/code', { method: 'POST', body: { phone } });
      setNotice(t('signIn.sent'));
      // Asking again at once only spends the phone's few codes: the button waits a minute.
      setSecondsLeft(60);
    } catch (error) {
      setNotice(undefined);
      setProblem(messageOf(error, t));
    }
  };

  const signIn = async () => {
    setProblem(undefined);
    if (!/^\d{6}$/.test(code)) return setProblem(t('signIn.needCode'));
    setBusy(true);
    try {
      await props.onSignedIn(await request<Session>('/resident/session', { method: 'POST', body: { phone, code } }));
    } catch (error) {
      setProblem(messageOf(error, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form
      layout="vertical"
      footer={
        <>
          {notice ? <div className="resident-notice">{notice}</div> : null}
          {problem ? (
            <div className="resident-error" role="alert">
              {problem}
            </div>
          ) : null}
          <Button block color="primary" size="large" loading={busy} onClick={() => void signIn()} data-testid="sign-in">
            {t('signIn.submit')}
          </Button>
        </>
      }
    >
      <Form.Header>{t('signIn.intro')}</Form.Header>
      <Form.Item label={t('signIn.phone')}>
        <Input
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          placeholder={t('signIn.phonePlaceholder')}
          value={phone}
          onChange={setPhone}
          maxLength={20}
          data-testid="phone"
        />
      </Form.Item>
      <Form.Item
        label={t('signIn.code')}
        extra={
          <Button
            size="small"
            color="primary"
            fill="outline"
            disabled={secondsLeft > 0}
            onClick={() => void sendCode()}
            data-testid="send-code"
          >
            {secondsLeft > 0 ? t('signIn.resend', { seconds: secondsLeft }) : t('signIn.sendCode')}
          </Button>
        }
      >
        <Input
          inputMode="numeric"
          autoComplete="one-time-code"
          placeholder={t('signIn.codePlaceholder')}
          value={code}
          onChange={(value) => setCode(value.replace(/\D/g, '').slice(0, 6))}
          data-testid="code"
        />
      </Form.Item>
    </Form>
  );
}

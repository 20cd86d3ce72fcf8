import { Alert, Button, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { SecondFactorCodeForm } from './second-factor-code-form';
import { SecondFactorEnrolment } from './second-factor-enrolment';
import type { PendingSignIn } from '../../../shared/api/session';
import { sessionKey } from './session-api';

/**
 * The login page after a right password: the code of the authenticator app, or, for a role that requires a second
 * factor and has none yet, enrolling one. Either finishes the sign-in; the login page then takes the user on.
 */
export function SignInSecondStep({ step, onCancel }: { step: PendingSignIn['pendingStep']; onCancel: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return (
    <div data-testid={`sign-in-${step}`}>
      <Typography.Title level={5}>{t('secondFactor.title')}</Typography.Title>
      {step === 'second_factor' ? (
        <SecondFactorCodeForm />
      ) : (
        <>
          <Alert type="info" showIcon title={t('secondFactor.enrolmentRequired')} className="login-error" />
          {/* Enrolling finished the sign-in on the server: asking for the session now lets the user in. */}
          <SecondFactorEnrolment onDone={() => void queryClient.invalidateQueries({ queryKey: sessionKey })} />
        </>
      )}
      <Button type="link" block onClick={onCancel} className="second-factor-back">
        {t('secondFactor.backToSignIn')}
      </Button>
    </div>
  );
}

import { Alert, Button, Flex, Form, Input, QRCode, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../api/errors';
import { useConfirmEnrolment, useStartEnrolment } from './second-factor-api';

/** The secret in groups of four, as it is easier to type into an app by hand. */
function groupedSecret(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(' ') ?? secret;
}

/**
 * Enrols an authenticator app: the QR code and the secret as text, a code to confirm, then the ten recovery
 * codes, shown this once. `onDone` runs when the user has saved them.
 */
export function SecondFactorEnrolment({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const start = useStartEnrolment();
  const confirm = useConfirmEnrolment();
  const [recoveryCodes, setRecoveryCodes] = useState<string[]>();
  const { mutate: startEnrolment } = start;

  // A new secret each time the form opens; an unconfirmed one is replaced, a confirmed one is never shown again.
  useEffect(() => startEnrolment(), [startEnrolment]);

  if (recoveryCodes) {
    return (
      <Flex vertical gap={12} data-testid="recovery-codes">
        <Alert
          type="success"
          showIcon
          title={t('secondFactor.recoveryTitle')}
          description={t('secondFactor.recoveryHint')}
        />
        <ol className="recovery-codes">
          {recoveryCodes.map((code) => (
            <li key={code}>
              <Typography.Text code>{code}</Typography.Text>
            </li>
          ))}
        </ol>
        <Typography.Paragraph copyable={{ text: recoveryCodes.join('\n') }} className="recovery-codes-copy">
          {t('secondFactor.copyRecoveryCodes')}
        </Typography.Paragraph>
        <Button type="primary" block onClick={onDone} data-testid="recovery-codes-saved">
          {t('secondFactor.recoverySaved')}
        </Button>
      </Flex>
    );
  }

  if (start.isError) {
    return <Alert type="error" showIcon title={describeError(start.error).title} />;
  }
  if (!start.data) return <Spin className="second-factor-spinner" />;

  const confirmError = confirm.error ? describeError(confirm.error) : undefined;
  return (
    <Flex vertical gap={12}>
      <Typography.Text>{t('secondFactor.scanStep')}</Typography.Text>
      <Flex justify="center">
        <QRCode value={start.data.uri} size={176} bordered={false} data-testid="second-factor-qr" />
      </Flex>
      <Typography.Text type="secondary">
        {t('secondFactor.manualKey')}{' '}
        <Typography.Text code copyable={{ text: start.data.secret }} data-testid="second-factor-secret">
          {groupedSecret(start.data.secret)}
        </Typography.Text>
      </Typography.Text>
      <Typography.Text>{t('secondFactor.confirmStep')}</Typography.Text>
      <Form<{ code: string }>
        layout="vertical"
        requiredMark={false}
        disabled={confirm.isPending}
        onFinish={({ code }) =>
          confirm.mutate(code.trim(), { onSuccess: (result) => setRecoveryCodes(result.recoveryCodes) })
        }
      >
        <Form.Item name="code" rules={[{ required: true, whitespace: true, message: t('secondFactor.codeRequired') }]}>
          <Input
            autoComplete="one-time-code"
            inputMode="numeric"
            maxLength={6}
            placeholder="123456"
            autoFocus
            data-testid="second-factor-enrol-code"
          />
        </Form.Item>
        {confirmError ? (
          <Alert
            type="error"
            showIcon
            title={confirmError.title}
            description={confirmError.detail}
            className="login-error"
          />
        ) : null}
        <Button type="primary" htmlType="submit" block loading={confirm.isPending} data-testid="second-factor-confirm">
          {t('secondFactor.confirm')}
        </Button>
      </Form>
    </Flex>
  );
}

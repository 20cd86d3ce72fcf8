import { SafetyOutlined } from '@ant-design/icons';
import { Checkbox, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../api/errors';
import { useVerifySecondFactor } from './second-factor-api';
import { SignInSubmit } from './sign-in-submit';

type CodeValues = { code: string; rememberDevice: boolean };

/**
 * The second step of signing in: the app's code, or a recovery code, and "remember this device". The answer is
 * the session itself, stored by the mutation, so the login page takes the user on.
 */
export function SecondFactorCodeForm() {
  const { t } = useTranslation();
  const verify = useVerifySecondFactor();
  const error = verify.error ? describeError(verify.error) : undefined;
  return (
    <Form<CodeValues>
      layout="vertical"
      requiredMark={false}
      disabled={verify.isPending}
      initialValues={{ rememberDevice: false }}
      onFinish={({ code, rememberDevice }) => verify.mutate({ code: code.trim(), rememberDevice })}
    >
      <Typography.Paragraph type="secondary">{t('secondFactor.codeStepHint')}</Typography.Paragraph>
      <Form.Item
        name="code"
        label={t('secondFactor.code')}
        rules={[{ required: true, whitespace: true, message: t('secondFactor.codeRequired') }]}
      >
        <Input
          prefix={<SafetyOutlined />}
          autoComplete="one-time-code"
          autoCapitalize="none"
          autoFocus
          maxLength={40}
          data-testid="second-factor-code"
        />
      </Form.Item>
      <Form.Item name="rememberDevice" valuePropName="checked">
        <Checkbox data-testid="second-factor-remember">{t('secondFactor.rememberDevice')}</Checkbox>
      </Form.Item>
      <SignInSubmit
        error={error}
        isPending={verify.isPending}
        label={t('secondFactor.verify')}
        testIdPrefix="second-factor"
      />
    </Form>
  );
}

import { App, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/form-modal';
import { usePublicConfig } from '../session/session-api';
import { useResetPassword } from './accounts-api';

/** Until the installation's setting has loaded, the default minimum. */
const defaultMinLength = 12;

export type PasswordValues = { password: string; confirmation: string };

/** Sets a new password for an account; open while `account` is given. */
export function PasswordModal({
  account,
  onClose,
}: {
  account: { id: string; displayName: string } | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const resetPassword = useResetPassword();
  return (
    <FormModal<PasswordValues>
      title={t('accounts.resetPasswordFor', { name: account?.displayName ?? '' })}
      open={account !== undefined}
      onClose={onClose}
      onSubmit={async ({ password }) => {
        if (!account) return;
        await resetPassword.mutateAsync({ id: account.id, password });
        void message.success(t('accounts.passwordReset'));
      }}
    >
      <NewPasswordFields />
    </FormModal>
  );
}

/** The new password twice, with the server's minimum length checked before sending. */
export function NewPasswordFields() {
  const { t } = useTranslation();
  return (
    <>
      <NewPasswordField />
      <Form.Item
        name="confirmation"
        label={t('accounts.confirmPassword')}
        dependencies={['password']}
        rules={[
          { required: true, message: t('accounts.passwordMismatch') },
          ({ getFieldValue }) => ({
            validator: (_rule, value) =>
              value === getFieldValue('password')
                ? Promise.resolve()
                : Promise.reject(new Error(t('accounts.passwordMismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </>
  );
}

/**
 * One new-password field (`password`), with the installation's minimum length checked before sending; the server
 * also refuses common passwords and says so.
 */
export function NewPasswordField() {
  const { t } = useTranslation();
  const minLength = usePublicConfig().data?.passwordMinLength ?? defaultMinLength;
  return (
    <Form.Item
      name="password"
      label={t('accounts.newPassword')}
      rules={[
        { required: true, message: t('accounts.passwordTooShort', { count: minLength }) },
        { min: minLength, message: t('accounts.passwordTooShort', { count: minLength }) },
      ]}
    >
      <Input.Password autoComplete="new-password" />
    </Form.Item>
  );
}

import { App, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/form-modal';
import { useResetPassword } from './accounts-api';

/** The server's minimum; it explains any other rule it applies in its error message. */
const minimumPasswordLength = 12;

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

/** One new-password field (`password`), with the server's minimum length checked before sending. */
export function NewPasswordField() {
  const { t } = useTranslation();
  return (
    <Form.Item
      name="password"
      label={t('accounts.newPassword')}
      rules={[
        { required: true, message: t('accounts.passwordTooShort') },
        { min: minimumPasswordLength, message: t('accounts.passwordTooShort') },
      ]}
    >
      <Input.Password autoComplete="new-password" />
    </Form.Item>
  );
}

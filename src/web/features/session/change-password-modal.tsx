import { App, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/form-modal';
import { NewPasswordFields, type PasswordValues } from '../accounts/password-modal';
import { useChangeOwnPassword } from './session-api';

type ChangePasswordValues = PasswordValues & { currentPassword: string };

/** The signed-in user changes their own password, proving they know the current one. */
export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const changePassword = useChangeOwnPassword();
  return (
    <FormModal<ChangePasswordValues>
      title={t('header.changePassword')}
      open={open}
      onClose={onClose}
      onSubmit={async ({ currentPassword, password }) => {
        await changePassword.mutateAsync({ currentPassword, newPassword: password });
        void message.success(t('header.passwordChanged'));
      }}
    >
      <Form.Item
        name="currentPassword"
        label={t('header.currentPassword')}
        rules={[{ required: true, message: t('login.passwordRequired') }]}
      >
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <NewPasswordFields />
    </FormModal>
  );
}

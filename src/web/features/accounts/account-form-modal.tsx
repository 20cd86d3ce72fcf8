import { App, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { canGrant, roleLevels, roles, type Role } from '../../../shared/policy';
import { FormModal } from '../../components/form-modal';
import { UnitSelect } from '../pairings/unit-select';
import { RegionPicker } from '../regions/region-picker';
import { DispatchingUnitField } from '../staff/dispatching-unit-field';
import { useSignedInSession } from '../session/session-api';
import type { Account } from '../../../shared/api/accounts';
import { useCreateAccount, useUpdateAccount } from './accounts-api';
import { NewPasswordField } from './password-modal';

type AccountValues = {
  username: string;
  displayName: string;
  role: Role;
  regionId?: string | null;
  password: string;
  /** A cadre's dispatching unit, for the person the server places in the grid with the account. */
  dispatchingUnit?: string;
  /** The unit a dispatching unit's account speaks for. */
  unitId?: string;
};

/** A new account, or an edit of `account` (name, role, region; the password has its own dialog). */
export type AccountFormTarget = { mode: 'create' } | { mode: 'edit'; account: Account };

// The server's rule (it lower-cases first): 3–32 characters, starting with a letter or digit.
const usernamePattern = /^[a-z0-9][a-z0-9_.-]{2,31}$/i;

export function AccountFormModal({ target, onClose }: { target: AccountFormTarget | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSignedInSession();
  const createAccount = useCreateAccount();
  const updateAccount = useUpdateAccount();
  const editing = target?.mode === 'edit' ? target.account : undefined;
  // Only roles of the user's own rank or below; the server checks the same rule and the region scope.
  const grantableRoles = roles.filter((role) => canGrant(session.role, role));

  const submit = async (values: AccountValues) => {
    // Admin is anchored nowhere; every other role has a region.
    const regionId = values.role === 'admin' ? null : (values.regionId ?? null);
    const unit = values.role === 'unit' && values.unitId ? { unitId: values.unitId } : {};
    if (editing) {
      await updateAccount.mutateAsync({
        id: editing.id,
        displayName: values.displayName.trim(),
        role: values.role,
        regionId,
        ...unit,
      });
      void message.success(t('common.saved'));
    } else {
      await createAccount.mutateAsync({
        username: values.username.trim().toLowerCase(),
        displayName: values.displayName.trim(),
        role: values.role,
        regionId,
        password: values.password,
        ...(values.role === 'cadre' ? { newStaff: { dispatchingUnit: values.dispatchingUnit?.trim() } } : {}),
        ...unit,
      });
      void message.success(t('common.created'));
    }
  };

  return (
    <FormModal<AccountValues>
      title={editing ? t('accounts.edit') : t('accounts.create')}
      open={target !== undefined}
      onClose={onClose}
      onSubmit={submit}
      initialValues={
        editing
          ? {
              username: editing.username,
              displayName: editing.displayName,
              role: editing.role,
              regionId: editing.regionId,
              unitId: editing.unit?.id,
            }
          : { role: grantableRoles.at(-1) }
      }
    >
      <Form.Item
        name="username"
        label={t('accounts.username')}
        extra={editing ? undefined : t('accounts.usernameRule')}
        rules={[
          { required: true, message: t('accounts.usernameRule') },
          { pattern: usernamePattern, message: t('accounts.usernameRule') },
        ]}
      >
        <Input disabled={editing !== undefined} autoComplete="off" autoCapitalize="none" />
      </Form.Item>
      <Form.Item
        name="displayName"
        label={t('accounts.displayName')}
        rules={[
          { required: true, whitespace: true, message: t('common.required', { field: t('accounts.displayName') }) },
          { max: 50 },
        ]}
      >
        <Input />
      </Form.Item>
      <Form.Item
        name="role"
        label={t('accounts.role')}
        rules={[{ required: true }]}
        extra={editing ? undefined : t('accounts.gridRoleHint')}
      >
        <Select options={grantableRoles.map((role) => ({ value: role, label: t(`role.${role}`) }))} />
      </Form.Item>
      <Form.Item noStyle dependencies={['role']}>
        {({ getFieldValue }) => {
          const levels = roleLevels[getFieldValue('role') as Role] ?? [];
          if (levels.length === 0) return null;
          return (
            <Form.Item
              name="regionId"
              label={t('accounts.region')}
              extra={t('accounts.regionLevelHint', { levels: levels.map((level) => t(`level.${level}`)).join(' / ') })}
              rules={[{ required: true, message: t('accounts.regionRequired') }]}
            >
              <RegionPicker
                selectableLevels={levels}
                knownLabels={
                  editing?.regionId && editing.regionName ? { [editing.regionId]: editing.regionName } : undefined
                }
              />
            </Form.Item>
          );
        }}
      </Form.Item>
      <Form.Item noStyle dependencies={['role']}>
        {({ getFieldValue }) =>
          getFieldValue('role') === 'unit' ? (
            <Form.Item
              name="unitId"
              label={t('accounts.unit')}
              extra={t('accounts.unitHint')}
              rules={[{ required: true, message: t('accounts.unitRequired') }]}
            >
              <UnitSelect testId="account-unit" />
            </Form.Item>
          ) : null
        }
      </Form.Item>
      {editing ? null : (
        <Form.Item noStyle dependencies={['role']}>
          {({ getFieldValue }) => (getFieldValue('role') === 'cadre' ? <DispatchingUnitField /> : null)}
        </Form.Item>
      )}
      {editing ? null : <NewPasswordField />}
    </FormModal>
  );
}

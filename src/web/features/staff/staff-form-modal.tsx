import { App, Checkbox, Form, Input, Radio, Select, Space, Switch } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isValidPhone, normalizePhone } from '../../../shared/phone';
import type { RegionLevel } from '../../../shared/policy';
import {
  accountRoleOfStaffKind,
  employmentTypes,
  staffKinds,
  type EmploymentType,
  type StaffKind,
} from '../../../shared/staff';
import { useDebouncedValue } from '../../components/use-debounced-value';
import { FormModal } from '../../components/form-modal';
import { useAccounts } from '../accounts/accounts-api';
import { NewPasswordField } from '../accounts/password-modal';
import { RegionPicker } from '../regions/region-picker';
import type { Region } from '../../../shared/api/regions';
import { useCan } from '../session/session-api';
import { DispatchingUnitField } from './dispatching-unit-field';
import type { Staff, StaffInput } from '../../../shared/api/staff';
import { useCreateStaff, useUpdateStaff } from './staff-api';

/** People are placed in a grid or a micro-grid (定人定格), never directly in a village or town. */
const staffLevels: readonly RegionLevel[] = ['grid', 'micro_grid'];

type StaffValues = {
  regionId: string;
  kind: StaffKind;
  name: string;
  phone?: string;
  employment?: EmploymentType;
  dispatchingUnit?: string;
  duties?: string;
  isPartyMember: boolean;
  /** How the person signs in: no account, a new one (username, password) or an existing one (accountId). */
  accountMode?: AccountMode;
  username?: string;
  password?: string;
  accountId?: string;
  /** Edit only: unlink the person's account (the account stays). */
  isUnlinked?: boolean;
};

const accountModes = ['none', 'new', 'existing'] as const;
type AccountMode = (typeof accountModes)[number];

// The server's rule (it lower-cases first): 3–32 characters, starting with a letter or digit.
const usernamePattern = /^[a-z0-9][a-z0-9_.-]{2,31}$/i;

/** A new person in `region`'s subtree, or an edit of `person`. */
export type StaffFormTarget = { mode: 'create'; kind: StaffKind | undefined } | { mode: 'edit'; person: Staff };

/** Only the fields that belong to the kind are sent: a volunteer has no dispatching unit, a cadre no employment type. */
function toInput(values: StaffValues): StaffInput {
  return {
    regionId: values.regionId,
    kind: values.kind,
    name: values.name.trim(),
    employment: values.kind === 'grid_member' ? (values.employment ?? null) : null,
    dispatchingUnit: values.kind === 'sunk_cadre' ? values.dispatchingUnit?.trim() || null : null,
    duties: values.duties?.trim() ?? '',
    isPartyMember: values.isPartyMember,
    ...accountInput(values),
  };
}

/** The account part of a new person or of an unlinked one: create, link, or nothing (unlinking is an edit's). */
function accountInput(values: StaffValues): Pick<StaffInput, 'accountId' | 'newAccount'> {
  if (values.accountMode === 'new' && values.username && values.password) {
    return { newAccount: { username: values.username.trim().toLowerCase(), password: values.password } };
  }
  if (values.accountMode === 'existing' && values.accountId) return { accountId: values.accountId };
  return {};
}

/** Accounts of the person's place not yet linked to anyone: the role of the position, anchored at the grid. */
function AccountSelect({
  kind,
  regionId,
  value,
  onChange,
}: {
  kind: StaffKind;
  regionId: string | undefined;
  value?: string;
  onChange?: (value: string) => void;
}) {
  const { t } = useTranslation();
  const [searchText, setSearchText] = useState('');
  const accounts = useAccounts(useDebouncedValue(searchText.trim()));
  const options = accounts.items
    .filter(
      (account) =>
        account.staffId === null && account.role === accountRoleOfStaffKind[kind] && account.regionId === regionId,
    )
    .map((account) => ({ value: account.id, label: `${account.displayName}（${account.username}）` }));
  return (
    <Select
      value={value}
      onChange={onChange}
      showSearch={{ filterOption: false, onSearch: setSearchText }}
      loading={accounts.isFetching}
      options={options}
      placeholder={t('staff.accountPick')}
      notFoundContent={t('staff.noAccountToLink')}
      data-testid="staff-account-select"
    />
  );
}

/**
 * The person's account: for positions that sign in (grid leader, grid member, sunk cadre) and for users who may
 * manage accounts. A linked person shows their account and may be unlinked; another may get a new or existing one.
 */
function AccountSection({ person }: { person: Staff | undefined }) {
  const { t } = useTranslation();
  const can = useCan();
  if (!can('account.write')) return null;
  if (person?.accountId) {
    return (
      <Form.Item label={t('staff.account')} extra={t('staff.accountFollows')}>
        <Space>
          <span data-testid="staff-account-linked">{person.accountUsername}</span>
          <Form.Item name="isUnlinked" valuePropName="checked" noStyle>
            <Checkbox>{t('staff.unlink')}</Checkbox>
          </Form.Item>
        </Space>
      </Form.Item>
    );
  }
  return (
    <Form.Item noStyle dependencies={['kind', 'accountMode', 'regionId']}>
      {({ getFieldValue }) => {
        const kind = getFieldValue('kind') as StaffKind | undefined;
        if (!kind || accountRoleOfStaffKind[kind] === undefined) return null;
        const mode = (getFieldValue('accountMode') as AccountMode | undefined) ?? 'none';
        return (
          <>
            <Form.Item name="accountMode" label={t('staff.account')} extra={t('staff.accountHint')}>
              <Radio.Group
                optionType="button"
                options={accountModes.map((value) => ({ value, label: t(`staff.accountMode.${value}`) }))}
                data-testid="staff-account-mode"
              />
            </Form.Item>
            {mode === 'new' ? (
              <>
                <Form.Item
                  name="username"
                  label={t('accounts.username')}
                  extra={t('accounts.usernameRule')}
                  rules={[
                    { required: true, message: t('accounts.usernameRule') },
                    { pattern: usernamePattern, message: t('accounts.usernameRule') },
                  ]}
                >
                  <Input autoComplete="off" autoCapitalize="none" data-testid="staff-account-username" />
                </Form.Item>
                <NewPasswordField />
              </>
            ) : null}
            {mode === 'existing' ? (
              <Form.Item
                name="accountId"
                label={t('staff.accountExisting')}
                rules={[{ required: true, message: t('staff.accountPick') }]}
              >
                <AccountSelect kind={kind} regionId={getFieldValue('regionId') as string | undefined} />
              </Form.Item>
            ) : null}
          </>
        );
      }}
    </Form.Item>
  );
}

export function StaffFormModal({
  region,
  target,
  onClose,
}: {
  region: Region;
  target: StaffFormTarget | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const createStaff = useCreateStaff();
  const updateStaff = useUpdateStaff();
  const person = target?.mode === 'edit' ? target.person : undefined;

  const initialValues: Partial<StaffValues> = person
    ? {
        regionId: person.regionId,
        kind: person.kind,
        name: person.name,
        employment: person.employment ?? undefined,
        dispatchingUnit: person.dispatchingUnit ?? undefined,
        duties: person.duties,
        isPartyMember: person.isPartyMember,
      }
    : {
        regionId: staffLevels.includes(region.level) ? region.id : undefined,
        kind: (target?.mode === 'create' ? target.kind : undefined) ?? 'grid_member',
        isPartyMember: false,
        accountMode: 'none',
      };

  const submit = async (values: StaffValues) => {
    // The server only ever shows a masked phone; an empty field on edit means "keep the stored number".
    const phone = values.phone?.trim() ? normalizePhone(values.phone) : undefined;
    if (person) {
      await updateStaff.mutateAsync({
        id: person.id,
        ...toInput(values),
        ...(values.isUnlinked ? { accountId: null } : {}),
        ...(phone ? { phone } : {}),
      });
      void message.success(t('common.saved'));
    } else {
      await createStaff.mutateAsync({ ...toInput(values), phone: phone ?? null });
      void message.success(t('common.created'));
    }
  };

  return (
    <FormModal<StaffValues>
      title={person ? t('staff.edit') : t('staff.add')}
      open={target !== undefined}
      onClose={onClose}
      onSubmit={submit}
      initialValues={initialValues}
      testId="staff-form"
    >
      <>
        <Form.Item name="kind" label={t('staff.kind')} rules={[{ required: true }]}>
          <Select options={staffKinds.map((kind) => ({ value: kind, label: t(`staffKind.${kind}`) }))} />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('staff.name')}
          rules={[
            { required: true, whitespace: true, message: t('common.required', { field: t('staff.name') }) },
            { max: 50 },
          ]}
        >
          <Input autoFocus />
        </Form.Item>
        <Form.Item
          name="regionId"
          label={t('staff.region')}
          rules={[{ required: true, message: t('common.required', { field: t('staff.region') }) }]}
        >
          <RegionPicker
            root={region}
            selectableLevels={staffLevels}
            knownLabels={person ? { [person.regionId]: person.regionName } : undefined}
          />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('staff.phone')}
          rules={[
            {
              // The server's own rule, so a number typed on a Chinese keyboard (full-width digits) passes here too.
              validator: (_rule, value: string | undefined) =>
                !value?.trim() || isValidPhone(normalizePhone(value))
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('staff.phoneInvalid'))),
            },
          ]}
        >
          <Input
            inputMode="tel"
            autoComplete="off"
            placeholder={person?.phone ? t('staff.phoneUnchanged', { phone: person.phone }) : undefined}
          />
        </Form.Item>
        <Form.Item noStyle dependencies={['kind']}>
          {({ getFieldValue }) => {
            const kind = getFieldValue('kind') as StaffKind | undefined;
            if (kind === 'grid_member') {
              return (
                <Form.Item name="employment" label={t('staff.employment')}>
                  <Radio.Group
                    optionType="button"
                    options={employmentTypes.map((type) => ({ value: type, label: t(`employment.${type}`) }))}
                  />
                </Form.Item>
              );
            }
            if (kind === 'sunk_cadre') {
              return <DispatchingUnitField />;
            }
            return null;
          }}
        </Form.Item>
        <Form.Item name="duties" label={t('staff.duties')} rules={[{ max: 500 }]}>
          {/* No autoSize: it measures through a style attribute, which the CSP blocks. */}
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item name="isPartyMember" label={t('staff.isPartyMember')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <AccountSection person={person} />
      </>
    </FormModal>
  );
}

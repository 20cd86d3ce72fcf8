import { App, Form, Input, Radio, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { isValidPhone, normalizePhone } from '../../../shared/phone';
import type { RegionLevel } from '../../../shared/policy';
import { employmentTypes, staffKinds, type EmploymentType, type StaffKind } from '../../../shared/staff';
import { FormModal } from '../../components/form-modal';
import { RegionPicker } from '../regions/region-picker';
import type { Region } from '../regions/regions-api';
import { useCreateStaff, useUpdateStaff, type Staff, type StaffInput } from './staff-api';

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
};

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
  };
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
      };

  const submit = async (values: StaffValues) => {
    // The server only ever shows a masked phone; an empty field on edit means "keep the stored number".
    const phone = values.phone?.trim() ? normalizePhone(values.phone) : undefined;
    if (person) {
      await updateStaff.mutateAsync({ id: person.id, ...toInput(values), ...(phone ? { phone } : {}) });
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
              return (
                <Form.Item
                  name="dispatchingUnit"
                  label={t('staff.dispatchingUnit')}
                  rules={[
                    { required: true, whitespace: true, message: t('staff.dispatchingUnitRequired') },
                    { max: 100 },
                  ]}
                >
                  <Input />
                </Form.Item>
              );
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
      </>
    </FormModal>
  );
}

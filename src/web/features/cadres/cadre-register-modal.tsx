import { Form, Input, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CadreKind } from '../../../shared/api/cadres';
import type { RegionLevel } from '../../../shared/policy';
import { FormModal } from '../../components/form-modal';
import { useDebouncedValue } from '../../components/use-debounced-value';
import { useRegionSearch, useRegisterCadre } from './cadres-api';
import { UnitSelect } from '../pairings/unit-select';

/** The console imports the API contract as types only: the kinds are listed again, checked against it. */
const cadreKinds: readonly CadreKind[] = ['cadre', 'party_member'];

type Values = {
  kind: CadreKind;
  name: string;
  phone?: string;
  unitId: string;
  serviceRegionId: string;
  homeRegionId?: string;
  gridId?: string;
  duties?: string;
};

/** A region of one level picked by typing a part of its name. */
export function RegionPicker({
  level,
  value,
  onChange,
  testId,
}: {
  level: RegionLevel;
  value?: string;
  onChange?: (value: string) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const regions = useRegionSearch(useDebouncedValue(text, 300), level);
  return (
    <Select<string>
      showSearch={{ filterOption: false, onSearch: setText }}
      allowClear
      value={value}
      onChange={onChange}
      placeholder={t('cadres.fields.searchRegion')}
      loading={regions.isFetching}
      options={(regions.data ?? []).map((region) => ({ value: region.id, label: region.name }))}
      data-testid={testId}
    />
  );
}

/** 登记干部: who they are, the unit that sends them, where they serve and live (双报到), their grid and duties. */
export function CadreRegisterModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const register = useRegisterCadre();
  const submit = (values: Values) =>
    register.mutateAsync({ ...values, phone: values.phone || undefined, duties: values.duties ?? '' });
  const required = (field: 'kind' | 'name' | 'unit' | 'serviceRegion') => ({
    required: true,
    message: t('common.required', { field: t(`cadres.fields.${field}`) }),
  });
  return (
    <FormModal<Values>
      title={t('cadres.register')}
      open={open}
      initialValues={{ kind: 'cadre' }}
      onSubmit={submit}
      onClose={onClose}
      testId="register-cadre"
    >
      <Form.Item name="kind" label={t('cadres.fields.kind')} rules={[required('kind')]}>
        <Select options={cadreKinds.map((kind) => ({ value: kind, label: t(`cadres.kind.${kind}`) }))} />
      </Form.Item>
      <Form.Item name="name" label={t('cadres.fields.name')} rules={[required('name')]}>
        <Input maxLength={40} data-testid="cadre-name" />
      </Form.Item>
      <Form.Item name="phone" label={t('cadres.fields.phone')}>
        <Input maxLength={11} inputMode="tel" />
      </Form.Item>
      <Form.Item name="unitId" label={t('cadres.fields.unit')} rules={[required('unit')]}>
        <UnitSelect testId="cadre-unit" />
      </Form.Item>
      <Form.Item name="serviceRegionId" label={t('cadres.fields.serviceRegion')} rules={[required('serviceRegion')]}>
        <RegionPicker level="village" testId="cadre-service-region" />
      </Form.Item>
      <Form.Item name="homeRegionId" label={t('cadres.fields.homeRegion')}>
        <RegionPicker level="village" testId="cadre-home-region" />
      </Form.Item>
      <Form.Item name="gridId" label={t('cadres.fields.grid')}>
        <RegionPicker level="grid" testId="cadre-grid" />
      </Form.Item>
      <Form.Item name="duties" label={t('cadres.fields.duties')}>
        <Input.TextArea maxLength={200} rows={2} />
      </Form.Item>
    </FormModal>
  );
}

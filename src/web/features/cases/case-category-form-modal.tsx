import { App, Form, Input, InputNumber, Select, Space, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseCategory, CaseCategoryInput } from '../../../shared/api/case-catalogue';
import { caseKinds, caseLevels, caseTiers, timeLimitUnits, type TimeLimit } from '../../../shared/cases';
import { FormModal } from '../../components/form-modal';
import {
  attributeFormValues,
  attributesOfForm,
  CategoryAttributesEditor,
  type AttributeFormValues,
} from './case-attribute-fields';
import { useSaveCaseCategory } from './case-catalogue-api';

type CategoryValues = Omit<CaseCategoryInput, 'attributes'> & { code: string; attributes?: AttributeFormValues[] };

/** A new item of the catalogue, or an edit of `category`. */
export type CategoryFormTarget = { mode: 'create' } | { mode: 'edit'; category: CaseCategory };

const codePattern = /^[a-z][a-z0-9_]{1,49}$/;

function TimeLimitField({ name, label }: { name: 'generalLimit' | 'complexLimit'; label: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item label={label} required>
      <Space.Compact>
        <Form.Item name={[name, 'amount']} noStyle rules={[{ required: true, type: 'integer', min: 1, max: 1000 }]}>
          <InputNumber<number> min={1} max={1000} precision={0} aria-label={t('cases.catalogue.amount')} />
        </Form.Item>
        <Form.Item name={[name, 'unit']} noStyle rules={[{ required: true }]}>
          <Select<TimeLimit['unit']>
            className="cases-unit-select"
            aria-label={t('cases.catalogue.unit')}
            options={timeLimitUnits.map((unit) => ({ value: unit, label: t(`cases.unit.${unit}`) }))}
          />
        </Form.Item>
      </Space.Compact>
    </Form.Item>
  );
}

export function CaseCategoryFormModal({
  target,
  nextSortOrder,
  onClose,
}: {
  target: CategoryFormTarget | undefined;
  /** Where a new item goes: after the last one. */
  nextSortOrder: number;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const saveCategory = useSaveCaseCategory();
  const category = target?.mode === 'edit' ? target.category : undefined;

  const submit = async (values: CategoryValues) => {
    await saveCategory.mutateAsync({
      ...values,
      code: category?.code ?? values.code.trim(),
      nameZh: values.nameZh.trim(),
      nameEn: values.nameEn.trim(),
      department: values.department?.trim() ?? '',
      attributes: attributesOfForm(values.attributes),
    });
    void message.success(t('common.saved'));
  };

  const initialValues: Partial<CategoryValues> = category
    ? { ...category, attributes: category.attributes.map(attributeFormValues) }
    : {
        kind: 'need',
        defaultTier: 'general',
        handlingLevel: 'grid',
        department: '',
        generalLimit: { amount: 7, unit: 'working_days' },
        complexLimit: { amount: 15, unit: 'working_days' },
        isActive: true,
        sortOrder: nextSortOrder,
      };

  const required = (field: string) => [{ required: true, whitespace: true, message: t('common.required', { field }) }];

  return (
    <FormModal<CategoryValues>
      title={category ? t('cases.catalogue.edit') : t('cases.catalogue.add')}
      open={target !== undefined}
      onClose={onClose}
      onSubmit={submit}
      initialValues={initialValues}
      testId="category-form"
    >
      {category ? null : (
        <Form.Item
          name="code"
          label={t('cases.catalogue.code')}
          extra={t('cases.catalogue.codeRule')}
          rules={[
            ...required(t('cases.catalogue.code')),
            { pattern: codePattern, message: t('cases.catalogue.codeRule') },
          ]}
        >
          <Input autoFocus maxLength={50} data-testid="category-code" />
        </Form.Item>
      )}
      <Form.Item
        name="nameZh"
        label={t('cases.catalogue.nameZh')}
        rules={[...required(t('cases.catalogue.nameZh')), { max: 50 }]}
      >
        <Input maxLength={50} data-testid="category-name-zh" />
      </Form.Item>
      <Form.Item
        name="nameEn"
        label={t('cases.catalogue.nameEn')}
        rules={[...required(t('cases.catalogue.nameEn')), { max: 100 }]}
      >
        <Input maxLength={100} data-testid="category-name-en" />
      </Form.Item>
      <Form.Item name="kind" label={t('cases.catalogue.kind')} rules={[{ required: true }]}>
        <Select options={caseKinds.map((kind) => ({ value: kind, label: t(`cases.kind.${kind}`) }))} />
      </Form.Item>
      <Form.Item name="defaultTier" label={t('cases.catalogue.defaultTier')} rules={[{ required: true }]}>
        <Select options={caseTiers.map((tier) => ({ value: tier, label: t(`cases.tier.${tier}`) }))} />
      </Form.Item>
      <Form.Item name="handlingLevel" label={t('cases.catalogue.handlingLevel')} rules={[{ required: true }]}>
        <Select options={caseLevels.map((level) => ({ value: level, label: t(`cases.level.${level}`) }))} />
      </Form.Item>
      <Form.Item name="department" label={t('cases.catalogue.department')} rules={[{ max: 100 }]}>
        <Input maxLength={100} />
      </Form.Item>
      <TimeLimitField name="generalLimit" label={t('cases.catalogue.generalLimit')} />
      <TimeLimitField name="complexLimit" label={t('cases.catalogue.complexLimit')} />
      <Form.Item name="sortOrder" label={t('cases.catalogue.sortOrder')}>
        <InputNumber<number> min={0} max={1000} precision={0} />
      </Form.Item>
      <Form.Item name="isActive" label={t('cases.catalogue.isActive')} valuePropName="checked">
        <Switch />
      </Form.Item>
      <CategoryAttributesEditor />
    </FormModal>
  );
}

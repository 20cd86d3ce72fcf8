import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, InputNumber, Select, Space, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CategoryAttribute } from '../../../shared/api/case-catalogue';
import { attributeDatatypes, type AttributeDatatype } from '../../../shared/cases';

/** An item's question as the catalogue form edits it: a list's choices as lines of `key=名称`. */
export type AttributeFormValues = {
  code: string;
  nameZh: string;
  description?: string;
  datatype: AttributeDatatype;
  required?: boolean;
  choices?: string;
};

const listDatatypes: readonly AttributeDatatype[] = ['singlevaluelist', 'multivaluelist'];
const attributeCodePattern = /^[a-z][a-z0-9_]{0,39}$/;
const choicePattern = /^\s*([^=\s][^=]*?)\s*=\s*(\S.*?)\s*$/;

export function attributeFormValues(attribute: CategoryAttribute): AttributeFormValues {
  return {
    ...attribute,
    choices: attribute.values.map((value) => `${value.key}=${value.name}`).join('\n'),
  };
}

/** The questions as the API takes them, in the order the form lists them. */
export function attributesOfForm(values: readonly AttributeFormValues[] | undefined): CategoryAttribute[] {
  return (values ?? []).map((attribute, index) => ({
    code: attribute.code.trim(),
    nameZh: attribute.nameZh.trim(),
    description: attribute.description?.trim() ?? '',
    datatype: attribute.datatype,
    required: attribute.required ?? false,
    order: index + 1,
    values: listDatatypes.includes(attribute.datatype)
      ? (attribute.choices ?? '')
          .split('\n')
          .filter((line) => line.trim() !== '')
          .map((line) => {
            const [, key = '', name = ''] = choicePattern.exec(line) ?? [];
            return { key, name };
          })
      : [],
  }));
}

/** One question of an item: its code, name, datatype, whether it must be answered and a list's choices. */
function AttributeEditor({ name, onRemove }: { name: number; onRemove: () => void }) {
  const { t } = useTranslation();
  const datatype = Form.useWatch<AttributeDatatype | undefined>(['attributes', name, 'datatype']);
  return (
    <Card
      size="small"
      data-testid="attribute-editor"
      extra={
        <Button
          type="text"
          danger
          icon={<DeleteOutlined />}
          aria-label={t('cases.attributes.remove')}
          onClick={onRemove}
        />
      }
    >
      <Form.Item
        name={[name, 'code']}
        label={t('cases.attributes.code')}
        extra={t('cases.attributes.codeRule')}
        rules={[
          { required: true, message: t('common.required', { field: t('cases.attributes.code') }) },
          { pattern: attributeCodePattern, message: t('cases.attributes.codeRule') },
        ]}
      >
        <Input maxLength={40} data-testid="attribute-code" />
      </Form.Item>
      <Form.Item
        name={[name, 'nameZh']}
        label={t('cases.attributes.name')}
        rules={[
          { required: true, whitespace: true, message: t('common.required', { field: t('cases.attributes.name') }) },
        ]}
      >
        <Input maxLength={50} data-testid="attribute-name" />
      </Form.Item>
      <Form.Item name={[name, 'description']} label={t('cases.attributes.description')}>
        <Input maxLength={200} />
      </Form.Item>
      <Space wrap>
        <Form.Item name={[name, 'datatype']} label={t('cases.attributes.datatype')} rules={[{ required: true }]}>
          <Select
            className="case-attribute-datatype"
            options={attributeDatatypes.map((value) => ({ value, label: t(`cases.attributes.datatypes.${value}`) }))}
            data-testid="attribute-datatype"
          />
        </Form.Item>
        <Form.Item name={[name, 'required']} label={t('cases.attributes.required')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Space>
      {datatype && listDatatypes.includes(datatype) ? (
        <Form.Item
          name={[name, 'choices']}
          label={t('cases.attributes.choices')}
          extra={t('cases.attributes.choicesHint')}
          rules={[
            {
              validator: (_rule, text: string | undefined) => {
                const lines = (text ?? '').split('\n').filter((line) => line.trim() !== '');
                return lines.length > 0 && lines.every((line) => choicePattern.test(line))
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('cases.attributes.choicesHint')));
              },
            },
          ]}
        >
          <Input.TextArea rows={3} placeholder="one=一条车道" data-testid="attribute-choices" />
        </Form.Item>
      ) : null}
    </Card>
  );
}

/** The item's questions in the catalogue form: added, changed and removed, in the order they are asked. */
export function CategoryAttributesEditor() {
  const { t } = useTranslation();
  return (
    <Form.Item label={t('cases.attributes.title')} extra={t('cases.attributes.hint')}>
      <Form.List name="attributes">
        {(fields, { add, remove }) => (
          <Space orientation="vertical" className="full-width">
            {fields.map((field) => (
              <AttributeEditor key={field.key} name={field.name} onRemove={() => remove(field.name)} />
            ))}
            <Button
              icon={<PlusOutlined />}
              onClick={() => add({ datatype: 'string', required: false })}
              data-testid="attribute-add"
            >
              {t('cases.attributes.add')}
            </Button>
          </Space>
        )}
      </Form.List>
    </Form.Item>
  );
}

/** What the report form holds for an answer: a text, a number, or the keys chosen. */
export type AttributeAnswerValue = string | number | string[] | null | undefined;

/** The answers as the API takes them: texts by code, unanswered ones left out. */
export function answersOfForm(
  answers: Record<string, AttributeAnswerValue> | undefined,
): Record<string, string | string[]> {
  const given: Record<string, string | string[]> = {};
  for (const [code, value] of Object.entries(answers ?? {})) {
    if (Array.isArray(value) ? value.length > 0 : value !== null && value !== undefined && value !== '') {
      given[code] = Array.isArray(value) ? value : String(value);
    }
  }
  return given;
}

/** The questions an item asks, as fields of the report form under `attributes`. */
export function AttributeAnswerFields({ attributes }: { attributes: readonly CategoryAttribute[] }) {
  const { t } = useTranslation();
  return [...attributes]
    .sort((left, right) => left.order - right.order)
    .map((attribute) => (
      <Form.Item
        key={attribute.code}
        name={['attributes', attribute.code]}
        label={attribute.nameZh}
        extra={attribute.description || undefined}
        rules={[{ required: attribute.required, message: t('common.required', { field: attribute.nameZh }) }]}
      >
        {attribute.datatype === 'number' ? (
          <InputNumber<number> className="full-width" data-testid={`attribute-${attribute.code}`} />
        ) : attribute.datatype === 'datetime' ? (
          <Input placeholder="2026-12-06 09:30" maxLength={50} data-testid={`attribute-${attribute.code}`} />
        ) : attribute.datatype === 'singlevaluelist' || attribute.datatype === 'multivaluelist' ? (
          <Select
            mode={attribute.datatype === 'multivaluelist' ? 'multiple' : undefined}
            options={attribute.values.map((value) => ({ value: value.key, label: value.name }))}
            data-testid={`attribute-${attribute.code}`}
          />
        ) : attribute.datatype === 'text' ? (
          <Input.TextArea rows={2} maxLength={2000} data-testid={`attribute-${attribute.code}`} />
        ) : (
          <Input maxLength={200} data-testid={`attribute-${attribute.code}`} />
        )}
      </Form.Item>
    ));
}

import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, List, Select, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Checklist, ChecklistInput } from '../../shared/api/inspections';
import { placeKinds } from '../../shared/registry';
import { errorText } from '../api/errors';
import { FormModal } from '../components/form-modal';
import { PageCard } from '../components/page-card';
import { QueryState } from '../components/query-state';
import {
  useCatalogueItems,
  useChecklists,
  useCreateChecklist,
  useLocalName,
  useUpdateChecklist,
} from '../features/inspections/inspections-api';

type Values = {
  nameZh: string;
  nameEn: string;
  placeKinds: ChecklistInput['placeKinds'];
  isActive: boolean;
  items: { code: string; zh: string; en: string; category: string }[];
};

function valuesOf(checklist: Checklist | undefined): Partial<Values> {
  if (!checklist) return { isActive: true, placeKinds: ['nine_small_place'], items: [] };
  return {
    nameZh: checklist.name.zh,
    nameEn: checklist.name.en,
    placeKinds: checklist.placeKinds,
    isActive: checklist.isActive,
    items: checklist.items.map((item) => ({
      code: item.code,
      zh: item.name.zh,
      en: item.name.en,
      category: item.category,
    })),
  };
}

/** 检查清单: the county's checklists, each kind of place with its items; edited here (a new version each time). */
export default function InspectionChecklistsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const localName = useLocalName();
  const checklists = useChecklists({ includeInactive: true });
  const catalogue = useCatalogueItems();
  const create = useCreateChecklist();
  const update = useUpdateChecklist();
  const [editing, setEditing] = useState<{ checklist?: Checklist } | undefined>();

  const submit = async (values: Values) => {
    const body = {
      name: { zh: values.nameZh, en: values.nameEn },
      placeKinds: values.placeKinds,
      isActive: values.isActive,
      items: values.items.map((item) => ({
        code: item.code,
        name: { zh: item.zh, en: item.en },
        category: item.category,
      })),
    };
    try {
      if (editing?.checklist) await update.mutateAsync({ id: editing.checklist.id, ...body });
      else await create.mutateAsync(body);
      void message.success(t('inspections.editor.saved'));
    } catch (error) {
      void message.error(errorText(error));
      throw error;
    }
  };

  return (
    <PageCard
      title={t('inspections.checklists')}
      testId="inspection-checklists"
      actions={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})}>
          {t('inspections.editor.add')}
        </Button>
      }
    >
      <QueryState query={checklists}>
        {() => (
          <Space orientation="vertical" size={12} className="full-width">
            {checklists.data!.map((checklist) => (
              <Card
                key={checklist.id}
                size="small"
                title={
                  <Space wrap size={4}>
                    {localName(checklist.name)}
                    <Tag>{t('inspections.editor.version', { version: checklist.version })}</Tag>
                    {checklist.isActive ? null : <Tag>{t('inspections.editor.inactive')}</Tag>}
                  </Space>
                }
                extra={
                  <Button icon={<EditOutlined />} size="small" onClick={() => setEditing({ checklist })}>
                    {t('inspections.editor.edit')}
                  </Button>
                }
              >
                <Space wrap size={4} style={{ marginBottom: 8 }}>
                  {checklist.placeKinds.map((kind) => (
                    <Tag key={kind} color="orange">
                      {t(`registry.placeKind.${kind}`)}
                    </Tag>
                  ))}
                </Space>
                <List
                  size="small"
                  dataSource={checklist.items}
                  renderItem={(item) => (
                    <List.Item>
                      <Typography.Text>{localName(item.name)}</Typography.Text>
                    </List.Item>
                  )}
                />
              </Card>
            ))}
          </Space>
        )}
      </QueryState>
      <FormModal<Values>
        key={editing?.checklist?.id ?? 'new'}
        title={editing?.checklist ? t('inspections.editor.edit') : t('inspections.editor.add')}
        open={editing !== undefined}
        onClose={() => setEditing(undefined)}
        onSubmit={submit}
        initialValues={valuesOf(editing?.checklist)}
        testId="checklist-form"
      >
        <Form.Item name="nameZh" label={t('inspections.editor.nameZh')} rules={[{ required: true, max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="nameEn" label={t('inspections.editor.nameEn')} rules={[{ required: true, max: 200 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="placeKinds" label={t('inspections.editor.placeKinds')} rules={[{ required: true }]}>
          <Select
            mode="multiple"
            options={placeKinds.map((kind) => ({ value: kind, label: t(`registry.placeKind.${kind}`) }))}
          />
        </Form.Item>
        <Form.Item name="isActive" label={t('inspections.editor.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <Space orientation="vertical" size={8} className="full-width">
              <Typography.Text strong>{t('inspections.editor.items')}</Typography.Text>
              {fields.map((field) => (
                <Card
                  key={field.key}
                  size="small"
                  extra={<Button size="small" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} />}
                >
                  <Form.Item
                    name={[field.name, 'code']}
                    label={t('inspections.editor.code')}
                    rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{1,39}$/ }]}
                  >
                    <Input />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'zh']}
                    label={t('inspections.editor.itemZh')}
                    rules={[{ required: true }]}
                  >
                    <Input />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'en']}
                    label={t('inspections.editor.itemEn')}
                    rules={[{ required: true }]}
                  >
                    <Input />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'category']}
                    label={t('inspections.editor.category')}
                    rules={[{ required: true }]}
                  >
                    <Select options={catalogue} showSearch={{ optionFilterProp: 'label' }} />
                  </Form.Item>
                </Card>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ category: 'fire_safety' })}>
                {t('inspections.editor.addItem')}
              </Button>
            </Space>
          )}
        </Form.List>
      </FormModal>
    </PageCard>
  );
}

import { App, AutoComplete, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { childLevel, type RegionLevel } from '../../../shared/policy';
import { FormModal } from '../../components/form-modal';
import type { Region } from '../../../shared/api/regions';
import { useCreateRegion, useUpdateRegion } from './regions-api';

/** The words people use for regions at each level (stored as data, in Chinese whatever the console language). */
const kindSuggestions: Record<RegionLevel, string[]> = {
  county: ['区', '县', '旗', '县级市'],
  town: ['镇', '街道', '乡'],
  village: ['村', '社区'],
  grid: ['网格', '专属网格'],
  micro_grid: ['微网格', '楼栋'],
};

type RegionValues = { name: string; kind?: string };

/** What the dialog is for: a new child under `parent`, or editing `region`. */
export type RegionFormTarget = { mode: 'create'; parent: Region } | { mode: 'edit'; region: Region };

export function RegionFormModal({ target, onClose }: { target: RegionFormTarget | undefined; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const createRegion = useCreateRegion();
  const updateRegion = useUpdateRegion();

  const level = target?.mode === 'create' ? childLevel(target.parent.level) : target?.region.level;
  // The placeholder suggests the words for the level being created (a village's child is a 网格), not a fixed one.
  const suggestions = level ? kindSuggestions[level] : [];
  const title =
    target?.mode === 'create'
      ? t('regions.addChild', { level: level ? t(`level.${level}`) : '' })
      : t('regions.rename');

  const submit = async ({ name, kind }: RegionValues) => {
    const cleanKind = kind?.trim() || undefined;
    if (target?.mode === 'create') {
      await createRegion.mutateAsync({ parentId: target.parent.id, name: name.trim(), kind: cleanKind });
      void message.success(t('common.created'));
    } else if (target?.mode === 'edit') {
      // null clears the kind; the create endpoint instead expects it left out.
      await updateRegion.mutateAsync({ id: target.region.id, name: name.trim(), kind: cleanKind ?? null });
      void message.success(t('common.saved'));
    }
  };

  return (
    <FormModal<RegionValues>
      title={title}
      open={target !== undefined}
      onClose={onClose}
      onSubmit={submit}
      initialValues={target?.mode === 'edit' ? { name: target.region.name, kind: target.region.kind ?? undefined } : {}}
    >
      <Form.Item
        name="name"
        label={t('regions.name')}
        rules={[{ required: true, whitespace: true, message: t('regions.nameRequired') }, { max: 100 }]}
      >
        <Input autoFocus />
      </Form.Item>
      <Form.Item name="kind" label={t('regions.kind')} rules={[{ max: 20 }]}>
        <AutoComplete
          options={suggestions.map((kind) => ({ value: kind }))}
          placeholder={
            suggestions.length > 0
              ? t('regions.kindPlaceholder', {
                  examples: new Intl.ListFormat(i18n.language, { type: 'disjunction' }).format(suggestions),
                })
              : undefined
          }
          data-testid="region-kind"
        />
      </Form.Item>
    </FormModal>
  );
}

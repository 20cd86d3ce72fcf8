import { App, Form, Input, InputNumber, Select, TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import { partyOrgKinds, type PartyOrgKind } from '../../../shared/staff';
import { FormModal } from '../../components/form-modal';
import { RegionPicker } from '../regions/region-picker';
import type { PartyOrg, PartyOrgInput } from '../../../shared/api/party-orgs';
import { useCreatePartyOrg, useUpdatePartyOrg } from './party-api';
import { buildPartyTree, subtreeIds, type PartyOrgNode } from './party-tree';

type PartyOrgValues = {
  parentId?: string;
  kind: PartyOrgKind;
  name: string;
  secretary?: string;
  memberCount?: number;
  regionId: string;
  coveredRegionIds?: string[];
};

/** A new organisation (under `parent` when given), or an edit of `org`. */
export type PartyOrgFormTarget = { mode: 'create'; parent: PartyOrg | undefined } | { mode: 'edit'; org: PartyOrg };

/** The kind one level below, the usual choice for a new sub-organisation (committee → branch → group …). */
function kindBelow(kind: PartyOrgKind): PartyOrgKind {
  return partyOrgKinds[partyOrgKinds.indexOf(kind) + 1] ?? kind;
}

type ParentOption = { value: string; title: string; children: ParentOption[] };

function toParentOptions(nodes: PartyOrgNode[], excluded: Set<string>): ParentOption[] {
  return nodes
    .filter((node) => !excluded.has(node.id))
    .map((node) => ({ value: node.id, title: node.name, children: toParentOptions(node.children, excluded) }));
}

export function PartyOrgFormModal({
  orgs,
  target,
  regionNames,
  onClose,
}: {
  orgs: PartyOrg[];
  target: PartyOrgFormTarget | undefined;
  /** Names of regions already known to the page, for the edit form's region fields. */
  regionNames: Record<string, string>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const createOrg = useCreatePartyOrg();
  const updateOrg = useUpdatePartyOrg();
  const editing = target?.mode === 'edit' ? target.org : undefined;
  const parent = target?.mode === 'create' ? target.parent : undefined;

  const initialValues: Partial<PartyOrgValues> = editing
    ? {
        parentId: editing.parentId ?? undefined,
        kind: editing.kind,
        name: editing.name,
        secretary: editing.secretary ?? undefined,
        memberCount: editing.memberCount,
        regionId: editing.regionId,
        coveredRegionIds: editing.coveredRegionIds,
      }
    : {
        parentId: parent?.id,
        kind: parent ? kindBelow(parent.kind) : 'town_committee',
        regionId: parent?.regionId,
        memberCount: 0,
      };

  const submit = async (values: PartyOrgValues) => {
    const input: PartyOrgInput = {
      parentId: values.parentId ?? null,
      kind: values.kind,
      name: values.name.trim(),
      secretary: values.secretary?.trim() || null,
      memberCount: values.memberCount ?? 0,
      regionId: values.regionId,
      coveredRegionIds: values.coveredRegionIds ?? [],
    };
    if (editing) {
      await updateOrg.mutateAsync({ id: editing.id, ...input });
      void message.success(t('common.saved'));
    } else {
      await createOrg.mutateAsync(input);
      void message.success(t('common.created'));
    }
  };

  // An organisation cannot move under itself or its own descendants.
  const excluded = editing ? subtreeIds(orgs, editing.id) : new Set<string>();

  return (
    <FormModal<PartyOrgValues>
      title={editing ? t('party.edit') : parent ? t('party.addChild') : t('party.add')}
      open={target !== undefined}
      onClose={onClose}
      onSubmit={submit}
      initialValues={initialValues}
    >
      <Form.Item name="parentId" label={t('party.parent')}>
        <TreeSelect
          allowClear
          treeDefaultExpandAll
          placeholder={t('party.noParent')}
          treeData={toParentOptions(buildPartyTree(orgs), excluded)}
        />
      </Form.Item>
      <Form.Item name="kind" label={t('party.kind')} rules={[{ required: true }]}>
        <Select options={partyOrgKinds.map((kind) => ({ value: kind, label: t(`partyOrgKind.${kind}`) }))} />
      </Form.Item>
      <Form.Item
        name="name"
        label={t('party.name')}
        rules={[
          { required: true, whitespace: true, message: t('common.required', { field: t('party.name') }) },
          { max: 100 },
        ]}
      >
        <Input />
      </Form.Item>
      <Form.Item name="secretary" label={t('party.secretary')} rules={[{ max: 50 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="memberCount" label={t('party.memberCount')}>
        <InputNumber min={0} max={100_000} precision={0} className="full-width" />
      </Form.Item>
      <Form.Item
        name="regionId"
        label={t('party.region')}
        rules={[{ required: true, message: t('common.required', { field: t('party.region') }) }]}
      >
        <RegionPicker knownLabels={regionNames} />
      </Form.Item>
      <Form.Item name="coveredRegionIds" label={t('party.coveredRegions')}>
        <RegionPicker isMultiple knownLabels={regionNames} />
      </Form.Item>
    </FormModal>
  );
}

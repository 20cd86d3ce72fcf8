import { TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RegionLevel } from '../../../shared/policy';
import { useRegionChildren, type Region } from './regions-api';
import { useRegionTree } from './use-region-tree';

type RegionValue = string | string[] | null | undefined;

type RegionPickerProps = {
  value?: RegionValue;
  onChange?: (value: RegionValue) => void;
  isMultiple?: boolean;
  /** Pick inside this region's subtree; by default anywhere in the user's scope. */
  root?: Region;
  /** Levels that can be picked; the others only open to show their children. All levels when not given. */
  selectableLevels?: readonly RegionLevel[];
  /** Names for values whose branch has not been opened yet (an edit form shows them before any loading). */
  knownLabels?: Record<string, string>;
};

type LabelledValue = { value: string; label: string };

/** A region field for forms: a tree that loads children as branches open, like the territory tree. */
export function RegionPicker({
  value,
  onChange,
  isMultiple = false,
  root,
  selectableLevels,
  knownLabels,
}: RegionPickerProps) {
  const { t } = useTranslation();
  const scopeRoots = useRegionChildren(undefined);
  const { childrenByParent, loadChildren } = useRegionTree();
  const roots = root ? [root] : (scopeRoots.data ?? []);
  const loaded = [...roots, ...[...childrenByParent.values()].flat()];
  const nameById = new Map(loaded.map((region) => [region.id, region.name]));

  const labelled = (id: string): LabelledValue => ({ value: id, label: nameById.get(id) ?? knownLabels?.[id] ?? id });
  const selected = value == null ? undefined : Array.isArray(value) ? value.map(labelled) : labelled(value);

  return (
    <TreeSelect<LabelledValue | LabelledValue[]>
      labelInValue
      multiple={isMultiple}
      allowClear
      value={selected}
      onChange={(next) =>
        onChange?.(next == null ? null : Array.isArray(next) ? next.map((item) => item.value) : next.value)
      }
      loading={scopeRoots.isPending && !root}
      treeDataSimpleMode={{ id: 'id', pId: 'pId' }}
      treeData={loaded.map((region) => ({
        id: region.id,
        pId: region.parentId,
        value: region.id,
        title: `${region.name} · ${t(`level.${region.level}`)}`,
        isLeaf: region.childCount === 0,
        selectable: selectableLevels === undefined || selectableLevels.includes(region.level),
      }))}
      loadData={(node) => loadChildren(String(node.value))}
      treeLoadedKeys={[...childrenByParent.keys()]}
      popupMatchSelectWidth={false}
    />
  );
}

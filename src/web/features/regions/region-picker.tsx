import { TreeSelect } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RegionLevel } from '../../../shared/policy';
import { useDebouncedValue } from '../../components/use-debounced-value';
import type { Region } from '../../../shared/api/regions';
import { useRegionChildren, useRegionSearch } from './regions-api';
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

/** The server's search rule, applied at once to what is loaded: the name contains the text or the code starts with it. */
function matchesSearch(region: Region, text: string): boolean {
  return region.name.toLowerCase().includes(text.toLowerCase()) || region.code.startsWith(text);
}

/**
 * A region field for forms: a tree that loads children as branches open, like the territory tree. Typing
 * searches the whole scope by name or code (branches not yet opened included) and lists the matches flat.
 */
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
  const [searchText, setSearchText] = useState('');
  const text = searchText.trim().slice(0, 50);
  const search = useRegionSearch(useDebouncedValue(text));
  const roots = root ? [root] : (scopeRoots.data ?? []);
  const loaded = [...roots, ...[...childrenByParent.values()].flat()];
  const isSearching = text.length > 0;
  const found = isSearching
    ? [
        ...new Map(
          [...loaded, ...(search.data ?? [])]
            .filter((region) => matchesSearch(region, text) && (!root || region.code.startsWith(root.code)))
            .map((region) => [region.id, region]),
        ).values(),
      ]
    : [];
  const nameById = new Map([...loaded, ...found].map((region) => [region.id, region.name]));
  const isSelectable = (region: Region) => selectableLevels === undefined || selectableLevels.includes(region.level);

  const labelled = (id: string): LabelledValue => ({ value: id, label: nameById.get(id) ?? knownLabels?.[id] ?? id });
  const selected = value == null ? undefined : Array.isArray(value) ? value.map(labelled) : labelled(value);

  return (
    <TreeSelect<LabelledValue | LabelledValue[]>
      labelInValue
      multiple={isMultiple}
      allowClear
      value={selected}
      onChange={(next) => {
        setSearchText('');
        onChange?.(next == null ? null : Array.isArray(next) ? next.map((item) => item.value) : next.value);
      }}
      loading={(scopeRoots.isPending && !root) || (isSearching && search.isFetching)}
      showSearch={{ searchValue: searchText, onSearch: setSearchText, filterTreeNode: false }}
      placeholder={t('regions.pickerPlaceholder')}
      treeDataSimpleMode={{ id: 'id', pId: 'pId' }}
      treeData={
        isSearching
          ? found.map((region) => ({
              id: region.id,
              pId: null,
              value: region.id,
              title: `${region.name} · ${t(`level.${region.level}`)} · ${region.code}`,
              isLeaf: true,
              selectable: isSelectable(region),
            }))
          : loaded.map((region) => ({
              id: region.id,
              pId: region.parentId,
              value: region.id,
              title: `${region.name} · ${t(`level.${region.level}`)}`,
              isLeaf: region.childCount === 0,
              selectable: isSelectable(region),
            }))
      }
      loadData={(node) => loadChildren(String(node.value))}
      treeLoadedKeys={[...childrenByParent.keys()]}
      popupMatchSelectWidth={false}
    />
  );
}

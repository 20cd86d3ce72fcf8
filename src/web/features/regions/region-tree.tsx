import { Tree, Typography, type TreeDataNode } from 'antd';
import { useState } from 'react';
import type { Region } from '../../../shared/api/regions';
import { useRegionTree } from './use-region-tree';

type RegionTreeProps = {
  roots: Region[];
  selectedId: string | undefined;
  /** The selected region and its ancestors: opened so the selection and its children show after a jump from the map or search. */
  revealIds: string[];
  onSelect: (regionId: string) => void;
};

export function RegionTree({ roots, selectedId, revealIds, onSelect }: RegionTreeProps) {
  const { childrenByParent, requestChildren, loadChildren } = useRegionTree();
  const [expandedKeys, setExpandedKeys] = useState<string[]>([]);
  // Compared as a string, because the array's identity changes on every render of the parent.
  const revealKey = revealIds.join(',');
  const [revealedKey, setRevealedKey] = useState('');
  if (revealKey !== revealedKey) {
    // Adjusting state while rendering (not in an effect) opens the branch in the same paint as the selection.
    setRevealedKey(revealKey);
    setExpandedKeys((keys) => [...new Set([...keys, ...revealIds])]);
    requestChildren(revealIds);
  }

  const toNode = (region: Region): TreeDataNode => ({
    key: region.id,
    title: (
      <span className="region-tree-title">
        {region.name}
        {region.kind ? <Typography.Text type="secondary"> · {region.kind}</Typography.Text> : null}
      </span>
    ),
    isLeaf: region.childCount === 0,
    children: childrenByParent.get(region.id)?.map(toNode),
  });

  return (
    <div data-testid="region-tree">
      <Tree
        blockNode
        treeData={roots.map(toNode)}
        loadData={(node) => loadChildren(String(node.key))}
        loadedKeys={[...childrenByParent.keys()]}
        expandedKeys={expandedKeys}
        onExpand={(keys) => setExpandedKeys(keys.map(String))}
        selectedKeys={selectedId ? [selectedId] : []}
        onSelect={(keys) => {
          const [key] = keys;
          if (key !== undefined) onSelect(String(key));
        }}
      />
    </div>
  );
}

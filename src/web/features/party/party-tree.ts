import type { PartyOrg } from '../../../shared/api/party-orgs';

export type PartyOrgNode = PartyOrg & { children: PartyOrgNode[] };

/**
 * Nests the flat list by parentId. A parent outside the user's scope is not in the list, so its children
 * become roots rather than disappearing.
 */
export function buildPartyTree(orgs: PartyOrg[]): PartyOrgNode[] {
  const nodes = new Map(orgs.map((org) => [org.id, { ...org, children: [] as PartyOrgNode[] }]));
  const roots: PartyOrgNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** An organisation and everything under it: none of these can become its parent. */
export function subtreeIds(orgs: PartyOrg[], rootId: string): Set<string> {
  const ids = new Set([rootId]);
  let isGrowing = true;
  while (isGrowing) {
    isGrowing = false;
    for (const org of orgs) {
      if (org.parentId && ids.has(org.parentId) && !ids.has(org.id)) {
        ids.add(org.id);
        isGrowing = true;
      }
    }
  }
  return ids;
}

import type { CaseCategory } from '../shared/api/case-catalogue';
import type { MyCampaignTasks } from '../shared/api/campaigns';
import type { Case } from '../shared/api/cases';
import type { Page } from '../shared/api/common';
import type { VisitPlanPage } from '../shared/api/field-work';
import type { DisputeKind, DisputePage } from '../shared/api/disputes';
import type { ChecklistList, InspectionDetail, InspectionSummary } from '../shared/api/inspections';
import type { Rule } from '../shared/api/moral-bank';
import type { Household, Person, Place } from '../shared/api/registry';
import type { Session } from '../shared/api/session';
import type { VisitPurposes } from '../shared/api/visits';
import { request } from './api';
import { replaceGrid, writeMeta, type CachedHousehold, type Tasks } from './store';

/** Says when a new copy of the grid is on the phone, so a screen showing the old one reads it again. */
export const gridEvents = new EventTarget();

/** The most households and people one phone keeps: a grid holds a few hundred households; a village a few thousand. */
const cacheLimit = 5000;

async function readAll<Item>(path: string, query: Record<string, string>): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | null = null;
  do {
    const search = new URLSearchParams({ ...query, limit: '500', ...(cursor ? { cursor } : {}) });
    const page: Page<Item> = await request<Page<Item>>(`${path}?${search}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < cacheLimit);
  return items;
}

/** The grid's inspections with hazards still open, whole (items and names), for re-inspections offline. */
async function readOpenInspections(scope: Record<string, string>): Promise<InspectionDetail[]> {
  const open = await request<Page<InspectionSummary>>(
    `/inspections?${new URLSearchParams({ ...scope, isOpen: 'true', kind: 'inspection', limit: '100' })}`,
  ).catch(() => ({ items: [] }));
  // A detail that cannot be read leaves the re-inspections out of this copy, not the whole grid.
  return Promise.all(open.items.map((item) => request<InspectionDetail>(`/inspections/${item.id}`))).catch(() => []);
}

/**
 * Copies the user's grid to the phone: its households and people as the API answers them (masked for a role that
 * may not see them whole), each household with its search text — the head's name and the address, and their pinyin
 * initials (张三 → zs), worked out here by pinyin-pro, loaded only now.
 */
export async function cacheGrid(session: Session): Promise<number> {
  const scope: Record<string, string> = session.regionId ? { regionId: session.regionId } : {};
  const [households, persons, places, disputes, openInspections, { pinyin }] = await Promise.all([
    readAll<Household>('/households', scope),
    readAll<Person>('/persons', scope),
    readAll<Place>('/places', scope),
    // The grid's open disputes, for a mediation session recorded offline (none for a role that does not mediate).
    request<DisputePage>(
      `/disputes?${new URLSearchParams({ ...scope, status: 'registered,mediating', limit: '200' })}`,
    ).catch(() => ({ items: [] })),
    readOpenInspections(scope),
    import('pinyin-pro'),
  ]);
  await writeMeta('places', places);
  await writeMeta('disputes', disputes.items);
  await writeMeta('openInspections', openInspections);
  const initials = (text: string) =>
    pinyin(text, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' }).join('');
  const cached: CachedHousehold[] = households.map((household) => {
    const text = [household.headName ?? '', household.address].join(' ');
    return { ...household, searchText: `${text} ${initials(text)}`.toLowerCase() };
  });
  await replaceGrid(cached, persons, new Date().toISOString());
  gridEvents.dispatchEvent(new Event('cached'));
  return cached.length;
}

/**
 * The lists the forms offer (the county's visit purposes, case items, inspection checklists and dispute kinds), kept
 * for use offline.
 */
export async function cacheLists(): Promise<void> {
  const [categories, purposes, checklists, disputeKinds, moralBankRules] = await Promise.all([
    request<{ items: CaseCategory[] }>('/case-categories'),
    request<VisitPurposes>('/visit-purposes'),
    // A role that does not inspect or mediate gets no checklists or kinds: its forms are not offered.
    request<ChecklistList>('/inspection-checklists').catch(() => ({ items: [] })),
    request<{ items: DisputeKind[] }>('/dispute-kinds').catch(() => ({ items: [] })),
    request<{ items: Rule[] }>('/moral-bank/rules').catch(() => ({ items: [] })),
  ]);
  await writeMeta('checklists', checklists.items);
  await writeMeta(
    'moralBankRules',
    moralBankRules.items.filter((rule) => rule.retiredAt === null),
  );
  await writeMeta(
    'disputeKinds',
    disputeKinds.items.filter((kind) => kind.isActive),
  );
  await writeMeta(
    'categories',
    categories.items.filter((category) => category.isActive),
  );
  await writeMeta(
    'purposes',
    purposes.items.filter((purpose) => purpose.isActive !== false),
  );
}

/**
 * Today's tasks: the households due a visit (the visit plan), the cases whose next step is the user's and the
 * running campaigns' tasks that are the user's or nobody's.
 */
export async function loadTasks(): Promise<Tasks> {
  const [plan, cases, campaigns] = await Promise.all([
    request<VisitPlanPage>('/visits/plan?due=soon&limit=100').catch(() => undefined),
    request<Page<Case>>('/cases?waitingForMe=true&limit=50'),
    request<MyCampaignTasks>('/campaigns/my-tasks').catch(() => undefined),
  ]);
  const tasks: Tasks = {
    plan: plan?.items ?? [],
    cases: cases.items,
    campaigns: campaigns?.items ?? [],
    at: new Date().toISOString(),
  };
  await writeMeta('tasks', tasks);
  return tasks;
}

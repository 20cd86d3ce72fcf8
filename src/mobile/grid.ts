import type { CaseCategory } from '../shared/api/case-catalogue';
import type { Case } from '../shared/api/cases';
import type { Page } from '../shared/api/common';
import type { VisitPlanPage } from '../shared/api/field-work';
import type { Household, Person } from '../shared/api/registry';
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

/**
 * Copies the user's grid to the phone: its households and people as the API answers them (masked for a role that
 * may not see them whole), each household with its search text — the head's name and the address, and their pinyin
 * initials (张三 → zs), worked out here by pinyin-pro, loaded only now.
 */
export async function cacheGrid(session: Session): Promise<number> {
  const scope: Record<string, string> = session.regionId ? { regionId: session.regionId } : {};
  const [households, persons, { pinyin }] = await Promise.all([
    readAll<Household>('/households', scope),
    readAll<Person>('/persons', scope),
    import('pinyin-pro'),
  ]);
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

/** The lists the forms offer (the county's visit purposes and case items), kept for use offline. */
export async function cacheLists(): Promise<void> {
  const [categories, purposes] = await Promise.all([
    request<{ items: CaseCategory[] }>('/case-categories'),
    request<VisitPurposes>('/visit-purposes'),
  ]);
  await writeMeta(
    'categories',
    categories.items.filter((category) => category.isActive),
  );
  await writeMeta(
    'purposes',
    purposes.items.filter((purpose) => purpose.isActive !== false),
  );
}

/** Today's tasks: the households due a visit (the visit plan) and the cases whose next step is the user's. */
export async function loadTasks(): Promise<Tasks> {
  const [plan, cases] = await Promise.all([
    request<VisitPlanPage>('/visits/plan?due=soon&limit=100').catch(() => undefined),
    request<Page<Case>>('/cases?waitingForMe=true&limit=50'),
  ]);
  const tasks: Tasks = { plan: plan?.items ?? [], cases: cases.items, at: new Date().toISOString() };
  await writeMeta('tasks', tasks);
  return tasks;
}

import { childLevel, regionCodeWidth, regionLevels, type RegionLevel } from '../shared/policy';
import { prefetch, prefetchAndRead } from './api/client';
import { periodOf } from './features/cases/case-periods';
import type { Session } from '../shared/api/session';

/**
 * The first page a user meets, the region page (a bare address and sign-in both land there), asks for its data part
 * by part as it renders: the region, then its map, figures and people, then the items the figures name. On PGlite
 * each of those rounds queues on the server and each waits for a render, so the page took three to four rounds.
 * Here every request of that page is sent at once, as soon as the session is known; each part of the page then
 * takes its answer (see `prefetch`). A browser test checks that the page asks for nothing else and nothing twice.
 */

/** The region an address opens: `/` opens the user's own region, `/regions/<id>` that one; other pages none. */
function regionOfPath(path: string, session: Session): string | undefined {
  if (path === '/' || path === '/regions' || path === '/regions/') return session.regionId ?? undefined;
  return /^\/regions\/([^/]+)$/.exec(path)?.[1];
}

/** The level of a region told by its code's length: six digits for a county, three more for each level below. */
function levelOfCode(code: string): RegionLevel | undefined {
  let length = 0;
  return regionLevels.find((level) => {
    length += regionCodeWidth[level];
    return length === code.length;
  });
}

/**
 * Sends every request the region page at `path` will send, for this user. The region tree opens the user's own
 * region; a map of the region's children is drawn where there is a level below it; the figures, their items and the
 * bell are there for those who may read cases.
 */
function prefetchPage(path: string, session: Session): void {
  const regionId = regionOfPath(path, session);
  if (regionId === undefined) return;
  const may = (capability: Session['abilities'][number]) => session.abilities.includes(capability);
  const isOwnRegion = regionId === session.regionId;
  const level = isOwnRegion && session.user.regionCode ? levelOfCode(session.user.regionCode) : undefined;

  prefetch(`/regions/${encodeURIComponent(regionId)}`);
  prefetch('/regions');
  if (isOwnRegion) prefetch('/regions', { parentId: regionId });
  if (level === undefined || childLevel(level) !== undefined)
    prefetch(`/regions/${encodeURIComponent(regionId)}/boundaries`);
  prefetch('/config');
  // The staff list's first page (staff-api.ts asks for 20 at a time).
  prefetch('/staff', { regionId, limit: 20 });
  if (may('case.read')) {
    const { from, to } = periodOf('thisMonth');
    prefetch('/cases/figures', { regionId, from, to });
    // An account inside a county reads its own county's items; one that spans counties picks a county first.
    if (session.regionId !== null) prefetch('/case-categories');
    prefetch('/notifications');
  }
}

/**
 * The code of the pages a user meets first, each loaded when first needed: app.tsx renders them from here, and the
 * boot script and sign-in load them as soon as the session tells which, so no page waits for the console's own code
 * to run before its code is fetched. Everything else is loaded when its route or dialog opens.
 */
export const firstPageCode = {
  login: () => import('./pages/login-page'),
  frame: () => import('./components/app-layout'),
  region: () => import('./pages/territory-page'),
  bell: () => import('./features/cases/notification-bell'),
};

/**
 * Starts the signed-in page at `path` (on sign-in, or at start with a session): loads its code — the frame, the bell
 * for those who may read cases, the region page on one — and sends a region page's requests.
 */
export function prepareSignedInPage(path: string, session: Session): void {
  void firstPageCode.frame();
  if (session.abilities.includes('case.read')) void firstPageCode.bell();
  if (regionOfPath(path, session) !== undefined) void firstPageCode.region();
  prefetchPage(path, session);
}

/**
 * At start, before the console's code has loaded: reads the session (which index.html's preload already asked for)
 * and loads the code of the page the user will see; on a region page it also sends that page's requests.
 */
export async function prefetchFirstPage(path: string): Promise<void> {
  const session = await prefetchAndRead<Session>('/session');
  if (!session) {
    void firstPageCode.login();
    return;
  }
  prepareSignedInPage(path, session);
}

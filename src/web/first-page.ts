import { childLevel, regionCodeWidth, regionLevels, type RegionLevel } from '../shared/policy';
import { prefetch, prefetchAndRead } from './api/client';
import { periodOf } from './features/cases/case-periods';
import type { FirstPageScope, Session } from '../shared/api/session';
import { mapBesideTreeMedia, regionOfPath } from '../shared/first-page';

/**
 * The first page a user meets, the region page (a bare address and sign-in both land there), asks for its data part
 * by part as it renders: the region, then its map, figures and people, then the items the figures name. On PGlite
 * each of those rounds queues on the server and each waits for a render, so the page took three to four rounds.
 * Here every request of that page is sent at once, as soon as the session is known; each part of the page then
 * takes its answer (see `prefetch`). A browser test checks that the page asks for nothing else and nothing twice.
 */

function scopeOf(session: Session): FirstPageScope {
  return { regionId: session.regionId, regionCode: session.user.regionCode, abilities: session.abilities };
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
 * Sends every request the region page at `path` will send on its first screen, for this user. The region tree opens
 * the user's own region; a map of the region's children is drawn where there is a level below it; the figures, their
 * items and the bell are there for those who may read cases. The staff list, further down, asks when scrolled to.
 */
function prefetchPage(path: string, scope: FirstPageScope): void {
  // An account that reads no territory (a dispatching unit's) opens no region page.
  if (!scope.abilities.includes('region.read')) return;
  const regionId = regionOfPath(path, scope);
  if (regionId === undefined) return;
  const isOwnRegion = regionId === scope.regionId;
  const level = isOwnRegion && scope.regionCode ? levelOfCode(scope.regionCode) : undefined;

  prefetch(`/regions/${encodeURIComponent(regionId)}`);
  prefetch('/regions');
  if (isOwnRegion) prefetch('/regions', { parentId: regionId });
  if (level === undefined || childLevel(level) !== undefined)
    prefetch(`/regions/${encodeURIComponent(regionId)}/boundaries`);
  prefetch('/config');
  if (scope.abilities.includes('case.read')) {
    const { from, to } = periodOf('thisMonth');
    prefetch('/cases/figures', { regionId, from, to });
    // An account inside a county reads its own county's items; one that spans counties picks a county first.
    if (scope.regionId !== null) prefetch('/case-categories');
    prefetch('/notifications');
  }
}

/** Code loaded apart that, once it has arrived, can be read at once (`arrived`) instead of awaited. */
export type SeparateCode<Module> = (() => Promise<Module>) & { arrived: () => Module | undefined };

/**
 * Loads the code once, however often it is asked for (the boot script, sign-in and the page's render all ask): each
 * dynamic import resolves the addresses of all its chunk's files again, which cost the boot script ~15 ms. A failed
 * load is tried again at the next ask.
 */
export function keptOnArrival<Module>(load: () => Promise<Module>): SeparateCode<Module> {
  let arrived: Module | undefined;
  let loading: Promise<Module> | undefined;
  const loadAndKeep = () =>
    (loading ??= load().then(
      (module) => (arrived = module),
      (error: unknown) => {
        loading = undefined;
        throw error;
      },
    ));
  return Object.assign(loadAndKeep, { arrived: () => arrived });
}

/**
 * The code of the pages a user meets first, each loaded when first needed: app.tsx renders them from here, and the
 * boot script and sign-in load them as soon as the session tells which, so no page waits for the console's own code
 * to run before its code is fetched. Everything else is loaded when its route or dialog opens.
 */
export const firstPageCode = {
  login: keptOnArrival(() => import('./pages/login-page')),
  frame: keptOnArrival(() => import('./components/app-layout')),
  region: keptOnArrival(() => import('./pages/territory-page')),
  bell: keptOnArrival(() => import('./features/cases/notification-bell')),
  map: keptOnArrival(() => import('./components/boundary-map-canvas')),
};

/** Whether this screen shows the region page's map on its first screen, where its code is wanted at once. */
export function isMapBesideTree(): boolean {
  return window.matchMedia(mapBesideTreeMedia).matches;
}

/** Loads the signed-in page's code and sends its requests, for a user of this scope. */
function startPage(path: string, scope: FirstPageScope): void {
  void firstPageCode.frame();
  void firstPageCode.bell();
  if (regionOfPath(path, scope) !== undefined) void firstPageCode.region();
  prefetchPage(path, scope);
}

/**
 * The last signed-in scope is kept in this browser (no personal data: a region and a list of abilities) so that the
 * next start sends the first page's requests at once, beside the session's, instead of after its answer: by then the
 * main thread is busy with the console's code and the answer waits for it. Forgotten at sign-out.
 */
const scopeKey = 'gridlink.first-page-scope';

function rememberedScope(): FirstPageScope | undefined {
  try {
    const stored = localStorage.getItem(scopeKey);
    return stored ? (JSON.parse(stored) as FirstPageScope) : undefined;
  } catch {
    return undefined;
  }
}

export function forgetFirstPageScope(): void {
  try {
    localStorage.removeItem(scopeKey);
  } catch {
    // No storage (turned off, or not a browser): nothing was remembered.
  }
}

/**
 * Starts the signed-in page at `path` (on sign-in, or at start with a session): loads its code — the frame with its
 * bell, the region page on one — and sends a region page's requests.
 */
export function prepareSignedInPage(path: string, session: Session): void {
  const scope = scopeOf(session);
  try {
    localStorage.setItem(scopeKey, JSON.stringify(scope));
  } catch {
    // No storage: the next start waits for the session, as it did before.
  }
  startPage(path, scope);
}

/** The scope the server wrote into the console's page, from the session behind its cookie (app.ts). */
function scopeWrittenInPage(): FirstPageScope | undefined {
  const written = document.querySelector<HTMLMetaElement>('meta[name="first-page-scope"]')?.content;
  try {
    return written ? (JSON.parse(written) as FirstPageScope) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * At start, before the console's code has loaded: starts the page of the scope the server wrote into the page or
 * this browser remembers, reads the session (which index.html's preload already asked for) and, unless it is that
 * scope, starts the page it calls for — the login page without a session.
 */
export async function prefetchFirstPage(path: string): Promise<void> {
  const known = scopeWrittenInPage() ?? rememberedScope();
  if (known) startPage(path, known);
  const session = await prefetchAndRead<Session>('/session');
  if (!session) {
    forgetFirstPageScope();
    void firstPageCode.login();
    return;
  }
  if (JSON.stringify(scopeOf(session)) !== JSON.stringify(known)) prepareSignedInPage(path, session);
}

/**
 * On the login page, once the browser is idle: loads the signed-in frame's and the region page's code (and its map's
 * where the map is on the first screen), so pressing 登录 waits only for the session, not for some seventy files.
 * The login page itself stays light to load.
 */
export function loadSignedInCodeWhenIdle(): void {
  const load = () => {
    // Marked so that a browser test can tell the login page's own code from what it loads for later.
    performance.mark('signed-in-code-requested');
    void firstPageCode.frame();
    void firstPageCode.bell();
    void firstPageCode.region();
    if (isMapBesideTree()) void firstPageCode.map();
  };
  // A busy phone may never be idle: load it within two seconds all the same.
  if ('requestIdleCallback' in window) window.requestIdleCallback(load, { timeout: 2000 });
  else setTimeout(load, 200);
}

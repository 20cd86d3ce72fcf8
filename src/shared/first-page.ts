import type { FirstPageScope } from './api/session.js';

/** The region an address opens: `/` opens the user's own region, `/regions/<id>` that one; other pages none. */
export function regionOfPath(path: string, scope: FirstPageScope): string | undefined {
  if (path === '/' || path === '/regions' || path === '/regions/') return scope.regionId ?? undefined;
  return /^\/regions\/([^/]+)$/.exec(path)?.[1];
}

/**
 * The comments in the console's index.html that hold the preload links of a signed-in page's code: the build writes
 * them (vite.config.ts), the server opens them for a request with a session, the region page's only on its address.
 */
export const signedInPreloadMarkers = { frame: 'signed-in-frame', regionPage: 'signed-in-region-page' } as const;

/** index.html with the signed-in preloads opened for this scope and address, or dropped without a session. */
export function withSignedInPreloads(html: string, path: string, scope: FirstPageScope | undefined): string {
  const open = (marker: string, isOpen: boolean) => (page: string) =>
    page.replace(new RegExp(`<!--${marker} (.*?) -->`, 's'), (_comment, links: string) => (isOpen ? links : ''));
  const isRegionPage = scope !== undefined && regionOfPath(path, scope) !== undefined;
  return [
    open(signedInPreloadMarkers.frame, scope !== undefined),
    open(signedInPreloadMarkers.regionPage, isRegionPage),
  ].reduce((page, step) => step(page), html);
}

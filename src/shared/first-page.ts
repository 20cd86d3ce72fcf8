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

/**
 * Screens on which the region page sets its map beside the region tree, on the first screen (antd's `lg` breakpoint,
 * where the page's columns stand side by side). There the map's code (Leaflet, 53 kB gzip) is fetched with the page's:
 * a preload link with this media (vite.config.ts), and on the login page once idle. A narrower screen shows the map
 * further down and loads its code when it is scrolled to.
 */
export const mapBesideTreeMedia = '(min-width: 992px)';

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

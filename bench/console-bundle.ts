/**
 * The console's JavaScript a page loads, gzip, counted from the build's manifest (dist/web/.vite/manifest.json):
 *
 *   every page   the two entries (index.html's script and the boot script) and their static imports;
 *   login page   those and the login page's chunks;
 *   first page   those and the signed-in frame's, the region page's and the bell's: what a signed-in user loads at a
 *                bare address (the boot script loads them as soon as it has read the session, see first-page.ts),
 *                and the region map's (Leaflet), which a desktop fetches with the page's and a phone once the map
 *                is scrolled to.
 *
 * Each file counts with its .gz copy, which the build writes at gzip level 9 beside it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { firstPageChunks, regionMapModule } from '../vite.first-page.js';

type ManifestChunk = {
  file: string;
  name?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
};
type Manifest = Record<string, ManifestChunk>;

export const pages = ['every page', 'login page', 'first page'] as const;
export type PageBundle = { page: (typeof pages)[number]; files: string[]; gzipBytes: number };

/** Issue 10's budget for the JavaScript every page loads before any of its own. */
export const everyPageBudgetBytes = 300 * 1024;

/**
 * The chunks each page loads on demand beyond the entries, as first-page.ts imports them: the login page's module,
 * and the first page's chunks, which the build names (vite.first-page.ts) since they hold several modules each.
 */
function pageModules(manifest: Manifest): Record<(typeof pages)[number], string[]> {
  const named = firstPageChunks.map(
    (chunk) =>
      Object.keys(manifest).find((key) => manifest[key]!.name === chunk.name && key.endsWith('.js')) ?? chunk.name,
  );
  return { 'every page': [], 'login page': ['pages/login-page.tsx'], 'first page': [...named, regionMapModule] };
}

export function manifestPath(webRoot: string): string {
  return path.join(webRoot, '.vite/manifest.json');
}

function readManifest(webRoot: string): Manifest {
  return JSON.parse(fs.readFileSync(manifestPath(webRoot), 'utf8')) as Manifest;
}

/** The chunks `keys` load before they run: themselves and their static imports, transitively. */
function staticClosure(manifest: Manifest, keys: readonly string[], into: Set<string>): Set<string> {
  for (const key of keys) {
    if (into.has(key)) continue;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`The manifest has no chunk ${key}.`);
    into.add(key);
    staticClosure(manifest, chunk.imports ?? [], into);
  }
  return into;
}

/**
 * What loading a module of src/web (e.g. `i18n/en.ts`) asks for: the file it was built into first, then the files
 * it imports and their style sheets.
 */
export function moduleFiles(webRoot: string, module: string): string[] {
  const manifest = readManifest(webRoot);
  const chunks = [...staticClosure(manifest, [module], new Set())].map((key) => manifest[key]!);
  return [...chunks.map((chunk) => chunk.file), ...chunks.flatMap((chunk) => chunk.css ?? [])];
}

/** The files of each page and their gzip bytes, from the build in `webRoot` (dist/web). */
export function pageBundles(webRoot: string): PageBundle[] {
  const manifest = readManifest(webRoot);
  const onDemand = new Set(Object.values(manifest).flatMap((chunk) => chunk.dynamicImports ?? []));
  // The console's own entries: the field app (m/, counted by field-app-bundle.ts), the residents' page (r/) and the
  // public wish wall (wall/) are pages of their own that no console page loads.
  const entries = ['index.html', 'boot.ts'];
  const everyPage = staticClosure(manifest, entries, new Set());
  return pages.map((page) => {
    const modules = pageModules(manifest)[page];
    const missing = modules.filter((module) => !onDemand.has(module));
    if (missing.length > 0) throw new Error(`Nothing loads ${missing.join(', ')} on demand: update pageModules.`);
    const files = [...staticClosure(manifest, modules, new Set(everyPage))].map((key) => manifest[key]!.file);
    const gzipBytes = files.reduce((total, file) => total + fs.statSync(path.join(webRoot, `${file}.gz`)).size, 0);
    return { page, files, gzipBytes };
  });
}

import path from 'node:path';
import type { CodeSplittingGroup, ModuleInfo } from 'rolldown';
import type { Plugin } from 'vite';

/**
 * The console's code in a few files. Left to itself the build splits it into some sixty files of a few kB (antd's
 * components one by one, each shared with some other page or app), and Chromium fetches at most six files at a time
 * from one server over HTTP/1.1, so the first page's API requests and its own code queued behind them. Here:
 * - what the console's entry loads goes into one chunk, and what it shares with the other apps (the field app, the
 *   residents' page, the wish wall, the invitation page: React, the API client…) into another, which those load too;
 * - the signed-in first page's code goes into two chunks, the frame's and the region page's, and what the login page
 *   loads too into a third, which both load;
 * - the boot script's few modules stay apart, so that it runs as soon as they arrive (see boot.ts).
 * bench/console-bundle.ts counts what each page loads. The pages reached later (cases, registry, the care modules in
 * their features/<domain> folders…) still load their own code on demand, with these chunks where they share a module.
 */
export const firstPageChunks = [
  { name: 'signed-in-frame', modules: ['components/app-layout.tsx', 'features/cases/notification-bell.tsx'] },
  { name: 'territory-page', modules: ['pages/territory-page.tsx'] },
] as const;
/** The region map's own code (Leaflet), a chunk of its own that the region page loads apart (boundary-map.tsx). */
export const regionMapModule = 'components/boundary-map-canvas.tsx';
const loginPageModules = ['pages/login-page.tsx'];
/** What the login page and the signed-in first page both load (antd's form, card and tabs…), as one file. */
const sharedWithLoginChunk = 'first-pages-shared';
const everyPageChunk = 'console';
const sharedWithAppsChunk = 'apps-shared';

/**
 * Packages imported through one index that re-exports each component (`import { Button } from 'antd'`): a module
 * loads only the components it names, as the build's tree-shaking keeps them, not the whole index. (The icons'
 * package index only re-exports its icons' index, `export * from './icons'`.)
 */
const packageIndex = /[\\/]node_modules[\\/](antd|@ant-design[\\/]icons)[\\/]es[\\/]index\.js$/;
const barrels: Record<string, RegExp> = {
  antd: /[\\/]node_modules[\\/]antd[\\/]es[\\/]index\.js$/,
  '@ant-design/icons': /[\\/]node_modules[\\/]@ant-design[\\/]icons[\\/]es[\\/]icons[\\/]index\.js$/,
};

/** The names a module imports from a package: `import { Button, Card as Panel } from 'antd'` → Button, Card. */
function importedNames(code: string, specifier: string): string[] {
  const pattern = new RegExp(`import\\s*\\{([^}]*)\\}\\s*from\\s*["']${specifier.replace('/', '\\/')}["']`, 'g');
  return [...code.matchAll(pattern)].flatMap((match) =>
    match[1]!
      .split(',')
      .map((name) => name.trim().split(/\s+as\s+/)[0]!)
      .filter(Boolean),
  );
}

/** Where each component of a barrel comes from: `export { default as Button } from './button'` → …/button/index.js. */
function reExports(barrel: ModuleInfo): Map<string, string> {
  const sources = new Map<string, string>();
  for (const match of (barrel.code ?? '').matchAll(
    /export\s*\{\s*default as (\w+)\s*\}\s*from\s*["']\.\/([^"']+)["']/g,
  )) {
    const target = path.join(path.dirname(barrel.id), match[2]!);
    const id = barrel.importedIds.find((imported) => imported === `${target}.js` || imported.startsWith(`${target}/`));
    if (id) sources.set(match[1]!, id);
  }
  return sources;
}

export function firstPageChunk(webRoot: string): { plugin: Plugin; group: CodeSplittingGroup } {
  const chunkOf = new Map<string, string>();
  const plugin: Plugin = {
    name: 'gridlink-first-page-chunk',
    apply: 'build',
    buildEnd() {
      const ids = [...this.getModuleIds()];
      const barrelSources = new Map(
        Object.entries(barrels).flatMap(([specifier, pattern]) => {
          const barrel = ids.find((id) => pattern.test(id));
          const info = barrel ? this.getModuleInfo(barrel) : null;
          return info ? [[specifier, { id: info.id, sources: reExports(info) }] as const] : [];
        }),
      );
      /** What a module loads before it runs: its static imports, and of a barrel only the components it names. */
      const importsOf = (info: ModuleInfo): string[] => {
        const viaBarrels = [...barrelSources].flatMap(([specifier, barrel]) =>
          importedNames(info.code ?? '', specifier).flatMap((name) => barrel.sources.get(name) ?? []),
        );
        return [...info.importedIds.filter((id) => !packageIndex.test(id)), ...viaBarrels];
      };
      /** The modules `roots` load before they run: themselves and their static imports, transitively. */
      const staticClosure = (roots: readonly string[]): Set<string> => {
        const closure = new Set<string>();
        const pending = [...roots];
        for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
          const info = this.getModuleInfo(id);
          if (closure.has(id) || !info) continue;
          closure.add(id);
          pending.push(...importsOf(info));
        }
        return closure;
      };
      const resolved = (modules: readonly string[]) => modules.map((module) => path.join(webRoot, module));
      const entries = ids.filter((id) => this.getModuleInfo(id)?.isEntry);
      const consoleEntry = path.join(webRoot, 'index.html');
      const boot = staticClosure(resolved(['boot.ts']));
      const otherApps = staticClosure(entries.filter((id) => id !== consoleEntry && !boot.has(id)));
      const loginPage = staticClosure(resolved(loginPageModules));
      chunkOf.clear();
      for (const id of staticClosure([consoleEntry])) {
        if (!boot.has(id)) chunkOf.set(id, otherApps.has(id) ? sharedWithAppsChunk : everyPageChunk);
      }
      // A module both first-page chunks load goes into the first (the frame's), which every signed-in page loads; one
      // the login page loads too goes into a chunk of their own, which both load. What another app loads too stays
      // where the build puts it, so that no app loads the console's first page.
      for (const chunk of firstPageChunks) {
        for (const id of staticClosure(resolved(chunk.modules))) {
          if (chunkOf.has(id) || boot.has(id) || otherApps.has(id)) continue;
          chunkOf.set(id, loginPage.has(id) ? sharedWithLoginChunk : chunk.name);
        }
      }
    },
  };
  // Only the modules named above: the boot script's, and the first page's that another app loads, stay where they are.
  return { plugin, group: { name: (id) => chunkOf.get(id) ?? null, includeDependenciesRecursively: false } };
}

import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { defineConfig, type Plugin, type Rollup } from 'vite';

type OutputChunk = Rollup.OutputChunk;
import react from '@vitejs/plugin-react';
import { fieldApp } from './vite.field-app.js';
import { firstPageChunk, firstPageChunks, regionMapModule } from './vite.first-page.js';
import { mapBesideTreeMedia, signedInPreloadMarkers } from './src/shared/first-page.js';

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/**
 * Writes a Brotli (.br) and a gzip (.gz) copy of every script, style sheet and SVG once at build time, so the
 * server sends them compressed without compressing on each request (@fastify/static's `preCompressed`).
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'gridlink-precompress',
    apply: 'build',
    configResolved: (config) => {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle: async () => {
      const files = fs
        .readdirSync(outDir, { recursive: true, encoding: 'utf8' })
        .filter((file) => /\.(js|css|svg)$/.test(file));
      await Promise.all(
        files.map(async (file) => {
          const content = fs.readFileSync(path.join(outDir, file));
          const brotliOptions = { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } };
          fs.writeFileSync(path.join(outDir, `${file}.br`), await brotli(content, brotliOptions));
          fs.writeFileSync(path.join(outDir, `${file}.gz`), await gzipped(content, { level: 9 }));
        }),
      );
    },
  };
}

/**
 * The console's first script (boot.ts) is an entry of its own, named in index.html as an async module: it runs as
 * soon as its few kilobytes have loaded (not after the style sheet, as deferred scripts do), sends the first page's
 * requests and loads the code of the page the session calls for (see first-page.ts) while the rest still loads.
 */
const bootModule = /\/src\/web\/boot\.ts$/;

function startEarly(): Plugin {
  return {
    name: 'gridlink-start-early',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: (html, { bundle, path: page }) => {
        // The field app (/m/), the public wish wall (/wall/) and the residents' page (/r/) start their own way.
        if (!bundle || ['/m/', '/wall/', '/r/', '/join/'].some((own) => page.startsWith(own))) return [];
        const chunks = Object.values(bundle).flatMap((output) => (output.type === 'chunk' ? [output] : []));
        const boot = chunks.find((chunk) => bootModule.test(chunk.facadeModuleId ?? ''));
        if (!boot) return [];
        // High priority: the browser would otherwise fetch an async script after the style sheet and the preloads.
        const tags = [
          {
            tag: 'script',
            attrs: { type: 'module', async: true, fetchpriority: 'high', crossorigin: true, src: `/${boot.fileName}` },
            injectTo: 'head-prepend' as const,
          },
          ...boot.imports.map((fileName) => ({
            tag: 'link',
            attrs: { rel: 'modulepreload', fetchpriority: 'high', crossorigin: true, href: `/${fileName}` },
            injectTo: 'head-prepend' as const,
          })),
        ];
        return { html: html.replace('</head>', `${signedInPreloads(chunks)}</head>`), tags };
      },
    },
  };
}

/**
 * The signed-in first page's chunks (vite.first-page.ts) and what they import beyond the console's entry, as preload
 * links inside two comments that the server opens when the request carries a session (app.ts): the frame's on every
 * page, the region page's on a region's address. The browser then asks for them with the page, at high priority,
 * instead of once the boot script has read the session, at a dynamic import's low priority, behind the API requests.
 */
function signedInPreloads(chunks: readonly OutputChunk[]): string {
  const byFile = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
  const closure = (roots: readonly OutputChunk[], into = new Set<OutputChunk>()): Set<OutputChunk> => {
    for (const chunk of roots) {
      if (into.has(chunk)) continue;
      into.add(chunk);
      closure(
        chunk.imports.flatMap((file) => byFile.get(file) ?? []),
        into,
      );
    }
    return into;
  };
  const loaded = closure(chunks.filter((chunk) => chunk.isEntry && chunk.facadeModuleId?.endsWith('/index.html')));
  /** The links of `roots` and what they import that is not `alreadyLoaded`; `attributes` such as a media query. */
  const links = (roots: readonly OutputChunk[], alreadyLoaded: Set<OutputChunk>, attributes: string) => {
    const own = [...closure(roots)].filter((chunk) => !alreadyLoaded.has(chunk));
    const styles = own.flatMap((chunk) => [...(chunk.viteMetadata?.importedCss ?? [])]);
    return [
      ...own.map((chunk) => `<link rel="modulepreload" ${attributes} crossorigin href="/${chunk.fileName}">`),
      ...styles.map((file) => `<link rel="preload" as="style" ${attributes} crossorigin href="/${file}">`),
    ].join('');
  };
  const named = (name: string) => chunks.filter((chunk) => chunk.name === name);
  const [frame, region] = firstPageChunks;
  const map = chunks.filter((chunk) => chunk.facadeModuleId?.endsWith(`/src/web/${regionMapModule}`));
  const frameLoaded = closure([...loaded, ...named(frame.name)]);
  const regionLoaded = closure([...frameLoaded, ...named(region.name)]);
  // The map's code where the map is on the first screen, at low priority: fetched (not run) with the page's, it is
  // there when the map's place comes into view, instead of being the last thing the page waits for.
  const mapLinks = links(map, regionLoaded, `fetchpriority="low" media="${mapBesideTreeMedia}"`);
  return (
    `<!--${signedInPreloadMarkers.frame} ${links(named(frame.name), loaded, 'fetchpriority="high"')} -->` +
    `<!--${signedInPreloadMarkers.regionPage} ${links(named(region.name), frameLoaded, 'fetchpriority="high"')}${mapLinks} -->`
  );
}

const firstPage = firstPageChunk(path.resolve(import.meta.dirname, 'src/web'));

export default defineConfig({
  root: 'src/web',
  plugins: [react(), precompress(), startEarly(), fieldApp(), firstPage.plugin],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    // Which files each page loads, for the bench's count of the first page's bytes (bench/bundle.bench.ts).
    manifest: true,
    rolldownOptions: {
      // The field app (/m/) and the public wish wall (/wall/) are pages of their own in the same build.
      input: {
        index: 'src/web/index.html',
        boot: 'src/web/boot.ts',
        field: 'src/web/m/index.html',
        wall: 'src/web/wall/index.html',
        resident: 'src/web/r/index.html',
        join: 'src/web/join/index.html',
      },
      output: { codeSplitting: { groups: [firstPage.group] } },
    },
  },
  server: {
    proxy: { '/api': 'http://localhost:3000' },
  },
});

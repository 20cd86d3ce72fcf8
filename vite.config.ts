import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/**
 * React and its router change least, so they keep a chunk of their own that survives app releases in the cache.
 * antd and the libraries every page uses with it (its rc-components, TanStack Query, i18next) make one chunk: split
 * along the routes they made some 50 files of a few kB each for the first page, each a request of its own (74 files
 * in all, 28 now), for 7 % fewer bytes than the one chunk, which brings the components of later pages along. The
 * maps, drawing tools and other page-specific libraries are still split along the routes that use them.
 */
const vendorGroups = [
  { name: 'vendor-react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom)[\\/]/ },
  {
    name: 'vendor-antd',
    test: /node_modules[\\/](antd|@ant-design|@rc-component|@tanstack|i18next|react-i18next|@babel[\\/]runtime|stylis|clsx|classnames)[\\/]/,
  },
];

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
 * soon as its few kilobytes have loaded (not after the style sheet, as deferred scripts do) and sends the first
 * page's requests while the rest still loads.
 * The pages a user meets first are loaded on demand (so the login page does not run their code) but fetched from
 * the start: index.html names their chunks and style sheets as preloads, so the browser fetches and compiles them
 * beside the console's own code instead of after it has run and asked for them.
 */
const bootModule = /\/src\/web\/boot\.ts$/;
const firstPageModules = [/\/pages\/territory-page\.tsx$/, /\/features\/cases\/notification-bell\.tsx$/];

function startEarly(): Plugin {
  return {
    name: 'gridlink-start-early',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: (_html, { bundle }) => {
        if (!bundle) return [];
        const chunks = Object.values(bundle).flatMap((output) => (output.type === 'chunk' ? [output] : []));
        const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
        const collect = (fileName: string, into: Set<string>) => {
          if (into.has(fileName)) return;
          into.add(fileName);
          for (const imported of byName.get(fileName)?.imports ?? []) collect(imported, into);
        };
        const stylesOf = (fileNames: Set<string>) =>
          new Set([...fileNames].flatMap((fileName) => [...(byName.get(fileName)?.viteMetadata?.importedCss ?? [])]));
        const isFacadeOf = (patterns: RegExp[]) => (chunk: (typeof chunks)[number]) =>
          patterns.some((pattern) => pattern.test(chunk.facadeModuleId ?? ''));

        const boot = chunks.find(isFacadeOf([bootModule]));
        const loaded = new Set<string>();
        for (const chunk of chunks) if (chunk.isEntry) collect(chunk.fileName, loaded);
        const wanted = new Set<string>();
        for (const chunk of chunks.filter(isFacadeOf(firstPageModules))) collect(chunk.fileName, wanted);
        const loadedStyles = stylesOf(loaded);
        const link = (attrs: Record<string, string | boolean>) => ({ tag: 'link', attrs, injectTo: 'head' as const });
        const bootFiles = new Set<string>();
        if (boot) collect(boot.fileName, bootFiles);
        // High priority: the browser would otherwise fetch an async script after the style sheet and the preloads.
        const early = [...bootFiles].map((fileName) =>
          fileName === boot?.fileName
            ? { type: 'module', async: true, fetchpriority: 'high', crossorigin: true, src: `/${fileName}` }
            : { rel: 'modulepreload', fetchpriority: 'high', crossorigin: true, href: `/${fileName}` },
        );
        return [
          ...early.map((attrs) => ({
            tag: 'src' in attrs ? 'script' : 'link',
            attrs,
            injectTo: 'head-prepend' as const,
          })),
          ...[...wanted]
            .filter((fileName) => !loaded.has(fileName))
            .map((fileName) => link({ rel: 'modulepreload', crossorigin: true, href: `/${fileName}` })),
          ...[...stylesOf(wanted)]
            .filter((fileName) => !loadedStyles.has(fileName))
            .map((fileName) => link({ rel: 'preload', as: 'style', crossorigin: true, href: `/${fileName}` })),
        ];
      },
    },
  };
}

export default defineConfig({
  root: 'src/web',
  plugins: [react(), precompress(), startEarly()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    // vendor-antd is 1.2 MB unpacked (304 kB Brotli) by choice, see vendorGroups.
    chunkSizeWarningLimit: 1300,
    rolldownOptions: {
      input: { index: 'src/web/index.html', boot: 'src/web/boot.ts' },
      output: { codeSplitting: { groups: vendorGroups } },
    },
  },
  server: {
    proxy: { '/api': 'http://localhost:3000' },
  },
});

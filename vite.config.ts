import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fieldApp } from './vite.field-app.js';
import { firstPageChunk } from './vite.first-page.js';

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
      handler: (_html, { bundle, path: page }) => {
        // The field app (/m/), the public wish wall (/wall/) and the residents' page (/r/) start their own way.
        if (!bundle || ['/m/', '/wall/', '/r/', '/join/'].some((own) => page.startsWith(own))) return [];
        const chunks = Object.values(bundle).flatMap((output) => (output.type === 'chunk' ? [output] : []));
        const boot = chunks.find((chunk) => bootModule.test(chunk.facadeModuleId ?? ''));
        if (!boot) return [];
        // High priority: the browser would otherwise fetch an async script after the style sheet and the preloads.
        return [
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
      },
    },
  };
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

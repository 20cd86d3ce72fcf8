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
 * Every other library is split by the bundler along the routes that use it: the login page and the first page do
 * not load the antd components, maps and drawing tools that only later pages need.
 */
const vendorGroups = [
  { name: 'vendor-react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom)[\\/]/ },
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

export default defineConfig({
  root: 'src/web',
  plugins: [react(), precompress()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    rolldownOptions: {
      output: { codeSplitting: { groups: vendorGroups } },
    },
  },
  server: {
    proxy: { '/api': 'http://localhost:3000' },
  },
});

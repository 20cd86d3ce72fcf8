import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import type { OutputBundle, OutputChunk } from 'rolldown';
import type { Plugin } from 'vite';

/**
 * The field app's build (/m/): after Vite has written the bundle, the service worker (m/sw.js) is written with the
 * list of every file the app's entry loads — its chunks, the chunks they load on demand, their style sheets — so the
 * app opens with no network; the web app manifest and its icons are written beside it.
 */
export function fieldApp(): Plugin {
  let outDir = '';
  return {
    name: 'gridlink-field-app',
    apply: 'build',
    configResolved: (config) => {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    writeBundle: (_options, bundle) => {
      const shell = ['/m/', ...fieldAppFiles(bundle).map((file) => `/${file}`), ...iconFiles.map((f) => `/m/${f}`)];
      shell.push('/m/manifest.webmanifest');
      const version = createHash('sha256').update(shell.join('\n')).digest('hex').slice(0, 12);
      const template = fs.readFileSync(path.resolve(import.meta.dirname, 'src/mobile/service-worker.js'), 'utf8');
      const worker = template
        .replace("'__VERSION__'", JSON.stringify(version))
        .replace('[/* __SHELL__ */]', JSON.stringify(shell));
      const mobileDir = path.join(outDir, 'm');
      fs.mkdirSync(mobileDir, { recursive: true });
      fs.writeFileSync(path.join(mobileDir, 'sw.js'), worker);
      fs.writeFileSync(path.join(mobileDir, 'manifest.webmanifest'), JSON.stringify(manifest, null, 2));
      fs.writeFileSync(path.join(mobileDir, 'icon.svg'), iconSvg);
      fs.writeFileSync(path.join(mobileDir, 'icon-192.png'), iconPng(192));
      fs.writeFileSync(path.join(mobileDir, 'icon-512.png'), iconPng(512));
    },
  };
}

const iconFiles = ['icon.svg', 'icon-192.png', 'icon-512.png'];

const manifest = {
  name: '网格通 · 外勤',
  short_name: '网格通',
  description: '网格员外勤：今日任务、入户走访、随手报，无信号也能记录。',
  lang: 'zh-CN',
  start_url: '/m/',
  scope: '/m/',
  display: 'standalone',
  background_color: '#ffffff',
  theme_color: '#c8102e',
  icons: [
    { src: '/m/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any maskable' },
    { src: '/m/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any maskable' },
    { src: '/m/icon.svg', sizes: 'any', type: 'image/svg+xml' },
  ],
};

/** The files the field app's page loads: its entry chunk and everything it imports, at once or on demand. */
export function fieldAppFiles(bundle: OutputBundle): string[] {
  const chunks = new Map(
    Object.values(bundle).flatMap((output) => (output.type === 'chunk' ? [[output.fileName, output] as const] : [])),
  );
  // The entry named `field` in vite.config.ts (its page, src/web/m/index.html, loads src/mobile/main.tsx).
  const entry = [...chunks.values()].find((chunk) => chunk.isEntry && chunk.name === 'field');
  if (!entry) throw new Error('The field app entry (src/web/m/index.html) is not in the bundle.');
  const files = new Set<string>();
  const visit = (chunk: OutputChunk) => {
    if (files.has(chunk.fileName)) return;
    files.add(chunk.fileName);
    const metadata = (
      chunk as OutputChunk & { viteMetadata?: { importedCss: Set<string>; importedAssets: Set<string> } }
    ).viteMetadata;
    for (const file of [...(metadata?.importedCss ?? []), ...(metadata?.importedAssets ?? [])]) files.add(file);
    for (const name of [...chunk.imports, ...chunk.dynamicImports]) {
      const next = chunks.get(name);
      if (next) visit(next);
    }
  };
  visit(entry);
  return [...files].sort();
}

const iconSvg =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#c8102e"/>' +
  '<path d="M8 8h16v16H8z" fill="none" stroke="#fff" stroke-width="2"/><path d="M16 8v16M8 16h16" stroke="#fff" ' +
  'stroke-width="2"/></svg>';

/** The same icon as a PNG of `size` pixels (the grid drawn in white on red), written without an image library. */
function iconPng(size: number): Buffer {
  const line = (value: number) => Math.abs(value) < size / 32;
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y += 1) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x += 1) {
      const [u, v] = [(x / size) * 32, (y / size) * 32];
      const inside = u >= 7 && u <= 25 && v >= 7 && v <= 25;
      const isWhite =
        inside && (line(u - 8) || line(u - 24) || line(v - 8) || line(v - 24) || line(u - 16) || line(v - 16));
      row.set(isWhite ? [255, 255, 255] : [0xc8, 0x10, 0x2e], 1 + x * 3);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.concat(rows))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * The field app's initial JavaScript (/m/), gzip, counted from the build's manifest: its entry (m/index.html's
 * script) and the chunks it imports statically — what a phone loads before the first screen. What it loads on demand
 * (pinyin-pro, when the grid is copied to the phone) does not count. Each file counts with its .gz copy (level 9).
 */
import fs from 'node:fs';
import path from 'node:path';

type ManifestChunk = { file: string; imports?: string[] };

/** Issue 11's budget for the field app's initial JavaScript. */
export const fieldAppBudgetBytes = 200 * 1024;

/** The manifest's key of the field app's page. */
const fieldAppEntry = 'm/index.html';

export function fieldAppBundle(webRoot: string): { files: string[]; gzipBytes: number } {
  const manifest = JSON.parse(fs.readFileSync(path.join(webRoot, '.vite/manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;
  const keys = new Set<string>();
  const visit = (key: string) => {
    if (keys.has(key)) return;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`The manifest has no chunk ${key}.`);
    keys.add(key);
    for (const next of chunk.imports ?? []) visit(next);
  };
  visit(fieldAppEntry);
  const files = [...keys].map((key) => manifest[key]!.file);
  const gzipBytes = files.reduce((total, file) => total + fs.statSync(path.join(webRoot, `${file}.gz`)).size, 0);
  return { files, gzipBytes };
}

/**
 * The console's JavaScript a page loads, gzip, from the build (no browser; see console-bundle.ts for what counts):
 *
 *   npm run build && npx tsx bench/bundle.bench.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { everyPageBudgetBytes, manifestPath, pageBundles } from './console-bundle.js';

const webRoot = path.resolve('dist/web');

function kilobytes(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} kB`;
}

if (!fs.existsSync(manifestPath(webRoot))) {
  console.log(`No build manifest in ${webRoot}: run \`npm run build\` first. Skipped.`);
} else {
  console.log("\n## The console's JavaScript, gzip");
  for (const { page, files, gzipBytes } of pageBundles(webRoot)) {
    const budget =
      page === 'every page'
        ? `  (budget ${kilobytes(everyPageBudgetBytes)}: ${gzipBytes <= everyPageBudgetBytes ? 'met' : 'NOT met'})`
        : '';
    console.log(
      `${page.padEnd(11)} ${kilobytes(gzipBytes).padStart(9)} in ${String(files.length).padStart(2)} files${budget}`,
    );
  }
}

#!/usr/bin/env node
// The CLI runs the compiled server; `npm run build` (or `npm start`) produces it.
import fs from 'node:fs';

const entry = new URL('../dist/server/main.js', import.meta.url);
if (!fs.existsSync(entry)) {
  console.error('gridlink is not built yet: run `npm run build` in the gridlink folder first.');
  process.exit(1);
}
await import(entry.href);

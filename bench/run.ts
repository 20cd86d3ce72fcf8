/**
 * `npm run bench`: every bench/*.bench.ts in turn, each in a tsx process of its own (so one bench's heap does not
 * weigh on the next), with this process's environment, DATABASE_URL included. Arguments are passed to each.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const folder = import.meta.dirname;
const tsxCli = fileURLToPath(import.meta.resolve('tsx/cli'));
const benches = fs
  .readdirSync(folder)
  .filter((name) => name.endsWith('.bench.ts'))
  .sort();

function run(file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsxCli, path.join(folder, file), ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: process.env,
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const failed: string[] = [];
for (const file of benches) {
  console.log(`\n======== ${file} ========`);
  const started = performance.now();
  const code = await run(file);
  console.log(
    `-------- ${file}: ${code === 0 ? 'done' : `failed (exit ${code})`} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  if (code !== 0) failed.push(file);
}
if (!process.env.DATABASE_URL) console.log('\n(DATABASE_URL is not set: the PostgreSQL parts were skipped.)');
if (failed.length > 0) {
  console.error(`\nFailed: ${failed.join(', ')}`);
  process.exitCode = 1;
}

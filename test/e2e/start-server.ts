import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

export const demoPassword = 'e2e-demo-password';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

let server: ChildProcess | undefined;
let dataDir: string | undefined;

async function waitUntilReady(url: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (server?.exitCode !== null) throw new Error(`The server exited with code ${server?.exitCode}.`);
    const answer = await fetch(url).catch(() => undefined);
    if (answer?.ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The server did not become ready at ${url}.`);
}

/** Starts `gridlink serve` from the build (as a newcomer runs it) on a fresh data folder. */
export default async function setup(project: TestProject) {
  const entry = path.resolve('dist/server/main.js');
  if (!fs.existsSync(entry) || !fs.existsSync(path.resolve('dist/web/index.html'))) {
    throw new Error('Build first: npm run build (npm run test:e2e does).');
  }
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridlink-e2e-'));
  const port = 3400 + (process.pid % 500);
  server = spawn(process.execPath, [entry, 'serve'], {
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      DEMO_PASSWORD: demoPassword,
      DATABASE_URL: '',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const baseUrl = `http://localhost:${port}`;
  await waitUntilReady(`${baseUrl}/readyz`, Date.now() + 120_000);
  project.provide('baseUrl', baseUrl);
  return async () => {
    server?.kill('SIGTERM');
    await new Promise((resolve) => server?.once('exit', resolve));
    fs.rmSync(dataDir!, { recursive: true, force: true });
  };
}

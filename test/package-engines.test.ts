import fs from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { demoCountyName } from '../src/server/seed/demo-county.js';

type PackageFile = { engines: { node: string } };
type LockFile = { packages: Record<string, { version?: string; engines?: { node?: string } | string[] }> };

const packageFile = JSON.parse(fs.readFileSync('package.json', 'utf8')) as PackageFile;
const lockFile = JSON.parse(fs.readFileSync('package-lock.json', 'utf8')) as LockFile;
const readme = fs.readFileSync('README.md', 'utf8');

describe('the Node versions gridlink claims', () => {
  it('are accepted by every installed package, so `npm ci` warns of no engine', () => {
    const claimed = packageFile.engines.node;
    const refusing = Object.entries(lockFile.packages)
      .filter(([, entry]) => entry.engines !== undefined && !Array.isArray(entry.engines) && entry.engines.node)
      .filter(([, entry]) => !semver.subset(claimed, (entry.engines as { node: string }).node))
      .map(([path, entry]) => `${path}@${entry.version} needs Node ${(entry.engines as { node: string }).node}`);
    expect(refusing).toEqual([]);
  });

  it('include the Node this machine runs the tests on', () => {
    expect(semver.satisfies(process.version, packageFile.engines.node)).toBe(true);
  });
});

describe('the README', () => {
  it('names the demo county the seed creates and the start-up log prints', () => {
    expect(readme).toContain(demoCountyName);
  });
});

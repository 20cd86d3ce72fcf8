import { describe, expect, it } from 'vitest';
import { assertPatchedExceljsVersion, patchedExceljsVersion } from './exceljs.js';

describe('the exceljs patches', () => {
  it('load on the release they were written against, which package.json pins exactly', async () => {
    const { default: manifest } = await import('../../../../../package.json', { with: { type: 'json' } });
    expect(manifest.dependencies.exceljs).toBe(patchedExceljsVersion);
    expect(() => assertPatchedExceljsVersion('4.4.0')).not.toThrow();
  });

  it('stop loading on any other release, naming the upstream issues and what to check', () => {
    for (const other of ['4.4.1', '4.5.0', '5.0.0']) {
      expect(() => assertPatchedExceljsVersion(other)).toThrow(
        new RegExp(`exceljs ${other.replaceAll('.', '\\.')} is installed.*#2063 and #2084.*_parseWorksheet`),
      );
    }
  });
});

import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Unit tests beside the code and integration tests in test/, on PGlite by default or on PostgreSQL when
 * DATABASE_URL is set. The global setup seeds one template database; each test file copies it.
 */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Browser tests have their own config (vitest.e2e.config.ts).
    exclude: [...configDefaults.exclude, 'test/e2e/**'],
    globalSetup: 'test/global-setup.ts',
    // PGlite is WebAssembly with a large heap: separate processes keep one file's database from another's.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // .ci/run sets TEST_REPORT to total the results of every suite.
    reporters: process.env.TEST_REPORT ? ['default', ['json', { outputFile: process.env.TEST_REPORT }]] : ['default'],
  },
});

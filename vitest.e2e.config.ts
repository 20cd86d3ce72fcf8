import { defineConfig } from 'vitest/config';

/** Browser tests: the built server on a temporary PGlite folder, driven through Debian's Chromium. */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: 'test/e2e/start-server.ts',
    testTimeout: 60_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    // .ci/run sets TEST_REPORT to total the results of every suite.
    reporters: process.env.TEST_REPORT ? ['default', ['json', { outputFile: process.env.TEST_REPORT }]] : ['default'],
  },
});

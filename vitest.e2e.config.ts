import { defineConfig } from 'vitest/config';

/** Browser tests: the built server on a temporary PGlite folder, driven through Debian's Chromium. */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: 'test/e2e/start-server.ts',
    testTimeout: 60_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    // A browser on a busy two-core machine can take seconds to settle; what the user would see is what is awaited.
    expect: { poll: { timeout: 15_000 } },
    // .ci/run sets TEST_REPORT to total the results of every suite.
    reporters: process.env.TEST_REPORT ? ['default', ['json', { outputFile: process.env.TEST_REPORT }]] : ['default'],
  },
});

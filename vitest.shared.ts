import { defineConfig } from 'vitest/config';

/**
 * Settings every package's test run shares. Each run also writes
 * `test-results.json`, which `scripts/test-summary.mjs` adds up for CI.
 */
export const sharedTestConfig = defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: 'test-results.json' }]],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Suites start their own Redis and HTTP servers; files in parallel would
    // fight over the two cores and make timing-sensitive checks flaky.
    fileParallelism: false,
  },
});

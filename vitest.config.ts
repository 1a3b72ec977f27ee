import { defineConfig } from 'vitest/config';

// Builds dist/ first (test/global-setup.ts: sweep workers run the built worker). Under CI, vitest also writes test-results.json, from which .ci/run prints "N passed, N failed".
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 120_000,
    pool: 'forks',
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results.json' }]] : ['default'],
  },
});

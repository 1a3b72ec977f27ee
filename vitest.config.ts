import { defineConfig } from 'vitest/config';

// Under CI, vitest also writes test-results.json, from which .ci/run prints "N passed, N failed".
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    pool: 'forks',
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results.json' }]] : ['default'],
  },
});

import { defineConfig } from 'vitest/config';

// Browser suites: real Chromium against the built client, one file at a time (one browser,
// one build, and two shared cores), with time for a cold build and a slow first launch.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 240_000,
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
  },
});

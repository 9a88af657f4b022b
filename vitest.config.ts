import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/global-mongo.ts'],
    setupFiles: ['test/setup/transcript-checks.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file gets its own database name; files run in parallel.
    pool: 'forks',
  },
});

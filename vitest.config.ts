import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    setupFiles: ['tests/support/env.ts'],
    // Gathers the log lines every end-to-end suite captured and scans them for sensitive test data.
    globalSetup: ['tests/support/log-scan.global.ts'],
  },
});

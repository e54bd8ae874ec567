import { defineConfig } from 'vitest/config';

/**
 * The end-to-end files: each starts the whole bot (or a child process, or Chromium) against the
 * local fakes of the platforms, and checks its captured log lines (tests/support/log-sink.setup.ts).
 */
const END_TO_END = [
  'tests/bots/**/*.test.ts',
  'tests/http/**/*.test.ts',
  'tests/web/{browser,calendar,dashboard-http,teams}.test.ts',
  'tests/scripts/**/*.test.ts',
];

export default defineConfig({
  test: {
    environment: 'node',
    // A safety net for a hung test, not a speed target (no test takes more than a few seconds on a quiet
    // machine): wide enough for a 2-core machine shared with other work. Child processes: support/child.ts.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // vitest's default on 2 cores is one worker (cores − 1); the suite waits on I/O often enough to use both.
    maxWorkers: 2,
    setupFiles: ['tests/support/env.ts'],
    // The run's scratch folder (TMPDIR) on tmpfs, removed at the end.
    globalSetup: ['tests/support/scratch.global.ts'],
    projects: [
      {
        // Pure and unit files (domain, app, cards, store, scheduler, cli, lint…): they leave no state
        // behind, so they share worker threads and the modules those have loaded (no re-import per file).
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts'],
          exclude: END_TO_END,
          pool: 'threads',
          isolate: false,
        },
      },
      {
        // The end-to-end files share worker threads too: each starts and stops its own bot, fakes and
        // DATA_DIR, so what they share is the loaded modules (Bolt, the Agents SDK, better-sqlite3,
        // the names dataset), imported once per worker instead of once per file. The log check runs
        // per file all the same (log-sink.setup.ts).
        extends: true,
        test: {
          name: 'e2e',
          include: END_TO_END,
          pool: 'threads',
          isolate: false,
          setupFiles: ['tests/support/log-sink.setup.ts'],
          // Gathers the log lines every end-to-end suite captured and scans them for sensitive test data.
          globalSetup: ['tests/support/log-scan.global.ts'],
        },
      },
    ],
  },
});

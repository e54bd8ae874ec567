import { defineConfig } from 'vitest/config';

/**
 * The tests Stryker runs against each mutant of src/domain (`npm run mutate`): only the pure ones
 * that can see the core — no store, HTTP, browser or process faults — so a mutant runs in about
 * a second. The full suite stays in vitest.config.ts.
 */
/** `MUTATE_TESTS=a.test.ts,b.test.ts`: only these files, for a quick look at one file's mutants (a lower bound). */
const only = process.env.MUTATE_TESTS?.split(',').filter(Boolean);

export default defineConfig({
  test: {
    include: only ?? [
      'tests/domain/**/*.test.ts',
      // Pure view models over the core: they see it through its real callers. Not the files that run
      // the core while they are collected, outside any test (tests/app/case-view.test.ts builds a case
      // in each state, tests/scheduler's reminder plans plan a month of reminders): Stryker would see
      // most of the core as "static" and run every test for each of its mutants.
      'tests/app/timeline.test.ts',
      'tests/app/notify-words.test.ts',
      'tests/app/words.test.ts',
      'tests/app/my-work.test.ts',
      'tests/app/dashboard.test.ts',
    ],
    environment: 'node',
    // One module graph per run instead of one per test file: date-holidays alone takes a second to
    // load, and each mutant is a run of its own, so each mutant still starts from fresh modules.
    isolate: false,
    testTimeout: 20_000,
    setupFiles: ['tests/support/env.ts'],
  },
});

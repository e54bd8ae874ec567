import { defineConfig } from 'vitest/config';

/**
 * The tests Stryker runs against each mutant of src/domain (`npm run mutate`): only the pure ones
 * that can see the core — no store, HTTP, browser or process faults — so a mutant runs in about
 * a second. The full suite stays in vitest.config.ts.
 */
export default defineConfig({
  test: {
    include: [
      'tests/domain/**/*.test.ts',
      // Pure view models and plans over the core: they see it through its real callers.
      'tests/app/case-view.test.ts',
      'tests/app/timeline.test.ts',
      'tests/app/notify-words.test.ts',
      'tests/app/words.test.ts',
      'tests/app/my-work.test.ts',
      'tests/app/dashboard.test.ts',
      'tests/scheduler/reminder-plan.test.ts',
      'tests/scheduler/post-decision-plan.test.ts',
    ],
    environment: 'node',
    // One module graph per run instead of one per test file: date-holidays alone takes a second to
    // load, and each mutant is a run of its own, so each mutant still starts from fresh modules.
    isolate: false,
    testTimeout: 20_000,
    setupFiles: ['tests/support/env.ts'],
  },
});

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
    // The core's own tests only. The view-model tests of tests/app load the cards and the app layer
    // for each mutant they reach (slower, and they see the core only through it); case-view's and
    // the scheduler's reminder plans also run the core while the file is collected, outside any
    // test, which makes most of the core "static" for Stryker (every test run for each mutant).
    include: only ?? ['tests/domain/**/*.test.ts'],
    environment: 'node',
    // One module graph per run instead of one per test file: date-holidays alone takes a second to
    // load, and each mutant is a run of its own, so each mutant still starts from fresh modules.
    isolate: false,
    testTimeout: 20_000,
    setupFiles: ['tests/support/env.ts'],
  },
});

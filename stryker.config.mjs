// @ts-check
/* global process */
/**
 * Mutation testing of the domain core: `npm run mutate`. Not part of `npm test` (it takes minutes).
 * docs/mutation.md gives the score and the surviving mutants that are equivalent.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
const config = {
  testRunner: 'vitest',
  // Only the pure tests that can see the core (vitest.mutate.config.ts), not the end-to-end suites.
  vitest: { configFile: 'vitest.mutate.config.ts' },
  ignorePatterns: ['dist', '.data', 'coverage', 'reports', 'test-results'],
  mutate: ['src/domain/**/*.ts'],
  // Each mutant runs only the tests that reached it.
  coverageAnalysis: 'perTest',
  // Static mutants are those in code run when a module loads (the label and state tables, the
  // permission table, regular expressions): 388 of 2,855, each needing every test, so most of the
  // time. They are left out of the score (docs/mutation.md); MUTATE_STATIC=1 includes them.
  ignoreStatic: process.env.MUTATE_STATIC !== '1',
  // A second run re-tests only mutants whose code or tests changed.
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  // The machine is shared (2 cores, several engineers).
  concurrency: 1,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  // The score table and each surviving mutant, not every test's name.
  clearTextReporter: { logTests: false, allowColor: false },
  // scripts/mutate-slices.mjs gives each slice its own report.
  htmlReporter: { fileName: process.env.MUTATE_HTML ?? 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: process.env.MUTATE_JSON ?? 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 85, break: 85 },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};

export default config;

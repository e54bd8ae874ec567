#!/usr/bin/env node
/**
 * `npm run mutate:slices [file …]`: mutation testing of src/domain one file at a time, each file's
 * mutants against the tests written for it (SLICES below), then the score of all of them together.
 *
 * Why: on a shared 2-core machine `npm run mutate` (every mutant against every test of tests/domain
 * that reaches it) takes over an hour. A slice runs only the tests that target its file, so a
 * mutant killed only by some other file's test counts here as survived. It is close to the full
 * run's score but not a bound of it either way (in the full run the calendar's caches stay warm
 * across test files, so more of their mutants survive there). Each slice keeps its own incremental file (reports/slices/), so a
 * second run re-tests only what changed. Fails below the break threshold of stryker.config.mjs (85).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const BREAK = 85;
const t = (...names) => names.map((n) => `tests/domain/${n}.test.ts`).join(',');

/** Source file of src/domain → the tests that target it. */
const SLICES = {
  'action-plan': t('action-plan', 'post-decision', 'status', 'lifecycle-plan-and-reminders'),
  calendar: t('calendar', 'calendar-bounds', 'deadlines', 'deadlines-rules'),
  case: t('core-small', 'lifecycle'),
  clock: t('core-small'),
  criteria: t('criteria', 'criteria-reasons', 'notification-rules'),
  deadlines: t('deadlines', 'deadlines-rules', 'criteria', 'notification-rules', 'status'),
  erasure: t('erasure', 'erasure-fields', 'evolve'),
  errors: t('errors', 'core-small', 'validate'),
  evolve: t('evolve', 'lifecycle', 'erasure', 'post-decision'),
  'form-states': t('form-states', 'core-small'),
  lifecycle: t(
    'lifecycle',
    'lifecycle-bounds',
    'lifecycle-words',
    'lifecycle-plan-and-reminders',
    'permissions',
    'record-notification',
    'post-decision',
    'post-decision-refusals',
    'erasure',
    'form-states',
  ),
  'post-decision': t('post-decision', 'post-decision-refusals', 'lifecycle'),
  procedure: t('core-small', 'deadlines', 'notification-rules'),
  reminders: t('reminders', 'status'),
  roles: t('permissions', 'core-small', 'vote-visibility'),
  status: t('status', 'reminders', 'post-decision', 'record-notification'),
  validate: t('validate', 'lifecycle'),
  'vote-visibility': t('vote-visibility'),
};

const asked = process.argv.slice(2);
const names = asked.length ? asked : Object.keys(SLICES);
for (const name of names)
  if (!SLICES[name])
    throw new Error(
      `no slice for src/domain/${name}.ts (known: ${Object.keys(SLICES).join(', ')})`,
    );
mkdirSync('reports/slices', { recursive: true });

/** Slices whose run wrote no report (stryker failed before scoring): reported, and the exit is 1. */
const failed = [];
for (const name of names) {
  console.log(`\n== src/domain/${name}.ts against ${SLICES[name].split(',').length} test files`);
  const env = {
    ...process.env,
    MUTATE_TESTS: SLICES[name],
    MUTATE_JSON: `reports/slices/${name}.json`,
    MUTATE_HTML: `reports/slices/${name}.html`,
  };
  const args = [
    'stryker',
    'run',
    '--mutate',
    `src/domain/${name}.ts`,
    '--incrementalFile',
    `reports/slices/${name}.incremental.json`,
    '--reporters',
    'json,html,progress',
  ];
  // No report of an earlier run is left to stand for this one: a run that fails writes none.
  rmSync(env.MUTATE_JSON, { force: true });
  const run = spawnSync('npx', args, { env, stdio: 'inherit' });
  if (run.error) throw run.error;
  if (!existsSync(env.MUTATE_JSON)) failed.push(name);
}

// The score of every slice together (those not run this time: their last report).
const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);
const rows = [];
const total = { detected: 0, undetected: 0, ignored: 0 };
for (const name of Object.keys(SLICES)) {
  const file = `reports/slices/${name}.json`;
  if (failed.includes(name)) {
    rows.push([name, 'FAILED', '', '', '']);
    continue;
  }
  if (!existsSync(file)) {
    rows.push([name, 'not run', '', '', '']);
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const count = { detected: 0, undetected: 0, ignored: 0 };
  for (const f of Object.values(report.files))
    for (const m of f.mutants) {
      if (DETECTED.has(m.status)) count.detected += 1;
      else if (UNDETECTED.has(m.status)) count.undetected += 1;
      else count.ignored += 1;
    }
  for (const k of Object.keys(total)) total[k] += count[k];
  const valid = count.detected + count.undetected;
  rows.push([
    name,
    valid ? ((100 * count.detected) / valid).toFixed(2) : '-',
    count.detected,
    count.undetected,
    count.ignored,
  ]);
}
const valid = total.detected + total.undetected;
const score = valid ? (100 * total.detected) / valid : 0;
rows.push(['All of src/domain', score.toFixed(2), total.detected, total.undetected, total.ignored]);
console.log(
  '\nsrc/domain, by file (score % | detected | survived or not covered | static or not valid)',
);
for (const [name, s, d, u, i] of rows)
  console.log(
    `${String(name).padEnd(18)} ${String(s).padStart(7)} ${String(d).padStart(6)} ${String(u).padStart(6)} ${String(i).padStart(6)}`,
  );
console.log(
  `\nMutation score of src/domain (by slices): ${score.toFixed(2)} % (break at ${BREAK})`,
);
if (failed.length) console.log(`stryker failed on: ${failed.join(', ')} (no score for them)`);
process.exitCode =
  score >= BREAK && !rows.some((r) => r[1] === 'not run' || r[1] === 'FAILED') ? 0 : 1;

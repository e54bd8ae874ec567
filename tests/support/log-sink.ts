/**
 * The shared log sink of the end-to-end suites. Both harnesses start the bot with a pino logger at
 * level `trace` whose every line is captured here (console output too), together with the test
 * data's sensitive strings: pseudonyms, typed free text (summaries, facts, evidence, rationales),
 * the Slack bot token and signing secret, the Graph token.
 *
 * Two checks read it:
 * - at the end of each end-to-end file (`endOfFile`, registered by log-sink.setup.ts) the file
 *   fails naming each sensitive string found and the `msg` of the log line it was in;
 * - `tests/support/log-scan.global.ts` (vitest globalSetup) scans every suite's lines at the end
 *   of the run against the union of every suite's sensitive strings.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { inject } from 'vitest';
import { describeLeaks, findLeaks, type CapturedLine } from './log-sink-scan.js';

export { describeLeaks, findLeaks, msgOf, type CapturedLine, type Leak } from './log-sink-scan.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Folder where each test file appends its captured log lines (see log-scan.global.ts). */
    logSinkDir: string;
  }
}

/** Strings of the test data that must never reach a log line, whichever suite they come from. */
export const BASE_SENSITIVE = [
  // pseudonyms and a real-looking name typed into a form
  'Child A',
  'Sibling B',
  'Jane Smith',
  // rationales typed in the suites
  'rationale-marker',
  'Police rationale.',
  'Health view: a single agency issue.',
  'Health agrees after discussion.',
  'Changed my mind.',
  'changed my mind',
  'forged vote',
  'Not mine to cast.',
  'for the police',
  // what the hostile-input suites type into every free-text field
  'ZZSENSITIVE',
  // credentials of the fakes
  'xoxb-test-token',
  'test-signing-secret-8f2c1d',
  'local-graph-token',
];

const sensitiveSet = new Set<string>(BASE_SENSITIVE);
const lines: CapturedLine[] = [];

/** Adds strings of a suite's test data to the list checked against every captured line. */
export function sensitive(...values: (string | undefined)[]): void {
  for (const v of values) if (v && v.trim().length >= 4) sensitiveSet.add(v);
}

export function sensitiveStrings(): string[] {
  return [...sensitiveSet];
}

/** One chunk written by pino (one or more JSON lines). */
export function capture(chunk: string, source: CapturedLine['source'] = 'pino'): void {
  for (const line of chunk.split('\n')) if (line.trim()) lines.push({ source, line });
}

export function capturedLines(): readonly CapturedLine[] {
  return lines;
}

/** A pino destination that keeps each line in `local` (the harness's own list) and in the sink. */
export function capturingDestination(local: string[]): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      const text = chunk.toString('utf8');
      local.push(text);
      capture(text);
      done();
    },
  });
}

/** The level both harnesses log at: everything. */
export const CAPTURE_LEVEL = 'trace';

// Console output counts as a log line too (a library printing an error with its request, say).
const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
const PATCHED = Symbol('cspr.logSink');

/**
 * Routes console output into the sink. Called again at the start of every test file (by
 * log-sink.setup.ts): where files share a worker (isolate: false), the console a file sees may be
 * a new object; a method already routed is left alone.
 */
export function captureConsole(): void {
  for (const m of CONSOLE_METHODS) {
    const current = console[m] as ((...args: unknown[]) => void) & { [PATCHED]?: true };
    if (current[PATCHED]) continue;
    const original = current.bind(console);
    const routed = Object.assign(
      (...args: unknown[]) => {
        capture(
          args.map((a) => (typeof a === 'string' ? a : safeStringify(a))).join(' '),
          'console',
        );
        original(...args);
      },
      { [PATCHED]: true as const },
    );
    console[m] = routed;
  }
}
captureConsole();

function safeStringify(v: unknown): string {
  if (v instanceof Error) return `${v.name}: ${v.message}\n${v.stack ?? ''}`;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/**
 * The end of a test file (registered for every end-to-end file by log-sink.setup.ts, so also where
 * files share a worker and this module is imported once): the file's lines go to the run's folder
 * for the global scan, the sink is emptied for the next file, and a sensitive string found in them
 * fails the file.
 */
export function endOfFile(): void {
  const taken = lines.splice(0);
  const dir = safeInject();
  if (dir && taken.length) {
    const file = join(dir, `${process.pid}-${Math.random().toString(36).slice(2)}.jsonl`);
    const records = [
      JSON.stringify({ sensitive: sensitiveStrings() }),
      ...taken.map((l) => JSON.stringify(l)),
    ];
    appendFileSync(file, `${records.join('\n')}\n`);
  }
  const leaks = findLeaks(sensitiveSet, taken);
  if (leaks.length)
    throw new Error(`Sensitive test data reached the logs:\n${describeLeaks(leaks)}`);
}

function safeInject(): string | undefined {
  try {
    return inject('logSinkDir');
  } catch {
    return undefined;
  }
}

/**
 * vitest globalSetup: gives every test file a folder for its captured log lines (log-sink.ts), and
 * at the end of the run scans the lines of every end-to-end suite against the union of every
 * suite's sensitive strings. A leak is printed with the string and the line's `msg` and fails the
 * run (exit code 1: vitest reports, but does not fail on, an error thrown by a teardown).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { describeLeaks, findLeaks, type CapturedLine } from './log-sink-scan.js';

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'cspr-logs-'));
  project.provide('logSinkDir', dir);
  return () => {
    const strings = new Set<string>();
    const lines: CapturedLine[] = [];
    let files = 0;
    for (const name of readdirSync(dir)) {
      files++;
      for (const record of readFileSync(join(dir, name), 'utf8').split('\n')) {
        if (!record) continue;
        const r = JSON.parse(record) as { sensitive?: string[] } & Partial<CapturedLine>;
        if (r.sensitive) r.sensitive.forEach((s) => strings.add(s));
        else if (typeof r.line === 'string')
          lines.push({ source: r.source ?? 'pino', line: r.line });
      }
    }
    rmSync(dir, { recursive: true, force: true });
    if (files === 0) return;
    const leaks = findLeaks(strings, lines);
    if (leaks.length) {
      process.stderr.write(
        `\nlog scan: sensitive test data reached the logs:\n${describeLeaks(leaks)}\n`,
      );
      process.exitCode = 1;
    } else {
      process.stdout.write(
        `\nlog scan: ${lines.length} log lines from ${files} end-to-end suites, ${strings.size} sensitive strings: none found\n`,
      );
    }
  };
}

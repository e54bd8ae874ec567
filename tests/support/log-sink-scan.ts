/** Scanning captured log lines for sensitive strings (shared by log-sink.ts and log-scan.global.ts). */

export interface CapturedLine {
  source: 'pino' | 'console';
  line: string;
}

export interface Leak {
  string: string;
  msg: string;
  source: CapturedLine['source'];
}

/** The `msg` of a log line (pino JSON), or its first 80 characters when it is not JSON. */
export function msgOf(line: string): string {
  try {
    const o = JSON.parse(line) as { msg?: unknown };
    return typeof o.msg === 'string' ? o.msg : '(no msg)';
  } catch {
    return line.slice(0, 80);
  }
}

/** Every (string, msg) pair where a sensitive string appears in a captured line (as typed or JSON-escaped, in any case). */
export function findLeaks(strings: Iterable<string>, captured: readonly CapturedLine[]): Leak[] {
  const needles: [string, string][] = [];
  for (const s of strings) {
    needles.push([s, s.toLowerCase()]);
    const escaped = JSON.stringify(s).slice(1, -1);
    if (escaped !== s) needles.push([s, escaped.toLowerCase()]);
  }
  const found = new Map<string, Leak>();
  for (const { line, source } of captured) {
    const lower = line.toLowerCase();
    for (const [s, needle] of needles)
      if (lower.includes(needle)) {
        const leak: Leak = { string: s, msg: msgOf(line), source };
        found.set(`${leak.string}\u0000${leak.msg}`, leak);
      }
  }
  return [...found.values()];
}

/** One line per leak: the string and the `msg` of the line it was in (never the whole line). */
export function describeLeaks(leaks: Leak[]): string {
  return leaks.map((l) => `"${l.string}" in a ${l.source} log line (msg: "${l.msg}")`).join('\n');
}

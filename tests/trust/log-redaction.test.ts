/**
 * What reaches a log line: redaction of personal and secret fields (top level and one object down),
 * errors reduced to what may be logged (no quoted request text), bolt's own lines without the error
 * they quote, and the shared sink's scan (it names the string and the line's msg, in any case).
 */
import { describe, expect, it } from 'vitest';
import { safeError } from '../../src/logger.js';
import { boltLogLine } from '../../src/bots/slack/app.js';
import { createLogger } from '../../src/logger.js';
import { describeLeaks, findLeaks } from '../support/log-sink-scan.js';

function logged(write: (log: ReturnType<typeof createLogger>) => void): string {
  const lines: string[] = [];
  const log = createLogger({
    level: 'trace',
    destination: { write: (s: string) => void lines.push(s) },
  });
  write(log);
  return lines.join('');
}

describe('log lines', () => {
  it('redact personal fields and secrets at the top level and one object down, at every level', () => {
    const text = logged((log) => {
      log.trace(
        {
          summary: 'Child A summary',
          rationale: 'a rationale',
          children: [{ pseudonym: 'Child A' }],
        },
        'top',
      );
      log.debug(
        {
          vote: { rationale: 'why' },
          notification: { summary: 'Sibling B' },
          facts: { learning: 'x' },
        },
        'nested',
      );
      log.info(
        {
          token: 'xoxb-1',
          signingSecret: 's',
          headers: { authorization: 'Bearer t' },
          cfg: { appPassword: 'p', botToken: 'xoxb-2' },
        },
        'secrets',
      );
      log.fatal(
        { item: { evidence: 'Missed visits', keyEpisodes: 'k', immediateActionDetail: 'd' } },
        'deep',
      );
    });
    for (const s of [
      'Child A',
      'Sibling B',
      'a rationale',
      'why',
      'xoxb-1',
      'xoxb-2',
      'Bearer t',
      'Missed visits',
      '"p"',
      '"s"',
    ])
      expect(text).not.toContain(s);
    expect(text.match(/\[redacted\]/g)?.length).toBeGreaterThanOrEqual(14);
  });

  it('keep an error to its class, code and message, without what the message quotes', () => {
    let parse: unknown;
    try {
      JSON.parse('Child A was found at home');
    } catch (err) {
      parse = err;
    }
    expect(JSON.stringify(safeError(parse))).not.toContain('Child A');
    expect(
      safeError(new Error('activity.recipient.id with value "Sibling B" must be of type string')),
    ).toEqual({
      type: 'Error',
      message: 'activity.recipient.id with value "…" must be of type string',
    });
    expect(safeError('a string thrown')).toEqual({ type: 'string', message: 'non-error thrown' });
  });

  it('keep bolt’s own words, not the request body its parse error quotes', () => {
    const line = boltLogLine([
      'Parsing request body failed (error: SyntaxError: Unexpected token \'C\', "Child A wa"... is not valid JSON)',
    ]);
    expect(line).toBe('Parsing request body failed');
    expect(boltLogLine([new SyntaxError('Unexpected token "Child A"')])).toBe('SyntaxError');
    expect(boltLogLine(['An incoming event was not acknowledged within 3 seconds.'])).toBe(
      'An incoming event was not acknowledged within 3 seconds.',
    );
  });

  it('are scanned for sensitive strings as typed or JSON-escaped, in any case, naming the msg', () => {
    const leaks = findLeaks(
      ['Child A', 'Children’s “x”'],
      [
        { source: 'pino', line: JSON.stringify({ msg: 'one', v: 'child a' }) },
        { source: 'pino', line: JSON.stringify({ msg: 'two', v: 'Children’s “x”' }) },
        { source: 'console', line: 'plain Child A' },
        { source: 'pino', line: JSON.stringify({ msg: 'clean' }) },
      ],
    );
    expect(describeLeaks(leaks).split('\n')).toEqual([
      '"Child A" in a pino log line (msg: "one")',
      '"Children’s “x”" in a pino log line (msg: "two")',
      '"Child A" in a console log line (msg: "plain Child A")',
    ]);
  });
});

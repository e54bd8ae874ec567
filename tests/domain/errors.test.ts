/**
 * A refusal is an answer, not a fault: it carries its code, message and details but no stack
 * trace, and making one leaves every other error's stack trace as it was.
 */
import { describe, expect, it } from 'vitest';
import { DomainError, isDomainError } from '../../src/domain/errors.js';

describe('DomainError', () => {
  it('carries code, message and details, without a stack trace', () => {
    const e = new DomainError('case.wrong_state', 'NORTH-2026-001 is closed.', { state: 'closed' });
    expect(e).toBeInstanceOf(Error);
    expect(isDomainError(e)).toBe(true);
    expect([e.name, e.code, e.message, e.details]).toEqual([
      'DomainError',
      'case.wrong_state',
      'NORTH-2026-001 is closed.',
      { state: 'closed' },
    ]);
    expect(e.stack).toBe('DomainError: NORTH-2026-001 is closed.');
  });

  it('leaves the stack traces of other errors as they were', () => {
    const limit = Error.stackTraceLimit;
    void new DomainError('case.not_found', 'No such case.');
    expect(Error.stackTraceLimit).toBe(limit);
    expect(new Error('a fault').stack).toMatch(/\n\s+at /);
  });
});

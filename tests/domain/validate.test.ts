/** The invariants the forms and the lifecycle share: pseudonyms, ages, dates, texts, children. */
import { describe, expect, it } from 'vitest';
import type { Child } from '../../src/domain/case.js';
import { DomainError } from '../../src/domain/errors.js';
import {
  AGE_RULE,
  ageProblem,
  check,
  checkChildren,
  dateProblem,
  LIMITS,
  MAX_CHILDREN,
  PSEUDONYM,
  pseudonymProblem,
  textProblem,
} from '../../src/domain/validate.js';

/** The code, message and details of what `f` throws. */
function thrown(f: () => void): { code: string; message: string; details: unknown } {
  try {
    f();
  } catch (err) {
    if (err instanceof DomainError)
      return { code: err.code, message: err.message, details: err.details };
    throw err;
  }
  throw new Error('nothing thrown');
}

describe('pseudonyms', () => {
  it('take a word of the list, a space and up to 3 capitals or digits', () => {
    for (const ok of [
      'Child A',
      'Baby B',
      'Sibling 2',
      'Young person C',
      'YP D',
      'Child ABC',
      'Child 123',
      ' Child A ',
    ])
      expect(pseudonymProblem(ok), ok).toBeUndefined();
    for (const bad of [
      'Child',
      'Child a',
      'Child ABCD',
      'Jane Smith',
      'The Child A',
      'Child A B',
      'ChildA',
      'Kid A',
    ])
      expect(pseudonymProblem(bad), bad).toBe(
        'Use a pseudonym such as “Child A” or “Baby B” (word, space, up to 3 capital letters or digits) — never the child’s name.',
      );
    expect(PSEUDONYM.test('xChild A')).toBe(false);
    expect(PSEUDONYM.test('Child Ax')).toBe(false);
  });

  it('are required', () => {
    expect(pseudonymProblem('')).toBe('Give a pseudonym such as “Child A”.');
    expect(pseudonymProblem('   ')).toBe('Give a pseudonym such as “Child A”.');
  });
});

describe('ages', () => {
  it('run from 0 to 17, or to 24 for a care leaver, in whole years', () => {
    expect(AGE_RULE).toBe(
      'Age must be a whole number from 0 to 17, or up to 24 for a care leaver.',
    );
    expect(ageProblem(0, 'none')).toBeUndefined();
    expect(ageProblem(17, 'none')).toBeUndefined();
    expect(ageProblem(17, 'looked-after')).toBeUndefined();
    expect(ageProblem(18, 'none')).toBe(AGE_RULE);
    expect(ageProblem(18, 'looked-after')).toBe(AGE_RULE);
    expect(ageProblem(24, 'care-leaver')).toBeUndefined();
    expect(ageProblem(25, 'care-leaver')).toBe(AGE_RULE);
    expect(ageProblem(-1, 'none')).toBe(AGE_RULE);
    expect(ageProblem(4.5, 'none')).toBe(AGE_RULE);
  });
});

describe('dates', () => {
  it('are real YYYY-MM-DD dates, today at the latest', () => {
    expect(dateProblem('2026-12-23', '2026-12-23', 'Date')).toBeUndefined();
    expect(dateProblem('2026-12-22', '2026-12-23', 'Date')).toBeUndefined();
    expect(dateProblem('2026-12-24', '2026-12-23', 'Date of incident')).toBe(
      'Date of incident cannot be in the future.',
    );
    expect(dateProblem('2026-02-30', '2026-12-23', 'Date of incident')).toBe(
      'Date of incident must be a real date as YYYY-MM-DD.',
    );
  });
});

describe('texts', () => {
  it('are required unless said otherwise, and at most their limit', () => {
    expect(LIMITS).toEqual({ short: 200, summary: 1500, text: 3000, evidence: 1000, list: 20 });
    expect(textProblem(undefined, 'Summary', 10)).toBe('Summary is required.');
    expect(textProblem('  ', 'Summary', 10)).toBe('Summary is required.');
    expect(textProblem(undefined, 'Note', 10, false)).toBeUndefined();
    expect(textProblem(' ', 'Note', 10, false)).toBeUndefined();
    expect(textProblem('x'.repeat(10), 'Summary', 10)).toBeUndefined();
    expect(textProblem('x'.repeat(11), 'Summary', 10)).toBe(
      'Summary must be at most 10 characters.',
    );
    expect(textProblem('x'.repeat(11), 'Note', 10, false)).toBe(
      'Note must be at most 10 characters.',
    );
  });

  it('a problem becomes a refusal naming the field: missing when required, else invalid', () => {
    expect(() => check(undefined, 'summary')).not.toThrow();
    expect(thrown(() => check('Summary is required.', 'summary'))).toEqual({
      code: 'field.missing',
      message: 'Summary is required.',
      details: { field: 'summary' },
    });
    expect(thrown(() => check('Summary must be at most 10 characters.', 'summary'))).toEqual({
      code: 'field.invalid',
      message: 'Summary must be at most 10 characters.',
      details: { field: 'summary' },
    });
  });
});

describe('the children of a notification or referral', () => {
  const child = (c: Partial<Child> = {}): Child => ({ pseudonym: 'Child A', age: 4, ...c });

  it('are one to four', () => {
    expect(MAX_CHILDREN).toBe(4);
    expect(thrown(() => checkChildren([]))).toEqual({
      code: 'field.missing',
      message: 'At least one child (by pseudonym) is required.',
      details: { field: 'children' },
    });
    const four = ['A', 'B', 'C', 'D'].map((l) => child({ pseudonym: `Child ${l}` }));
    expect(() => checkChildren(four)).not.toThrow();
    expect(thrown(() => checkChildren([...four, child({ pseudonym: 'Child E' })]))).toEqual({
      code: 'field.invalid',
      message: 'One notification covers at most 4 children.',
      details: { field: 'children' },
    });
  });

  it('each have a known status, their own or the notification’s', () => {
    expect(thrown(() => checkChildren([child({ status: 'adopted' as never })]))).toEqual({
      code: 'field.invalid',
      message: 'Choose looked-after child, care leaver or neither.',
      details: { field: 'children.0' },
    });
    expect(thrown(() => checkChildren([child()], 'fostered' as never)).details).toEqual({
      field: 'children.0',
    });
    // A care leaver of 21: fine by the notification's status, refused as a child with none.
    expect(() => checkChildren([child({ age: 21 })], 'care-leaver')).not.toThrow();
    expect(thrown(() => checkChildren([child({ age: 21 })])).message).toBe(AGE_RULE);
    expect(
      thrown(() => checkChildren([child({ age: 21, status: 'none' })], 'care-leaver')).message,
    ).toBe(AGE_RULE);
  });

  it('say yes or no to being a child perpetrator, if at all', () => {
    expect(() =>
      checkChildren([
        child({ perpetrator: true }),
        child({ pseudonym: 'Child B', perpetrator: false }),
      ]),
    ).not.toThrow();
    expect(
      thrown(() =>
        checkChildren([child(), child({ pseudonym: 'Child B', perpetrator: 'yes' as never })]),
      ),
    ).toEqual({
      code: 'field.invalid',
      message: 'Say whether the child is a child perpetrator.',
      details: { field: 'children.1' },
    });
  });

  it('are named by pseudonym, each a different one (spaces around it do not make another)', () => {
    expect(thrown(() => checkChildren([child(), child({ pseudonym: 'Jane' })])).details).toEqual({
      field: 'children.1',
    });
    expect(thrown(() => checkChildren([child(), child({ pseudonym: 'Child A ' })]))).toEqual({
      code: 'field.invalid',
      message: 'Each child needs a different pseudonym.',
      details: { field: 'children.1' },
    });
    expect(
      thrown(() => checkChildren([child(), child({ pseudonym: 'Child B', age: 30 })])),
    ).toEqual({ code: 'field.invalid', message: AGE_RULE, details: { field: 'children.1' } });
  });
});

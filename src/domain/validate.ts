/**
 * Invariants of the data the core accepts, shared by the forms (which report them per field) and
 * the lifecycle (which refuses a command that breaks them). Each returns a message or undefined.
 */
import { parseIsoDate, type IsoDate } from './calendar.js';
import { CARE_LEAVER_MAX_AGE, CHILD_STATUSES, type ChildStatus } from './criteria.js';
import type { Child } from './case.js';
import { DomainError, invalid, missing } from './errors.js';

export const MAX_CHILDREN = 4;
export const LIMITS = { short: 200, summary: 1500, text: 3000, evidence: 1000, list: 20 } as const;

/** "Child A", "Baby B", "Sibling 2", "Young person C": pseudonyms, never names. */
export const PSEUDONYM = /^(Child|Baby|Sibling|Young person|YP) [A-Z0-9]{1,3}$/;

export function pseudonymProblem(value: string): string | undefined {
  if (!value.trim()) return 'Give a pseudonym such as “Child A”.';
  if (!PSEUDONYM.test(value.trim()))
    return 'Use a pseudonym such as “Child A” or “Baby B” (word, space, up to 3 capital letters or digits) — never the child’s name.';
  return undefined;
}

/** One wording for every age refusal, whichever the status, so the form and the core never disagree. */
export const AGE_RULE = `Age must be a whole number from 0 to 17, or up to ${CARE_LEAVER_MAX_AGE} for a care leaver.`;

export function ageProblem(age: number, status: ChildStatus): string | undefined {
  const max = status === 'care-leaver' ? CARE_LEAVER_MAX_AGE : 17;
  if (!Number.isInteger(age) || age < 0 || age > max) return AGE_RULE;
  return undefined;
}

export function dateProblem(value: string, today: IsoDate, label: string): string | undefined {
  if (!parseIsoDate(value)) return `${label} must be a real date as YYYY-MM-DD.`;
  if (value > today) return `${label} cannot be in the future.`;
  return undefined;
}

export function textProblem(
  value: string | undefined,
  label: string,
  max: number,
  required = true,
): string | undefined {
  if (value === undefined || !value.trim()) return required ? `${label} is required.` : undefined;
  if (value.length > max) return `${label} must be at most ${max} characters.`;
  return undefined;
}

/** Throws the first problem of a list of children as a DomainError (`status`: for children without their own). */
export function checkChildren(children: Child[], status: ChildStatus = 'none'): void {
  if (children.length === 0)
    throw missing('children', 'At least one child (by pseudonym) is required.');
  if (children.length > MAX_CHILDREN)
    throw invalid('children', `One notification covers at most ${MAX_CHILDREN} children.`);
  const seen = new Set<string>();
  children.forEach((c, i) => {
    const own = c.status ?? status;
    if (!CHILD_STATUSES.includes(own))
      throw invalid(`children.${i}`, 'Choose looked-after child, care leaver or neither.');
    if (c.perpetrator !== undefined && typeof c.perpetrator !== 'boolean')
      throw invalid(`children.${i}`, 'Say whether the child is a child perpetrator.');
    const p = pseudonymProblem(c.pseudonym) ?? ageProblem(c.age, own);
    if (p) throw invalid(`children.${i}`, p);
    const key = c.pseudonym.trim(); // "Child A" and "Child A " are the same child
    if (seen.has(key)) throw invalid(`children.${i}`, 'Each child needs a different pseudonym.');
    seen.add(key);
  });
}

export function check(problem: string | undefined, field: string): void {
  if (problem)
    throw new DomainError(
      problem.endsWith('is required.') ? 'field.missing' : 'field.invalid',
      problem,
      { field },
    );
}

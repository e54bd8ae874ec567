/**
 * Every refusal in the core has a stable code. Platforms turn a code into a sentence for the person
 * (see `messages.ts`); logs record the code, never the free text the person typed.
 */
export const ERROR_CODES = [
  'case.not_found',
  'case.wrong_state',
  'case.already_exists',
  'case.erased',
  'action.not_permitted',
  'vote.not_your_role',
  'vote.decision_recorded',
  'decision.not_recorded',
  /** A post-decision step needs an earlier one first (details.needs names it). */
  'step.out_of_order',
  /** The step does not belong to this case's kind of review (e.g. report steps of a learning review). */
  'step.not_applicable',
  'action.not_found',
  'field.missing',
  'field.invalid',
  'store.conflict',
  'store.unavailable',
  /** A sign-in link, session or Teams token that is unknown, used, expired or no longer allowed (the dashboard's 401). */
  'auth.refused',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Safe, non-personal details: field names, states, roles. Never free text or pseudonyms. */
    readonly details: Record<string, string | number | boolean | string[]> = {},
  ) {
    super(message);
  }
}

export function isDomainError(err: unknown): err is DomainError {
  return err instanceof DomainError;
}

export const missing = (field: string, what = `${field} is required`) =>
  new DomainError('field.missing', what, { field });
export const invalid = (field: string, what: string) =>
  new DomainError('field.invalid', what, { field });

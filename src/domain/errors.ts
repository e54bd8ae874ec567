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

/**
 * A refusal: an answer, not a fault. It carries no stack trace (`stack` is just the name and
 * message): refusals are made by the dozen on ordinary reads (`availableSteps` asks each step's
 * rule, and capturing a stack cost more than the rest of a `status` answer), and they are logged
 * by code, never by where they were made.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  readonly code: ErrorCode;
  /** Safe, non-personal details: field names, states, roles. Never free text or pseudonyms. */
  readonly details: Record<string, string | number | boolean | string[]>;

  constructor(
    code: ErrorCode,
    message: string,
    details: Record<string, string | number | boolean | string[]> = {},
  ) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0; // Error's constructor cannot throw: the limit is always restored
    super(message);
    Error.stackTraceLimit = limit;
    this.code = code;
    this.details = details;
  }
}

export function isDomainError(err: unknown): err is DomainError {
  return err instanceof DomainError;
}

export const missing = (field: string, what = `${field} is required`) =>
  new DomainError('field.missing', what, { field });
export const invalid = (field: string, what: string) =>
  new DomainError('field.invalid', what, { field });

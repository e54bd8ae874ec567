/** Turns a refusal or a fault into a sentence for the person. Never echoes what they typed. */
import { isDomainError } from '../domain/errors.js';

export const NOT_FOUND = 'I can’t find that case, or you don’t have access to it.';
export const NO_ROLE =
  'You don’t have a role in a safeguarding partnership this bot serves, so I can’t show or change any case. Ask your partnership’s business manager to add you.';
/** The store did not answer (a read or a write): nothing of the person's request was recorded. */
export const STORE_DOWN =
  'The case store did not answer, so this was not saved. Please try again in a moment.';
export const FAULT = 'Something went wrong and nothing was saved. Please try again in a moment.';

export function userMessage(err: unknown): string {
  if (!isDomainError(err)) return FAULT;
  switch (err.code) {
    case 'case.not_found':
      return NOT_FOUND;
    case 'store.conflict':
      return 'Others changed this case at the same moment, or the store was busy. Nothing was lost: please try again.';
    case 'store.unavailable':
      return STORE_DOWN;
    default:
      return err.message;
  }
}

/** The forms and the mapping from a core refusal to the form field it concerns. */
import type { DomainError } from '../../domain/errors.js';
import { childFieldIds } from './notification-form.js';
import type { FieldErrors } from './types.js';

export * from './types.js';
export { criteriaForm, parseCriteria, type EarlierCase } from './criteria-form.js';
export { stepForm, parseStep, stepDefaults, type StepFormContext } from './step-form.js';
export { actionForm, actionValues, parseAction } from './action-form.js';
export { factsForm, factsValues, parseFacts, AGENCIES, THEMES } from './facts-form.js';
export {
  notificationForm,
  parseNotification,
  CHILD_STATUS_OPTIONS,
  type NotificationInput,
} from './notification-form.js';
export { voteForm, parseVote, type VoteInput } from './vote-form.js';
export { notifiedForm, parseNotified, type NotifiedInput } from './notified-form.js';
export { namesCheck, possibleNames, NAMES_CONFIRMED } from './names.js';

/** A field-level refusal from the core, as form field errors (or undefined when it is not about a field). */
export function fieldErrorsOf(err: DomainError, fallbackField: string): FieldErrors | undefined {
  if (err.code !== 'field.missing' && err.code !== 'field.invalid') return undefined;
  const field = typeof err.details.field === 'string' ? err.details.field : fallbackField;
  const child = /^children\.(\d)$/.exec(field);
  const id = child
    ? childFieldIds(Number(child[1]) + 1).pseudonym
    : field === 'children'
      ? childFieldIds(1).pseudonym
      : field;
  return { [id]: err.message };
}
export { caseChoiceForm, parseCaseChoice, MAX_CASE_CHOICES } from './case-choice-form.js';

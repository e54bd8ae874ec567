/**
 * The states in which each form on a case is open: the one list per form, used by the lifecycle's
 * refusals (`decide`), what is pending (status.ts) and the buttons the case card offers
 * (app/case-view.ts), so a button is shown exactly where the core would take its command.
 */
import type { Case, CaseState } from './case.js';

/** The rapid review: the facts and the criteria may be recorded (and changed) until the partners decide. */
export const RAPID_REVIEW_STATES: readonly CaseState[] = [
  'notified',
  'rapid-review',
  'deciding',
  'escalated',
];
/** Voting opens once the rapid review has begun (facts or criteria recorded) and ends with the decision. */
export const VOTING_STATES: readonly CaseState[] = ['rapid-review', 'deciding', 'escalated'];
/** Where a notification date may be recorded (once the rapid review is sent, they are behind the case). */
export const NOTIFICATION_STATES: readonly CaseState[] = [
  'notified',
  'rapid-review',
  'deciding',
  'escalated',
  'decided',
];

/** The same words wherever someone looks for the Vote button before the rapid review has begun. */
export const VOTING_OPENS = 'Voting opens once the rapid-review facts or criteria are recorded.';

/** The forms on a case: the three rapid-review forms and the notification dates. */
export type CaseFormKind = 'facts' | 'criteria' | 'vote' | 'notified';

/** Form → the states in which the core takes its command. */
export const FORM_STATES: Readonly<Record<CaseFormKind, readonly CaseState[]>> = {
  facts: RAPID_REVIEW_STATES,
  criteria: RAPID_REVIEW_STATES,
  vote: VOTING_STATES,
  notified: NOTIFICATION_STATES,
};

/**
 * Is the form open on this case now, by its state? A vote also needs no decision recorded (the
 * decision closes voting, `vote.decision_recorded`). Whether the notification form has anything
 * left to record is `openNotificationDuties` (status.ts).
 */
export function formOpen(c: Pick<Case, 'state' | 'decision'>, form: CaseFormKind): boolean {
  if (form === 'vote' && c.decision) return false;
  return FORM_STATES[form].includes(c.state);
}

/**
 * The forms on a case (the three rapid-review forms and the notification dates), once for both platforms: which form, how a submission is
 * validated (the forms' one parser), which core command it becomes, and which permission of the
 * role × action table it needs. Slack and Teams only draw the form and say the result.
 */
import type { IsoDate } from '../domain/calendar.js';
import type { Case, CriteriaAssessment, Facts } from '../domain/case.js';
import { STATE_LABELS } from '../domain/case.js';
import {
  formOpen,
  NOTIFICATION_STATES,
  VOTING_OPENS,
  type CaseFormKind,
} from '../domain/form-states.js';
import type { Command } from '../domain/lifecycle.js';
import { isPartner, type Action, type Actor, type Partner } from '../domain/roles.js';
import { openNotificationDuties } from '../domain/status.js';
import {
  criteriaForm,
  factsForm,
  namesCheck,
  notifiedForm,
  parseCriteria,
  parseFacts,
  parseNotified,
  parseVote,
  voteForm,
  type FormDef,
  type NotifiedInput,
  type ParseResult,
  type RawValues,
  type VoteInput,
} from '../cards/forms/index.js';

/** The forms on a case, as the core names them (it also says in which states each is open). */
export type { CaseFormKind };

/**
 * What the case action step (case-action.ts) asks of a form before anyone may open or submit it:
 * the permission it needs, whether the case has it open now (the core's form states), and the one
 * sentence saying why not.
 */
export interface CaseFormGate {
  kind: CaseFormKind;
  permission: Action;
  /** Is the form open on this case now (domain/form-states.ts; the notification form: while a duty is open)? */
  open(c: Case): boolean;
  /** Why it is not, in one sentence (names the case by reference only). */
  closed(c: Case): string;
}

export interface CaseFormSpec<T> extends CaseFormGate {
  /** The form this person fills in (the vote form depends on the partners they hold, the notification form on the case's duties). */
  form(actor: Actor, c: Case): FormDef;
  /** `today`: in the partnership's zone. */
  parse(raw: RawValues, actor: Actor, c: Case, today: IsoDate): ParseResult<T>;
  command(value: T): Command;
  /** Where a core refusal that names no field is shown. */
  fallbackField: string;
}

/** The partner roles this person votes for. */
export function partnersOf(actor: Actor): Partner[] {
  return actor.roles.filter(isPartner);
}

/** A value with the fields whose names warning the person overrode (for the timeline). */
export type Checked<T> = T & { namesConfirmed?: string[] };

/** The form's own parse, then the names warning over its free text (the same for every form). */
function checked<T>(
  form: FormDef,
  raw: RawValues,
  parsed: ParseResult<T>,
): ParseResult<Checked<T>> {
  const names = namesCheck(form, raw);
  if (!parsed.ok)
    return names.errors ? { ok: false, errors: { ...names.errors, ...parsed.errors } } : parsed;
  if (names.errors) return { ok: false, errors: names.errors };
  return {
    ok: true,
    value: names.confirmed
      ? { ...parsed.value, namesConfirmed: names.confirmed }
      : (parsed.value as Checked<T>),
  };
}

const stateWords = (c: Case) => STATE_LABELS[c.state].toLowerCase();

/** Why the facts or the criteria are closed: not yet notified (a referral), or the rapid review is over. */
const rapidReviewClosed = (what: string) => (c: Case) =>
  c.state === 'referred'
    ? `${c.ref} is a referral not yet notified: ${what} can be recorded once it is notified.`
    : `${c.ref} is past the rapid review (${stateWords(c)}): ${what} can no longer change.`;

const confirmedOf = (v: { namesConfirmed?: string[] | undefined }) =>
  v.namesConfirmed ? { namesConfirmed: v.namesConfirmed } : {};

export const FACTS_FORM: CaseFormSpec<Checked<Facts>> = {
  kind: 'facts',
  permission: 'record-facts',
  open: (c) => formOpen(c, 'facts'),
  closed: rapidReviewClosed('the facts'),
  form: () => factsForm(),
  parse: (raw) => checked(factsForm(), raw, parseFacts(raw)),
  command: ({ namesConfirmed, ...facts }) => ({
    type: 'record-facts',
    facts,
    ...confirmedOf({ namesConfirmed }),
  }),
  fallbackField: 'summary',
};

export const CRITERIA_FORM: CaseFormSpec<Checked<CriteriaAssessment>> = {
  kind: 'criteria',
  permission: 'assess-criteria',
  open: (c) => formOpen(c, 'criteria'),
  closed: rapidReviewClosed('the criteria'),
  form: () => criteriaForm(),
  parse: (raw) => checked(criteriaForm(), raw, parseCriteria(raw)),
  command: ({ namesConfirmed, ...criteria }) => ({
    type: 'assess-criteria',
    criteria: criteria as CriteriaAssessment,
    ...confirmedOf({ namesConfirmed }),
  }),
  fallbackField: 'improvements',
};

export const VOTE_FORM: CaseFormSpec<Checked<VoteInput>> = {
  kind: 'vote',
  permission: 'vote',
  open: (c) => formOpen(c, 'vote'),
  closed: (c) =>
    c.decision
      ? `The decision on ${c.ref} is recorded: votes can no longer change.`
      : c.state === 'notified' || c.state === 'referred'
        ? `${c.ref} is ${stateWords(c)}: ${VOTING_OPENS.charAt(0).toLowerCase()}${VOTING_OPENS.slice(1)}`
        : `${c.ref} is ${stateWords(c)}: voting is closed.`,
  form: (actor) => voteForm(partnersOf(actor)),
  parse: (raw, actor) =>
    checked(voteForm(partnersOf(actor)), raw, parseVote(raw, partnersOf(actor))),
  command: (v) => ({
    type: 'cast-vote',
    partner: v.partner,
    outcome: v.outcome,
    rationale: v.rationale,
    criteria: v.criteria,
    ...confirmedOf(v),
  }),
  fallbackField: 'rationale',
};

/** When the Panel, the partners and the Secretary of State and Ofsted were told: the dates the case's duties call for. */
export const NOTIFIED_FORM: CaseFormSpec<NotifiedInput> = {
  kind: 'notified',
  permission: 'record-notification',
  // While a notification duty is open (status.ts), which is only ever in the form's states.
  open: (c) => openNotificationDuties(c).length > 0,
  closed: (c) =>
    NOTIFICATION_STATES.includes(c.state)
      ? `Every notification duty of ${c.ref} is recorded: there is nothing left to record.`
      : `${c.ref} is ${stateWords(c)}: its notification dates can no longer be recorded.`,
  form: (_actor, c) => notifiedForm(c),
  parse: (raw, _actor, c, today) => parseNotified(raw, c, { today }),
  command: (v) => ({ type: 'record-notification', ...v }),
  fallbackField: 'panelNotifiedOn',
};

/** Every form on a case by its kind: its permission, open states and parser in one place. */
export const CASE_FORMS = {
  facts: FACTS_FORM,
  criteria: CRITERIA_FORM,
  vote: VOTE_FORM,
  notified: NOTIFIED_FORM,
} as const satisfies Record<CaseFormKind, CaseFormGate>;

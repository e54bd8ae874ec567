/**
 * The forms on a case (the three rapid-review forms and the notification dates), once for both platforms: which form, how a submission is
 * validated (the forms' one parser), which core command it becomes, and which permission of the
 * role × action table it needs. Slack and Teams only draw the form and say the result.
 */
import type { IsoDate } from '../domain/calendar.js';
import type { Case, CriteriaAssessment, Facts } from '../domain/case.js';
import type { CaseFormKind } from '../domain/form-states.js';
import type { Command } from '../domain/lifecycle.js';
import { isPartner, type Action, type Actor, type Partner } from '../domain/roles.js';
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

export interface CaseFormSpec<T> {
  kind: CaseFormKind;
  permission: Action;
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
function checked<T>(form: FormDef, raw: RawValues, parsed: ParseResult<T>): ParseResult<Checked<T>> {
  const names = namesCheck(form, raw);
  if (!parsed.ok) return names.errors ? { ok: false, errors: { ...names.errors, ...parsed.errors } } : parsed;
  if (names.errors) return { ok: false, errors: names.errors };
  return { ok: true, value: names.confirmed ? { ...parsed.value, namesConfirmed: names.confirmed } : (parsed.value as Checked<T>) };
}

const confirmedOf = (v: { namesConfirmed?: string[] | undefined }) => (v.namesConfirmed ? { namesConfirmed: v.namesConfirmed } : {});

export const FACTS_FORM: CaseFormSpec<Checked<Facts>> = {
  kind: 'facts',
  permission: 'record-facts',
  form: () => factsForm(),
  parse: (raw) => checked(factsForm(), raw, parseFacts(raw)),
  command: ({ namesConfirmed, ...facts }) => ({ type: 'record-facts', facts, ...confirmedOf({ namesConfirmed }) }),
  fallbackField: 'summary',
};

export const CRITERIA_FORM: CaseFormSpec<Checked<CriteriaAssessment>> = {
  kind: 'criteria',
  permission: 'assess-criteria',
  form: () => criteriaForm(),
  parse: (raw) => checked(criteriaForm(), raw, parseCriteria(raw)),
  command: ({ namesConfirmed, ...criteria }) => ({ type: 'assess-criteria', criteria: criteria as CriteriaAssessment, ...confirmedOf({ namesConfirmed }) }),
  fallbackField: 'improvements',
};

export const VOTE_FORM: CaseFormSpec<Checked<VoteInput>> = {
  kind: 'vote',
  permission: 'vote',
  form: (actor) => voteForm(partnersOf(actor)),
  parse: (raw, actor) => checked(voteForm(partnersOf(actor)), raw, parseVote(raw, partnersOf(actor))),
  command: (v) => ({ type: 'cast-vote', partner: v.partner, outcome: v.outcome, rationale: v.rationale, criteria: v.criteria, ...confirmedOf(v) }),
  fallbackField: 'rationale',
};

/** When the Panel, the partners and the Secretary of State and Ofsted were told: the dates the case's duties call for. */
export const NOTIFIED_FORM: CaseFormSpec<NotifiedInput> = {
  kind: 'notified',
  permission: 'record-notification',
  form: (_actor, c) => notifiedForm(c),
  parse: (raw, _actor, c, today) => parseNotified(raw, c, { today }),
  command: (v) => ({ type: 'record-notification', ...v }),
  fallbackField: 'panelNotifiedOn',
};

/** Form kind → the permission it needs. */
export const FORM_ACTION = { facts: 'record-facts', criteria: 'assess-criteria', vote: 'vote', notified: 'record-notification' } as const satisfies Record<CaseFormKind, Action>;

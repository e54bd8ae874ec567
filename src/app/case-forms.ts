/**
 * The three rapid-review forms on a case, once for both platforms: which form, how a submission is
 * validated (the forms' one parser), which core command it becomes, and which permission of the
 * role × action table it needs. Slack and Teams only draw the form and say the result.
 */
import type { CriteriaAssessment, Facts } from '../domain/case.js';
import type { Command } from '../domain/lifecycle.js';
import { isPartner, type Action, type Actor, type Partner } from '../domain/roles.js';
import { criteriaForm, factsForm, parseCriteria, parseFacts, parseVote, voteForm, type FormDef, type ParseResult, type RawValues, type VoteInput } from '../cards/forms/index.js';

export type CaseFormKind = 'facts' | 'criteria' | 'vote';

export interface CaseFormSpec<T> {
  kind: CaseFormKind;
  permission: Action;
  /** The form this person fills in (the vote form depends on the partners they hold). */
  form(actor: Actor): FormDef;
  parse(raw: RawValues, actor: Actor): ParseResult<T>;
  command(value: T): Command;
  /** Where a core refusal that names no field is shown. */
  fallbackField: string;
}

/** The partner roles this person votes for. */
export function partnersOf(actor: Actor): Partner[] {
  return actor.roles.filter(isPartner);
}

export const FACTS_FORM: CaseFormSpec<Facts> = {
  kind: 'facts',
  permission: 'record-facts',
  form: () => factsForm(),
  parse: (raw) => parseFacts(raw),
  command: (facts) => ({ type: 'record-facts', facts }),
  fallbackField: 'summary',
};

export const CRITERIA_FORM: CaseFormSpec<CriteriaAssessment> = {
  kind: 'criteria',
  permission: 'assess-criteria',
  form: () => criteriaForm(),
  parse: (raw) => parseCriteria(raw),
  command: (criteria) => ({ type: 'assess-criteria', criteria }),
  fallbackField: 'improvements',
};

export const VOTE_FORM: CaseFormSpec<VoteInput> = {
  kind: 'vote',
  permission: 'vote',
  form: (actor) => voteForm(partnersOf(actor)),
  parse: (raw, actor) => parseVote(raw, partnersOf(actor)),
  command: (v) => ({ type: 'cast-vote', partner: v.partner, outcome: v.outcome, rationale: v.rationale, criteria: v.criteria }),
  fallbackField: 'rationale',
};

/** Form kind → the permission it needs. */
export const FORM_ACTION = { facts: 'record-facts', criteria: 'assess-criteria', vote: 'vote' } as const satisfies Record<CaseFormKind, Action>;

/**
 * The forms on a case (the three rapid-review forms and the notification dates), once for both platforms: which form, how a submission is
 * validated (the forms' one parser), which core command it becomes, and which permission of the
 * role × action table it needs. Slack and Teams only draw the form and say the result.
 */
import type { IsoDate } from '../domain/calendar.js';
import type { Case, CriteriaAssessment, Facts } from '../domain/case.js';
import type { Command } from '../domain/lifecycle.js';
import { isPartner, type Action, type Actor, type Partner } from '../domain/roles.js';
import {
  criteriaForm,
  factsForm,
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

export type CaseFormKind = 'facts' | 'criteria' | 'vote' | 'notified';

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

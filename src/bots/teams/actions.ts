/**
 * Card actions (Action.Execute verbs, and their Action.Submit fallback): each one parses the
 * submission with the form's own parse function, runs a CaseService use case, and renders a card
 * for the person. Rules live in the core; here a refusal only becomes a sentence or a field error.
 */
import { CRITERIA_FORM, FACTS_FORM, NOTIFIED_FORM, VOTE_FORM, type CaseFormSpec } from '../../app/case-forms.js';
import type { NotifiedInput } from '../../cards/forms/index.js';
import type { CriteriaAssessment, Facts } from '../../domain/case.js';
import { dateIn } from '../../domain/calendar.js';
import type { Case } from '../../domain/case.js';
import { DomainError, isDomainError } from '../../domain/errors.js';
import { can, permittedActors, VOTE_REFUSAL, type Action, type Actor } from '../../domain/roles.js';
import { caseView, VOTING_OPENS } from '../../app/case-view.js';
import { dueSentence } from '../../app/due-words.js';
import { caseDeadlines } from '../../domain/status.js';
import { NO_ROLE, NOT_FOUND, userMessage } from '../../app/messages.js';
import { criteriaForm, fieldErrorsOf, notificationForm, parseNotification, type FormDef } from '../../cards/forms/index.js';
import { formCard, inputValues, messageCard, noticeCard, rawValuesOf, type ActionData, type AdaptiveCard, type CardVerb } from '../../cards/teams/index.js';
import type { CaseChannels, ChannelOutcome } from './case-channel.js';
import { requestKeyOf, type TeamsRuntime, type Turn } from './runtime.js';
import { criteriaValues, factsValues, partnersOf, personalCaseCard } from './views.js';
import { postDecisionRoutes } from './post-decision.js';
import { earlierCasesWithThemes } from '../../app/post-decision-view.js';

export interface ActionContext {
  rt: TeamsRuntime;
  channels: CaseChannels;
  turn: Turn;
  action: ActionData;
  /** The submitted data: our `cspr` control data and the card's inputs. */
  data: Record<string, unknown>;
}

export type ActionHandler = (a: ActionContext) => Promise<AdaptiveCard>;

export const STALE = 'This card is out of date. Ask me again (for example `notify` or `status`) for a fresh one.';

/** The notifier's partnerships, when they may notify for several. */
function notifiers(turn: Turn): Actor[] {
  return turn.actors.filter((a) => can(a, 'notify', a.partnershipId));
}

export function notificationFormFor(rt: TeamsRuntime, actors: Actor[]): FormDef {
  return notificationForm(actors.length > 1 ? { partnerships: actors.map((a) => ({ id: a.partnershipId, name: rt.partnerships.get(a.partnershipId)!.name })) } : {});
}

async function submitNotification({ rt, channels, turn, action, data }: ActionContext): Promise<AdaptiveCard> {
  const actors = notifiers(turn);
  if (actors.length === 0) return noticeCard('Notify a serious incident', turn.actors.length ? 'Only the local authority or the business manager can notify an incident.' : NO_ROLE);
  if (!action.requestId) return noticeCard('Notify a serious incident', STALE);
  const form = notificationFormFor(rt, actors);
  const raw = rawValuesOf(form, data);
  const first = rt.partnerships.get(actors[0]!.partnershipId)!;
  const parsed = parseNotification(raw, {
    today: dateIn(rt.service.clock.now(), first.timeZone),
    ...(actors.length > 1 ? { partnerships: actors.map((a) => ({ id: a.partnershipId, name: rt.partnerships.get(a.partnershipId)!.name })) } : {}),
  });
  const again = (errors: Record<string, string>, notice?: string) =>
    formCard(form, { verb: 'notify.submit', requestId: action.requestId!, values: inputValues(raw), errors, ...(notice ? { notice } : {}) });
  if (!parsed.ok) return again(parsed.errors);
  const actor = actors.find((a) => a.partnershipId === parsed.value.partnershipId) ?? actors[0]!;
  let c: Case;
  try {
    c = (await rt.service.notify(actor, parsed.value.notification, requestKeyOf(turn, action.requestId), undefined, parsed.value.namesConfirmed)).case;
  } catch (err) {
    if (!isDomainError(err)) throw err;
    const fields = fieldErrorsOf(err, 'summary');
    return fields ? again(fields) : again({}, userMessage(err));
  }
  return openChannel(rt, channels, turn, c);
}

/** The case's home: at once without Graph; through Graph after the answer, which says it is on its way. */
async function openChannel(rt: TeamsRuntime, channels: CaseChannels, turn: Turn, c: Case): Promise<AdaptiveCard> {
  if (!channels.throughGraph(c)) return notifiedCard(rt, c, await channels.ensure(turn, c.id));
  channels.later(turn, c.id, (latest, outcome) => notifiedCard(rt, latest, outcome));
  const kind = rt.partnerships.get(c.partnershipId)?.teams?.caseChannel === 'shared' ? 'shared' : 'private';
  return notifiedCard(rt, c, { status: 'pending', text: `${c.ref} is recorded; opening its ${kind} channel…` });
}

/** The confirmation that replaces the notification form: what is due, and where the case lives. */
export function notifiedCard(rt: TeamsRuntime, c: Case, outcome: ChannelOutcome): AdaptiveCard {
  const p = rt.partnerships.get(c.partnershipId)!;
  const today = dateIn(rt.service.clock.now(), p.timeZone);
  // Plain about a date already passed: "Notify the Panel: was due Mon 23 Nov 2026 — 6 working days overdue".
  const dues = caseDeadlines(c, p.timescales, p.timeZone).filter((d) => !d.doneOn);
  return messageCard({
    title: `Case ${c.ref} notified`,
    subtitle: p.name,
    notice: outcome.text,
    noticeStyle: outcome.status === 'failed' ? 'attention' : outcome.status === 'pending' ? 'accent' : 'good',
    lines: c.reasons,
    sections: dues.length ? [{ heading: 'Due', facts: dues.map((d) => ({ title: d.label, value: dueSentence(d, today).slice(d.label.length + 2) })) }] : [],
    actions: outcome.status === 'failed' ? [{ title: 'Retry', verb: 'channel.retry', caseId: c.id }] : [],
  });
}

/** The case an action is about, and the person as an Actor of its partnership allowed `action` (else "not found"). */
async function caseAndActor(rt: TeamsRuntime, turn: Turn, caseId: string | undefined, action: Action): Promise<{ c: Case; actor: Actor }> {
  if (!caseId) throw new DomainError('case.not_found', 'No such case.');
  const found = await rt.service.byCaseId(turn.actors, caseId, action);
  return { c: found.case, actor: found.actor };
}

/** The refusal for a card action the person's roles do not allow (it names no case). */
export function refusalFor(action: Action): string {
  return action === 'vote' ? ONLY_PARTNERS : 'Your role does not allow this.';
}

/**
 * Runs a handler that needs a case, for `action` of the permission table; refusals become a card
 * and nothing is stored. The roles are checked before the case is looked up, so a refusal is the
 * same whether the case exists (in any partnership) or not.
 */
function withCase(title: string, action: Action, run: (a: ActionContext, c: Case, actor: Actor) => Promise<AdaptiveCard>): ActionHandler {
  return async (a) => {
    if (a.turn.actors.length === 0) return noticeCard(title, NO_ROLE);
    if (permittedActors(a.turn.actors, action).length === 0) return noticeCard(title, refusalFor(action));
    let found;
    try {
      found = await caseAndActor(a.rt, a.turn, a.action.caseId, action);
    } catch (err) {
      if (isDomainError(err)) return noticeCard(title, NOT_FOUND);
      throw err;
    }
    return run(a, found.c, found.actor);
  };
}

/** A case form as Teams shows it: the shared spec (form, parser, command, permission) and its words here. */
interface CaseForm<T> {
  spec: CaseFormSpec<T>;
  title: string;
  submitVerb: CardVerb;
  /** Which of the case view's `can` flags says the form is open in the case's state. */
  openFlag: 'facts' | 'criteria' | 'notified';
  values: (c: Case) => Record<string, string>;
  done: string;
  /** Why the form is closed (the flag is false). */
  closed?: (c: Case) => string;
}

const FACTS: CaseForm<Facts> = {
  spec: FACTS_FORM,
  title: 'Rapid review facts',
  submitVerb: 'facts.submit',
  openFlag: 'facts',
  values: (c) => factsValues(c.facts),
  done: 'Rapid-review facts recorded.',
};

const CRITERIA: CaseForm<CriteriaAssessment> = {
  spec: CRITERIA_FORM,
  title: 'Criteria for a local review',
  submitVerb: 'criteria.submit',
  openFlag: 'criteria',
  values: (c) => criteriaValues(c.criteria),
  done: 'Criteria assessment recorded.',
};

const NOTIFIED: CaseForm<NotifiedInput> = {
  spec: NOTIFIED_FORM,
  title: 'Record notification',
  submitVerb: 'notified.submit',
  openFlag: 'notified',
  values: () => ({}),
  done: 'Notification recorded: its deadlines are closed and their reminders stop.',
  closed: (c) => `Every notification duty of ${c.ref} is recorded: there is nothing left to record.`,
};

/** The form card for a case (from a button or a command), or the reason it cannot be used. */
export async function caseFormCard<T>(rt: TeamsRuntime, def: CaseForm<T>, c: Case, actor: Actor): Promise<AdaptiveCard> {
  if (!can(actor, def.spec.permission, c.partnershipId))
    return personalCaseCard(rt, c, actor, { notice: 'Your role does not allow this.', noticeStyle: 'attention' });
  const view = caseView(c, rt.partnerships.get(c.partnershipId)!, rt.service.clock.now(), actor);
  if (!view.can[def.openFlag])
    return personalCaseCard(rt, c, actor, { notice: def.closed?.(c) ?? `${c.ref} is past the rapid review: this can no longer change.`, noticeStyle: 'attention' });
  // Against "recurrent themes" and "improvements previously identified": the partnership's earlier cases with the same themes.
  const form = def.openFlag === 'criteria' ? criteriaForm(await earlierCasesWithThemes(rt.service, actor, c, rt.service.clock.now())) : def.spec.form(actor, c);
  return formCard(form, { verb: def.submitVerb, caseId: c.id, values: def.values(c), subtitle: `Case ${c.ref}` });
}

function openForm<T>(def: CaseForm<T>): ActionHandler {
  return withCase(def.title, def.spec.permission, ({ rt }, c, actor) => caseFormCard(rt, def, c, actor));
}

function submitForm<T>(def: CaseForm<T>): ActionHandler {
  return withCase(def.title, def.spec.permission, async ({ rt, turn, action, data }, c, actor) => {
    if (!action.requestId) return noticeCard(def.title, STALE);
    // The permission table of the core, asked before the form is read: no point correcting fields.
    if (!can(actor, def.spec.permission, c.partnershipId)) return personalCaseCard(rt, c, actor, { notice: 'Your role does not allow this.', noticeStyle: 'attention' });
    const form = def.spec.form(actor, c);
    const raw = rawValuesOf(form, data);
    const again = (errors: Record<string, string>, notice?: string) =>
      formCard(form, { verb: def.submitVerb, caseId: c.id, requestId: action.requestId!, values: inputValues(raw), errors, subtitle: `Case ${c.ref}`, ...(notice ? { notice } : {}) });
    const parsed = def.spec.parse(raw, actor, c, dateIn(rt.service.clock.now(), rt.partnerships.get(c.partnershipId)!.timeZone));
    if (!parsed.ok) return again(parsed.errors);
    try {
      const change = await rt.service.run(actor, c.id, def.spec.command(parsed.value), requestKeyOf(turn, action.requestId));
      return personalCaseCard(rt, change.case, actor, { notice: change.repeated ? 'Already saved.' : def.done, noticeStyle: 'good' });
    } catch (err) {
      if (!isDomainError(err)) throw err;
      const fields = fieldErrorsOf(err, def.spec.fallbackField);
      if (fields) return again(fields);
      // The store failed: the same form again, as typed, to submit again (the same request id: recorded once).
      if (err.code === 'store.unavailable') return again({}, userMessage(err));
      return personalCaseCard(rt, c, actor, { notice: userMessage(err), noticeStyle: 'attention' });
    }
  });
}

export const ONLY_PARTNERS = VOTE_REFUSAL;

/** The vote form on its own (from the Vote button or the `vote` command). */
export async function voteFormCard(rt: TeamsRuntime, c: Case, actor: Actor): Promise<AdaptiveCard> {
  const partners = partnersOf(actor);
  if (partners.length === 0) return personalCaseCard(rt, c, actor, { notice: ONLY_PARTNERS, noticeStyle: 'attention' });
  if (c.state === 'notified') return personalCaseCard(rt, c, actor, { notice: VOTING_OPENS, noticeStyle: 'attention' }); // no vote controls yet: say why
  return personalCaseCard(rt, c, actor);
}

const submitVote: ActionHandler = withCase('Vote', 'vote', async ({ rt, turn, action, data }, c, actor) => {
  const partners = partnersOf(actor);
  if (partners.length === 0) return personalCaseCard(rt, c, actor, { notice: ONLY_PARTNERS, noticeStyle: 'attention' });
  if (!action.requestId) return personalCaseCard(rt, c, actor, { notice: STALE, noticeStyle: 'attention' });
  const raw = rawValuesOf(VOTE_FORM.form(actor, c), data);
  const again = (errors: Record<string, string>, notice: string) =>
    personalCaseCard(rt, c, actor, { notice, noticeStyle: 'attention', vote: { requestId: action.requestId!, values: inputValues(raw), errors } });
  const parsed = VOTE_FORM.parse(raw, actor, c, dateIn(rt.service.clock.now(), rt.partnerships.get(c.partnershipId)!.timeZone));
  if (!parsed.ok) return again(parsed.errors, `Please correct: ${Object.values(parsed.errors).join(' ')} Nothing was saved.`);
  const v = parsed.value;
  try {
    const change = await rt.service.run(actor, c.id, VOTE_FORM.command(v), requestKeyOf(turn, action.requestId));
    const after = change.case;
    const notice = change.repeated
      ? 'Already saved.'
      : after.decision
        ? 'Your vote is recorded, and the decision with it.'
        : after.state === 'escalated' && c.state === 'escalated'
          ? 'Your revised vote is recorded. The partners’ votes still differ: the decision is recorded when all three agree.'
          : after.state === 'escalated'
          ? 'Your vote is recorded. The votes differ: the case is escalated to the chair.'
          : 'Your vote is recorded.';
    return personalCaseCard(rt, after, actor, { notice, noticeStyle: 'good' });
  } catch (err) {
    if (!isDomainError(err)) throw err;
    const fields = fieldErrorsOf(err, VOTE_FORM.fallbackField);
    if (fields || err.code === 'store.unavailable') return again(fields ?? {}, userMessage(err)); // the vote as typed, to cast again
    return personalCaseCard(rt, c, actor, { notice: userMessage(err), noticeStyle: 'attention' });
  }
});

const refresh: ActionHandler = withCase('Case', 'view', ({ rt }, c, actor) => personalCaseCard(rt, c, actor));

const retryChannel: ActionHandler = withCase('Case channel', 'view', async ({ rt, channels, turn }, c) => openChannel(rt, channels, turn, c));

/** Verb → handler: the readable routes of `adaptiveCard/action`. */
export const ROUTES: Record<CardVerb, ActionHandler> = {
  'notify.submit': submitNotification,
  'facts.open': openForm(FACTS),
  'facts.submit': submitForm(FACTS),
  'criteria.open': openForm(CRITERIA),
  'criteria.submit': submitForm(CRITERIA),
  'notified.open': openForm(NOTIFIED),
  'notified.submit': submitForm(NOTIFIED),
  'vote.open': withCase('Vote', 'vote', ({ rt }, c, actor) => voteFormCard(rt, c, actor)),
  'vote.submit': submitVote,
  'case.refresh': refresh,
  'channel.retry': retryChannel,
  ...postDecisionRoutes(withCase),
};

export const CASE_FORMS = { facts: FACTS, criteria: CRITERIA, notified: NOTIFIED };

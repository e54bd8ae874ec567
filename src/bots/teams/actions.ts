/**
 * Card actions (Action.Execute verbs, and their Action.Submit fallback): each one parses the
 * submission with the form's own parse function, runs a CaseService use case, and renders a card
 * for the person. Rules live in the core; here a refusal only becomes a sentence or a field error.
 */
import {
  CRITERIA_FORM,
  FACTS_FORM,
  NOTIFIED_FORM,
  VOTE_FORM,
  type CaseFormGate,
  type CaseFormSpec,
} from '../../app/case-forms.js';
import type { NotifiedInput, VoteInput } from '../../cards/forms/index.js';
import type { CriteriaAssessment, Facts } from '../../domain/case.js';
import { dateIn } from '../../domain/calendar.js';
import type { Case } from '../../domain/case.js';
import { isDomainError } from '../../domain/errors.js';
import { can, type Action, type Actor } from '../../domain/roles.js';
import { dueSentence } from '../../app/due-words.js';
import { caseDeadlines } from '../../domain/status.js';
import { refusalText, roleRefusal } from '../../app/case-action.js';
import { userMessage } from '../../app/messages.js';
import {
  criteriaForm,
  fieldErrorsOf,
  notificationForm,
  parseNotification,
  type FormDef,
} from '../../cards/forms/index.js';
import {
  formCard,
  inputValues,
  messageCard,
  noticeCard,
  rawValuesOf,
  type ActionData,
  type AdaptiveCard,
  type CardVerb,
} from '../../cards/teams/index.js';
import type { CaseChannels, ChannelOutcome } from './case-channel.js';
import { caseStep } from './case-step.js';
import { requestKeyOf, type TeamsRuntime, type Turn } from './runtime.js';
import { criteriaValues, factsValues, personalCaseCard } from './case-cards.js';
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

export const STALE =
  'This card is out of date. Ask me again (for example `notify` or `status`) for a fresh one.';

/** The notifier's partnerships, when they may notify for several. */
function notifiers(turn: Turn): Actor[] {
  return turn.actors.filter((a) => can(a, 'notify', a.partnershipId));
}

export function notificationFormFor(rt: TeamsRuntime, actors: Actor[]): FormDef {
  return notificationForm(
    actors.length > 1
      ? {
          partnerships: actors.map((a) => ({
            id: a.partnershipId,
            name: rt.partnerships.get(a.partnershipId)!.name,
          })),
        }
      : {},
  );
}

async function submitNotification({
  rt,
  channels,
  turn,
  action,
  data,
}: ActionContext): Promise<AdaptiveCard> {
  const actors = notifiers(turn);
  const refused = roleRefusal(turn.actors, 'notify');
  if (refused) return noticeCard('Notify a serious incident', refusalText(refused));
  if (!action.requestId) return noticeCard('Notify a serious incident', STALE);
  const form = notificationFormFor(rt, actors);
  const raw = rawValuesOf(form, data);
  const first = rt.partnerships.get(actors[0]!.partnershipId)!;
  const parsed = parseNotification(raw, {
    today: dateIn(rt.service.clock.now(), first.timeZone),
    ...(actors.length > 1
      ? {
          partnerships: actors.map((a) => ({
            id: a.partnershipId,
            name: rt.partnerships.get(a.partnershipId)!.name,
          })),
        }
      : {}),
  });
  const again = (errors: Record<string, string>, notice?: string) =>
    formCard(form, {
      verb: 'notify.submit',
      requestId: action.requestId!,
      values: inputValues(raw),
      errors,
      ...(notice ? { notice } : {}),
    });
  if (!parsed.ok) return again(parsed.errors);
  const actor = actors.find((a) => a.partnershipId === parsed.value.partnershipId) ?? actors[0]!;
  let c: Case;
  try {
    c = (
      await rt.service.notify(
        actor,
        parsed.value.notification,
        requestKeyOf(turn, action.requestId),
        undefined,
        parsed.value.namesConfirmed,
      )
    ).case;
  } catch (err) {
    if (!isDomainError(err)) throw err;
    const fields = fieldErrorsOf(err, 'summary');
    return fields ? again(fields) : again({}, userMessage(err));
  }
  return openChannel(rt, channels, turn, c);
}

/** The case's home: at once without Graph; through Graph after the answer, which says it is on its way. */
async function openChannel(
  rt: TeamsRuntime,
  channels: CaseChannels,
  turn: Turn,
  c: Case,
): Promise<AdaptiveCard> {
  if (!channels.throughGraph(c)) return notifiedCard(rt, c, await channels.ensure(turn, c.id));
  channels.later(turn, c.id, (latest, outcome) => notifiedCard(rt, latest, outcome));
  const kind =
    rt.partnerships.get(c.partnershipId)?.teams?.caseChannel === 'shared' ? 'shared' : 'private';
  return notifiedCard(rt, c, {
    status: 'pending',
    text: `${c.ref} is recorded; opening its ${kind} channel…`,
  });
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
    noticeStyle:
      outcome.status === 'failed' ? 'attention' : outcome.status === 'pending' ? 'accent' : 'good',
    lines: c.reasons,
    sections: dues.length
      ? [
          {
            heading: 'Due',
            facts: dues.map((d) => ({
              title: d.label,
              value: dueSentence(d, today).slice(d.label.length + 2),
            })),
          },
        ]
      : [],
    actions:
      outcome.status === 'failed' ? [{ title: 'Retry', verb: 'channel.retry', caseId: c.id }] : [],
  });
}

/**
 * Runs a handler that needs a case, through the case action step (case-step.ts) for `what`: an
 * action of the permission table or a form (its permission and open states). The roles are
 * checked before the case is looked up, so a refusal is the same whether the case exists (in any
 * partnership) or not; a refusal becomes a card and nothing is stored.
 */
function withCase(
  title: string,
  what: Action | CaseFormGate,
  run: (a: ActionContext, c: Case, actor: Actor) => Promise<AdaptiveCard>,
): ActionHandler {
  return async (a) => {
    const step = await caseStep(a.rt, a.turn, { caseId: a.action.caseId }, what, title);
    return 'ok' in step ? run(a, step.ok.case, step.ok.actor) : step.card;
  };
}

interface DrawOptions {
  requestId?: string;
  values?: Record<string, string>;
  errors?: Record<string, string>;
  notice?: string;
}

/** A case form as Teams shows it: the shared spec (form, parser, command, permission, open states) and its words here. */
interface CaseForm<T> {
  spec: CaseFormSpec<T>;
  title: string;
  submitVerb: CardVerb;
  /** The form to fill in, drawn: its own card, or (the vote) the person's case card with their vote controls. */
  draw(
    rt: TeamsRuntime,
    c: Case,
    actor: Actor,
    form: FormDef,
    o: DrawOptions,
  ): Promise<AdaptiveCard>;
  /** What the person is told once it is recorded (`before`: the case as it was). */
  done(before: Case, after: Case): string;
}

/** A form on a card of its own, with the values recorded so far (or as typed). */
const ownCard =
  (submitVerb: CardVerb, values: (c: Case) => Record<string, string>) =>
  async (
    _rt: TeamsRuntime,
    c: Case,
    _actor: Actor,
    form: FormDef,
    o: DrawOptions,
  ): Promise<AdaptiveCard> =>
    formCard(form, {
      verb: submitVerb,
      caseId: c.id,
      values: o.values ?? values(c),
      subtitle: `Case ${c.ref}`,
      ...(o.requestId ? { requestId: o.requestId } : {}),
      ...(o.errors ? { errors: o.errors } : {}),
      ...(o.notice ? { notice: o.notice } : {}),
    });

const FACTS: CaseForm<Facts> = {
  spec: FACTS_FORM,
  title: 'Rapid review facts',
  submitVerb: 'facts.submit',
  draw: ownCard('facts.submit', (c) => factsValues(c.facts)),
  done: () => 'Rapid-review facts recorded.',
};

const CRITERIA: CaseForm<CriteriaAssessment> = {
  spec: CRITERIA_FORM,
  title: 'Criteria for a local review',
  submitVerb: 'criteria.submit',
  draw: ownCard('criteria.submit', (c) => criteriaValues(c.criteria)),
  done: () => 'Criteria assessment recorded.',
};

const NOTIFIED: CaseForm<NotifiedInput> = {
  spec: NOTIFIED_FORM,
  title: 'Record notification',
  submitVerb: 'notified.submit',
  draw: ownCard('notified.submit', () => ({})),
  done: () => 'Notification recorded: its deadlines are closed and their reminders stop.',
};

/** The vote: the person's own case card carries their vote controls (personalCaseCard). */
const VOTE: CaseForm<VoteInput> = {
  spec: VOTE_FORM,
  title: 'Vote',
  submitVerb: 'vote.submit',
  draw: (rt, c, actor, _form, o) => {
    const notice =
      o.notice ??
      (o.errors && Object.keys(o.errors).length
        ? `Please correct: ${Object.values(o.errors).join(' ')} Nothing was saved.`
        : undefined);
    const vote = {
      ...(o.requestId ? { requestId: o.requestId } : {}),
      ...(o.values ? { values: o.values } : {}),
      ...(o.errors ? { errors: o.errors } : {}),
    };
    return personalCaseCard(rt, c, actor, {
      ...(notice ? { notice, noticeStyle: 'attention' as const } : {}),
      vote,
    });
  },
  done: (before, after) =>
    after.decision
      ? 'Your vote is recorded, and the decision with it.'
      : after.state === 'escalated' && before.state === 'escalated'
        ? 'Your revised vote is recorded. The partners’ votes still differ: the decision is recorded when all three agree.'
        : after.state === 'escalated'
          ? 'Your vote is recorded. The votes differ: the case is escalated to the chair.'
          : 'Your vote is recorded.',
};

/** Every case form as Teams draws it, by kind. */
export const TEAMS_FORMS = {
  facts: FACTS,
  criteria: CRITERIA,
  notified: NOTIFIED,
  vote: VOTE,
} as const;

/** The form card of a case the case action step found open for this person (from a button or a command). */
export async function caseFormCard<T>(
  rt: TeamsRuntime,
  def: CaseForm<T>,
  c: Case,
  actor: Actor,
): Promise<AdaptiveCard> {
  // Against "recurrent themes" and "improvements previously identified": the partnership's earlier cases with the same themes.
  const form =
    def.spec.kind === 'criteria'
      ? criteriaForm(await earlierCasesWithThemes(rt.service, actor, c, rt.service.clock.now()))
      : def.spec.form(actor, c);
  return def.draw(rt, c, actor, form, {});
}

function openForm<T>(def: CaseForm<T>): ActionHandler {
  return withCase(def.title, def.spec, ({ rt }, c, actor) => caseFormCard(rt, def, c, actor));
}

/** Every case form's submission (the vote's too): parse with the form's one parser, run the core's command, say the result. */
function submitForm<T>(def: CaseForm<T>): ActionHandler {
  return withCase(def.title, def.spec, async ({ rt, turn, action, data }, c, actor) => {
    if (!action.requestId) return noticeCard(def.title, STALE);
    const form = def.spec.form(actor, c);
    const raw = rawValuesOf(form, data);
    const again = (errors: Record<string, string>, notice?: string) =>
      def.draw(rt, c, actor, form, {
        requestId: action.requestId!,
        values: inputValues(raw),
        errors,
        ...(notice ? { notice } : {}),
      });
    const parsed = def.spec.parse(
      raw,
      actor,
      c,
      dateIn(rt.service.clock.now(), rt.partnerships.get(c.partnershipId)!.timeZone),
    );
    if (!parsed.ok) return again(parsed.errors);
    try {
      const change = await rt.service.run(
        actor,
        c.id,
        def.spec.command(parsed.value),
        requestKeyOf(turn, action.requestId),
      );
      return personalCaseCard(rt, change.case, actor, {
        notice: change.repeated ? 'Already saved.' : def.done(c, change.case),
        noticeStyle: 'good',
      });
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

const refresh: ActionHandler = withCase('Case', 'view', ({ rt }, c, actor) =>
  personalCaseCard(rt, c, actor),
);

const retryChannel: ActionHandler = withCase(
  'Case channel',
  'view',
  async ({ rt, channels, turn }, c) => openChannel(rt, channels, turn, c),
);

/** Verb → handler: the readable routes of `adaptiveCard/action`. */
export const ROUTES: Record<CardVerb, ActionHandler> = {
  'notify.submit': submitNotification,
  'facts.open': openForm(FACTS),
  'facts.submit': submitForm(FACTS),
  'criteria.open': openForm(CRITERIA),
  'criteria.submit': submitForm(CRITERIA),
  'notified.open': openForm(NOTIFIED),
  'notified.submit': submitForm(NOTIFIED),
  'vote.open': openForm(VOTE),
  'vote.submit': submitForm(VOTE),
  'case.refresh': refresh,
  'channel.retry': retryChannel,
  ...postDecisionRoutes(withCase),
};

/**
 * Modal submissions. Each: parse with the form's one validator (errors go back as Slack field
 * errors and nothing is stored) → the use case, keyed by the view id so a repeated delivery changes
 * nothing → acknowledge with the result. The store write is quick; if it is not, the modal is
 * acknowledged within Slack's 3 seconds anyway and the result follows as a message. Channel work
 * happens afterwards, in the effects.
 */
import type { AckFn, App, ViewResponseAction, ViewSubmitAction } from '@slack/bolt';
import type { webApi } from '@slack/bolt';
import { type CaseChange } from '../../app/case-service.js';
import { safeError } from '../../logger.js';
import { roleRefusal } from '../../app/case-action.js';
import { userMessage } from '../../app/messages.js';
import { dateIn } from '../../domain/calendar.js';
import { OUTCOME_LABELS, type Case } from '../../domain/case.js';
import { isDomainError } from '../../domain/errors.js';
import { can, PARTNER_LABELS } from '../../domain/roles.js';
import {
  fieldErrorsOf,
  notificationForm,
  parseNotification,
  type FormDef,
  type RawValues,
} from '../../cards/forms/index.js';
import {
  noticeModal,
  rawValues,
  slackErrors,
  type StateValues,
} from '../../cards/slack/form-modal.js';
import { notifiedLines, notifiedModal, textMessage } from '../../cards/slack/replies.js';
import type { SlackMessage } from '../../cards/slack/case-message.js';
import { channelName } from './case-channel.js';
import {
  actorsFor,
  decodeMeta,
  dm,
  ephemeral,
  withinDeadline,
  type SlackDeps,
  type SlackEffectsPort,
} from './context.js';
import {
  CRITERIA_FORM,
  FACTS_FORM,
  NOTIFIED_FORM,
  VOTE_FORM,
  type CaseFormSpec,
} from '../../app/case-forms.js';
import { caseStep, slackRefusal } from './case-step.js';
import { CALLBACK } from './modals.js';

type WebClient = webApi.WebClient;

type Ack = AckFn<ViewResponseAction>;

/** How long the use case may take before the modal is acknowledged without waiting for it. */
const ANSWER_WITHIN_MS = 2000;

export const notice = (title: string, text: string): ViewResponseAction => ({
  response_action: 'push',
  view: noticeModal(title, [text]),
});

export function registerViews(app: App, deps: SlackDeps, effects: SlackEffectsPort): void {
  app.view<ViewSubmitAction>(CALLBACK.notification, async ({ ack, body, view, client }) => {
    const user = body.user.id;
    const everyRole = actorsFor(deps.service, user, body.team?.id ?? body.user.team_id);
    const refused = roleRefusal(everyRole, 'notify');
    if (refused) return ack(notice('Not saved', slackRefusal(refused).text));
    const actors = everyRole.filter((a) => can(a, 'notify', a.partnershipId));
    const partnerships = actors.map((a) => ({
      id: a.partnershipId,
      name: deps.service.partnership(a.partnershipId).name,
    }));
    const form = notificationForm({ partnerships });
    const first = deps.service.partnership(actors[0]!.partnershipId);
    const parsed = parseNotification(rawOf(form, view), {
      today: dateIn(deps.clock.now(), first.timeZone),
      partnerships,
    });
    if (!parsed.ok) return ack(slackErrors(form, parsed.errors));
    const actor = actors.find((a) => a.partnershipId === parsed.value.partnershipId) ?? actors[0]!;
    const { notification, namesConfirmed } = parsed.value;
    const work = deps.service
      .notify(actor, notification, viewRequestKey(view), undefined, namesConfirmed)
      .then((change) => {
        if (change.repeated) effects.sync(change.case.id, user); // finishes the channel if the first delivery could not
        return change;
      });
    await submit(ack, deps, client, user, form, 'awareOn', work, (change) => {
      const assessment = deps.service.assess(
        change.case.partnershipId,
        change.case.notification ?? notification,
      );
      const name = channelName(change.case.ref);
      const today = dateIn(
        deps.clock.now(),
        deps.service.partnership(change.case.partnershipId).timeZone,
      );
      return {
        response: {
          response_action: 'update',
          view: notifiedModal(change.case, assessment, name, today),
        },
        late: textMessage(
          notifiedLines(change.case, assessment, name, today).join('\n\n'),
          `${change.case.ref} is recorded`,
        ),
      };
    });
  });

  registerCaseForm(
    app,
    deps,
    NOTIFIED_FORM,
    ({ ref }) =>
      `Notification recorded on *${ref}*: its deadlines are closed and their reminders stop.`,
  );
  registerCaseForm(app, deps, FACTS_FORM, ({ ref }) => `Facts recorded on *${ref}*.`);
  registerCaseForm(
    app,
    deps,
    CRITERIA_FORM,
    ({ ref }) => `Criteria assessment recorded on *${ref}*.`,
  );
  registerCaseForm(app, deps, VOTE_FORM, (c, v) => {
    const head = `Your vote for ${PARTNER_LABELS[v.partner]} on *${c.ref}* is recorded: *${OUTCOME_LABELS[v.outcome]}*.`;
    // What follows depends on where the case now is: decided, still escalated (a revised vote), or votes to come.
    if (c.decision) return `${head} The three partners agree: the decision is recorded.`;
    if (c.state === 'escalated')
      return `${head} The partners’ votes still differ: the decision is recorded when all three agree. You can revise yours again until then.`;
    return `${head} Votes stay hidden from the other partners until all three have voted; you can change yours until the decision is recorded.`;
  });
}

export function rawOf(form: FormDef, view: ViewSubmitAction['view']): RawValues {
  return rawValues(
    form,
    (view as { state?: { values?: unknown } }).state?.values as StateValues | undefined,
  );
}

/**
 * The request key of a modal submission: its view id, so that a repeated delivery is recorded once.
 * Only a view id as Slack makes them counts: anything else (a list, an object, nothing) would give
 * every such submission the same key, and one person's submission would be taken for another's.
 */
export function viewRequestKey(view: ViewSubmitAction['view']): string | undefined {
  const id: unknown = view.id;
  return typeof id === 'string' && /^V[A-Z0-9]{2,40}$/.test(id) ? `slack:view:${id}` : undefined;
}

/** Facts, criteria, vote and notification dates share one shape: the case comes from the modal's metadata. */
function registerCaseForm<T>(
  app: App,
  deps: SlackDeps,
  spec: CaseFormSpec<T>,
  confirmation: (c: Case, value: T) => string,
): void {
  const { kind } = spec;
  app.view<ViewSubmitAction>(CALLBACK[kind], async ({ ack, body, view, client }) => {
    const user = body.user.id;
    const meta = decodeMeta(view.private_metadata);
    // The case action step: the roles against the form's permission (the same answer whether the case exists or not), the case, the form open.
    const step = await caseStep(
      deps,
      { userId: user, teamId: body.team?.id ?? body.user.team_id },
      { caseId: meta.caseId },
      spec,
    );
    if ('refused' in step) return ack(notice('Not saved', step.message.text));
    const found = step.ok;
    const form = spec.form(found.actor, found.case);
    const zone = deps.service.partnership(found.case.partnershipId).timeZone;
    const parsed = spec.parse(
      rawOf(form, view),
      found.actor,
      found.case,
      dateIn(deps.clock.now(), zone),
    );
    if (!parsed.ok) return ack(slackErrors(form, parsed.errors));
    const firstField = form.sections[0]!.fields[0]!.id;
    const work = deps.service.run(
      found.actor,
      found.case.id,
      spec.command(parsed.value),
      viewRequestKey(view),
    );
    await submit(ack, deps, client, user, form, firstField, work, (change) => {
      const done = textMessage(confirmation(change.case, parsed.value));
      return {
        late: done,
        ...(change.repeated
          ? {}
          : { after: () => ephemeral(client, deps.log, meta.channelId, user, done) }),
      };
    });
  });
}

/** Runs the use case within Slack's answer time and acknowledges with its result, a field error or a refusal. */
export async function submit(
  ack: Ack,
  deps: SlackDeps,
  client: WebClient,
  user: string,
  form: FormDef,
  fallbackField: string,
  work: Promise<CaseChange>,
  /** The answer to the modal, what to do once it is sent, and what to say instead when the answer had to go before the result. */
  onDone: (change: CaseChange) => {
    response?: ViewResponseAction;
    after?: () => Promise<void>;
    late: SlackMessage;
  },
): Promise<void> {
  let outcome;
  try {
    outcome = await withinDeadline(work, ANSWER_WITHIN_MS);
  } catch (err) {
    return ack(refusal(deps, form, fallbackField, err));
  }
  if (outcome.done) {
    const { response, after } = onDone(outcome.value);
    await (response ? ack(response) : ack());
    return after?.();
  }
  // Slow store: answer now, tell the person the result when it comes.
  await ack({
    response_action: 'update',
    view: noticeModal('Saving…', [
      'This is taking longer than usual. I’ll send you a message when it is saved.',
    ]),
  });
  const message: SlackMessage | undefined = await outcome.later.then(
    (change) => (change.repeated ? undefined : onDone(change).late),
    (err: unknown) => textMessage(`Not saved: ${userMessage(err)}`),
  );
  if (message) await dm(client, deps.log, user, message);
}

function refusal(
  deps: SlackDeps,
  form: FormDef,
  fallbackField: string,
  err: unknown,
): ViewResponseAction {
  if (isDomainError(err)) {
    const fields = fieldErrorsOf(err, fallbackField);
    if (fields) return slackErrors(form, fields);
    deps.log.info({ code: err.code, form: form.id }, 'submission refused');
  } else {
    deps.log.error({ err: safeError(err), form: form.id }, 'submission failed');
  }
  return notice('Not saved', userMessage(err));
}

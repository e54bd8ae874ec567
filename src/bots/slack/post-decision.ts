/**
 * Slack for what follows the decision: `/cspr step [STEP]` and the case message's "Record a step…"
 * select open the post-decision step form (the one definition in src/cards/forms, for the step the
 * case is at); `/cspr actions` and the "Action plan" button list the action plan, with buttons to
 * add and update items. Only the business manager and the chair record steps and change the plan
 * (the core's 'post-decision' permission); a step out of order is refused with the core's words.
 */
import type {
  App,
  BlockAction,
  ButtonAction,
  StaticSelectAction,
  ViewSubmitAction,
} from '@slack/bolt';
import type { webApi } from '@slack/bolt';
import { safeError } from '../../logger.js';
import { caseView } from '../../app/case-view.js';
import { userMessage } from '../../app/messages.js';
import { actionItem, actionLines, stepConfirmation } from '../../app/post-decision-view.js';
import type { ActionItem } from '../../domain/action-plan.js';
import type { Case } from '../../domain/case.js';
import {
  ACTION_PLAN_STATES,
  isStepKind,
  STEP_KINDS,
  stepRefusal,
  type StepKind,
} from '../../domain/post-decision.js';
import { can, type Actor } from '../../domain/roles.js';
import {
  actionForm,
  actionValues,
  parseAction,
  parseStep,
  stepDefaults,
  stepForm,
} from '../../cards/forms/index.js';
import { ACTION_IDS, type SlackMessage } from '../../cards/slack/case-message.js';
import { formModal, slackErrors } from '../../cards/slack/form-modal.js';
import { actionsMessage, stepChooserMessage } from '../../cards/slack/post-decision-messages.js';
import { textMessage } from '../../cards/slack/replies.js';
import { caseStep } from './case-step.js';
import { decodeMeta, encodeMeta, ephemeral, type SlackDeps } from './context.js';
import { CALLBACK, openModal } from './modals.js';
import { notice, rawOf, submit, viewRequestKey } from './submissions.js';

type WebClient = webApi.WebClient;
/** The case and the person, as the case action step found them (case-step.ts). */
type Found = { case: Case; actor: Actor };

const STEP_CALLBACK = CALLBACK.step;
const ACTION_CALLBACK = CALLBACK.action;

const STALE = 'This form is out of date: open it again from the case.';

/**
 * `/cspr step [STEP]` or a choice in the step select: the step's form, or the chooser when no step
 * is named, or the reason it cannot be recorded now (the core's refusal, word for word).
 */
export async function openStepForm(
  client: WebClient,
  deps: SlackDeps,
  found: Found,
  stepText: string | undefined,
  triggerId: string,
  channelId: string | undefined,
): Promise<SlackMessage | undefined> {
  const { case: c, actor } = found;
  const p = deps.service.partnership(c.partnershipId);
  if (!stepText) {
    const view = caseView(c, p, deps.clock.now(), actor);
    return stepChooserMessage(c.ref, c.id, view.steps);
  }
  const step = stepText.toLowerCase();
  if (!isStepKind(step))
    return textMessage(
      `I don’t know the step \`${step.slice(0, 30)}\`. The steps are: ${STEP_KINDS.map((s) => `\`${s}\``).join(', ')}.`,
    );
  const refused = stepRefusal(c, step);
  if (refused) {
    deps.log.info({ code: refused.code, step }, 'step refused');
    return textMessage(userMessage(refused));
  }
  const form = stepForm(step, { case: c, timescales: p.timescales });
  const modal = formModal(form, {
    callbackId: STEP_CALLBACK,
    privateMetadata: encodeMeta({ caseId: c.id, arg: step, ...(channelId ? { channelId } : {}) }),
    context: `*${c.ref}*`,
    initial: stepDefaults(step, c, deps.clock.now(), p.timeZone),
  });
  return openModal(client, deps.log, triggerId, modal);
}

/** `/cspr actions [REF]` and the Action plan button: the list, with buttons for those who may change it. */
export function actionsReply(deps: SlackDeps, found: Found): SlackMessage {
  const { case: c, actor } = found;
  const p = deps.service.partnership(c.partnershipId);
  const edit = can(actor, 'post-decision', c.partnershipId) && ACTION_PLAN_STATES.includes(c.state);
  return actionsMessage(c.ref, c.id, actionLines(c, p, deps.clock.now()), edit, edit);
}

/** The action form: a new recommendation, or (with an item id) an update of that item. */
export async function openActionForm(
  client: WebClient,
  deps: SlackDeps,
  found: Found,
  itemId: string | undefined,
  triggerId: string,
  channelId: string | undefined,
): Promise<SlackMessage | undefined> {
  const { case: c } = found;
  if (!ACTION_PLAN_STATES.includes(c.state))
    return textMessage(
      `*${c.ref}* is ${c.state}: the action plan can change from the decision until the case is closed.`,
    );
  let item: ActionItem | undefined;
  try {
    item = itemId ? actionItem(c, itemId) : undefined;
  } catch (err) {
    return textMessage(userMessage(err));
  }
  const modal = formModal(actionForm(item), {
    callbackId: ACTION_CALLBACK,
    privateMetadata: encodeMeta({
      caseId: c.id,
      ...(item ? { arg: item.id } : {}),
      ...(channelId ? { channelId } : {}),
    }),
    context: `*${c.ref}*`,
    ...(item ? { initial: actionValues(item) } : {}),
  });
  return openModal(client, deps.log, triggerId, modal);
}

export function registerPostDecision(app: App, deps: SlackDeps): void {
  /** A button or select on a case: the case action step for `action`, then `run`; the reply (or refusal) goes ephemerally. */
  const onCase = async (
    client: WebClient,
    body: BlockAction,
    name: string,
    caseId: unknown,
    action: 'view' | 'post-decision',
    run: (
      found: Found,
      channel: string | undefined,
    ) => Promise<SlackMessage | undefined> | SlackMessage,
  ) => {
    const channel = body.channel?.id;
    try {
      const step = await caseStep(
        deps,
        { userId: body.user.id, teamId: body.team?.id ?? body.user.team_id },
        { caseId },
        action,
      );
      const reply = 'ok' in step ? await run(step.ok, channel) : step.message;
      if (reply) await ephemeral(client, deps.log, channel, body.user.id, reply);
    } catch (err) {
      deps.log.warn({ err: safeError(err), action: name }, 'button failed');
      await ephemeral(client, deps.log, channel, body.user.id, textMessage(userMessage(err)));
    }
  };
  const split = (value: unknown) => {
    const [caseId, arg] = (typeof value === 'string' ? value : '').split('|');
    return { caseId, arg };
  };

  app.action<BlockAction<StaticSelectAction>>(
    ACTION_IDS.step,
    async ({ ack, body, action, client }) => {
      await ack();
      const { caseId, arg } = split(action.selected_option?.value);
      await onCase(client, body, ACTION_IDS.step, caseId, 'post-decision', (found, channel) =>
        openStepForm(client, deps, found, arg, body.trigger_id, channel),
      );
    },
  );
  app.action<BlockAction<ButtonAction>>(
    ACTION_IDS.actions,
    async ({ ack, body, action, client }) => {
      await ack();
      await onCase(client, body, ACTION_IDS.actions, action.value, 'view', (found) =>
        actionsReply(deps, found),
      );
    },
  );
  app.action<BlockAction<ButtonAction>>(
    ACTION_IDS.actionAdd,
    async ({ ack, body, action, client }) => {
      await ack();
      await onCase(
        client,
        body,
        ACTION_IDS.actionAdd,
        action.value,
        'post-decision',
        (found, channel) =>
          openActionForm(client, deps, found, undefined, body.trigger_id, channel),
      );
    },
  );
  app.action<BlockAction<ButtonAction>>(
    ACTION_IDS.actionEdit,
    async ({ ack, body, action, client }) => {
      await ack();
      const { caseId, arg } = split(action.value);
      await onCase(client, body, ACTION_IDS.actionEdit, caseId, 'post-decision', (found, channel) =>
        openActionForm(client, deps, found, arg ?? '', body.trigger_id, channel),
      );
    },
  );

  /** The submitter as an actor allowed to record steps, and the case; or the answer to the modal. */
  const submitter = async (body: ViewSubmitAction, caseId: string | undefined) => {
    const step = await caseStep(
      deps,
      { userId: body.user.id, teamId: body.team?.id ?? body.user.team_id },
      { caseId },
      'post-decision',
    );
    return 'ok' in step ? { found: step.ok } : { refusal: notice('Not saved', step.message.text) };
  };

  app.view<ViewSubmitAction>(STEP_CALLBACK, async ({ ack, body, view, client }) => {
    const user = body.user.id;
    const meta = decodeMeta(view.private_metadata);
    const who = await submitter(body, meta.caseId);
    if (!who.found) return ack(who.refusal);
    const { found } = who;
    const step: StepKind | undefined = meta.arg && isStepKind(meta.arg) ? meta.arg : undefined;
    if (!step) return ack(notice('Not saved', STALE));
    const p = deps.service.partnership(found.case.partnershipId);
    const form = stepForm(step, { case: found.case, timescales: p.timescales });
    const parsed = parseStep(step, rawOf(form, view));
    if (!parsed.ok) return ack(slackErrors(form, parsed.errors));
    const work = deps.service.run(found.actor, found.case.id, parsed.value, viewRequestKey(view));
    await submit(ack, deps, client, user, form, form.sections[0]!.fields[0]!.id, work, (change) => {
      const said = stepConfirmation(change.case, step, p);
      const done = textMessage(
        [said.text, ...(said.warning ? [`⚠️ ${said.warning}`] : [])].join('\n'),
        said.text,
      );
      return {
        late: done,
        ...(change.repeated
          ? {}
          : { after: () => ephemeral(client, deps.log, meta.channelId, user, done) }),
      };
    });
  });

  app.view<ViewSubmitAction>(ACTION_CALLBACK, async ({ ack, body, view, client }) => {
    const user = body.user.id;
    const meta = decodeMeta(view.private_metadata);
    const who = await submitter(body, meta.caseId);
    if (!who.found) return ack(who.refusal);
    const { found } = who;
    let item: ActionItem | undefined;
    try {
      item = meta.arg ? actionItem(found.case, meta.arg) : undefined;
    } catch (err) {
      return ack(notice('Not saved', userMessage(err)));
    }
    const form = actionForm(item);
    const parsed = parseAction(rawOf(form, view), item);
    if (!parsed.ok) return ack(slackErrors(form, parsed.errors));
    const work = deps.service.run(found.actor, found.case.id, parsed.value, viewRequestKey(view));
    await submit(ack, deps, client, user, form, form.sections[0]!.fields[0]!.id, work, (change) => {
      const id = item?.id ?? change.case.actionPlan?.at(-1)?.id ?? '';
      const done = textMessage(
        `Action plan of *${change.case.ref}*: item ${id} ${item ? 'updated' : 'added'}.`,
      );
      return {
        late: done,
        ...(change.repeated
          ? {}
          : { after: () => ephemeral(client, deps.log, meta.channelId, user, done) }),
      };
    });
  });
}

/**
 * Slack for what follows the decision: `/cspr step [STEP]` and the case message's "Record a step…"
 * select open the post-decision step form (the one definition in src/cards/forms, for the step the
 * case is at); `/cspr actions` and the "Action plan" button list the action plan, with buttons to
 * add and update items. Only the business manager and the chair record steps and change the plan
 * (the core's 'post-decision' permission); a step out of order is refused with the core's words.
 */
import type { App, BlockAction, ButtonAction, StaticSelectAction, ViewSubmitAction } from '@slack/bolt';
import type { webApi } from '@slack/bolt';
import { safeError } from '../../app/case-service.js';
import { caseView } from '../../app/case-view.js';
import { NO_ROLE, NOT_FOUND, userMessage } from '../../app/messages.js';
import { actionItem, actionLines, stepConfirmation } from '../../app/post-decision-view.js';
import type { ActionItem } from '../../domain/action-plan.js';
import type { Case } from '../../domain/case.js';
import { ACTION_PLAN_STATES, isStepKind, STEP_KINDS, stepRefusal, type StepKind } from '../../domain/post-decision.js';
import { can, notPermitted, permittedActors, type Actor } from '../../domain/roles.js';
import { actionForm, actionValues, parseAction, parseStep, stepDefaults, stepForm } from '../../cards/forms/index.js';
import { ACTION_IDS, type SlackMessage } from '../../cards/slack/case-message.js';
import { formModal, slackErrors } from '../../cards/slack/form-modal.js';
import { actionsMessage, stepChooserMessage } from '../../cards/slack/post-decision-messages.js';
import { textMessage } from '../../cards/slack/replies.js';
import { slackCode, why } from './channel.js';
import { actorsFor, decodeMeta, encodeMeta, ephemeral, type SlackDeps } from './context.js';
import { CALLBACK, visibleCase } from './modals.js';
import { notice, rawOf, submit, viewRequestKey } from './views.js';

type WebClient = webApi.WebClient;
type Found = { case: Case; actor: Actor } | undefined;

const STEP_CALLBACK = CALLBACK.step;
const ACTION_CALLBACK = CALLBACK.action;

const STALE = 'This form is out of date: open it again from the case.';

/** The refusal for someone whose roles do not record steps or change the plan (the same whatever the case). */
const notAllowed = () => textMessage(`${notPermitted('post-decision').message} The partnership’s business manager or chair does.`);

async function open(client: WebClient, deps: SlackDeps, triggerId: string, view: ReturnType<typeof formModal>): Promise<SlackMessage | undefined> {
  try {
    await client.views.open({ trigger_id: triggerId, view });
    return undefined;
  } catch (err) {
    deps.log.warn({ err: safeError(err), step: 'views.open' }, 'could not open a modal');
    return textMessage(`I couldn’t open the form: ${why(slackCode(err))}`);
  }
}

/**
 * `/cspr step [STEP]` or a choice in the step select: the step's form, or the chooser when no step
 * is named, or the reason it cannot be recorded now (the core's refusal, word for word).
 */
export async function openStepForm(client: WebClient, deps: SlackDeps, found: Found, stepText: string | undefined, triggerId: string, channelId: string | undefined): Promise<SlackMessage | undefined> {
  if (!found) return textMessage(NOT_FOUND);
  const { case: c, actor } = found;
  if (!can(actor, 'post-decision', c.partnershipId)) return notAllowed();
  const p = deps.service.partnership(c.partnershipId);
  if (!stepText) {
    const view = caseView(c, p, deps.clock.now(), actor);
    return stepChooserMessage(c.ref, c.id, view.steps);
  }
  const step = stepText.toLowerCase();
  if (!isStepKind(step)) return textMessage(`I don’t know the step \`${step.slice(0, 30)}\`. The steps are: ${STEP_KINDS.map((s) => `\`${s}\``).join(', ')}.`);
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
  return open(client, deps, triggerId, modal);
}

/** `/cspr actions [REF]` and the Action plan button: the list, with buttons for those who may change it. */
export function actionsReply(deps: SlackDeps, found: Found): SlackMessage {
  if (!found) return textMessage(NOT_FOUND);
  const { case: c, actor } = found;
  const p = deps.service.partnership(c.partnershipId);
  const edit = can(actor, 'post-decision', c.partnershipId) && ACTION_PLAN_STATES.includes(c.state);
  return actionsMessage(c.ref, c.id, actionLines(c, p, deps.clock.now()), edit, edit);
}

/** The action form: a new recommendation, or (with an item id) an update of that item. */
export async function openActionForm(client: WebClient, deps: SlackDeps, found: Found, itemId: string | undefined, triggerId: string, channelId: string | undefined): Promise<SlackMessage | undefined> {
  if (!found) return textMessage(NOT_FOUND);
  const { case: c, actor } = found;
  if (!can(actor, 'post-decision', c.partnershipId)) return notAllowed();
  if (!ACTION_PLAN_STATES.includes(c.state)) return textMessage(`*${c.ref}* is ${c.state}: the action plan can change from the decision until the case is closed.`);
  let item: ActionItem | undefined;
  try {
    item = itemId ? actionItem(c, itemId) : undefined;
  } catch (err) {
    return textMessage(userMessage(err));
  }
  const modal = formModal(actionForm(item), {
    callbackId: ACTION_CALLBACK,
    privateMetadata: encodeMeta({ caseId: c.id, ...(item ? { arg: item.id } : {}), ...(channelId ? { channelId } : {}) }),
    context: `*${c.ref}*`,
    ...(item ? { initial: actionValues(item) } : {}),
  });
  return open(client, deps, triggerId, modal);
}

export function registerPostDecision(app: App, deps: SlackDeps): void {
  const guarded = async (client: WebClient, body: BlockAction, name: string, action: 'view' | 'post-decision', run: (actors: Actor[], channel: string | undefined) => Promise<SlackMessage | undefined>) => {
    const channel = body.channel?.id;
    try {
      const actors = actorsFor(deps.service, body.user.id, body.team?.id ?? body.user.team_id);
      // The roles first (a refusal that names no case), then the case among the person's partnerships.
      const reply =
        actors.length === 0 ? textMessage(NO_ROLE) : action === 'post-decision' && permittedActors(actors, action).length === 0 ? notAllowed() : await run(actors, channel);
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

  app.action<BlockAction<StaticSelectAction>>(ACTION_IDS.step, async ({ ack, body, action, client }) => {
    await ack();
    await guarded(client, body, ACTION_IDS.step, 'post-decision', async (actors, channel) => {
      const { caseId, arg } = split(action.selected_option?.value);
      return openStepForm(client, deps, await visibleCase(deps.service, actors, caseId, 'post-decision'), arg, body.trigger_id, channel);
    });
  });
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.actions, async ({ ack, body, action, client }) => {
    await ack();
    await guarded(client, body, ACTION_IDS.actions, 'view', async (actors) => actionsReply(deps, await visibleCase(deps.service, actors, action.value)));
  });
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.actionAdd, async ({ ack, body, action, client }) => {
    await ack();
    await guarded(client, body, ACTION_IDS.actionAdd, 'post-decision', async (actors, channel) =>
      openActionForm(client, deps, await visibleCase(deps.service, actors, action.value, 'post-decision'), undefined, body.trigger_id, channel),
    );
  });
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.actionEdit, async ({ ack, body, action, client }) => {
    await ack();
    await guarded(client, body, ACTION_IDS.actionEdit, 'post-decision', async (actors, channel) => {
      const { caseId, arg } = split(action.value);
      return openActionForm(client, deps, await visibleCase(deps.service, actors, caseId, 'post-decision'), arg ?? '', body.trigger_id, channel);
    });
  });

  /** The submitter as an actor allowed to record steps, and the case; or the answer to the modal. */
  const submitter = async (body: ViewSubmitAction, caseId: string | undefined) => {
    const actors = actorsFor(deps.service, body.user.id, body.team?.id ?? body.user.team_id);
    if (permittedActors(actors, 'post-decision').length === 0) return { refusal: notice('Not saved', notAllowed().text) };
    const found = await visibleCase(deps.service, actors, caseId, 'post-decision');
    return found ? { found } : { refusal: notice('Not saved', NOT_FOUND) };
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
      const done = textMessage([said.text, ...(said.warning ? [`⚠️ ${said.warning}`] : [])].join('\n'), said.text);
      return { late: done, ...(change.repeated ? {} : { after: () => ephemeral(client, deps.log, meta.channelId, user, done) }) };
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
      const done = textMessage(`Action plan of *${change.case.ref}*: item ${id} ${item ? 'updated' : 'added'}.`);
      return { late: done, ...(change.repeated ? {} : { after: () => ephemeral(client, deps.log, meta.channelId, user, done) }) };
    });
  });
}

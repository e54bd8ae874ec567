/**
 * The case action step in Slack (src/app/case-action.ts): the Slack user → the person's actors,
 * the case by the id a button or modal carried or by the reference / case channel of a command,
 * and a refusal as one message in the core's words. Each handler shows the message its own way
 * (an ephemeral, a notice over the modal, a direct message, the command's reply).
 */
import { caseAction, refusalText, type Refusal } from '../../app/case-action.js';
import type { CaseFormGate } from '../../app/case-forms.js';
import type { Case } from '../../domain/case.js';
import type { Action, Actor } from '../../domain/roles.js';
import type { SlackMessage } from '../../cards/slack/case-message.js';
import { textMessage } from '../../cards/slack/replies.js';
import { actorsFor, SLACK_ID, type SlackDeps } from './context.js';

/** How a Slack command names its case when it has neither a reference nor a case channel. */
export const WHICH_CASE =
  'Which case? Run this in the case channel, or give the reference, e.g. `/cspr status LINCS-2026-007`.';

/** Who acts: the Slack user and the workspace the request came from. */
export interface SlackPerson {
  userId: string | undefined;
  teamId: string | undefined;
}

/** A case id carried by a button or a modal, or a command's reference and the channel it was typed in. */
export type SlackTarget =
  { caseId: unknown } | { ref?: string | undefined; channelId?: string | undefined };

export type Found = { case: Case; actor: Actor; inChannel: boolean };

export type SlackStep = { ok: Found } | { refused: Refusal; message: SlackMessage };

export async function caseStep(
  deps: SlackDeps,
  person: SlackPerson,
  target: SlackTarget,
  what: Action | CaseFormGate,
): Promise<SlackStep> {
  const actors = actorsFor(deps.service, person.userId, person.teamId);
  const channel =
    'channelId' in target && typeof target.channelId === 'string' && SLACK_ID.test(target.channelId)
      ? { platform: 'slack' as const, id: target.channelId }
      : undefined;
  const where = 'caseId' in target ? { caseId: target.caseId } : { ref: target.ref, channel };
  const step = await caseAction(deps, actors, where, what);
  if ('ok' in step) return step;
  return { refused: step.refused, message: slackRefusal(step.refused) };
}

/** A refusal as a Slack message: the core's one sentence. */
export function slackRefusal(r: Refusal): SlackMessage {
  return textMessage(refusalText(r, WHICH_CASE));
}

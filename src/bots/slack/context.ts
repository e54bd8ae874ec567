/**
 * What every Slack handler shares: the dependencies, Slack user → Actors (for the case action
 * step, case-step.ts), the small metadata a modal carries, and a reply helper that never throws.
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { type CaseService } from '../../app/case-service.js';
import { safeError } from '../../logger.js';
import { resolveActors } from '../../app/identity.js';
import type { ReminderControls } from '../../app/reminder-controls.js';
import type { WebAccess } from '../../app/web-access.js';
import type { Case } from '../../domain/case.js';
import type { Clock } from '../../domain/clock.js';
import type { Actor } from '../../domain/roles.js';
import type { SlackMessage } from '../../cards/slack/case-message.js';

type WebClient = webApi.WebClient;

export interface SlackDeps {
  service: CaseService;
  clock: Clock;
  log: Logger;
  controls?: ReminderControls;
  /** Dashboard sign-in links and calendar feeds (`dashboard`, `calendar`). */
  access?: WebAccess;
  /** The App Home ("My work"), to publish again after a change that is no case event (a mute). */
  home?: { refresh(userId: string, teamId?: string): void };
}

/** The Slack effects the handlers can ask for (implemented in effects.ts). */
export interface SlackEffectsPort {
  /** Makes sure the case channel exists, holders are in it and the case message is current; reports failures to `userId`. */
  sync(
    caseId: string,
    userId: string | undefined,
    options?: { invite?: boolean; confirm?: boolean },
  ): void;
}

/**
 * The actors a Slack user is in each partnership (only partnerships bound to this workspace, when
 * one is configured). A holder with `slackEmail` is a partner of another workspace, reached
 * through Slack Connect: their user id is the one Slack gave the bot for that email, and they act
 * from their own workspace.
 */
export function actorsFor(
  service: CaseService,
  userId: string | undefined,
  teamId: string | undefined,
): Actor[] {
  return resolveActors(service.partnerships, 'slackUserId', userId).filter((a) => {
    const p = service.partnership(a.partnershipId);
    const team = p.slack?.teamId;
    const connected = Boolean(p.holders.find((h) => h.id === a.id)?.slackEmail);
    return connected || !team || !teamId || team === teamId;
  });
}

/** The Slack user id of a role holder, when the partnership file gives one. */
export function slackIdOf(
  service: CaseService,
  partnershipId: string,
  holderId: string,
): string | undefined {
  return service.partnerships
    .find((p) => p.id === partnershipId)
    ?.holders.find((h) => h.id === holderId)?.slackUserId;
}

/** What a Slack channel, user or team id looks like: only such a value is looked up in the store. */
export const SLACK_ID = /^[A-Z0-9]{2,30}$/;

/** The case channel recorded for a case. */
export function slackChannelOf(c: Case) {
  return c.channels.find((ch) => ch.platform === 'slack');
}

export interface ModalMeta {
  caseId?: string;
  channelId?: string;
  /** Which post-decision step, or which action plan item, the modal is for. */
  arg?: string;
}

export function encodeMeta(meta: ModalMeta): string {
  return JSON.stringify(meta);
}

export function decodeMeta(text: string | undefined): ModalMeta {
  try {
    const v = JSON.parse(text ?? '{}') as unknown;
    if (typeof v !== 'object' || v === null) return {};
    const o = v as Record<string, unknown>;
    return {
      ...(typeof o.caseId === 'string' ? { caseId: o.caseId } : {}),
      ...(typeof o.channelId === 'string' ? { channelId: o.channelId } : {}),
      ...(typeof o.arg === 'string' ? { arg: o.arg } : {}),
    };
  } catch {
    return {};
  }
}

/** Posts an ephemeral message; a failure is logged (by code) and swallowed: the reply is a courtesy. */
export async function ephemeral(
  client: WebClient,
  log: Logger,
  channel: string | undefined,
  user: string,
  msg: SlackMessage,
): Promise<void> {
  if (!channel) return dm(client, log, user, msg);
  try {
    await client.chat.postEphemeral({ channel, user, text: msg.text, blocks: msg.blocks });
  } catch (err) {
    log.warn({ err: safeError(err), step: 'chat.postEphemeral' }, 'ephemeral reply failed');
  }
}

/** A direct message from the bot (chat.postMessage to the user id: the app's Messages tab). */
export async function dm(
  client: WebClient,
  log: Logger,
  user: string,
  msg: SlackMessage,
): Promise<void> {
  try {
    await client.chat.postMessage({ channel: user, text: msg.text, blocks: msg.blocks });
  } catch (err) {
    log.warn({ err: safeError(err), step: 'dm' }, 'direct message failed');
  }
}

/** Runs `work`, but gives up waiting after `ms` (the work goes on): for answers that must beat Slack's 3 seconds. */
export async function withinDeadline<T>(
  work: Promise<T>,
  ms: number,
): Promise<{ done: true; value: T } | { done: false; later: Promise<T> }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms);
  });
  try {
    const first = await Promise.race([work.then((value) => ({ value })), late]);
    return first === 'late' ? { done: false, later: work } : { done: true, value: first.value };
  } finally {
    clearTimeout(timer);
  }
}

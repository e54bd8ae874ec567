/**
 * Slack's delivery of the announcements src/app decides (who is told what when a decision is
 * recorded or a case escalated): the channel post with chat.postMessage in the case channel, each
 * person by direct message to their Slack id. Who is told is not decided here. A person with no
 * Slack id (and not told in Teams either), or whose message Slack refused, is named to the
 * business managers (as Teams does), so that someone tells them another way.
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import {
  notReachedAnnouncements,
  toldElsewhere,
  toPeople,
  type Announcement,
  type Occasion,
  type Recipient,
} from '../../app/announcements.js';
import { safeError } from '../../logger.js';
import type { PartnershipConfig } from '../../config.js';
import type { Case } from '../../domain/case.js';
import { announcementMessage } from '../../cards/slack/announcement-message.js';
import { slackChannelOf } from './context.js';

type WebClient = webApi.WebClient;

export interface SlackAnnouncement {
  web: WebClient;
  log: Logger;
  partnership: PartnershipConfig;
  case: Pick<Case, 'id' | 'ref' | 'channels'>;
  occasion: Occasion;
  /** The case channel, when the case has one on Slack (no channel: the channel post is not made). */
  channel?: { id: string };
  /** A failed channel post (the caller records it on the case and tells the person who acted). */
  postFailed(err: unknown): Promise<void>;
}

/** Where a recipient is in Slack: the case channel, the person's user id (a direct message), or the review group's channel. */
export function slackAddress(to: Recipient, p: PartnershipConfig, c?: Case): string | undefined {
  switch (to.kind) {
    case 'channel':
      return c && slackChannelOf(c)?.id;
    case 'person':
      return p.holders.find((h) => h.id === to.holderId)?.slackUserId;
    case 'review-group':
      return p.reviewGroup?.slackChannelId;
  }
}

/** Delivers the list in order: the channel post first, then each person once. */
export async function deliverAnnouncements(
  a: SlackAnnouncement,
  list: readonly Announcement[],
): Promise<void> {
  for (const m of list) {
    if (m.to.kind !== 'channel' || !a.channel) continue;
    const msg = announcementMessage(m.what, a.channel.id);
    try {
      await a.web.chat.postMessage({ channel: a.channel.id, text: msg.text, blocks: msg.blocks });
    } catch (err) {
      await a.postFailed(err);
    }
  }
  const unreached = await tellPeople(a, list);
  await tellPeople(a, notReachedAnnouncements(a.case, a.partnership, a.occasion, unreached));
}

/** Direct messages; returns whom Slack could not reach. A person with two roles gets one message. */
async function tellPeople(
  a: SlackAnnouncement,
  list: readonly Announcement[],
): Promise<Recipient[]> {
  const unreached: Recipient[] = [];
  const seen = new Set<string>();
  for (const m of toPeople(list)) {
    const user = slackAddress(m.to, a.partnership);
    if (!user) {
      if (!toldElsewhere('slack', a.case, a.partnership, m.to.holderId)) unreached.push(m.to);
      continue;
    }
    if (seen.has(user)) continue;
    seen.add(user);
    const msg = announcementMessage(m.what, a.channel?.id);
    try {
      await a.web.chat.postMessage({ channel: user, text: msg.text, blocks: msg.blocks });
    } catch (err) {
      a.log.warn({ err: safeError(err), step: 'dm', caseId: a.case.id }, 'direct message failed');
      unreached.push(m.to);
    }
  }
  return unreached;
}

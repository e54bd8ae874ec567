/**
 * What Teams does after a case changes (whichever platform changed it): the case card is updated in
 * place; a recorded decision or an escalation is announced as src/app/announcements says (a reply in
 * the case card's thread with each partner's rationale, and 1:1 messages; see ./announce). A failed
 * effect is logged and recorded on the case (`step.failed`); the change itself stands.
 */
import { announcementsOf, decisionPost, escalationPost } from '../../app/announcements.js';
import type { CaseChange } from '../../app/case-service.js';
import type { Case } from '../../domain/case.js';
import type { CaseEventType } from '../../domain/events.js';
import type { AdaptiveCard } from '../../cards/teams/index.js';
import { announcementCard } from '../../cards/teams/announcement-card.js';
import { deliverAnnouncements, step } from './announce.js';
import { cardActivity } from './connector.js';
import { teamsChannel, type TeamsChannelMeta, type TeamsRuntime } from './runtime.js';
import { sharedCaseCard } from './case-cards.js';

const NOT_SHOWN: ReadonlySet<CaseEventType> = new Set([
  'channel.opened',
  'channel.updated',
  'step.failed',
]);

export function subscribeEffects(rt: TeamsRuntime): void {
  rt.service.subscribe((change) => onChange(rt, change));
}

async function onChange(rt: TeamsRuntime, change: CaseChange): Promise<void> {
  if (change.repeated || !change.events.some((e) => !NOT_SHOWN.has(e.type))) return;
  const c = change.case;
  const ch = teamsChannel(c);
  if (!ch?.meta.activityId || !ch.meta.conversationId) return;
  const meta = ch.meta as TeamsChannelMeta & { conversationId: string; activityId: string };
  await step(rt, c, 'teams.card-update', async () => {
    const card = await sharedCaseCard(rt, c);
    await rt.connector.update(
      meta.serviceUrl,
      { conversationId: meta.conversationId, activityId: meta.activityId },
      cardActivity(card, `Case ${c.ref}`),
    );
  });
  // Who is told what is src/app's decision; Teams words it and delivers it.
  const said = announcementsOf(
    c,
    rt.partnerships.get(c.partnershipId)!,
    new Set(change.events.map((e) => e.type)),
  );
  if (said) await deliverAnnouncements(rt, c, meta, said.occasion, said.messages);
}

/** The decision's reply in the case card's thread (kept on a case for the card checks). */
export function decisionCard(c: Case): AdaptiveCard {
  return announcementCard(decisionPost(c)).card;
}

/** The escalation's reply in the case card's thread. */
export function escalationCard(c: Case): AdaptiveCard {
  return announcementCard(escalationPost(c)).card;
}

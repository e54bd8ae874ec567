/**
 * Slack's delivery of the weekly oversight digest: a direct message to each chair with a Slack id,
 * and a post in the review group's channel when the partnership names one (`reviewGroup.slackChannelId`).
 * A failure goes back to the scheduler, which retries with back-off and honours Retry-After.
 */
import type { webApi } from '@slack/bolt';
import type { PartnershipConfig } from '../../config.js';
import { digestMessage } from '../../cards/slack/post-decision-messages.js';
import type { DigestDelivery, DigestNotifier, DigestTarget } from '../../scheduler/oversight-scheduler.js';
import { postScheduled } from './reminders.js';

type WebClient = webApi.WebClient;

export class SlackDigestNotifier implements DigestNotifier {
  readonly platform = 'slack' as const;

  constructor(private readonly web: WebClient) {}

  targets(p: PartnershipConfig): DigestTarget[] {
    const chairs: DigestTarget[] = p.holders.filter((h) => h.roles.includes('chair') && h.slackUserId).map((holder) => ({ kind: 'chair', holder }));
    return [...chairs, ...(p.reviewGroup?.slackChannelId ? [{ kind: 'group' as const }] : [])];
  }

  async deliver(d: DigestDelivery): Promise<void> {
    const channel = d.target.kind === 'chair' ? d.target.holder.slackUserId : d.partnership.reviewGroup?.slackChannelId;
    if (!channel) return;
    const msg = digestMessage(d.digest, d.late);
    await postScheduled(this.web, channel, msg);
  }
}

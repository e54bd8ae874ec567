/**
 * Slack's delivery of the weekly oversight digest to those src/app names (digestRecipients): a
 * direct message to each with a Slack id, and a post in the review group's channel when the
 * partnership names one (`reviewGroup.slackChannelId`). A failure goes back to the scheduler,
 * which retries with back-off and honours Retry-After.
 */
import type { webApi } from '@slack/bolt';
import type { PartnershipConfig } from '../../config.js';
import { announcementMessage } from '../../cards/slack/announcement-message.js';
import {
  digestTargets,
  recipientOf,
  type DigestDelivery,
  type DigestNotifier,
  type DigestTarget,
} from '../../scheduler/oversight-scheduler.js';
import { slackAddress } from './announce.js';
import { postScheduled } from './reminders.js';

type WebClient = webApi.WebClient;

export class SlackDigestNotifier implements DigestNotifier {
  readonly platform = 'slack' as const;

  constructor(private readonly web: WebClient) {}

  targets(p: PartnershipConfig): DigestTarget[] {
    return digestTargets(p, (to) => Boolean(slackAddress(to, p)));
  }

  async deliver(d: DigestDelivery): Promise<void> {
    const channel = slackAddress(recipientOf(d.target), d.partnership);
    if (!channel) return;
    await postScheduled(
      this.web,
      channel,
      announcementMessage({ kind: 'oversight', digest: d.digest, late: d.late }),
    );
  }
}

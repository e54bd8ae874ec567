/**
 * Slack's reminder delivery (the scheduler's Notifier) of src/app's duty announcements: the digest
 * goes to the case channel, personal reminders and escalations to the person's direct messages.
 * Its Web API client does not retry or wait out rate limits itself: a failure goes back to the
 * scheduler, which retries with back-off and honours Retry-After.
 */
import { webApi } from '@slack/bolt';
import { dutyAnnouncement } from '../../app/scheduled-announcements.js';
import { announcementMessage } from '../../cards/slack/announcement-message.js';
import type { SlackMessage } from '../../cards/slack/case-message.js';
import { DeliveryError, type Notifier, type ReminderDelivery } from '../../scheduler/notifier.js';
import { slackAddress } from './announce.js';

type WebClient = webApi.WebClient;

export class SlackReminderNotifier implements Notifier {
  readonly platform = 'slack' as const;

  constructor(private readonly web: WebClient) {}

  /** Whether Slack can reach the one src/app says the reminder is for (the case channel, or the person's Slack id). */
  applies(d: Omit<ReminderDelivery, 'late'>): boolean {
    const a = dutyAnnouncement(d.reminder, d.partnership, false);
    return Boolean(a && slackAddress(a.to, d.partnership, d.case));
  }

  async deliver(d: ReminderDelivery): Promise<void> {
    const a = dutyAnnouncement(d.reminder, d.partnership, d.late);
    const channel = a && slackAddress(a.to, d.partnership, d.case);
    if (!channel) return;
    await postScheduled(this.web, channel, announcementMessage(a.what));
  }
}

/**
 * Posts a scheduled message (reminder, digest). A failure becomes a DeliveryError for the
 * scheduler, with Slack's Retry-After when it was rate limited.
 */
export async function postScheduled(
  web: WebClient,
  channel: string,
  msg: SlackMessage,
): Promise<void> {
  try {
    await web.chat.postMessage({ channel, text: msg.text, blocks: msg.blocks });
  } catch (err) {
    const e = err as { code?: string; retryAfter?: number; data?: { error?: string } };
    if (e.code === webApi.ErrorCode.RateLimitedError)
      throw new DeliveryError('Slack rate limit', (e.retryAfter ?? 30) * 1000);
    throw new DeliveryError(`Slack ${e.data?.error ?? e.code ?? 'request failed'}`);
  }
}

/** Web API client for reminders: no retries of its own, rate limits reported at once. */
export const REMINDER_CLIENT = {
  retryConfig: { retries: 0 },
  rejectRateLimitedCalls: true,
  timeout: 10_000,
};

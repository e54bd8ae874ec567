/**
 * Teams' reminder delivery (the scheduler's Notifier) of src/app's duty announcements: the digest
 * is posted in the case channel (or the case's conversation in local mode), personal reminders and
 * escalations go 1:1 to the person by their Entra object id. A connector failure goes back to the scheduler, which retries with
 * back-off and honours Retry-After.
 */
import { dutyAnnouncement } from '../../app/scheduled-announcements.js';
import type { PartnershipConfig } from '../../config.js';
import { announcementCard } from '../../cards/teams/announcement-card.js';
import { DeliveryError, type Notifier, type ReminderDelivery } from '../../scheduler/notifier.js';
import { cardActivity, statusOf } from './connector.js';
import { teamsChannel, type TeamsRuntime } from './runtime.js';

export class TeamsReminderNotifier implements Notifier {
  readonly platform = 'teams' as const;

  constructor(private readonly rt: TeamsRuntime) {}

  /** Whether Teams can reach the one src/app says the reminder is for (the case channel, or the person's Entra id). */
  applies(d: Omit<ReminderDelivery, 'late'>): boolean {
    if (!teamsChannel(d.case)) return false; // the service URL and tenant come from the case's Teams channel
    const to = dutyAnnouncement(d.reminder, d.partnership, false)?.to;
    return (
      to?.kind === 'channel' ||
      Boolean(to?.kind === 'person' && entraIdOf(d.partnership, to.holderId))
    );
  }

  async deliver(d: ReminderDelivery): Promise<void> {
    const ch = teamsChannel(d.case);
    const a = dutyAnnouncement(d.reminder, d.partnership, d.late);
    if (!ch || !a) return;
    const { card, summary } = announcementCard(a.what);
    const activity = cardActivity(card, summary);
    const meta = ch.meta;
    try {
      if (a.to.kind === 'channel') {
        if (meta.local && meta.conversationId)
          await this.rt.connector.send(meta.serviceUrl, meta.conversationId, activity);
        else await this.rt.connector.postToChannel(meta.serviceUrl, ch.id, meta.tenantId, activity);
      } else if (a.to.kind === 'person') {
        const tenant =
          this.rt.partnerships.get(d.case.partnershipId)?.teams?.tenantId ?? meta.tenantId;
        await this.rt.connector.sendPersonal(
          meta.serviceUrl,
          tenant,
          entraIdOf(d.partnership, a.to.holderId)!,
          activity,
        );
      }
    } catch (err) {
      throw deliveryError(err);
    }
  }
}

/** A holder's Entra object id, when the partnership file gives one. */
export function entraIdOf(p: PartnershipConfig, holderId: string): string | undefined {
  return p.holders.find((h) => h.id === holderId)?.teamsAadObjectId;
}

/** A connector failure as a DeliveryError for the scheduler, with Retry-After on a 429. */
export function deliveryError(err: unknown): DeliveryError {
  const e = err as { response?: { headers?: { get?: (n: string) => string | null | undefined } } };
  const status = statusOf(err);
  const retryAfter = Number(e.response?.headers?.get?.('retry-after'));
  if (status === 429)
    return new DeliveryError(
      'Teams rate limit',
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 30_000,
    );
  return new DeliveryError(`Teams connector ${status ?? 'request failed'}`);
}

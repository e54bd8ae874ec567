/**
 * Teams' reminder delivery (the scheduler's Notifier): the digest is posted in the case channel (or
 * the case's conversation in local mode), personal reminders and escalations go 1:1 to the person
 * by their Entra object id. A connector failure goes back to the scheduler, which retries with
 * back-off and honours Retry-After.
 */
import { reminderText } from '../../app/reminder-text.js';
import { messageCard } from '../../cards/teams/index.js';
import type { CardVerb } from '../../cards/teams/action-data.js';
import { DeliveryError, type Notifier, type ReminderDelivery } from '../../scheduler/notifier.js';
import { cardActivity, statusOf } from './connector.js';
import { teamsChannel, type TeamsRuntime } from './runtime.js';

const OPEN: Partial<Record<string, { title: string; verb: CardVerb }>> = {
  facts: { title: 'Record facts', verb: 'facts.open' },
  criteria: { title: 'Assess criteria', verb: 'criteria.open' },
  vote: { title: 'Vote', verb: 'vote.open' },
  notified: { title: 'Record notification', verb: 'notified.open' },
};

export class TeamsReminderNotifier implements Notifier {
  readonly platform = 'teams' as const;

  constructor(private readonly rt: TeamsRuntime) {}

  applies(d: Omit<ReminderDelivery, 'late'>): boolean {
    if (!teamsChannel(d.case)) return false; // the service URL and tenant come from the case's Teams channel
    return d.reminder.kind === 'digest' || Boolean(d.holder?.teamsAadObjectId);
  }

  async deliver(d: ReminderDelivery): Promise<void> {
    const ch = teamsChannel(d.case);
    if (!ch) return;
    const t = reminderText(d.reminder, d.late);
    const open = OPEN[t.action];
    const card = messageCard({
      title: t.title,
      lines: [...t.lines, ...(open ? [] : [`Type \`status ${d.case.ref}\` to me for the whole case.`])],
      ...(open ? { actions: [{ ...open, caseId: d.case.id }] } : {}),
    });
    const activity = cardActivity(card, t.title);
    const meta = ch.meta;
    try {
      if (d.reminder.kind === 'digest') {
        if (meta.local && meta.conversationId) await this.rt.connector.send(meta.serviceUrl, meta.conversationId, activity);
        else await this.rt.connector.postToChannel(meta.serviceUrl, ch.id, meta.tenantId, activity);
      } else {
        const tenant = this.rt.partnerships.get(d.case.partnershipId)?.teams?.tenantId ?? meta.tenantId;
        await this.rt.connector.sendPersonal(meta.serviceUrl, tenant, d.holder!.teamsAadObjectId!, activity);
      }
    } catch (err) {
      throw deliveryError(err);
    }
  }
}

/** A connector failure as a DeliveryError for the scheduler, with Retry-After on a 429. */
export function deliveryError(err: unknown): DeliveryError {
  const e = err as { response?: { headers?: { get?: (n: string) => string | null | undefined } } };
  const status = statusOf(err);
  const retryAfter = Number(e.response?.headers?.get?.('retry-after'));
  if (status === 429) return new DeliveryError('Teams rate limit', Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 30_000);
  return new DeliveryError(`Teams connector ${status ?? 'request failed'}`);
}

/**
 * Teams' delivery of the weekly oversight digest to those src/app names (digestRecipients): 1:1 to
 * each chair by Entra object id, and a post in the review group's channel when the partnership
 * names one (`reviewGroup.teamsChannelId`). The Bot Connector's service URL is the partnership's
 * `reviewGroup.teamsServiceUrl`, else the one its case channels were opened on; with neither, Teams
 * has nowhere to send it yet. A failure goes back to the scheduler, which retries with back-off.
 */
import type { PartnershipConfig } from '../../config.js';
import type { Case } from '../../domain/case.js';
import { announcementCard } from '../../cards/teams/announcement-card.js';
import {
  digestTargets,
  recipientOf,
  type DigestDelivery,
  type DigestNotifier,
  type DigestTarget,
} from '../../scheduler/oversight-scheduler.js';
import { cardActivity } from './connector.js';
import { deliveryError, entraIdOf } from './reminders.js';
import { teamsChannel, type TeamsRuntime } from './runtime.js';

/** Where the connector is for this partnership, and its tenant. */
function endpoint(
  p: PartnershipConfig,
  cases: Case[],
): { serviceUrl: string; tenantId?: string } | undefined {
  const meta = cases.map((c) => teamsChannel(c)?.meta).find((m) => m && !m.local);
  const serviceUrl = p.reviewGroup?.teamsServiceUrl ?? meta?.serviceUrl;
  if (!serviceUrl) return undefined;
  const tenantId = p.teams?.tenantId ?? meta?.tenantId;
  return { serviceUrl, ...(tenantId ? { tenantId } : {}) };
}

export class TeamsDigestNotifier implements DigestNotifier {
  readonly platform = 'teams' as const;

  constructor(private readonly rt: TeamsRuntime) {}

  /** Those of src/app's recipients (digestRecipients) Teams can reach: a person by Entra id, the review group by its channel id. */
  targets(p: PartnershipConfig, cases: Case[]): DigestTarget[] {
    if (!endpoint(p, cases)) return [];
    return digestTargets(p, (to) =>
      to.kind === 'person'
        ? Boolean(entraIdOf(p, to.holderId))
        : to.kind === 'review-group' && Boolean(p.reviewGroup?.teamsChannelId),
    );
  }

  async deliver(d: DigestDelivery): Promise<void> {
    const where = endpoint(d.partnership, d.cases);
    if (!where) return;
    const { card, summary } = announcementCard({
      kind: 'oversight',
      digest: d.digest,
      late: d.late,
    });
    const activity = cardActivity(card, summary);
    const to = recipientOf(d.target);
    try {
      if (to.kind === 'person')
        await this.rt.connector.sendPersonal(
          where.serviceUrl,
          where.tenantId,
          entraIdOf(d.partnership, to.holderId)!,
          activity,
        );
      else
        await this.rt.connector.postToChannel(
          where.serviceUrl,
          d.partnership.reviewGroup!.teamsChannelId!,
          where.tenantId,
          activity,
        );
    } catch (err) {
      throw deliveryError(err);
    }
  }
}

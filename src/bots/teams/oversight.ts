/**
 * Teams' delivery of the weekly oversight digest: 1:1 to each chair by Entra object id, and a post
 * in the review group's channel when the partnership names one (`reviewGroup.teamsChannelId`). The
 * Bot Connector's service URL is the partnership's `reviewGroup.teamsServiceUrl`, else the one its
 * case channels were opened on; with neither, Teams has nowhere to send it yet. A failure goes back
 * to the scheduler, which retries with back-off.
 */
import { digestText } from '../../app/oversight.js';
import type { PartnershipConfig } from '../../config.js';
import type { Case } from '../../domain/case.js';
import { messageCard } from '../../cards/teams/index.js';
import type { DigestDelivery, DigestNotifier, DigestTarget } from '../../scheduler/oversight-scheduler.js';
import { cardActivity } from './connector.js';
import { deliveryError } from './reminders.js';
import { teamsChannel, type TeamsRuntime } from './runtime.js';

/** Where the connector is for this partnership, and its tenant. */
function endpoint(p: PartnershipConfig, cases: Case[]): { serviceUrl: string; tenantId?: string } | undefined {
  const meta = cases.map((c) => teamsChannel(c)?.meta).find((m) => m && !m.local);
  const serviceUrl = p.reviewGroup?.teamsServiceUrl ?? meta?.serviceUrl;
  if (!serviceUrl) return undefined;
  const tenantId = p.teams?.tenantId ?? meta?.tenantId;
  return { serviceUrl, ...(tenantId ? { tenantId } : {}) };
}

export class TeamsDigestNotifier implements DigestNotifier {
  readonly platform = 'teams' as const;

  constructor(private readonly rt: TeamsRuntime) {}

  targets(p: PartnershipConfig, cases: Case[]): DigestTarget[] {
    if (!endpoint(p, cases)) return [];
    const chairs: DigestTarget[] = p.holders.filter((h) => h.roles.includes('chair') && h.teamsAadObjectId).map((holder) => ({ kind: 'chair', holder }));
    return [...chairs, ...(p.reviewGroup?.teamsChannelId ? [{ kind: 'group' as const }] : [])];
  }

  async deliver(d: DigestDelivery): Promise<void> {
    const where = endpoint(d.partnership, d.cases);
    if (!where) return;
    const t = digestText(d.digest, d.late);
    const card = messageCard({
      title: t.title,
      lines: [t.intro],
      sections: t.sections.slice(0, 40).map((s) => ({ heading: s.heading, lines: s.lines })),
    });
    const activity = cardActivity(card, t.title);
    try {
      if (d.target.kind === 'chair') await this.rt.connector.sendPersonal(where.serviceUrl, where.tenantId, d.target.holder.teamsAadObjectId!, activity);
      else await this.rt.connector.postToChannel(where.serviceUrl, d.partnership.reviewGroup!.teamsChannelId!, where.tenantId, activity);
    } catch (err) {
      throw deliveryError(err);
    }
  }
}

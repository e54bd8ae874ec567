/**
 * Proactive install: at each start the bot installs itself (personal scope, Graph
 * `POST /users/{id}/teamwork/installedApps`) for every role holder of every partnership, so that the
 * chair and the scrutineer receive escalations, and everyone their reminders, without installing
 * it themselves. Needs TEAMS_APP_CATALOG_ID (the app's id in the organisation's catalogue) and the
 * application permission TeamsAppInstallation.ReadWriteForUser.All. A holder who cannot be reached
 * (no Entra id in the file, or Graph refuses) is logged and told by name to the business managers:
 * never silently skipped.
 */
import { safeError } from '../../logger.js';
import { holdersWithAnyRole, type PartnershipConfig } from '../../config.js';
import { messageCard } from '../../cards/teams/index.js';
import { cardActivity } from './connector.js';
import { GraphError } from './graph.js';
import type { TeamsRuntime } from './runtime.js';

export interface InstallReport {
  installed: number;
  already: number;
  /** Holders who cannot be reached, by name, with why. */
  unreachable: { name: string; why: string }[];
}

export async function installForHolders(rt: TeamsRuntime): Promise<Map<string, InstallReport>> {
  const out = new Map<string, InstallReport>();
  const catalogId = rt.config.teams.appCatalogId;
  if (!rt.graph || !catalogId) return out;
  for (const p of rt.partnerships.values()) {
    if (!p.teams) continue;
    const report: InstallReport = { installed: 0, already: 0, unreachable: [] };
    const seen = new Set<string>();
    for (const h of p.holders) {
      if (!h.teamsAadObjectId) {
        report.unreachable.push({
          name: h.name,
          why: 'no Teams (Entra) object id in the partnership file',
        });
        continue;
      }
      if (seen.has(h.teamsAadObjectId.toLowerCase())) continue;
      seen.add(h.teamsAadObjectId.toLowerCase());
      try {
        const r = await rt.graph.installAppForUser(
          h.teamsTenantId ?? p.teams.tenantId,
          h.teamsAadObjectId,
          catalogId,
        );
        if (r === 'installed') report.installed++;
        else report.already++;
      } catch (err) {
        if (!(err instanceof GraphError)) throw err;
        report.unreachable.push({
          name: h.name,
          why: `Teams refused to install the app for them (${err.code})`,
        });
      }
    }
    out.set(p.id, report);
    rt.log.info(
      {
        partnershipId: p.id,
        installed: report.installed,
        already: report.already,
        unreachable: report.unreachable.length,
      },
      'teams app installed for role holders',
    );
    if (report.unreachable.length) await tellBusinessManagers(rt, p, report);
  }
  return out;
}

async function tellBusinessManagers(
  rt: TeamsRuntime,
  p: PartnershipConfig,
  r: InstallReport,
): Promise<void> {
  const card = messageCard({
    title: 'Some role holders cannot be reached in Teams',
    lines: [
      'The bot could not install itself for these people, so it cannot message them (reminders, escalations) until they add the CSPR app themselves or the problem is fixed:',
      ...r.unreachable.map((u) => `${u.name}: ${u.why}.`),
    ],
  });
  const serviceUrl = p.reviewGroup?.teamsServiceUrl ?? rt.config.teams.serviceUrl;
  for (const bm of holdersWithAnyRole(p, ['business-manager'])) {
    if (!bm.teamsAadObjectId) continue;
    try {
      await rt.connector.sendPersonal(
        serviceUrl,
        bm.teamsTenantId ?? p.teams?.tenantId,
        bm.teamsAadObjectId,
        cardActivity(card, 'Role holders not reachable in Teams'),
      );
    } catch (err) {
      rt.log.warn(
        { err: safeError(err), partnershipId: p.id },
        'business manager could not be told of unreachable holders',
      );
    }
  }
}

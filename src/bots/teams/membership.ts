/**
 * Who is in a case channel: exactly the partnership's role holders (by Entra object id), the
 * business managers as owners (Graph wants an owner when an app creates a private or shared
 * channel). Nobody else sees a case: people are added while they hold a role, and at each start
 * the open case channels are brought back in step with the partnership file, removing whoever no
 * longer holds a role there. Every removal and every failure is logged and told to the business
 * manager 1:1; none is silent.
 */
import { safeError } from '../../logger.js';
import { holdersWithAnyRole, type PartnershipConfig } from '../../config.js';
import type { Case } from '../../domain/case.js';
import { messageCard } from '../../cards/teams/index.js';
import { cardActivity } from './connector.js';
import { GraphError, type ChannelPerson } from './graph.js';
import { teamsChannel, type TeamsChannelMeta, type TeamsRuntime } from './runtime.js';

/** The people of a partnership's case channels, each once; owners first. */
export function channelPeople(p: PartnershipConfig): ChannelPerson[] {
  const shared = p.teams?.caseChannel === 'shared';
  const home = p.teams?.tenantId?.toLowerCase();
  const seen = new Map<string, ChannelPerson>();
  for (const h of p.holders) {
    if (!h.teamsAadObjectId) continue;
    const key = h.teamsAadObjectId.toLowerCase();
    const owner = h.roles.includes('business-manager');
    const prior = seen.get(key);
    if (prior) {
      prior.owner ||= owner;
      continue;
    }
    // Only a shared channel takes people from another tenant (B2B direct connect), named with their tenant.
    const external =
      shared && h.teamsTenantId && h.teamsTenantId.toLowerCase() !== home
        ? { tenantId: h.teamsTenantId }
        : {};
    seen.set(key, { aadObjectId: h.teamsAadObjectId, owner, ...external });
  }
  const people = [...seen.values()];
  if (people.length && !people.some((x) => x.owner)) people[0]!.owner = true;
  return people.sort((a, b) => Number(b.owner) - Number(a.owner));
}

export interface MembershipReport {
  added: string[];
  /** People taken out (no longer holding a role): their name as Teams shows it, for the business manager. */
  removed: { userId: string; name: string }[];
  failed: { aadObjectId: string; code: string }[];
}

export interface ChannelWhere {
  tenantId: string | undefined;
  teamId: string;
  channelId: string;
}

/** Adds the holders missing from the channel and, with `remove`, takes out whoever holds no role. */
export async function syncChannelMembers(
  rt: TeamsRuntime,
  p: PartnershipConfig,
  where: ChannelWhere,
  o: { remove: boolean },
): Promise<MembershipReport> {
  const graph = rt.graph!;
  const report: MembershipReport = { added: [], removed: [], failed: [] };
  const desired = channelPeople(p);
  const wanted = new Set(desired.map((x) => x.aadObjectId.toLowerCase()));
  const current = await graph.channelMembers(where.tenantId, where.teamId, where.channelId);
  const present = new Set(current.map((m) => m.userId?.toLowerCase()).filter(Boolean));
  // Add first: a removed owner must not leave the channel without one.
  for (const person of desired) {
    if (present.has(person.aadObjectId.toLowerCase())) continue;
    try {
      await graph.addChannelMember(where.tenantId, where.teamId, where.channelId, person);
      report.added.push(person.aadObjectId);
    } catch (err) {
      if (!(err instanceof GraphError)) throw err;
      report.failed.push({ aadObjectId: person.aadObjectId, code: err.code });
    }
  }
  if (!o.remove) return report;
  for (const m of current) {
    if (!m.userId || wanted.has(m.userId.toLowerCase())) continue;
    try {
      await graph.removeChannelMember(where.tenantId, where.teamId, where.channelId, m.id);
      report.removed.push({
        userId: m.userId,
        name: m.displayName || 'someone without a name in Teams',
      });
    } catch (err) {
      if (!(err instanceof GraphError)) throw err;
      report.failed.push({ aadObjectId: m.userId, code: err.code });
    }
  }
  return report;
}

/**
 * At start: every open case channel of every partnership with a cases team, in step with the
 * partnership file. Returns the reports by case reference (tests; the log says the same).
 */
export async function reconcileCaseChannels(
  rt: TeamsRuntime,
): Promise<Map<string, MembershipReport>> {
  const out = new Map<string, MembershipReport>();
  if (!rt.graph) return out;
  for (const p of rt.partnerships.values()) {
    if (!p.teams?.casesTeamId) continue;
    const cases = await rt.service.openCases(p.id);
    for (const c of cases) {
      const ch = teamsChannel(c);
      if (!ch || ch.meta.local || !ch.meta.teamId) continue;
      let report: MembershipReport;
      try {
        report = await syncChannelMembers(
          rt,
          p,
          {
            tenantId: p.teams.tenantId ?? ch.meta.tenantId,
            teamId: ch.meta.teamId,
            channelId: ch.id,
          },
          { remove: true },
        );
      } catch (err) {
        rt.log.warn(
          { err: safeError(err), caseId: c.id },
          'teams case channel members could not be checked',
        );
        report = {
          added: [],
          removed: [],
          failed: [{ aadObjectId: '', code: err instanceof GraphError ? err.code : 'failed' }],
        };
      }
      out.set(c.ref, report);
      if (!report.added.length && !report.removed.length && !report.failed.length) continue;
      rt.log.info(
        {
          caseId: c.id,
          added: report.added.length,
          removed: report.removed.length,
          failed: report.failed.map((f) => f.code),
        },
        'teams case channel members brought in step with the partnership file',
      );
      await tellBusinessManagers(rt, p, c, ch.meta, report);
    }
  }
  return out;
}

async function tellBusinessManagers(
  rt: TeamsRuntime,
  p: PartnershipConfig,
  c: Case,
  meta: TeamsChannelMeta,
  r: MembershipReport,
): Promise<void> {
  const lines = [
    ...(r.removed.length
      ? [
          `Removed from the channel, as they no longer hold a role in the partnership file: ${r.removed.map((x) => x.name).join(', ')}.`,
        ]
      : []),
    ...(r.added.length
      ? [
          `Added to the channel, as they hold a role: ${r.added.length} ${r.added.length === 1 ? 'person' : 'people'}.`,
        ]
      : []),
    ...(r.failed.length
      ? [
          `${r.failed.length} membership ${r.failed.length === 1 ? 'change' : 'changes'} could not be made (${[...new Set(r.failed.map((f) => f.code))].join(', ')}): check the channel's members in Teams.`,
        ]
      : []),
  ];
  const card = messageCard({ title: `Case channel ${c.ref}: members updated`, lines });
  for (const bm of holdersWithAnyRole(p, ['business-manager'])) {
    if (!bm.teamsAadObjectId) continue;
    try {
      await rt.connector.sendPersonal(
        meta.serviceUrl,
        p.teams?.tenantId ?? meta.tenantId,
        bm.teamsAadObjectId,
        cardActivity(card, `Case channel ${c.ref}`),
      );
    } catch (err) {
      rt.log.warn(
        { err: safeError(err), caseId: c.id },
        'business manager could not be told of the channel members',
      );
    }
  }
}

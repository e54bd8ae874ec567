/** Resolves a platform user to the actors they are in each partnership (by the partnership file). */
import type { Holder, PartnershipConfig } from '../config.js';
import type { Actor } from '../domain/roles.js';

export type PlatformKey = 'slackUserId' | 'teamsAadObjectId' | 'id';

export function actorOf(p: PartnershipConfig, h: Holder): Actor {
  return { id: h.id, name: h.name, partnershipId: p.id, roles: [...h.roles] };
}

/** Every partnership in which this platform user holds a role, as an Actor for each. */
export function resolveActors(
  partnerships: PartnershipConfig[],
  key: PlatformKey,
  value: string | undefined,
): Actor[] {
  if (!value) return [];
  const out: Actor[] = [];
  for (const p of partnerships) {
    const h = p.holders.find((x) => x[key] === value);
    if (h) out.push(actorOf(p, h));
  }
  return out;
}

/**
 * Teams' delivery of the announcements src/app decides (who is told what when a decision is
 * recorded or a case escalated): the channel post as a reply in the case card's thread, each person
 * 1:1 by their Entra object id. Who is told is not decided here. One who cannot be reached (no
 * Entra id and not told in Slack either, or the app not installed for them) is named to the
 * business managers, so that someone tells them another way: never skipped in silence.
 */
import {
  notReachedAnnouncements,
  toldElsewhere,
  toPeople,
  type Announcement,
  type Occasion,
  type Recipient,
} from '../../app/announcements.js';
import { safeError } from '../../logger.js';
import type { Case } from '../../domain/case.js';
import { systemActor } from '../../domain/roles.js';
import { announcementCard } from '../../cards/teams/announcement-card.js';
import { cardActivity, statusOf } from './connector.js';
import type { TeamsChannelMeta, TeamsRuntime } from './runtime.js';

/** The card's conversation (the case card's thread, `…;messageid=N`; in local mode, the same conversation). */
export type CardMeta = TeamsChannelMeta & { conversationId: string };

/** Delivers the list in order: the channel post first, then each person once, then who was not reached. */
export async function deliverAnnouncements(
  rt: TeamsRuntime,
  c: Case,
  meta: CardMeta,
  occasion: Occasion,
  list: readonly Announcement[],
): Promise<void> {
  for (const m of list) {
    if (m.to.kind !== 'channel') continue;
    const { card, summary } = announcementCard(m.what);
    await step(rt, c, `teams.${occasion}-post`, () =>
      rt.connector.send(meta.serviceUrl, meta.conversationId, cardActivity(card, summary)),
    );
  }
  const unreached = await tellPeople(rt, c, meta, list, true);
  await tellPeople(
    rt,
    c,
    meta,
    notReachedAnnouncements(c, rt.partnerships.get(c.partnershipId)!, occasion, unreached),
    false,
  );
}

/**
 * 1:1 messages; returns whom Teams could not reach. A failure is recorded on the case (`teams.tell`)
 * when `record`; the business managers' own messages are only logged (there is no one left to tell).
 */
async function tellPeople(
  rt: TeamsRuntime,
  c: Case,
  meta: TeamsChannelMeta,
  list: readonly Announcement[],
  record: boolean,
): Promise<Recipient[]> {
  const p = rt.partnerships.get(c.partnershipId)!;
  const unreached: Recipient[] = [];
  const seen = new Set<string>();
  for (const m of toPeople(list)) {
    const h = p.holders.find((x) => x.id === m.to.holderId);
    if (!h?.teamsAadObjectId) {
      if (!toldElsewhere('teams', c, p, m.to.holderId)) unreached.push(m.to);
      continue;
    }
    if (seen.has(h.teamsAadObjectId)) continue;
    seen.add(h.teamsAadObjectId);
    const { card, summary } = announcementCard(m.what);
    const send = () =>
      rt.connector.sendPersonal(
        meta.serviceUrl,
        h.teamsTenantId ?? p.teams?.tenantId ?? meta.tenantId,
        h.teamsAadObjectId!,
        cardActivity(card, summary),
      );
    if (record) {
      if (!(await step(rt, c, 'teams.tell', send))) unreached.push(m.to);
    } else {
      await send().catch((err: unknown) =>
        rt.log.warn(
          { err: safeError(err), caseId: c.id },
          'business manager could not be told of an unreachable holder',
        ),
      );
    }
  }
  return unreached;
}

/** Runs an effect; a failure is logged and recorded on the case. True when it was delivered. */
export async function step(
  rt: TeamsRuntime,
  c: Case,
  name: string,
  run: () => Promise<unknown>,
): Promise<boolean> {
  try {
    await run();
    return true;
  } catch (err) {
    rt.log.warn({ err: safeError(err), caseId: c.id, step: name }, 'teams effect failed');
    try {
      const code = `connector.${statusOf(err) ?? 'failed'}`;
      await rt.service.run(systemActor(c.partnershipId), c.id, {
        type: 'record-failure',
        step: name,
        code,
        message: 'A Teams message could not be delivered.',
      });
    } catch (again) {
      rt.log.error(
        { err: safeError(again), caseId: c.id, step: name },
        'could not record a failed step',
      );
    }
    return false;
  }
}

/**
 * Teams' delivery of the announcements src/app decides (who is told what when a decision is
 * recorded or a case escalated): the channel post as a reply in the case card's thread, each person
 * 1:1 by their Entra object id. Who is told is not decided here. One who cannot be reached (no
 * Entra id, or the app not installed for them) is named to the business managers, so that someone
 * tells them another way: never skipped in silence.
 */
import { notReachedAnnouncements, toldSentence, toPeople, type Announcement, type Occasion, type Recipient, type Said, type VoteFacts } from '../../app/announcements.js';
import { safeError } from '../../app/case-service.js';
import { OUTCOME_LABELS, type Case } from '../../domain/case.js';
import { CIRCUMSTANCES, CRITERIA } from '../../domain/criteria.js';
import { PARTNER_LABELS, PARTNERS, systemActor } from '../../domain/roles.js';
import { messageCard, type AdaptiveCard } from '../../cards/teams/index.js';
import { cardActivity, statusOf } from './connector.js';
import type { TeamsChannelMeta, TeamsRuntime } from './runtime.js';

const CRITERION_SHORT = new Map<string, string>([...CRITERIA, ...CIRCUMSTANCES].map((c) => [c.key, c.short]));

/** The card's conversation (the case card's thread, `…;messageid=N`; in local mode, the same conversation). */
export type CardMeta = TeamsChannelMeta & { conversationId: string };

/** Each partner's vote and rationale, once all three have voted (before that nothing is shown). */
function voteSections(votes: VoteFacts[]) {
  if (votes.length < PARTNERS.length) return [];
  return votes.map((v) => ({
    heading: PARTNER_LABELS[v.partner],
    lines: [`${OUTCOME_LABELS[v.outcome]} (${v.by})`, v.rationale],
    facts: v.criteria.length ? [{ title: 'Criteria relied on', value: v.criteria.map((k) => CRITERION_SHORT.get(k) ?? k).join(', ') }] : [],
  }));
}

/** The title of a person's message about an occasion (also named in "Not told in Teams: …"). */
function personTitle(about: Occasion, ref: string): string {
  return about === 'decision' ? `Decision recorded on ${ref}` : `Escalated: ${ref}`;
}

/** One announcement as a Teams card, with the activity's summary. */
export function announcementCard(what: Said): { card: AdaptiveCard; summary: string } {
  switch (what.kind) {
    case 'decision.posted':
      return {
        summary: `Case ${what.ref}`,
        card: messageCard({
          title: `Decision recorded: ${what.ref}`,
          notice: `The three partners agreed: ${OUTCOME_LABELS[what.outcome]}.`,
          noticeStyle: 'good',
          lines: [`Each partner’s rationale is below. ${toldSentence(what.told, 'told')}`],
          sections: voteSections(what.votes),
        }),
      };
    case 'escalation.posted':
      return {
        summary: `Case ${what.ref}`,
        card: messageCard({
          title: `Votes differ: ${what.ref} is escalated`,
          notice: `The partners’ votes differ. ${toldSentence(what.told, 'told')} Partners may revise their votes; the decision is recorded when all three agree.`,
          noticeStyle: 'warning',
          sections: voteSections(what.votes),
        }),
      };
    case 'decision.told': {
      const title = personTitle('decision', what.ref);
      return { summary: title, card: messageCard({ title, lines: [`The partners agreed: ${OUTCOME_LABELS[what.outcome]}. The rationales are posted in the case channel.`] }) };
    }
    case 'escalation.told': {
      const title = personTitle('escalation', what.ref);
      return {
        summary: title,
        card: messageCard({ title, lines: ['The partners’ votes differ, so the case is escalated to you. Partners may revise their votes; the decision is recorded when all three agree.'] }),
      };
    }
    case 'not-reached':
      return {
        summary: `Not told: ${what.ref}`,
        card: messageCard({
          title: `Not told in Teams: ${personTitle(what.about, what.ref)}`,
          lines: [`I could not reach ${what.names.join(' and ')} in Teams about ${what.ref}. Please let them know another way.`],
        }),
      };
  }
}

/** Delivers the list in order: the channel post first, then each person once, then who was not reached. */
export async function deliverAnnouncements(rt: TeamsRuntime, c: Case, meta: CardMeta, occasion: Occasion, list: readonly Announcement[]): Promise<void> {
  for (const m of list) {
    if (m.to.kind !== 'channel') continue;
    const { card, summary } = announcementCard(m.what);
    await step(rt, c, `teams.${occasion}-post`, () => rt.connector.send(meta.serviceUrl, meta.conversationId, cardActivity(card, summary)));
  }
  const unreached = await tellPeople(rt, c, meta, list, true);
  await tellPeople(rt, c, meta, notReachedAnnouncements(c, rt.partnerships.get(c.partnershipId)!, occasion, unreached), false);
}

/**
 * 1:1 messages; returns whom Teams could not reach. A failure is recorded on the case (`teams.tell`)
 * when `record`; the business managers' own messages are only logged (there is no one left to tell).
 */
async function tellPeople(rt: TeamsRuntime, c: Case, meta: TeamsChannelMeta, list: readonly Announcement[], record: boolean): Promise<Recipient[]> {
  const p = rt.partnerships.get(c.partnershipId)!;
  const unreached: Recipient[] = [];
  const seen = new Set<string>();
  for (const m of toPeople(list)) {
    const h = p.holders.find((x) => x.id === m.to.holderId);
    if (!h?.teamsAadObjectId) {
      unreached.push(m.to);
      continue;
    }
    if (seen.has(h.teamsAadObjectId)) continue;
    seen.add(h.teamsAadObjectId);
    const { card, summary } = announcementCard(m.what);
    const send = () => rt.connector.sendPersonal(meta.serviceUrl, h.teamsTenantId ?? p.teams?.tenantId ?? meta.tenantId, h.teamsAadObjectId!, cardActivity(card, summary));
    if (record) {
      if (!(await step(rt, c, 'teams.tell', send))) unreached.push(m.to);
    } else {
      await send().catch((err: unknown) => rt.log.warn({ err: safeError(err), caseId: c.id }, 'business manager could not be told of an unreachable holder'));
    }
  }
  return unreached;
}

/** Runs an effect; a failure is logged and recorded on the case. True when it was delivered. */
export async function step(rt: TeamsRuntime, c: Case, name: string, run: () => Promise<unknown>): Promise<boolean> {
  try {
    await run();
    return true;
  } catch (err) {
    rt.log.warn({ err: safeError(err), caseId: c.id, step: name }, 'teams effect failed');
    try {
      const code = `connector.${statusOf(err) ?? 'failed'}`;
      await rt.service.run(systemActor(c.partnershipId), c.id, { type: 'record-failure', step: name, code, message: 'A Teams message could not be delivered.' });
    } catch (again) {
      rt.log.error({ err: safeError(again), caseId: c.id, step: name }, 'could not record a failed step');
    }
    return false;
  }
}

/**
 * What Teams does after a case changes (whichever platform changed it): the case card is updated in
 * place; a recorded decision is posted as a reply in the case card's thread with each partner's
 * rationale and the chair and scrutineer are told 1:1; an escalation likewise. A failed effect is logged and recorded
 * on the case (`step.failed`); the change itself stands.
 */
import { safeError, type CaseChange } from '../../app/case-service.js';
import { holdersWithAnyRole } from '../../config.js';
import { allVotes, OUTCOME_LABELS, type Case } from '../../domain/case.js';
import { CIRCUMSTANCES, CRITERIA } from '../../domain/criteria.js';
import type { CaseEventType } from '../../domain/events.js';
import { INFORMED_OF_DECISIONS, PARTNER_LABELS, PARTNERS, systemActor } from '../../domain/roles.js';
import { messageCard, type AdaptiveCard } from '../../cards/teams/index.js';
import { cardActivity, statusOf } from './connector.js';
import { teamsChannel, type TeamsChannelMeta, type TeamsRuntime } from './runtime.js';
import { sharedCaseCard } from './views.js';

const NOT_SHOWN: ReadonlySet<CaseEventType> = new Set(['channel.opened', 'channel.updated', 'step.failed']);
const CRITERION_SHORT = new Map<string, string>([...CRITERIA, ...CIRCUMSTANCES].map((c) => [c.key, c.short]));

export function subscribeEffects(rt: TeamsRuntime): void {
  rt.service.subscribe((change) => onChange(rt, change));
}

async function onChange(rt: TeamsRuntime, change: CaseChange): Promise<void> {
  if (change.repeated || !change.events.some((e) => !NOT_SHOWN.has(e.type))) return;
  const c = change.case;
  const ch = teamsChannel(c);
  if (!ch?.meta.activityId || !ch.meta.conversationId) return;
  const meta = ch.meta as TeamsChannelMeta & { conversationId: string; activityId: string };
  await step(rt, c, 'teams.card-update', async () => {
    const card = await sharedCaseCard(rt, c);
    await rt.connector.update(meta.serviceUrl, { conversationId: meta.conversationId, activityId: meta.activityId }, cardActivity(card, `Case ${c.ref}`));
  });
  const types = new Set(change.events.map((e) => e.type));
  if (types.has('decision.recorded')) {
    await step(rt, c, 'teams.decision-post', () => post(rt, c, meta, decisionCard(c)));
    await tellOversight(rt, c, meta, `Decision recorded on ${c.ref}`, `The partners agreed: ${OUTCOME_LABELS[c.decision!.outcome]}. The rationales are posted in the case channel.`);
  } else if (types.has('case.escalated')) {
    await step(rt, c, 'teams.escalation-post', () => post(rt, c, meta, escalationCard(c)));
    await tellOversight(rt, c, meta, `Escalated: ${c.ref}`, 'The partners’ votes differ, so the case is escalated to you. Partners may revise their votes; the decision is recorded when all three agree.');
  }
}

/**
 * A reply in the case card's thread (the card's conversation is the thread, `…;messageid=N`), so the
 * decision and the escalation sit under the case they are about; in local mode, the same conversation.
 */
async function post(rt: TeamsRuntime, c: Case, meta: TeamsChannelMeta & { conversationId: string }, card: AdaptiveCard): Promise<void> {
  await rt.connector.send(meta.serviceUrl, meta.conversationId, cardActivity(card, `Case ${c.ref}`));
}

/**
 * The chair and the independent scrutineer, 1:1 (no child's pseudonym in these messages). One who
 * cannot be reached (no Entra id, or the app not installed for them) is told by name to the
 * business managers, so that someone tells them another way: never skipped in silence.
 */
async function tellOversight(rt: TeamsRuntime, c: Case, meta: TeamsChannelMeta, title: string, text: string): Promise<void> {
  const p = rt.partnerships.get(c.partnershipId)!;
  const people = holdersWithAnyRole(p, INFORMED_OF_DECISIONS);
  const seen = new Set<string>();
  const unreachable: string[] = [];
  for (const h of people) {
    if (!h.teamsAadObjectId) {
      unreachable.push(h.name);
      continue;
    }
    if (seen.has(h.teamsAadObjectId)) continue;
    seen.add(h.teamsAadObjectId);
    const delivered = await step(rt, c, 'teams.tell', () =>
      rt.connector.sendPersonal(meta.serviceUrl, h.teamsTenantId ?? p.teams?.tenantId ?? meta.tenantId, h.teamsAadObjectId!, cardActivity(messageCard({ title, lines: [text] }), title)),
    );
    if (!delivered) unreachable.push(h.name);
  }
  if (!unreachable.length) return;
  const notice = messageCard({ title: `Not told in Teams: ${title}`, lines: [`I could not reach ${unreachable.join(' and ')} in Teams about ${c.ref}. Please let them know another way.`] });
  for (const bm of holdersWithAnyRole(p, ['business-manager'])) {
    if (!bm.teamsAadObjectId) continue;
    await rt.connector
      .sendPersonal(meta.serviceUrl, bm.teamsTenantId ?? p.teams?.tenantId ?? meta.tenantId, bm.teamsAadObjectId, cardActivity(notice, `Not told: ${c.ref}`))
      .catch((err: unknown) => rt.log.warn({ err: safeError(err), caseId: c.id }, 'business manager could not be told of an unreachable holder'));
  }
}

function voteSections(c: Case) {
  const votes = allVotes(c);
  if (!votes) return [];
  return PARTNERS.map((partner) => {
    const v = votes[partner];
    return {
      heading: PARTNER_LABELS[partner],
      lines: [`${OUTCOME_LABELS[v.outcome]} (${v.by.name})`, v.rationale],
      facts: v.criteria.length ? [{ title: 'Criteria relied on', value: v.criteria.map((k) => CRITERION_SHORT.get(k) ?? k).join(', ') }] : [],
    };
  });
}

export function decisionCard(c: Case): AdaptiveCard {
  return messageCard({
    title: `Decision recorded: ${c.ref}`,
    notice: `The three partners agreed: ${OUTCOME_LABELS[c.decision!.outcome]}.`,
    noticeStyle: 'good',
    lines: ['Each partner’s rationale is below. The chair and the independent scrutineer have been told.'],
    sections: voteSections(c),
  });
}

export function escalationCard(c: Case): AdaptiveCard {
  return messageCard({
    title: `Votes differ: ${c.ref} is escalated`,
    notice: 'The partners’ votes differ. The chair and the independent scrutineer have been told. Partners may revise their votes; the decision is recorded when all three agree.',
    noticeStyle: 'warning',
    sections: voteSections(c),
  });
}

/** Runs an effect; a failure is logged and recorded on the case. True when it was delivered. */
async function step(rt: TeamsRuntime, c: Case, name: string, run: () => Promise<void>): Promise<boolean> {
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

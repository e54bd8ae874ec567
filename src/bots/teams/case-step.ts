/**
 * The case action step in Teams (src/app/case-action.ts): the person's actors (resolved from the
 * activity's Entra id in runtime.ts), the case by the id a card carried or by the reference / case
 * channel of a typed command, and a refusal as a card in the core's words: a notice card, or — when
 * the form is closed on a case the person may see — their own case card with the reason on it.
 */
import { caseAction, refusalText, type Refusal } from '../../app/case-action.js';
import type { CaseFormGate } from '../../app/case-forms.js';
import type { Case } from '../../domain/case.js';
import type { Action, Actor } from '../../domain/roles.js';
import { noticeCard, type AdaptiveCard } from '../../cards/teams/index.js';
import type { TeamsRuntime, Turn } from './runtime.js';
import { personalCaseCard } from './case-cards.js';

/** How a typed command names its case when it has neither a reference nor a case channel. */
export const SAY_WHICH_CASE =
  'Say which case, for example `status NORTH-2026-001`, or ask in the case’s channel.';

/** A case id carried by a card, or a command's reference (the turn's channel is the case channel otherwise). */
export type TeamsTarget = { caseId: unknown } | { ref: string | undefined };

export type TeamsStep =
  { ok: { case: Case; actor: Actor } } | { refused: Refusal; card: AdaptiveCard };

/** `title`: the card's title for a notice; `style` its notice style. */
export async function caseStep(
  rt: TeamsRuntime,
  turn: Turn,
  target: TeamsTarget,
  what: Action | CaseFormGate,
  title: string,
  style: 'attention' | 'warning' = 'attention',
): Promise<TeamsStep> {
  const where =
    'caseId' in target
      ? { caseId: target.caseId }
      : {
          ref: target.ref,
          channel: turn.channelId ? { platform: 'teams' as const, id: turn.channelId } : undefined,
        };
  const step = await caseAction({ service: rt.service, log: rt.log }, turn.actors, where, what);
  if ('ok' in step) return step;
  return { refused: step.refused, card: await teamsRefusal(rt, step.refused, title, style) };
}

/** A refusal as a Teams card: the core's one sentence. */
export async function teamsRefusal(
  rt: TeamsRuntime,
  r: Refusal,
  title: string,
  style: 'attention' | 'warning' = 'attention',
): Promise<AdaptiveCard> {
  if (r.code === 'form.closed')
    return personalCaseCard(rt, r.case, r.actor, { notice: r.sentence, noticeStyle: 'attention' });
  return noticeCard(title, refusalText(r, SAY_WHICH_CASE), style);
}

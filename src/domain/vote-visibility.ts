/**
 * Who may see which partner's vote (its outcome and rationale), and when: the one rule, used by the
 * case card, the timeline and the report alike (PRODUCT.md, "Votes and the decision").
 *
 * - Where the partnership hides votes until all three have voted, a partner's vote is hidden from
 *   the other partners (and from everyone else) until the third vote is in or the decision is
 *   recorded.
 * - A holder of a partner's role always sees that partner's own vote.
 * - Once all three have voted, or the decision is recorded, or the partnership does not hide votes,
 *   everyone who may see the case sees every vote.
 * - Nobody of another partnership ever sees a vote.
 *
 * `viewer` undefined is a shared audience (the case channel's message, the exported report): it
 * sees a vote only when everyone may.
 */
import { allVotes, type Case } from './case.js';
import { can, PARTNERS, type Actor, type Partner } from './roles.js';

/** The partnership's setting (`votesHiddenUntilAllVoted` of the partnership file). */
export interface VoteSecrecy {
  votesHiddenUntilAllVoted: boolean;
}

/** True while the votes cast are hidden from all but their own partner (the setting, before the third vote and the decision). */
export function votesStillHidden(
  c: Pick<Case, 'votes' | 'decision'>,
  settings: VoteSecrecy,
): boolean {
  return settings.votesHiddenUntilAllVoted && !allVotes(c) && !c.decision;
}

/** May `viewer` see `partner`'s vote on this case now? */
export function voteVisibleTo(
  c: Case,
  partner: Partner,
  viewer: Actor | undefined,
  settings: VoteSecrecy,
): boolean {
  if (viewer && !can(viewer, 'view', c.partnershipId)) return false;
  if (!votesStillHidden(c, settings)) return true;
  return viewer !== undefined && viewer.roles.includes(partner);
}

/** True when some partner's vote is cast but withheld from `viewer`. */
export function votesWithheldFrom(
  c: Case,
  viewer: Actor | undefined,
  settings: VoteSecrecy,
): boolean {
  return PARTNERS.some((x) => c.votes[x] !== undefined && !voteVisibleTo(c, x, viewer, settings));
}

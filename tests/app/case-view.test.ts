/**
 * The case card's view model applies the core's vote visibility: each partner sees its own vote on
 * its card, the channel's shared card shows none until all three voted, and everyone sees all after.
 * Its buttons for the forms follow the core's states of each form.
 */
import { describe, expect, it } from 'vitest';
import { caseView } from '../../src/app/case-view.js';
import type { Case } from '../../src/domain/case.js';
import { actor, testPartnerships } from '../support/partnerships.js';
import { FORM_STATES } from '../../src/domain/form-states.js';
import {
  actors,
  decidedCase,
  decidingCase,
  escalatedCase,
  monitoringCase,
  notifiedCase,
  rapidReviewCase,
  referredCase,
  reviewCommissionedCase,
  sentToPanelCase,
  voteCommand,
} from '../domain/helpers.js';

const ps = testPartnerships();
const north = ps[0]!;
const now = new Date('2026-12-23T10:00:00Z');
const asNorth = (c: Case): Case => ({ ...c, partnershipId: 'north' });
const la = actor(ps, 'north', 'la');
const police = actor(ps, 'north', 'police');
const health = actor(ps, 'north', 'health');
const chair = actor(ps, 'north', 'chair');

/** LA voted for a local review, police for a national one; health not yet. */
function twoVoted(): Case {
  const log = decidingCase('lcspr');
  log.run(actors.police, voteCommand('police', 'national', 'Police rationale'));
  return asNorth(log.case);
}

/** The outcomes the card shows, partner → outcome label (only the ones revealed). */
const shown = (c: Case, viewer: Parameters<typeof caseView>[3]) =>
  Object.fromEntries(
    caseView(c, north, now, viewer)
      .votes.filter((v) => v.outcome)
      .map((v) => [v.partner, v.outcome]),
  );

describe('votes on the case card', () => {
  it('shows a partner its own vote, outcome and rationale, and not the others’', () => {
    const view = caseView(twoVoted(), north, now, la);
    const mine = view.votes.find((v) => v.partner === 'la')!;
    expect(mine).toMatchObject({
      voted: true,
      outcome: 'Local child safeguarding practice review',
      rationale: 'la rationale for lcspr',
    });
    expect(view.votes.find((v) => v.partner === 'police')).toEqual({
      partner: 'police',
      partnerLabel: 'Police',
      voted: true,
    });
    expect(view.votesHidden).toBe(true);
    expect(shown(twoVoted(), police)).toEqual({ police: 'Recommend a national review' });
    expect(shown(twoVoted(), health)).toEqual({});
  });

  it('shows no outcome on the shared card or to the chair before all three voted, only who voted', () => {
    for (const viewer of [undefined, chair]) {
      const view = caseView(twoVoted(), north, now, viewer);
      expect(view.votes.map((v) => [v.partner, v.voted, v.outcome, v.rationale])).toEqual([
        ['la', true, undefined, undefined],
        ['police', true, undefined, undefined],
        ['health', false, undefined, undefined],
      ]);
    }
  });

  it('shows every vote to everyone once the decision is recorded', () => {
    const c = asNorth(decidedCase('lcspr').case);
    for (const viewer of [undefined, chair, health]) {
      expect(Object.keys(shown(c, viewer))).toEqual(['la', 'police', 'health']);
      expect(caseView(c, north, now, viewer).votesHidden).toBe(false);
    }
  });

  it('shows every vote as it is cast where the partnership does not hide votes', () => {
    const open = { ...north, votesHiddenUntilAllVoted: false };
    const view = caseView(twoVoted(), open, now);
    expect(view.votesHidden).toBe(false);
    expect(view.votes.filter((v) => v.outcome).map((v) => v.partner)).toEqual(['la', 'police']);
  });

  it('shows nothing to a holder of another partnership', () => {
    const c = asNorth(decidedCase('lcspr').case);
    expect(shown(c, actor(ps, 'south', 'la'))).toEqual({});
  });
});

describe('the form buttons on the case card', () => {
  const cases = [
    referredCase,
    notifiedCase,
    rapidReviewCase,
    decidingCase,
    decidedCase,
    escalatedCase,
    sentToPanelCase,
    reviewCommissionedCase,
    monitoringCase,
  ].map((f) => asNorth(f().case));

  it('offer facts, criteria and vote exactly in the states the core opens them', () => {
    for (const c of cases) {
      const { can } = caseView(c, north, now, chair);
      expect(can.facts, c.state).toBe(FORM_STATES.facts.includes(c.state));
      expect(can.criteria, c.state).toBe(FORM_STATES.criteria.includes(c.state));
      expect(can.vote, c.state).toBe(FORM_STATES.vote.includes(c.state) && !c.decision);
      // The notification form: only where the core takes a date, and while a duty is unrecorded.
      if (can.notified) expect(FORM_STATES.notified, c.state).toContain(c.state);
    }
    expect(cases.filter((c) => caseView(c, north, now).can.vote).map((c) => c.state)).toEqual([
      'rapid-review',
      'deciding',
      'escalated',
    ]);
    expect(cases.filter((c) => caseView(c, north, now).can.facts).map((c) => c.state)).toEqual([
      'notified',
      'rapid-review',
      'deciding',
      'escalated',
    ]);
    expect(cases.filter((c) => caseView(c, north, now).can.notified).map((c) => c.state)).toEqual([
      'notified',
      'rapid-review',
      'deciding',
      'decided',
      'escalated',
    ]);
  });
});

/**
 * Who sees which partner's vote, and when (PRODUCT.md, "Votes and the decision"): hidden from the
 * other partners until all three have voted where the partnership says so; a partner always sees
 * its own; after the third vote or the decision everyone who may see the case sees all; another
 * partnership never.
 */
import { describe, expect, it } from 'vitest';
import type { Case } from '../../src/domain/case.js';
import { PARTNERS, type Actor, type Partner } from '../../src/domain/roles.js';
import {
  votesStillHidden,
  voteVisibleTo,
  votesWithheldFrom,
} from '../../src/domain/vote-visibility.js';
import {
  actors,
  decidedCase,
  decidingCase,
  escalatedCase,
  makeActor,
  rapidReviewCase,
  voteCommand,
} from './helpers.js';

const HIDDEN = { votesHiddenUntilAllVoted: true };
const OPEN = { votesHiddenUntilAllVoted: false };

/** The partners whose vote `viewer` may see on `c`. */
const seen = (c: Case, viewer: Actor | undefined, settings = HIDDEN): Partner[] =>
  PARTNERS.filter((p) => voteVisibleTo(c, p, viewer, settings));

/** LA and police have voted; health has not. */
function twoVoted(): Case {
  const log = decidingCase('lcspr');
  log.run(actors.police, voteCommand('police', 'national'));
  return log.case;
}

describe('votes hidden until all three have voted (the partnership setting)', () => {
  it('shows a partner its own vote and nobody else’s', () => {
    const c = twoVoted();
    expect(seen(c, actors.la)).toEqual(['la']);
    expect(seen(c, actors.laDelegate)).toEqual(['la']);
    expect(seen(c, actors.police)).toEqual(['police']);
    // Health has not voted: its own (absent) vote is "visible", the others' are not.
    expect(seen(c, actors.health)).toEqual(['health']);
  });

  it('hides every vote from those holding no partner role, and from the shared audience', () => {
    const c = twoVoted();
    for (const viewer of [
      actors.chair,
      actors.scrutineer,
      actors.businessManager,
      actors.member,
      undefined,
    ]) {
      expect(
        seen(c, viewer).filter((p) => c.votes[p]),
        viewer?.id ?? 'shared',
      ).toEqual([]);
      expect(votesWithheldFrom(c, viewer, HIDDEN), viewer?.id ?? 'shared').toBe(true);
    }
  });

  it('shows a holder of two partner roles both of its partners’ votes', () => {
    const both = makeActor('la-and-police', ['la', 'police']);
    expect(seen(twoVoted(), both)).toEqual(['la', 'police']);
    expect(votesWithheldFrom(twoVoted(), both, HIDDEN)).toBe(false);
  });

  it('says the votes are still hidden only before the third vote, and withholds nothing when none is cast', () => {
    const none = rapidReviewCase().case;
    expect(votesStillHidden(none, HIDDEN)).toBe(true);
    expect(votesWithheldFrom(none, actors.chair, HIDDEN)).toBe(false);
    expect(votesStillHidden(twoVoted(), HIDDEN)).toBe(true);
    expect(votesStillHidden(twoVoted(), OPEN)).toBe(false);
  });
});

describe('once all three have voted or the decision is recorded', () => {
  it('shows every vote to everyone who may see the case, and to the shared audience', () => {
    for (const c of [decidedCase().case, escalatedCase().case]) {
      expect(votesStillHidden(c, HIDDEN), c.state).toBe(false);
      for (const viewer of [
        actors.la,
        actors.police,
        actors.health,
        actors.chair,
        actors.scrutineer,
        actors.businessManager,
        actors.member,
        undefined,
      ]) {
        expect(seen(c, viewer), `${c.state} ${viewer?.id ?? 'shared'}`).toEqual([...PARTNERS]);
        expect(votesWithheldFrom(c, viewer, HIDDEN)).toBe(false);
      }
    }
  });

  it('shows every vote after the decision even if a vote were missing from the record', () => {
    const decided = decidedCase().case;
    const c: Case = { ...decided, votes: { la: decided.votes.la!, police: decided.votes.police! } };
    expect(votesStillHidden(c, HIDDEN)).toBe(false);
    expect(seen(c, actors.chair)).toEqual([...PARTNERS]);
  });

  it('hides nothing from a person with no role in the partnership', () => {
    const nobody = makeActor('nobody', []);
    expect(seen(decidedCase().case, nobody)).toEqual([]);
  });
});

describe('where the partnership does not hide votes', () => {
  it('shows each vote as soon as it is cast, to everyone who may see the case', () => {
    const c = twoVoted();
    expect(seen(c, actors.chair, OPEN)).toEqual([...PARTNERS]);
    expect(seen(c, actors.health, OPEN)).toEqual([...PARTNERS]);
    expect(seen(c, undefined, OPEN)).toEqual([...PARTNERS]);
    expect(votesWithheldFrom(c, actors.chair, OPEN)).toBe(false);
  });
});

describe('other partnerships', () => {
  it('never see a vote: not their own role’s, not after the decision, not where votes are open', () => {
    for (const c of [twoVoted(), decidedCase().case]) {
      for (const settings of [HIDDEN, OPEN]) {
        expect(
          seen(c, actors.otherLa, settings),
          `${c.state} ${settings.votesHiddenUntilAllVoted}`,
        ).toEqual([]);
        expect(seen(c, actors.otherBusinessManager, settings)).toEqual([]);
        expect(votesWithheldFrom(c, actors.otherLa, settings)).toBe(true);
      }
    }
  });
});

/**
 * The announcements of a decision and an escalation, as data: posted in the case channel with
 * each partner's vote, each holder of an INFORMED_OF_DECISIONS role told (once, with no pseudonym
 * nor rationale), and those who could not be reached named to the business managers.
 */
import { describe, expect, it } from 'vitest';
import {
  announcementsOf,
  decisionAnnouncements,
  escalationAnnouncements,
  notReachedAnnouncements,
  toldElsewhere,
  toldSentence,
  toPeople,
  type Announcement,
} from '../../src/app/announcements.js';
import type { Case } from '../../src/domain/case.js';
import type { CaseEventType } from '../../src/domain/events.js';
import { INFORMED_OF_DECISIONS, PARTNERS } from '../../src/domain/roles.js';
import { decidedCase, escalatedCase, rapidReviewCase } from '../domain/helpers.js';
import { testPartnerships } from '../support/partnerships.js';

const north = testPartnerships()[0]!;
const informedIds = north.holders
  .filter((h) => h.roles.some((r) => INFORMED_OF_DECISIONS.includes(r)))
  .map((h) => h.id);
const people = (list: Announcement[]) => toPeople(list).map((a) => a.to.holderId);
const types = (...t: CaseEventType[]) => new Set(t);

describe('the announcements of a decision', () => {
  const c: Case = decidedCase('multi-agency-learning').case;

  it('posts the outcome and each partner’s vote and rationale in the case channel first', () => {
    const [first, ...rest] = decisionAnnouncements(c, north);
    expect(first!.to).toEqual({ kind: 'channel' });
    expect(first!.what).toMatchObject({
      kind: 'decision.posted',
      caseId: c.id,
      ref: c.ref,
      outcome: 'multi-agency-learning',
      told: INFORMED_OF_DECISIONS,
    });
    const votes = first!.what.kind === 'decision.posted' ? first!.what.votes : [];
    expect(votes.map((v) => v.partner)).toEqual([...PARTNERS]);
    for (const v of votes) expect(v.rationale).toBe(c.decision!.votes[v.partner].rationale);
    expect(rest.every((a) => a.to.kind === 'person')).toBe(true);
  });

  it('tells each holder of a role the core names (the chair and the scrutineer), by holder id, with the reference and outcome only', () => {
    const list = decisionAnnouncements(c, north);
    expect(c.notification?.children.length).toBeGreaterThan(0);
    expect(informedIds).toEqual(['north-chair', 'north-scrutineer']);
    expect(people(list)).toEqual(informedIds);
    for (const a of toPeople(list)) {
      expect(a.what).toEqual({
        kind: 'decision.told',
        caseId: c.id,
        ref: c.ref,
        outcome: 'multi-agency-learning',
      });
      const said = JSON.stringify(a.what);
      for (const p of PARTNERS) expect(said).not.toContain(c.decision!.votes[p].rationale);
      for (const child of c.notification?.children ?? [])
        expect(said).not.toContain(child.pseudonym);
    }
  });

  it('tells one who holds both roles once', () => {
    const both = {
      holders: [
        ...north.holders
          .filter((h) => !h.roles.includes('scrutineer'))
          .map((h) =>
            h.roles.includes('chair') ? { ...h, roles: [...h.roles, 'scrutineer' as const] } : h,
          ),
      ],
    };
    expect(people(decisionAnnouncements(c, both))).toEqual(['north-chair']);
  });

  it('says nothing while there is no decision', () => {
    expect(decisionAnnouncements(rapidReviewCase().case, north)).toEqual([]);
    expect(
      announcementsOf(rapidReviewCase().case, north, types('decision.recorded')),
    ).toBeUndefined();
  });
});

describe('the announcements of an escalation', () => {
  const c = escalatedCase().case;

  it('posts the three differing votes in the case channel, and tells the chair and the scrutineer that it is escalated', () => {
    const list = escalationAnnouncements(c, north);
    expect(list[0]!.to).toEqual({ kind: 'channel' });
    expect(list[0]!.what).toMatchObject({
      kind: 'escalation.posted',
      ref: c.ref,
      told: INFORMED_OF_DECISIONS,
    });
    const outcomes =
      list[0]!.what.kind === 'escalation.posted' ? list[0]!.what.votes.map((v) => v.outcome) : [];
    expect(new Set(outcomes).size).toBeGreaterThan(1);
    expect(people(list)).toEqual(['north-chair', 'north-scrutineer']);
    for (const a of toPeople(list))
      expect(a.what).toEqual({ kind: 'escalation.told', caseId: c.id, ref: c.ref });
  });
});

describe('which occasion a change announces', () => {
  it('a decision (also when the same change escalated), else an escalation, else nothing', () => {
    const decided = decidedCase().case;
    expect(
      announcementsOf(decided, north, types('vote.cast', 'case.escalated', 'decision.recorded'))
        ?.occasion,
    ).toBe('decision');
    expect(
      announcementsOf(escalatedCase().case, north, types('vote.cast', 'case.escalated'))?.occasion,
    ).toBe('escalation');
    expect(announcementsOf(decided, north, types('vote.cast'))).toBeUndefined();
  });
});

describe('who could not be reached', () => {
  const c = decidedCase().case;
  const chair = { kind: 'person' as const, holderId: 'north-chair', name: 'north chair' };

  it('is named, once each, to every business manager', () => {
    const list = notReachedAnnouncements(c, north, 'decision', [
      chair,
      chair,
      { kind: 'person', holderId: 'north-scrutineer', name: 'north scrutineer' },
    ]);
    expect(people(list)).toEqual(['north-bm']);
    expect(list[0]!.what).toEqual({
      kind: 'not-reached',
      caseId: c.id,
      ref: c.ref,
      about: 'decision',
      names: ['north chair', 'north scrutineer'],
    });
  });

  it('is no message when everyone was reached', () => {
    expect(notReachedAnnouncements(c, north, 'escalation', [])).toEqual([]);
    expect(notReachedAnnouncements(c, north, 'escalation', [{ kind: 'channel' }])).toEqual([]);
  });
});

describe('one with no id on this platform, told on the other', () => {
  // Some holders of a partnership named by Slack id, others by Entra id.
  const mixed = {
    slack: { teamId: 'T0NORTH01' },
    holders: [
      {
        id: 'chair',
        name: 'Chair',
        roles: ['chair' as const],
        teamsAadObjectId: '00000000-0000-4000-8000-000000000005',
      },
      {
        id: 'scrutineer',
        name: 'Scrutineer',
        roles: ['scrutineer' as const],
        slackUserId: 'U0SCRUT01',
      },
      { id: 'nobody', name: 'Nobody', roles: ['chair' as const] },
    ],
  };
  const on = (...platforms: ('slack' | 'teams')[]) => ({
    channels: platforms.map((platform) => ({ platform, id: `${platform}-1`, name: 'x', meta: {} })),
  });

  it('is told in Teams only when the case has a Teams channel, and in Slack when the partnership has a workspace or the case a Slack channel', () => {
    expect(toldElsewhere('slack', on('teams'), mixed, 'chair')).toBe(true);
    expect(toldElsewhere('slack', on('slack'), mixed, 'chair')).toBe(false); // a Slack case: Teams tells no one
    expect(toldElsewhere('teams', on('teams'), mixed, 'scrutineer')).toBe(true);
    expect(toldElsewhere('teams', on('teams'), { holders: mixed.holders }, 'scrutineer')).toBe(
      false,
    );
    expect(
      toldElsewhere('teams', on('slack', 'teams'), { holders: mixed.holders }, 'scrutineer'),
    ).toBe(true);
    for (const here of ['slack', 'teams'] as const) {
      expect(toldElsewhere(here, on('slack', 'teams'), mixed, 'nobody')).toBe(false);
      expect(toldElsewhere(here, on('slack', 'teams'), mixed, 'gone')).toBe(false);
    }
  });
});

describe('who was told, in words', () => {
  it('names the roles the core informs', () => {
    expect(toldSentence(INFORMED_OF_DECISIONS, 'told')).toBe(
      'The chair and the independent scrutineer have been told.',
    );
    expect(toldSentence(['chair'], 'informed')).toBe('The chair has been informed.');
  });
});

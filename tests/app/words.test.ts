/** The words people read: lists, deadlines and the case card say the same next step, in good English. */
import { describe, expect, it } from 'vitest';
import { caseView, VOTING_OPENS } from '../../src/app/case-view.js';
import { caseLines, dueSoon } from '../../src/app/commands.js';
import { deadlinesMessage, listMessage } from '../../src/cards/slack/replies.js';
import { testPartnerships } from '../support/partnerships.js';
import { decidedCase, notifiedCase, rapidReviewCase } from '../domain/helpers.js';

const ps = testPartnerships();
const north = ps[0]!;
const byId = new Map(ps.map((p) => [p.id, p]));
/** Helpers' cases are partnership p1: read them as North's. */
const asNorth = <T extends { partnershipId: string }>(c: T): T => ({
  ...c,
  partnershipId: 'north',
});
const now = new Date('2026-12-23T10:00:00Z');

describe('list and deadlines agree with the case card', () => {
  it('a decided case’s next step is sending the rapid review to the Panel, as on the card', () => {
    const c = asNorth(decidedCase().case);
    const card = caseView(c, north, now);
    expect(card.pending[0]?.label).toBe('Send the rapid review to the Panel');
    expect(caseLines([c], byId, now)[0]?.next).toMatch(/^Send the rapid review to the Panel: /);
    // Unrecorded notification dates are no longer chased after the decision: not "due" either.
    expect(dueSoon([c], byId, now).map((d) => d.label)).not.toContain(
      'Report the incident to the safeguarding partners',
    );
  });

  it('a newly notified case’s next step is its first notification duty', () => {
    const c = asNorth(notifiedCase().case);
    expect(caseLines([c], byId, now)[0]?.next).toMatch(/^Notify the Panel: 2026-12-31 \(/);
  });

  it('says 1 case and 1 deadline, not 1 cases and 1 deadlines', () => {
    const c = asNorth(notifiedCase().case);
    expect(listMessage(caseLines([c], byId, now)).text).toBe('1 case');
    expect(
      listMessage(caseLines([c, { ...c, id: 'x', ref: 'NORTH-2026-002' }], byId, now)).text,
    ).toBe('2 cases');
    expect(
      deadlinesMessage([
        { ref: c.ref, label: 'Notify', due: '2026-12-31', status: '4 working days left' },
      ]).text,
    ).toBe('1 deadline');
  });
});

describe('each child on the card with what the assessment used', () => {
  it('shows a child’s status and whether a child perpetrator beside the age', () => {
    const c = asNorth(
      notifiedCase({
        children: [
          { pseudonym: 'Child A', age: 15, status: 'looked-after' },
          { pseudonym: 'Child B', age: 16, status: 'none', perpetrator: true },
          { pseudonym: 'Child C', age: 3 },
        ],
      }).case,
    );
    expect(caseView(c, north, now).children).toBe(
      'Child A (15, looked-after), Child B (16, child perpetrator), Child C (3)',
    );
  });
});

describe('no Vote button before the rapid review begins, and the card says why', () => {
  it('gives the reason while the case is only notified, and none once voting is open', () => {
    const before = caseView(asNorth(notifiedCase().case), north, now);
    expect(before.can.vote).toBe(false);
    expect(before.voteNote).toBe(VOTING_OPENS);
    const open = caseView(asNorth(rapidReviewCase().case), north, now);
    expect(open.can.vote).toBe(true);
    expect(open.voteNote).toBeUndefined();
  });
});

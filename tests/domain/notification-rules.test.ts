/**
 * The notification rules, written from the words of the law and the guidance (PRODUCT.md
 * "Notification", the seeds), not from the code:
 *
 * - Children Act 2004 s16C(1): where a local authority knows or suspects that a child has been
 *   abused or neglected, it must notify the Panel if the child dies or is seriously harmed in its
 *   area, or, while normally resident in its area, outside England — within 5 working days; and
 *   report to the safeguarding partners within 5 working days.
 * - The death of a looked-after child: the authority looking after the child notifies the
 *   Secretary of State and Ofsted, whatever the cause and wherever it happened; both duties where
 *   s16C(1) is also met.
 * - The death of a care leaver up to the 25th birthday (Working Together 2023 onwards): the
 *   Secretary of State and Ofsted; no rapid review.
 * - Elsewhere in England: the authority where it happened notifies; nothing is due from this one.
 * - Each child of a notification is assessed on its own; the duties are the union.
 * - The edition follows the date of awareness: england-2018 before 15 December 2023.
 */
import { describe, expect, it } from 'vitest';
import { dueInWords } from '../../src/domain/status.js';
import {
  assessNotifiability,
  type ChildFacts,
  type IncidentFacts,
} from '../../src/domain/criteria.js';
import { computeDeadlines } from '../../src/domain/deadlines.js';
import { procedureFor, timescalesFor } from '../../src/domain/procedure.js';
import { actors, CaseLog, identity, notification } from './helpers.js';

const t = timescalesFor('england-2023');

/** Aware on Monday 2 March 2026: 5 working days later is Monday 9 March. */
function facts(children: ChildFacts[], over: Partial<IncidentFacts> = {}): IncidentFacts {
  return {
    awareOn: '2026-03-02',
    harm: 'death',
    abuseOrNeglect: 'suspected',
    location: 'in-area',
    children,
    ...over,
  };
}
const keys = (f: IncidentFacts, procedure = procedureFor(f.awareOn)) =>
  assessNotifiability(f, t, procedure).deadlines.map((d) => `${d.key} ${d.due}`);

describe('a looked-after child dies', () => {
  const lac = (age = 15): ChildFacts => ({ status: 'looked-after', age });

  for (const location of ['in-area', 'elsewhere', 'outside-england-resident'] as const)
    it(`the Secretary of State and Ofsted are told within 5 working days whatever the cause, death ${location}`, () => {
      const a = assessNotifiability(
        facts([lac()], { location, abuseOrNeglect: 'not-suspected' }),
        t,
      );
      expect(a.duties.notifySosOfsted).toBe(true);
      expect(a.duties.notifyPanel).toBe(false);
      expect(keys(facts([lac()], { location, abuseOrNeglect: 'not-suspected' }))).toEqual([
        'notify-sos-ofsted 2026-03-09',
      ]);
      const d = a.deadlines[0]!;
      expect(d.label).toBe('Notify the Secretary of State and Ofsted');
      expect(d.basis).toContain('looked-after child');
    });

  it('a looked-after child placed out of area who dies elsewhere in England with neglect suspected: still this authority’s duty to tell the Secretary of State and Ofsted, and no Panel notification from it', () => {
    expect(keys(facts([lac()], { location: 'elsewhere' }))).toEqual([
      'notify-sos-ofsted 2026-03-09',
    ]);
  });

  it('where s16C(1) is also met both duties apply: Panel, partners, rapid review and the Secretary of State and Ofsted', () => {
    const a = assessNotifiability(facts([lac()]), t);
    expect(a.s16cMet).toBe(true);
    expect(keys(facts([lac()]))).toEqual([
      'notify-panel 2026-03-09',
      'notify-partners 2026-03-09',
      'notify-sos-ofsted 2026-03-09',
      'rapid-review 2026-03-23',
    ]);
    expect(a.reasons.join(' ')).toMatch(/as well as the Panel/);
  });

  it('serious harm (not death) to a looked-after child brings no Secretary of State duty', () => {
    const a = assessNotifiability(
      facts([lac()], { harm: 'serious-harm', abuseOrNeglect: 'not-suspected' }),
      t,
    );
    expect(a.duties.notifySosOfsted).toBe(false);
    expect(a.deadlines).toEqual([]);
  });
});

describe('a care leaver dies (up to the 25th birthday)', () => {
  const leaver = (age: number): ChildFacts => ({ status: 'care-leaver', age });

  it('from Working Together 2023: the Secretary of State and Ofsted, no rapid review, no Panel notification', () => {
    const a = assessNotifiability(facts([leaver(24)]), t, 'england-2023');
    expect(a.deadlines.map((d) => d.key)).toEqual(['notify-sos-ofsted']);
    expect(a.reasons[0]).toContain('No rapid review is required');
    expect(a.deadlines[0]!.basis).toContain('care leaver');
  });

  it('on the 25th birthday the rule no longer applies', () => {
    expect(assessNotifiability(facts([leaver(25)]), t, 'england-2023').deadlines).toEqual([]);
  });

  it('under Working Together 2018 the duty does not exist, and the reason says so', () => {
    const a = assessNotifiability(facts([leaver(20)], { awareOn: '2023-06-01' }), t);
    expect(a.procedure).toBe('england-2018');
    expect(a.deadlines).toEqual([]);
    expect(a.reasons.join(' ')).toContain('from Working Together 2023 only');
  });
});

describe('each child is assessed on its own; the duties are the union', () => {
  it('a care leaver of 20 beside a 17-year-old keeps the 17-year-old’s s16C(1) duty, and adds the care leaver’s', () => {
    const a = assessNotifiability(
      facts([
        { pseudonym: 'Young person A', status: 'care-leaver', age: 20 },
        { pseudonym: 'Child B', status: 'none', age: 17 },
      ]),
      t,
    );
    expect(a.s16cMet).toBe(true);
    expect(a.deadlines.map((d) => d.key)).toEqual([
      'notify-panel',
      'notify-partners',
      'notify-sos-ofsted',
      'rapid-review',
    ]);
    expect(a.reasons.some((r) => r.startsWith('Young person A: death of a care leaver'))).toBe(
      true,
    );
    expect(a.reasons[0]).toContain('for Child B');
  });

  it('a looked-after child of 15 and a child of 17 who died elsewhere in England: only the looked-after child’s duty is this authority’s', () => {
    const f = facts(
      [
        { pseudonym: 'Child A', status: 'looked-after', age: 15 },
        { pseudonym: 'Child B', status: 'none', age: 17 },
      ],
      { location: 'elsewhere' },
    );
    expect(keys(f)).toEqual(['notify-sos-ofsted 2026-03-09']);
  });

  it('a child perpetrator is a child: assessed under s16C(1) on its own, with the reason saying a review may cover them', () => {
    const a = assessNotifiability(
      facts([{ pseudonym: 'Child C', status: 'none', age: 16, perpetrator: true }], {
        harm: 'serious-harm',
      }),
      t,
    );
    expect(a.s16cMet).toBe(true);
    expect(a.reasons.join(' ')).toContain('child perpetrator may also be the subject of a review');
  });
});

describe('elsewhere in England', () => {
  it('serious harm to a child resident here but harmed in another English area: nothing is due from this authority', () => {
    const a = assessNotifiability(
      facts([{ status: 'none', age: 9 }], {
        location: 'elsewhere',
        harm: 'serious-harm',
        abuseOrNeglect: 'known',
      }),
      t,
    );
    expect(a.duties).toEqual({ notifyPanel: false, rapidReview: false, notifySosOfsted: false });
    expect(a.deadlines).toEqual([]);
    expect(a.reasons[0]).toContain('nothing is due from it');
  });
});

describe('the edition follows the date of awareness', () => {
  it('england-2018 up to 14 December 2023, england-2023 from 15 December 2023, unless the partnership pins one', () => {
    expect(procedureFor('2023-12-14')).toBe('england-2018');
    expect(procedureFor('2023-12-15')).toBe('england-2023');
    expect(procedureFor('2026-03-02')).toBe('england-2023');
    expect(procedureFor('2026-03-02', 'england-2018')).toBe('england-2018');
    expect(procedureFor('2023-01-01', 'england-2023')).toBe('england-2023');
  });

  it('a case notified today of an incident known since 14 December 2023 is recorded under england-2018', () => {
    const log = new CaseLog();
    log.run(actors.la, {
      type: 'notify',
      identity: identity(),
      notification: notification({ awareOn: '2023-12-14', incidentOn: '2023-12-13' }),
    });
    expect(log.case.procedure).toBe('england-2018');
    const later = new CaseLog();
    later.run(actors.la, {
      type: 'notify',
      identity: identity({ procedure: 'england-2018' }),
      notification: notification({ awareOn: '2023-12-15', incidentOn: '2023-12-13' }),
    });
    expect(later.case.procedure).toBe('england-2023');
  });
});

describe('Portsmouth: the referral confirmed in writing within 48 hours', () => {
  it('is due 48 hours later to the hour, shown with its time of day in the partnership’s zone (weekends count)', () => {
    const t48 = timescalesFor('england-2023', { referralConfirmationHours: 48 });
    // Thursday 24 December 2026, 11:00 in London (GMT).
    const [d] = computeDeadlines(
      t48,
      { awareOn: '2026-12-24', referredAt: '2026-12-24T11:00:00Z' },
      { notifyPanel: false, rapidReview: false, notifySosOfsted: false },
      'Europe/London',
    );
    expect(d).toMatchObject({ key: 'referral-confirmation', due: '2026-12-26', dueTime: '11:00' });
    // In summer the zone is an hour ahead of UTC: 10:00Z is 11:00 in London.
    const [s] = computeDeadlines(
      t48,
      { awareOn: '2026-07-01', referredAt: '2026-07-01T10:00:00Z' },
      { notifyPanel: false, rapidReview: false, notifySosOfsted: false },
      'Europe/London',
    );
    expect(s).toMatchObject({ due: '2026-07-03', dueTime: '11:00' });
  });

  it('with referralConfirmation: { workingDays: 2 } it counts working days instead (day 0 the referral’s day)', () => {
    const t2 = timescalesFor('england-2023', {
      referralConfirmationHours: 48,
      referralConfirmation: { workingDays: 2 },
    });
    const [d] = computeDeadlines(
      t2,
      { awareOn: '2026-12-24', referredAt: '2026-12-24T11:00:00Z' },
      { notifyPanel: false, rapidReview: false, notifySosOfsted: false },
      'Europe/London',
    );
    // Fri 25 and Mon 28 December 2026 are bank holidays: Tue 29 is day 1, Wed 30 day 2.
    expect(d).toMatchObject({
      due: '2026-12-30',
      basis: '2 working days from the referral (2026-12-24)',
    });
    expect(d!.dueTime).toBeUndefined();
  });
});

describe('a deadline counted in months that falls on a non-working day', () => {
  it('is due on the next working day', () => {
    // Decided Friday 26 June 2026: 6 months on is Saturday 26 December; Mon 28 is the substitute Boxing Day.
    const ds = computeDeadlines(
      t,
      { awareOn: '2026-06-01', decidedOn: '2026-06-26' },
      { notifyPanel: false, rapidReview: false, notifySosOfsted: false },
      'Europe/London',
      'local',
    );
    expect(ds.find((d) => d.key === 'final-report')?.due).toBe('2026-12-29');
  });

  it('is worded consistently across the weekend: never "due next working day" then "overdue" for the same day', () => {
    // A date someone entered (an action plan item) on Saturday 7 March 2026 counts as Monday 9 March.
    expect(dueInWords('2026-03-07', '2026-03-06')).toBe('1 working day left');
    expect(dueInWords('2026-03-07', '2026-03-07')).toBe('1 working day left');
    expect(dueInWords('2026-03-07', '2026-03-09')).toBe('due today');
    expect(dueInWords('2026-03-07', '2026-03-10')).toBe('1 working day overdue');
  });
});

import { describe, expect, it } from 'vitest';
import {
  ABUSE_OR_NEGLECT,
  assessNotifiability,
  CARE_LEAVER_MAX_AGE,
  CRITERION_KEYS,
  HARMS,
  isCriterionKey,
  type ChildStatus,
  type IncidentFacts,
} from '../../src/domain/criteria.js';
import type { Deadline } from '../../src/domain/deadlines.js';
import { timescalesFor } from '../../src/domain/procedure.js';

const t = timescalesFor('england-2023');
const NO_DUTY = { notifyPanel: false, rapidReview: false, notifySosOfsted: false };

type Incident = Omit<IncidentFacts, 'children'> & { childStatus: ChildStatus; ages: number[] };

/** A child's death in the area with neglect suspected, aware on Tuesday 22 December 2026 (every child of one status). */
function incident(overrides: Partial<Incident> = {}): IncidentFacts {
  const { childStatus, ages, ...rest }: Incident = {
    awareOn: '2026-12-22',
    harm: 'death',
    abuseOrNeglect: 'suspected',
    location: 'in-area',
    childStatus: 'none',
    ages: [4],
    ...overrides,
  };
  return { ...rest, children: ages.map((age) => ({ status: childStatus, age })) };
}

const due = (ds: Deadline[]) => Object.fromEntries(ds.map((d) => [d.key, d.due]));

describe('assessNotifiability: s16C(1)', () => {
  const suspicions = ABUSE_OR_NEGLECT.filter((a) => a !== 'not-suspected');
  const places = [
    { location: 'in-area', words: 'in the local authority’s area' },
    {
      location: 'outside-england-resident',
      words: 'outside England while normally resident in the area',
    },
  ] as const;

  for (const harm of HARMS)
    for (const abuseOrNeglect of suspicions)
      for (const { location, words } of places)
        it(`is met for ${harm}, abuse or neglect ${abuseOrNeglect}, ${location}`, () => {
          const a = assessNotifiability(incident({ harm, abuseOrNeglect, location }), t);
          expect(a.s16cMet).toBe(true);
          expect(a.duties).toEqual({
            notifyPanel: true,
            rapidReview: true,
            notifySosOfsted: false,
          });
          expect(a.reasons).toHaveLength(1);
          expect(a.reasons[0]).toContain('s16C(1) is met');
          expect(a.reasons[0]).toContain(`abuse or neglect is ${abuseOrNeglect}`);
          expect(a.reasons[0]).toContain(
            harm === 'death' ? 'the child died' : 'the child was seriously harmed',
          );
          expect(a.reasons[0]).toContain(words);
        });

  it('is not met when abuse or neglect is not suspected, and says so', () => {
    for (const harm of HARMS) {
      const a = assessNotifiability(incident({ harm, abuseOrNeglect: 'not-suspected' }), t);
      expect(a.s16cMet).toBe(false);
      expect(a.duties).toEqual(NO_DUTY);
      expect(a.reasons).toEqual([
        's16C(1) is not met: abuse or neglect is neither known nor suspected.',
      ]);
      expect(a.deadlines).toEqual([]);
    }
  });

  it('is not met when the incident was elsewhere and the child not resident, naming who must notify', () => {
    const a = assessNotifiability(incident({ abuseOrNeglect: 'known', location: 'elsewhere' }), t);
    expect(a.s16cMet).toBe(false);
    expect(a.duties).toEqual(NO_DUTY);
    expect(a.reasons).toHaveLength(1);
    expect(a.reasons[0]).toContain('s16C(1) is not met for this local authority');
    expect(a.reasons[0]).toContain('outside its area');
    expect(a.reasons[0]).toContain('The local authority where it happened must notify');
    expect(a.deadlines).toEqual([]);
  });

  it('gives both reasons when neither the suspicion nor the place is met', () => {
    const a = assessNotifiability(
      incident({ abuseOrNeglect: 'not-suspected', location: 'elsewhere' }),
      t,
    );
    expect(a.s16cMet).toBe(false);
    expect(a.reasons).toHaveLength(2);
    expect(a.reasons[0]).toContain('neither known nor suspected');
    expect(a.reasons[1]).toContain('outside its area');
  });
});

describe('assessNotifiability: looked-after children', () => {
  it('notifies the Secretary of State and Ofsted (not the Panel) of a looked-after child’s death when abuse or neglect is not suspected', () => {
    const a = assessNotifiability(
      incident({ childStatus: 'looked-after', abuseOrNeglect: 'not-suspected', ages: [15] }),
      t,
    );
    expect(a.s16cMet).toBe(false);
    expect(a.duties).toMatchObject({
      notifyPanel: false,
      rapidReview: false,
      notifySosOfsted: true,
    });
    expect(a.reasons).toHaveLength(2);
    expect(a.reasons[0]).toContain('neither known nor suspected');
    expect(a.reasons[1]).toContain('Death of a looked-after child');
    expect(a.reasons[1]).toContain('Secretary of State and Ofsted');
    expect(a.deadlines.map((d) => d.key)).toEqual(['notify-sos-ofsted']);
  });

  it('applies s16C(1) in full to a looked-after child when neglect is suspected, and the death duty beside it', () => {
    const a = assessNotifiability(incident({ childStatus: 'looked-after', ages: [15] }), t);
    expect(a.s16cMet).toBe(true);
    expect(a.duties).toMatchObject({ notifyPanel: true, rapidReview: true, notifySosOfsted: true });
    expect(a.reasons).toHaveLength(2);
  });

  it('has no special rule for serious harm to a looked-after child when nothing is suspected', () => {
    const a = assessNotifiability(
      incident({
        childStatus: 'looked-after',
        harm: 'serious-harm',
        abuseOrNeglect: 'not-suspected',
        ages: [15],
      }),
      t,
    );
    expect(a.duties).toEqual(NO_DUTY);
    expect(a.reasons.join(' ')).not.toContain('looked-after');
    expect(a.deadlines).toEqual([]);
  });
});

describe('assessNotifiability: care leavers', () => {
  it(`notifies the Secretary of State and Ofsted of a care leaver’s death up to age ${CARE_LEAVER_MAX_AGE}, with no rapid review`, () => {
    for (const age of [18, 21, CARE_LEAVER_MAX_AGE]) {
      const a = assessNotifiability(incident({ childStatus: 'care-leaver', ages: [age] }), t);
      expect(a.s16cMet).toBe(false);
      expect(a.duties).toMatchObject({
        notifyPanel: false,
        rapidReview: false,
        notifySosOfsted: true,
      });
      expect(a.reasons).toHaveLength(1);
      expect(a.reasons[0]).toContain('notify the Secretary of State and Ofsted');
      expect(a.reasons[0]).toContain('No rapid review is required');
      expect(a.deadlines.map((d) => d.key)).toEqual(['notify-sos-ofsted']);
    }
  });

  it('applies the care-leaver rule also when abuse or neglect is not suspected', () => {
    const a = assessNotifiability(
      incident({ childStatus: 'care-leaver', abuseOrNeglect: 'not-suspected', ages: [20] }),
      t,
    );
    expect(a.duties).toMatchObject({
      notifyPanel: false,
      rapidReview: false,
      notifySosOfsted: true,
    });
  });

  it(`gives no duty for a care leaver aged ${CARE_LEAVER_MAX_AGE + 1}, and says the rule stops at ${CARE_LEAVER_MAX_AGE}`, () => {
    const a = assessNotifiability(
      incident({ childStatus: 'care-leaver', ages: [CARE_LEAVER_MAX_AGE + 1] }),
      t,
    );
    expect(a.s16cMet).toBe(false);
    expect(a.duties).toEqual(NO_DUTY);
    expect(a.reasons).toEqual([
      `The care-leaver rule covers deaths up to age ${CARE_LEAVER_MAX_AGE} only.`,
    ]);
    expect(a.deadlines).toEqual([]);
  });

  it('gives no duty for serious harm to an adult care leaver, and says the rule covers deaths only', () => {
    const a = assessNotifiability(
      incident({ childStatus: 'care-leaver', harm: 'serious-harm', ages: [19] }),
      t,
    );
    expect(a.s16cMet).toBe(false);
    expect(a.duties).toEqual(NO_DUTY);
    expect(a.reasons).toEqual(['The care-leaver rule covers deaths only, not serious harm.']);
    expect(a.deadlines).toEqual([]);
  });
});

describe('assessNotifiability: deadlines follow the duties', () => {
  it('gives the Panel, partners and rapid-review dates for s16C(1), across Christmas 2026', () => {
    const a = assessNotifiability(incident(), t);
    // Aware Tue 22 Dec 2026; 25, 26 (→ 28 substitute) Dec are bank holidays.
    expect(due(a.deadlines)).toEqual({
      'notify-panel': '2026-12-31',
      'notify-partners': '2026-12-31',
      'rapid-review': '2027-01-15',
    });
    expect(a.deadlines.find((d) => d.key === 'notify-panel')?.basis).toBe(
      '5 working days from becoming aware (2026-12-22)',
    );
  });

  it('gives the looked-after child’s Secretary of State and Ofsted date but no Panel or rapid-review date', () => {
    const a = assessNotifiability(
      incident({ childStatus: 'looked-after', abuseOrNeglect: 'not-suspected' }),
      t,
    );
    expect(due(a.deadlines)).toEqual({ 'notify-sos-ofsted': '2026-12-31' });
  });

  it('gives the care leaver’s Secretary of State and Ofsted date only', () => {
    const a = assessNotifiability(incident({ childStatus: 'care-leaver', ages: [22] }), t);
    expect(due(a.deadlines)).toEqual({ 'notify-sos-ofsted': '2026-12-31' });
  });

  it('marks the Panel notification done and counts the rapid review from it where the partnership says so', () => {
    const fromNotification = timescalesFor('england-2023', { rapidReviewFrom: 'notification' });
    const a = assessNotifiability(incident({ panelNotifiedOn: '2026-12-23' }), fromNotification);
    const notify = a.deadlines.find((d) => d.key === 'notify-panel');
    expect(notify?.doneOn).toBe('2026-12-23');
    const rapid = a.deadlines.find((d) => d.key === 'rapid-review');
    expect(rapid?.basis).toContain('from the Panel notification (2026-12-23)');
    // 15 working days from Wed 23 Dec 2026 rather than from Tue 22 Dec: one working day later.
    expect(rapid?.due).toBe('2027-01-18');
    expect(
      due(assessNotifiability(incident({ panelNotifiedOn: '2026-12-23' }), t).deadlines)[
        'rapid-review'
      ],
    ).toBe('2027-01-15');
  });

  it('follows the partnership’s overridden timescales', () => {
    const longer = timescalesFor('england-2023', { notifyPanelWorkingDays: 10 });
    expect(due(assessNotifiability(incident(), longer).deadlines)['notify-panel']).toBe(
      '2027-01-08',
    );
  });
});

describe('criteria and circumstances', () => {
  it('has four criteria and four circumstances, each recognised by key', () => {
    expect(CRITERION_KEYS).toEqual([
      'improvements',
      'recurrent-themes',
      'multi-agency',
      'panel-referred',
      'single-agency',
      'no-agency',
      'cross-boundary',
      'institutional',
    ]);
    for (const k of CRITERION_KEYS) expect(isCriterionKey(k)).toBe(true);
    expect(isCriterionKey('gut-feeling')).toBe(false);
  });
});

describe('a care leaver under 18', () => {
  it('is a child under s16C(1): serious harm with abuse suspected is notifiable, with a rapid review', () => {
    const a = assessNotifiability(
      incident({ childStatus: 'care-leaver', harm: 'serious-harm', ages: [17] }),
      timescalesFor('england-2023'),
    );
    expect(a.s16cMet).toBe(true);
    expect(a.duties).toEqual({ notifyPanel: true, rapidReview: true, notifySosOfsted: false });
  });
});

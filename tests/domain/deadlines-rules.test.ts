/** Every deadline the engine gives, in the words the cards and reminders show, and when each applies. */
import { describe, expect, it } from 'vitest';
import {
  ALL_DUTIES,
  computeDeadlines,
  monthsLater,
  type CaseDates,
  type Deadline,
} from '../../src/domain/deadlines.js';
import { timescalesFor } from '../../src/domain/procedure.js';

const t = timescalesFor('england-2023');
const keys = (ds: Deadline[]) => ds.map((d) => d.key);
const byKey = (ds: Deadline[]) => Object.fromEntries(ds.map((d) => [d.key, d]));

/** A local review from awareness to publication, every step recorded. */
const FULL: CaseDates = {
  awareOn: '2026-12-22',
  referredAt: '2026-12-21T15:00:00Z',
  referralConfirmedAt: '2026-12-22T09:00:00Z',
  panelNotifiedOn: '2026-12-23',
  partnersNotifiedOn: '2026-12-24',
  sosOfstedNotifiedOn: '2026-12-29',
  rapidReviewSentOn: '2027-01-12',
  decidedOn: '2027-01-11',
  panelRespondedOn: '2027-01-20',
  reviewCommissionedOn: '2027-01-21',
  reviewerInformedOn: '2027-01-22',
  draftReportOn: '2027-05-01',
  finalReportOn: '2027-06-01',
  plannedPublicationOn: '2027-07-15',
  reportSentOn: '2027-06-02',
  publishedOn: '2027-07-15',
};

describe('the deadlines of a local review, every step recorded', () => {
  it('gives each with its label, due date, basis in words and the day it was done', () => {
    const withHours = timescalesFor('england-2023', { referralConfirmationHours: 48 });
    const ds = computeDeadlines(
      withHours,
      FULL,
      {
        notifyPanel: true,
        rapidReview: true,
        notifySosOfsted: true,
        sosOfstedFor: ['looked-after'],
      },
      'Europe/London',
    );
    expect(ds).toEqual([
      {
        key: 'referral-confirmation',
        label: 'Referral confirmed in writing',
        due: '2026-12-23',
        dueTime: '15:00',
        basis: '48 hours from the referral (2026-12-21 15:00)',
        doneOn: '2026-12-22',
      },
      {
        key: 'notify-panel',
        label: 'Notify the Child Safeguarding Practice Review Panel',
        due: '2026-12-31',
        basis: '5 working days from becoming aware (2026-12-22)',
        doneOn: '2026-12-23',
      },
      {
        key: 'notify-partners',
        label: 'Report the incident to the safeguarding partners',
        due: '2026-12-31',
        basis: '5 working days from becoming aware (2026-12-22)',
        doneOn: '2026-12-24',
      },
      {
        key: 'notify-sos-ofsted',
        label: 'Notify the Secretary of State and Ofsted',
        due: '2026-12-31',
        basis: '5 working days from becoming aware (2026-12-22) of a looked-after child’s death',
        doneOn: '2026-12-29',
      },
      {
        key: 'rapid-review',
        label: 'Complete the rapid review and send it to the Panel',
        due: '2027-01-15',
        basis: '15 working days from becoming aware (2026-12-22)',
        doneOn: '2027-01-12',
      },
      {
        key: 'panel-response',
        label: 'Record the Panel’s response (chase it if none)',
        due: '2027-02-02',
        basis: '15 working days from sending the rapid review (2027-01-12); local default',
        doneOn: '2027-01-20',
      },
      {
        key: 'reviewer-informed',
        label: 'Tell the Panel, Ofsted and DfE the reviewer’s name',
        due: '2027-01-28',
        basis: '5 working days from commissioning the review (2027-01-21); local default',
        doneOn: '2027-01-22',
      },
      {
        key: 'draft-report',
        label: 'Draft local review report',
        due: '2027-05-11',
        basis: '4 months from the decision (2027-01-11); local default',
        doneOn: '2027-05-01',
      },
      {
        key: 'final-report',
        label: 'Final local review report',
        due: '2027-07-12',
        basis: '6 months from the decision (2027-01-11)',
        doneOn: '2027-06-01',
      },
      {
        key: 'report-to-panel-sos',
        label: 'Send the report to the Panel and the Secretary of State',
        due: '2027-07-06',
        basis: 'at least 7 working days before publication (2027-07-15)',
        doneOn: '2027-06-02',
      },
      {
        key: 'published-until',
        label: 'Keep the report published',
        due: '2028-07-17',
        basis: '12 months from publication (2027-07-15)',
      },
    ]);
  });

  it('leaves out the day done for each step not recorded', () => {
    const ds = computeDeadlines(
      timescalesFor('england-2023', { referralConfirmationHours: 48 }),
      {
        awareOn: '2026-12-22',
        referredAt: '2026-12-21T15:00:00Z',
        rapidReviewSentOn: '2027-01-12',
        decidedOn: '2027-01-11',
        reviewCommissionedOn: '2027-01-21',
        plannedPublicationOn: '2027-07-15',
      },
      { notifyPanel: true, rapidReview: true, notifySosOfsted: true },
    );
    // Only the rapid review is done (sent); nothing else is recorded.
    for (const d of ds.filter((x) => x.key !== 'rapid-review'))
      expect(d, d.key).not.toHaveProperty('doneOn');
    expect(byKey(ds)['rapid-review']?.doneOn).toBe('2027-01-12');
    expect(keys(ds)).toEqual([
      'referral-confirmation',
      'notify-panel',
      'notify-partners',
      'notify-sos-ofsted',
      'rapid-review',
      'panel-response',
      'reviewer-informed',
      'draft-report',
      'final-report',
      'report-to-panel-sos',
    ]);
  });
});

describe('when each deadline applies', () => {
  it('gives only the notifications and the rapid review before the decision, for a case with every duty', () => {
    expect(keys(computeDeadlines(t, { awareOn: '2026-12-22' }))).toEqual([
      'notify-panel',
      'notify-partners',
      'rapid-review',
    ]);
    expect(ALL_DUTIES).toEqual({ notifyPanel: true, rapidReview: true, notifySosOfsted: false });
  });

  it('gives no Panel or partners notification without that duty, and no rapid review without its own', () => {
    expect(
      keys(
        computeDeadlines(
          t,
          { awareOn: '2026-12-22' },
          { notifyPanel: false, rapidReview: true, notifySosOfsted: false },
        ),
      ),
    ).toEqual(['rapid-review']);
    expect(
      keys(
        computeDeadlines(
          t,
          { awareOn: '2026-12-22' },
          { notifyPanel: true, rapidReview: false, notifySosOfsted: false },
        ),
      ),
    ).toEqual(['notify-panel', 'notify-partners']);
  });

  it('names whose death the Secretary of State and Ofsted are told of (older cases: a care leaver’s)', () => {
    const sos = (duties: Parameters<typeof computeDeadlines>[2]) =>
      byKey(computeDeadlines(t, { awareOn: '2026-12-22' }, duties))['notify-sos-ofsted']?.basis;
    expect(sos({ notifyPanel: false, rapidReview: false, notifySosOfsted: true })).toBe(
      '5 working days from becoming aware (2026-12-22) of a care leaver’s death',
    );
    expect(
      sos({
        notifyPanel: false,
        rapidReview: false,
        notifySosOfsted: true,
        sosOfstedFor: ['looked-after', 'care-leaver'],
      }),
    ).toBe(
      '5 working days from becoming aware (2026-12-22) of a looked-after child’s death and a care leaver’s death',
    );
  });

  it('follows the review track after the decision: local (or not yet known), learning, or none', () => {
    const d: CaseDates = { awareOn: '2026-12-22', decidedOn: '2027-01-11' };
    const after = (track?: 'local' | 'learning' | 'none') =>
      keys(computeDeadlines(t, d, ALL_DUTIES, undefined, track)).slice(3);
    expect(after()).toEqual(['draft-report', 'final-report']);
    expect(after('local')).toEqual(['draft-report', 'final-report']);
    expect(after('none')).toEqual([]);
    expect(after('learning')).toEqual(['learning-review']);
    const learning = byKey(
      computeDeadlines(
        t,
        { ...d, learningSharedOn: '2027-06-01' },
        ALL_DUTIES,
        undefined,
        'learning',
      ),
    )['learning-review'];
    expect(learning).toEqual({
      key: 'learning-review',
      label: 'Share the learning of the learning review',
      due: '2027-07-12', // 11 July 2027 is a Sunday
      basis: '6 months from the decision (2027-01-11); local default',
      doneOn: '2027-06-01',
    });
    expect(
      byKey(computeDeadlines(t, d, ALL_DUTIES, undefined, 'learning'))['learning-review'],
    ).not.toHaveProperty('doneOn');
  });

  it('gives no track deadlines before the decision, whatever the track', () => {
    for (const track of ['local', 'learning', 'none', undefined] as const)
      expect(
        keys(computeDeadlines(t, { awareOn: '2026-12-22' }, ALL_DUTIES, undefined, track)),
      ).toEqual(['notify-panel', 'notify-partners', 'rapid-review']);
  });
});

describe('the referral confirmation', () => {
  it('counted in working days wins over hours, from the day of the referral, singular for one day', () => {
    const days = timescalesFor('england-2023', {
      referralConfirmation: { workingDays: 1 },
      referralConfirmationHours: 48,
    });
    const d = byKey(
      computeDeadlines(days, {
        awareOn: '2026-12-24',
        referredAt: '2026-12-24T15:00:00Z',
        referralConfirmedAt: '2026-12-29T08:00:00Z',
      }),
    )['referral-confirmation'];
    expect(d).toEqual({
      key: 'referral-confirmation',
      label: 'Referral confirmed in writing',
      due: '2026-12-29',
      basis: '1 working day from the referral (2026-12-24)',
      doneOn: '2026-12-29',
    });
    const two = timescalesFor('england-2023', { referralConfirmation: { workingDays: 2 } });
    expect(
      byKey(computeDeadlines(two, { awareOn: '2026-12-24', referredAt: '2026-12-24T15:00:00Z' }))[
        'referral-confirmation'
      ],
    ).toEqual({
      key: 'referral-confirmation',
      label: 'Referral confirmed in writing',
      due: '2026-12-30',
      basis: '2 working days from the referral (2026-12-24)',
    });
  });

  it('counted in hours falls due at a time of day, weekends and holidays included, in the partnership’s zone', () => {
    const hours = timescalesFor('england-2023', { referralConfirmationHours: 48 });
    const d = byKey(
      computeDeadlines(
        hours,
        { awareOn: '2027-07-01', referredAt: '2027-07-01T15:00:00Z' },
        ALL_DUTIES,
        'Europe/London',
      ),
    )['referral-confirmation'];
    expect(d).toEqual({
      key: 'referral-confirmation',
      label: 'Referral confirmed in writing',
      due: '2027-07-03',
      dueTime: '16:00',
      basis: '48 hours from the referral (2027-07-01 16:00)',
    });
  });

  it('is not asked for without a referral, or where the partnership sets neither', () => {
    const hours = timescalesFor('england-2023', { referralConfirmationHours: 48 });
    expect(keys(computeDeadlines(hours, { awareOn: '2026-12-22' }))).not.toContain(
      'referral-confirmation',
    );
    expect(
      keys(computeDeadlines(t, { awareOn: '2026-12-22', referredAt: '2026-12-21T15:00:00Z' })),
    ).not.toContain('referral-confirmation');
  });
});

describe('the rapid review counted from the Panel notification', () => {
  const fromNotification = timescalesFor('england-2023', { rapidReviewFrom: 'notification' });
  it('says so in its basis, from the notification made or from its due date', () => {
    expect(
      byKey(
        computeDeadlines(fromNotification, {
          awareOn: '2026-03-30',
          panelNotifiedOn: '2026-04-01',
        }),
      )['rapid-review']?.basis,
    ).toBe('15 working days from the Panel notification (2026-04-01)');
    expect(
      byKey(computeDeadlines(fromNotification, { awareOn: '2026-03-30' }))['rapid-review']?.basis,
    ).toBe(
      '15 working days from the Panel notification (not yet made: counted from its due date 2026-04-08)', // over Good Friday and Easter Monday
    );
  });
});

describe('monthsLater', () => {
  it('moves a due date that falls on a weekend or bank holiday to the next working day', () => {
    expect(monthsLater('2027-01-11', 6)).toBe('2027-07-12'); // Sunday → Monday
    expect(monthsLater('2026-11-25', 1)).toBe('2026-12-29'); // Christmas Day → after Boxing Day’s substitute
    expect(monthsLater('2027-01-11', 4)).toBe('2027-05-11'); // a Tuesday stays
  });
});

import { describe, expect, it } from 'vitest';
import { computeDeadlines, type Deadline } from '../../src/domain/deadlines.js';
import { PROCEDURES, PROCEDURE_IDS, timescalesFor } from '../../src/domain/procedure.js';

const byKey = (ds: Deadline[]) => Object.fromEntries(ds.map((d) => [d.key, d]));

describe('statutory timescales', () => {
  for (const id of PROCEDURE_IDS) {
    describe(id, () => {
      const t = timescalesFor(id);
      it('has every timescale of the product specification', () => {
        expect(t).toMatchObject({
          notifyPanelWorkingDays: 5,
          notifyPartnersWorkingDays: 5,
          rapidReviewWorkingDays: 15,
          rapidReviewFrom: 'aware',
          referralConfirmationHours: null,
          finalReportMonths: 6,
          reportBeforePublicationWorkingDays: 7,
          publishedForMonths: 12,
        });
      });
      it('gives Panel, partners and rapid review dates across Christmas 2026', () => {
        const d = byKey(computeDeadlines(t, { awareOn: '2026-12-22' }));
        expect(d['notify-panel']?.due).toBe('2026-12-31');
        expect(d['notify-partners']?.due).toBe('2026-12-31');
        expect(d['rapid-review']?.due).toBe('2027-01-15');
        expect(d['rapid-review']?.basis).toContain('from becoming aware (2026-12-22)');
      });
    });
  }

  it('counts the rapid review from the Panel notification where a partnership says so', () => {
    const t = timescalesFor('england-2023', { rapidReviewFrom: 'notification' });
    const notified = byKey(
      computeDeadlines(t, { awareOn: '2026-03-30', panelNotifiedOn: '2026-04-01' }),
    );
    // 15 working days after Wed 1 April 2026, skipping Good Friday and Easter Monday
    expect(notified['rapid-review']?.due).toBe('2026-04-24');
    expect(notified['notify-panel']?.doneOn).toBe('2026-04-01');
    const notYet = byKey(computeDeadlines(t, { awareOn: '2026-03-30' }));
    expect(notYet['rapid-review']?.basis).toContain('not yet made');
    expect(notYet['rapid-review']?.due).toBe('2026-04-29'); // counted from the notification due date 2026-04-07
  });

  it('asks for a referral to be confirmed within 48 hours where the partnership sets it', () => {
    const t = timescalesFor('england-2018', { referralConfirmationHours: 48 });
    const d = byKey(
      computeDeadlines(t, { awareOn: '2026-11-20', referredAt: '2026-11-20T15:00:00Z' }),
    );
    expect(d['referral-confirmation']?.due).toBe('2026-11-22');
    const none = byKey(
      computeDeadlines(timescalesFor('england-2018'), {
        awareOn: '2026-11-20',
        referredAt: '2026-11-20T15:00:00Z',
      }),
    );
    expect(none['referral-confirmation']).toBeUndefined();
  });

  it('gives the care-leaver notification only when that duty applies', () => {
    const t = timescalesFor('england-2023');
    const d = byKey(
      computeDeadlines(
        t,
        { awareOn: '2026-12-22' },
        { notifyPanel: false, rapidReview: false, notifySosOfsted: true },
      ),
    );
    expect(Object.keys(d)).toEqual(['notify-sos-ofsted']);
    expect(d['notify-sos-ofsted']?.due).toBe('2026-12-31');
  });

  it('gives the final report 6 months after the decision, the report 7 working days before publication, and 12 months published', () => {
    const t = timescalesFor('england-2023');
    const d = byKey(
      computeDeadlines(t, {
        awareOn: '2026-10-01',
        decidedOn: '2026-10-21',
        plannedPublicationOn: '2027-04-07',
        publishedOn: '2027-04-07',
      }),
    );
    expect(d['final-report']?.due).toBe('2027-04-21');
    expect(d['report-to-panel-sos']?.due).toBe('2027-03-25');
    expect(d['published-until']?.due).toBe('2028-04-07');
  });

  it('lets a partnership override any timescale without changing the procedure', () => {
    const t = timescalesFor('england-2023', { notifyPanelWorkingDays: 3 });
    expect(byKey(computeDeadlines(t, { awareOn: '2026-12-22' }))['notify-panel']?.due).toBe(
      '2026-12-29',
    );
    expect(PROCEDURES['england-2023'].timescales.notifyPanelWorkingDays).toBe(5);
  });
});

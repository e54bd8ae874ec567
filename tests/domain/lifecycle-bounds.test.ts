/** The lifecycle's date rules at their boundaries: a step on the same day as the one before it is fine. */
import { describe, expect, it } from 'vitest';
import { actors, decidedCase, notifiedCase, reportDraftingCase, sentToPanelCase, TODAY, types } from './helpers.js';

const bm = actors.businessManager;

describe('a date on the day of the step before', () => {
  it('is taken for each notification date and for sending the rapid review', () => {
    const log = notifiedCase();
    expect(types(log.run(actors.la, { type: 'record-partners-notified', on: '2026-12-22' }))).toEqual(['partners.notified']);
    expect(types(log.run(actors.la, { type: 'record-notification', panelNotifiedOn: '2026-12-22' }))).toEqual(['panel.notified']);
    expect(types(decidedCase().run(bm, { type: 'send-to-panel', on: '2026-12-22' }))).toEqual(['rapid-review.sent']);
  });

  it('is taken for the Panel’s response and the commission on the day the rapid review was sent', () => {
    const log = sentToPanelCase();
    expect(types(log.run(bm, { type: 'record-panel-response', response: 'agrees', on: TODAY }))).toEqual(['panel.responded']);
    expect(types(log.run(actors.chair, { type: 'commission-review', reviewer: 'R', on: TODAY }))).toEqual(['review.commissioned']);
  });

  it('takes a report sent on its planned publication day, as late', () => {
    const log = reportDraftingCase().at('2027-06-01T10:00:00Z');
    expect(log.run(bm, { type: 'send-report', on: '2027-06-01', plannedPublicationOn: '2027-06-01' }).map((e) => e.data)).toEqual([
      { on: '2027-06-01', plannedPublicationOn: '2027-06-01', workingDays: 0, required: 7, late: true },
    ]);
    expect(types(log.at('2027-06-01T11:00:00Z').run(bm, { type: 'publish', on: '2027-06-01' }))).toEqual(['report.published']);
  });
});

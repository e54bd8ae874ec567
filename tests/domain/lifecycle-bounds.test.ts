/** The lifecycle's date rules at their boundaries: a step on the same day as the one before it is fine. */
import { describe, expect, it } from 'vitest';
import {
  actors,
  closedCase,
  decidedCase,
  decidingCase,
  facts as rapidFacts,
  notifiedCase,
  publishedCase,
  reportDraftingCase,
  sentToPanelCase,
  TODAY,
  types,
  voteCommand,
} from './helpers.js';

const bm = actors.businessManager;

describe('a date on the day of the step before', () => {
  it('is taken for each notification date and for sending the rapid review', () => {
    const log = notifiedCase();
    expect(
      types(log.run(actors.la, { type: 'record-partners-notified', on: '2026-12-22' })),
    ).toEqual(['partners.notified']);
    expect(
      types(log.run(actors.la, { type: 'record-notification', panelNotifiedOn: '2026-12-22' })),
    ).toEqual(['panel.notified']);
    expect(types(decidedCase().run(bm, { type: 'send-to-panel', on: '2026-12-22' }))).toEqual([
      'rapid-review.sent',
    ]);
  });

  it('is taken for the Panel’s response and the commission on the day the rapid review was sent', () => {
    const log = sentToPanelCase();
    expect(
      types(log.run(bm, { type: 'record-panel-response', response: 'agrees', on: TODAY })),
    ).toEqual(['panel.responded']);
    expect(
      types(log.run(actors.chair, { type: 'commission-review', reviewer: 'R', on: TODAY })),
    ).toEqual(['review.commissioned']);
  });

  it('takes a report sent on its planned publication day, as late', () => {
    const log = reportDraftingCase().at('2027-06-01T10:00:00Z');
    expect(
      log
        .run(bm, { type: 'send-report', on: '2027-06-01', plannedPublicationOn: '2027-06-01' })
        .map((e) => e.data),
    ).toEqual([
      {
        on: '2027-06-01',
        plannedPublicationOn: '2027-06-01',
        workingDays: 0,
        required: 7,
        late: true,
      },
    ]);
    expect(
      types(log.at('2027-06-01T11:00:00Z').run(bm, { type: 'publish', on: '2027-06-01' })),
    ).toEqual(['report.published']);
  });
});

describe('edges of the rules', () => {
  const said = (err: { code: string; message: string; details: unknown }) => ({
    code: err.code,
    message: err.message,
    details: err.details,
  });

  it('a names confirmation names fields by string only (a list inside the list is refused)', () => {
    const log = notifiedCase();
    const cmd = {
      type: 'record-facts' as const,
      facts: rapidFacts(),
      namesConfirmed: [['summary']] as unknown as string[],
    };
    expect(log.refusal(bm, cmd).details).toEqual({ field: 'namesConfirmed' });
  });

  it('escalates when only the police and health agree', () => {
    const log = decidingCase('lcspr');
    log.run(actors.police, voteCommand('police', 'national'));
    expect(types(log.run(actors.health, voteCommand('health', 'national')))).toEqual([
      'vote.cast',
      'case.escalated',
    ]);
  });

  it('the bot still records its own effects on an erased case', () => {
    const log = closedCase();
    log.run(actors.chair, { type: 'erase', reason: 'IG request 42' });
    expect(
      types(
        log.run(actors.system, {
          type: 'record-failure',
          step: 'archive',
          code: 'slack.error',
          message: 'not_in_channel',
        }),
      ),
    ).toEqual(['step.failed']);
  });

  it('monitoring: its date by label, and the day it started', () => {
    const log = publishedCase();
    expect(said(log.refusal(bm, { type: 'start-monitoring', on: '2027-07-16' }))).toEqual({
      code: 'field.invalid',
      message: 'Date cannot be in the future.',
      details: { field: 'on' },
    });
    expect(
      log.run(bm, { type: 'start-monitoring', on: '2027-07-15' }).map((e) => [e.type, e.data]),
    ).toEqual([['monitoring.started', { on: '2027-07-15' }]]);
  });

  it('the notification form: where it is taken, the same Panel date twice is nothing new, a reference alone is a Panel event', () => {
    expect(
      said(
        sentToPanelCase().refusal(actors.la, {
          type: 'record-notification',
          partnersNotifiedOn: TODAY,
        }),
      ).message,
    ).toBe('TEST-2026-001 is sent-to-panel: cannot record a notification date now.');
    const log = notifiedCase();
    log.run(actors.la, { type: 'record-notification', panelNotifiedOn: TODAY });
    expect(
      log.refusal(actors.la, { type: 'record-notification', panelNotifiedOn: TODAY }).code,
    ).toBe('field.missing');
    expect(
      log
        .run(actors.la, { type: 'record-notification', panelReference: 'CSPRP-7' })
        .map((e) => [e.type, e.data]),
    ).toEqual([['panel.notified', { on: TODAY, reference: 'CSPRP-7' }]]);
  });

  it('a case with no notification duty at all asks for the Panel date when given nothing', () => {
    const log = notifiedCase({ location: 'elsewhere' });
    expect(log.case.duties).toEqual({
      notifyPanel: false,
      rapidReview: false,
      notifySosOfsted: false,
    });
    expect(said(log.refusal(actors.la, { type: 'record-notification' }))).toEqual({
      code: 'field.missing',
      message: 'Give at least one date that is not recorded yet.',
      details: { field: 'panelNotifiedOn' },
    });
  });
});

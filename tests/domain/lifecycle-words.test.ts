/**
 * Each refusal of the lifecycle in the words the person reads and the details the platforms use
 * (code, message, field), and the exact data each command records. lifecycle.test.ts walks the
 * process; this file pins what is said and stored at each step.
 */
import { describe, expect, it } from 'vitest';
import type { Command } from '../../src/domain/lifecycle.js';
import { systemActor } from '../../src/domain/roles.js';
import {
  actors,
  CaseLog,
  closedCase,
  data,
  field,
  decidedCase,
  decidingCase,
  escalatedCase,
  facts,
  identity,
  makeActor,
  monitoringCase,
  notification,
  notifiedCase,
  rapidReviewCase,
  referral,
  referredCase,
  REF,
  reportDraftingCase,
  reportSentCase,
  reviewCommissionedCase,
  said,
  sentToPanelCase,
  TODAY,
  voteCommand,
} from './helpers.js';

const bm = actors.businessManager;
const castByLa = voteCommand('la', 'lcspr') as Extract<Command, { type: 'cast-vote' }>;

describe('who and which case', () => {
  it('another partnership’s case, or none, is “No such case.”', () => {
    expect(
      said(notifiedCase(), actors.otherLa, { type: 'record-panel-notified', on: TODAY }),
    ).toEqual({ code: 'case.not_found', message: 'No such case.', details: {} });
    expect(said(new CaseLog(), bm, { type: 'close', reason: 'x' })).toEqual({
      code: 'case.not_found',
      message: 'No such case.',
      details: {},
    });
  });

  it('only the bot records channels and failures', () => {
    const channel = { platform: 'slack' as const, id: 'C1', name: 'cspr' };
    expect(
      said(notifiedCase(), actors.chair, { type: 'record-channel', channel, isNew: true }),
    ).toEqual({
      code: 'action.not_permitted',
      message: 'Only the bot records this.',
      details: {},
    });
    const log = notifiedCase();
    expect(data(log, actors.system, { type: 'record-channel', channel, isNew: true })).toEqual([
      ['channel.opened', { channel }],
    ]);
    expect(data(log, actors.system, { type: 'record-channel', channel, isNew: false })).toEqual([
      ['channel.updated', { channel }],
    ]);
    expect(
      data(log, actors.system, {
        type: 'record-failure',
        step: 'channel',
        code: 'slack.error',
        message: 'name_taken',
      }),
    ).toEqual([['step.failed', { step: 'channel', code: 'slack.error', message: 'name_taken' }]]);
    // The bot of another partnership may not; nor on a case that does not exist.
    const failure: Command = { type: 'record-failure', step: 's', code: 'c', message: 'm' };
    expect(said(notifiedCase(), systemActor('p2'), failure).code).toBe('case.not_found');
    expect(said(new CaseLog(), actors.system, failure).code).toBe('case.not_found');
  });

  it('a role not allowed the action is told which action', () => {
    expect(
      said(notifiedCase(), actors.member, {
        type: 'assess-criteria',
        criteria: rapidReviewCase().case.criteria!,
      }),
    ).toEqual({
      code: 'action.not_permitted',
      message: 'Your role does not allow this: assess the criteria.',
      details: { action: 'assess-criteria' },
    });
  });

  it('a vote by a holder of another partner’s role names that partner', () => {
    expect(said(rapidReviewCase(), actors.police, voteCommand('la', 'lcspr')).details).toEqual({
      partner: 'la',
    });
  });

  it('an erased case can no longer change, in any way', () => {
    const log = closedCase();
    log.run(actors.chair, { type: 'erase', reason: 'IG request 42' });
    expect(said(log, actors.chair, { type: 'pause-reminders' })).toEqual({
      code: 'case.erased',
      message: `${REF} was erased: it can no longer change.`,
      details: { state: 'closed' },
    });
  });
});

describe('referral and notification', () => {
  it('refers once, and notifies only a referral', () => {
    const log = referredCase();
    expect(said(log, bm, { type: 'refer', identity: identity(), referral: referral() })).toEqual({
      code: 'case.already_exists',
      message: 'This case already exists.',
      details: {},
    });
    expect(
      said(notifiedCase(), actors.la, {
        type: 'notify',
        identity: identity(),
        notification: notification(),
      }),
    ).toEqual({
      code: 'case.wrong_state',
      message: `${REF} is notified: cannot notify the Panel of this referral now.`,
      details: { state: 'notified', allowed: ['referred'] },
    });
  });

  it('words each date of the notification form by its label', () => {
    const fresh = () => new CaseLog();
    const notify = (n: Parameters<typeof notification>[0]) =>
      said(fresh(), actors.la, {
        type: 'notify',
        identity: identity(),
        notification: notification(n),
      });
    expect(notify({ awareOn: '2026-12-24' })).toEqual(
      field(
        'field.invalid',
        'awareOn',
        'Date the local authority became aware cannot be in the future.',
      ),
    );
    expect(notify({ incidentOn: '2026-12-24' })).toEqual(
      field('field.invalid', 'incidentOn', 'Date of incident cannot be in the future.'),
    );
    expect(notify({ incidentOn: '2026-12-23' })).toEqual(
      field(
        'field.invalid',
        'incidentOn',
        'Date of incident cannot be after the date the local authority became aware.',
      ),
    );
    expect(notify({ panelNotifiedOn: '2026-12-21' })).toEqual(
      field(
        'field.invalid',
        'panelNotifiedOn',
        'Date the Panel was notified cannot be before 2026-12-22.',
      ),
    );
    expect(notify({ panelNotifiedOn: '2026-12-24' })).toEqual(
      field(
        'field.invalid',
        'panelNotifiedOn',
        'Date the Panel was notified cannot be in the future.',
      ),
    );
    expect(notify({ notifyingAgency: ' ' })).toEqual(
      field('field.missing', 'notifyingAgency', 'Notifying agency is required.'),
    );
    expect(notify({ summary: 'x'.repeat(1501) })).toEqual(
      field('field.invalid', 'summary', 'Summary must be at most 1500 characters.'),
    );
    // An incident on the day of awareness is fine; so is no incident date.
    expect(
      data(fresh(), actors.la, {
        type: 'notify',
        identity: identity(),
        notification: notification({ incidentOn: '2026-12-22' }),
      })[0]?.[0],
    ).toBe('case.notified');
    const { incidentOn: _none, ...withoutIncident } = notification();
    expect(
      data(fresh(), actors.la, {
        type: 'notify',
        identity: identity(),
        notification: withoutIncident,
      })[0]?.[0],
    ).toBe('case.notified');
  });

  it('words the referral form by its labels', () => {
    const refer = (r: Parameters<typeof referral>[0]) =>
      said(new CaseLog(), bm, { type: 'refer', identity: identity(), referral: referral(r) });
    expect(refer({ referringAgency: '' })).toEqual(
      field('field.missing', 'referringAgency', 'Referring agency is required.'),
    );
    expect(refer({ summary: '' })).toEqual(
      field('field.missing', 'summary', 'Summary is required.'),
    );
    expect(refer({ referringAgency: 'x'.repeat(201) })).toEqual(
      field('field.invalid', 'referringAgency', 'Referring agency must be at most 200 characters.'),
    );
  });

  it('notifies a referral under its own identity, with the edition of the date of awareness', () => {
    const log = referredCase();
    const [[type, d]] = data(log, actors.la, {
      type: 'notify',
      identity: identity({ caseId: 'other', ref: 'OTHER' }),
      notification: notification({ awareOn: '2023-12-14', incidentOn: '2023-12-13' }),
    }) as [[string, Record<string, unknown>]];
    expect(type).toBe('case.notified');
    expect(d).toMatchObject({
      caseId: 'case-1',
      partnershipId: 'p1',
      ref: REF,
      procedure: 'england-2018',
    });
  });

  it('confirms only a referral, while referred or notified', () => {
    expect(said(notifiedCase(), bm, { type: 'confirm-referral' })).toEqual({
      code: 'case.wrong_state',
      message: `${REF} did not start as a referral.`,
      details: {},
    });
    expect(said(decidedCase(), bm, { type: 'confirm-referral' })).toEqual({
      code: 'case.wrong_state',
      message: `${REF} is decided: cannot confirm the referral now.`,
      details: { state: 'decided', allowed: ['referred', 'notified'] },
    });
    expect(data(referredCase(), bm, { type: 'confirm-referral' })).toEqual([
      ['referral.confirmed', { at: '2026-12-23T10:00:00.000Z' }],
    ]);
  });

  it('records each notification date by its own command, not before awareness', () => {
    const log = notifiedCase({ childStatus: 'looked-after' });
    expect(data(log, actors.la, { type: 'record-panel-notified', on: TODAY })).toEqual([
      ['panel.notified', { on: TODAY }],
    ]);
    expect(data(log, actors.la, { type: 'record-partners-notified', on: TODAY })).toEqual([
      ['partners.notified', { on: TODAY }],
    ]);
    expect(data(log, actors.la, { type: 'record-sos-ofsted-notified', on: TODAY })).toEqual([
      ['sos-ofsted.notified', { on: TODAY }],
    ]);
    expect(said(log, actors.la, { type: 'record-partners-notified', on: '2026-12-21' })).toEqual(
      field('field.invalid', 'on', 'The date cannot be before 2026-12-22.'),
    );
    expect(
      said(sentToPanelCase(), actors.la, { type: 'record-partners-notified', on: TODAY }).message,
    ).toBe(`${REF} is sent-to-panel: cannot record a notification date now.`);
  });
});

describe('the notification form', () => {
  it('words each refusal', () => {
    const log = notifiedCase();
    expect(
      said(log, actors.la, { type: 'record-notification', sosOfstedNotifiedOn: TODAY }),
    ).toEqual(
      field(
        'field.invalid',
        'sosOfstedNotifiedOn',
        `${REF} carries no such duty: nothing to record.`,
      ),
    );
    expect(
      said(log, actors.la, { type: 'record-notification', partnersNotifiedOn: '2026-12-21' }),
    ).toEqual(
      field(
        'field.invalid',
        'partnersNotifiedOn',
        'Date the safeguarding partners were told cannot be before the local authority became aware (2026-12-22).',
      ),
    );
    expect(
      said(log, actors.la, { type: 'record-notification', panelNotifiedOn: '2026-12-24' }),
    ).toEqual(
      field(
        'field.invalid',
        'panelNotifiedOn',
        'Date the Panel was notified cannot be in the future.',
      ),
    );
    expect(
      said(log, actors.la, { type: 'record-notification', panelReference: 'CSPRP-1' }),
    ).toEqual(
      field(
        'field.invalid',
        'panelNotifiedOn',
        'Give the date the Panel was notified with its reference.',
      ),
    );
    expect(
      said(log, actors.la, {
        type: 'record-notification',
        panelNotifiedOn: TODAY,
        panelReference: 'a'.repeat(41),
      }),
    ).toEqual(
      field(
        'field.invalid',
        'panelReference',
        'The Panel’s reference is up to 40 letters, digits, spaces, dots, dashes or slashes.',
      ),
    );
    expect(said(log, actors.la, { type: 'record-notification' })).toEqual(
      field('field.missing', 'panelNotifiedOn', 'Give at least one date that is not recorded yet.'),
    );
    const sosOnly = notifiedCase({ abuseOrNeglect: 'not-suspected', childStatus: 'looked-after' });
    expect(said(sosOnly, actors.la, { type: 'record-notification' })).toEqual(
      field(
        'field.missing',
        'sosOfstedNotifiedOn',
        'Give at least one date that is not recorded yet.',
      ),
    );
  });

  it('takes a plain reference of up to 40 characters, trimmed; a blank one is none', () => {
    const log = notifiedCase();
    expect(
      data(log, actors.la, {
        type: 'record-notification',
        panelNotifiedOn: TODAY,
        panelReference: ` ${'A'.repeat(40)} `,
      }),
    ).toEqual([['panel.notified', { on: TODAY, reference: 'A'.repeat(40) }]]);
    const blank = notifiedCase();
    expect(
      data(blank, actors.la, {
        type: 'record-notification',
        panelNotifiedOn: TODAY,
        panelReference: '  ',
      }),
    ).toEqual([['panel.notified', { on: TODAY }]]);
    expect(
      said(notifiedCase(), actors.la, {
        type: 'record-notification',
        panelNotifiedOn: TODAY,
        panelReference: '-CSPRP',
      }).details,
    ).toEqual({ field: 'panelReference' });
    expect(
      said(notifiedCase(), actors.la, {
        type: 'record-notification',
        panelNotifiedOn: TODAY,
        panelReference: 'CSPRP\n1',
      }).details,
    ).toEqual({ field: 'panelReference' });
  });

  it('records again only what changed: a new reference for the same Panel date, not the same partners date', () => {
    const log = notifiedCase();
    log.run(actors.la, {
      type: 'record-notification',
      panelNotifiedOn: TODAY,
      partnersNotifiedOn: TODAY,
    });
    expect(
      data(log, actors.la, {
        type: 'record-notification',
        panelNotifiedOn: TODAY,
        partnersNotifiedOn: TODAY,
        panelReference: 'CSPRP-2',
      }),
    ).toEqual([['panel.notified', { on: TODAY, reference: 'CSPRP-2' }]]);
    expect(
      data(log, actors.la, {
        type: 'record-notification',
        panelNotifiedOn: '2026-12-22',
        partnersNotifiedOn: TODAY,
      }),
    ).toEqual([['panel.notified', { on: '2026-12-22' }]]);
  });
});

describe('the rapid review', () => {
  it('words each field of the facts form', () => {
    const log = notifiedCase();
    const record = (f: Parameters<typeof facts>[0]) =>
      said(log, bm, { type: 'record-facts', facts: facts(f) });
    expect(record({ summary: '' })).toEqual(
      field('field.missing', 'summary', 'Summary of what happened is required.'),
    );
    expect(record({ keyEpisodes: '' })).toEqual(
      field('field.missing', 'keyEpisodes', 'Key practice episodes is required.'),
    );
    expect(record({ learning: 'x'.repeat(3001) })).toEqual(
      field('field.invalid', 'learning', 'Learning identified must be at most 3000 characters.'),
    );
    expect(record({ agencies: [] })).toEqual(
      field('field.missing', 'agencies', 'Choose at least one agency involved.'),
    );
    expect(record({ immediateAction: true, immediateActionDetail: '' })).toEqual(
      field('field.missing', 'immediateActionDetail', 'What immediate action is required.'),
    );
    expect(
      data(log, bm, {
        type: 'record-facts',
        facts: facts({ immediateAction: false, immediateActionDetail: '' }),
      })[0]?.[0],
    ).toBe('facts.recorded');
    expect(said(decidedCase(), bm, { type: 'record-facts', facts: facts() }).message).toBe(
      `${REF} is decided: cannot record rapid-review facts now.`,
    );
  });

  it('words the criteria form: every criterion answered, evidence at most 1000 characters', () => {
    const log = notifiedCase();
    const all = rapidReviewCase().case.criteria!;
    const { 'cross-boundary': _gone, ...missingOne } = all;
    expect(said(log, bm, { type: 'assess-criteria', criteria: missingOne as typeof all })).toEqual(
      field('field.missing', 'cross-boundary', 'Answer every criterion and circumstance.'),
    );
    expect(
      said(log, bm, {
        type: 'assess-criteria',
        criteria: { ...all, institutional: { answer: 'no', evidence: 'x'.repeat(1001) } },
      }),
    ).toEqual(field('field.invalid', 'institutional', 'Evidence must be at most 1000 characters.'));
    expect(
      data(log, bm, {
        type: 'assess-criteria',
        criteria: { ...all, institutional: { answer: 'no' } },
      })[0]?.[0],
    ).toBe('criteria.assessed');
    expect(said(decidedCase(), bm, { type: 'assess-criteria', criteria: all }).message).toBe(
      `${REF} is decided: cannot assess the criteria now.`,
    );
  });
});

describe('votes', () => {
  it('words each refusal', () => {
    expect(said(decidedCase(), actors.la, voteCommand('la', 'national'))).toEqual({
      code: 'vote.decision_recorded',
      message: `The decision on ${REF} is recorded: votes can no longer change.`,
      details: {},
    });
    expect(said(notifiedCase(), actors.la, voteCommand('la', 'lcspr')).message).toBe(
      `${REF} is notified: cannot vote (record the rapid-review facts first) now.`,
    );
    const log = rapidReviewCase();
    expect(said(log, actors.la, { ...castByLa, outcome: 'maybe' as never })).toEqual(
      field('field.invalid', 'outcome', 'Choose one of the five outcomes.'),
    );
    expect(said(log, actors.la, voteCommand('la', 'lcspr', ' '))).toEqual(
      field('field.missing', 'rationale', 'Rationale is required.'),
    );
    expect(
      said(log, actors.la, { ...castByLa, criteria: ['improvements', 'luck' as never] }),
    ).toEqual(field('field.invalid', 'criteria', 'Unknown criterion.'));
    const odd = makeActor('odd', ['la', 'bogus' as never]);
    expect(said(log, odd, { ...castByLa, partner: 'bogus' as never })).toEqual(
      field('field.invalid', 'partner', 'Unknown partner.'),
    );
  });

  it('records the vote as cast: trimmed, each criterion once, by whom and when', () => {
    const log = rapidReviewCase();
    expect(
      data(log, actors.la, {
        type: 'cast-vote',
        partner: 'la',
        outcome: 'lcspr',
        rationale: '  Because.  ',
        criteria: ['improvements', 'improvements', 'no-agency'],
      }),
    ).toEqual([
      [
        'vote.cast',
        {
          vote: {
            partner: 'la',
            outcome: 'lcspr',
            rationale: 'Because.',
            criteria: ['improvements', 'no-agency'],
            by: { id: 'la-lead', name: 'Test la-lead' },
            at: '2026-12-23T10:00:00.000Z',
          },
        },
      ],
    ]);
  });

  it('escalates on the third differing vote only once, and decides when they agree', () => {
    const log = escalatedCase();
    expect(log.case.state).toBe('escalated');
    expect(data(log, actors.health, voteCommand('health', 'national')).map((e) => e[0])).toEqual([
      'vote.cast',
    ]);
    const deciding = decidingCase('national');
    deciding.run(actors.police, voteCommand('police', 'national'));
    expect(data(deciding, actors.health, voteCommand('health', 'lcspr'))).toEqual([
      ['vote.cast', expect.anything()],
      ['case.escalated', { outcomes: { la: 'national', police: 'national', health: 'lcspr' } }],
    ]);
    const agree = decidingCase('national');
    agree.run(actors.police, voteCommand('police', 'lcspr'));
    expect(data(agree, actors.health, voteCommand('health', 'national')).map((e) => e[0])).toEqual([
      'vote.cast',
      'case.escalated',
    ]);
  });
});

describe('the decision and after', () => {
  it('words the correction refusals and records its outcome only when given', () => {
    expect(said(decidingCase(), actors.chair, { type: 'correct-decision', note: 'x' })).toEqual({
      code: 'decision.not_recorded',
      message: `${REF} has no recorded decision to correct.`,
      details: {},
    });
    const log = decidedCase();
    expect(said(log, actors.chair, { type: 'correct-decision', note: '' })).toEqual(
      field('field.missing', 'note', 'Correction note is required.'),
    );
    const seq = log.case.decision!.seq;
    expect(data(log, actors.chair, { type: 'correct-decision', note: 'A typo.' })).toEqual([
      ['decision.corrected', { note: 'A typo.', refersToSeq: seq }],
    ]);
    expect(
      data(log, actors.chair, { type: 'correct-decision', note: 'Outcome.', outcome: 'national' }),
    ).toEqual([
      ['decision.corrected', { note: 'Outcome.', refersToSeq: seq, outcome: 'national' }],
    ]);
  });

  it('words each date of the steps after the decision by its label and the step before', () => {
    expect(said(decidedCase(), bm, { type: 'send-to-panel', on: '2026-12-21' })).toEqual(
      field('field.invalid', 'on', 'Date sent cannot be before 2026-12-22.'),
    );
    const sent = sentToPanelCase();
    expect(
      said(sent, bm, { type: 'record-panel-response', response: 'agrees', on: '2026-12-22' }),
    ).toEqual(field('field.invalid', 'on', 'Date of the response cannot be before 2026-12-23.'));
    expect(
      said(sent, bm, { type: 'record-panel-response', response: 'maybe' as never, on: TODAY }),
    ).toEqual(field('field.invalid', 'response', 'Choose one of the Panel’s responses.'));
    expect(
      said(sent, actors.chair, { type: 'commission-review', reviewer: 'R', on: '2026-12-22' }),
    ).toEqual(field('field.invalid', 'on', 'Date commissioned cannot be before 2026-12-23.'));
    expect(
      said(sent, actors.chair, { type: 'commission-review', reviewer: 'x'.repeat(201), on: TODAY }),
    ).toEqual(field('field.invalid', 'reviewer', 'Reviewer must be at most 200 characters.'));
    const commissioned = reviewCommissionedCase().at('2027-01-25T10:00:00Z');
    expect(said(commissioned, bm, { type: 'record-reviewer-informed', on: '2027-01-19' })).toEqual(
      field('field.invalid', 'on', 'Date told cannot be before 2027-01-20.'),
    );
    expect(
      said(commissioned, bm, { type: 'agree-methodology', on: '2027-01-19', methodology: 'M' }),
    ).toEqual(field('field.invalid', 'on', 'Date agreed cannot be before 2027-01-20.'));
    expect(
      said(commissioned, bm, { type: 'agree-methodology', on: '2027-01-21', methodology: '' }),
    ).toEqual(field('field.missing', 'methodology', 'Methodology is required.'));
    expect(
      said(commissioned, bm, { type: 'record-involvement', who: 'family', on: '2027-01-19' }),
    ).toEqual(field('field.invalid', 'on', 'Date cannot be before 2027-01-20.'));
    expect(
      said(commissioned, bm, {
        type: 'record-involvement',
        who: 'uncle' as never,
        on: '2027-01-21',
      }),
    ).toEqual(
      field('field.invalid', 'who', 'Say whether practitioners or the family contributed.'),
    );
    expect(
      said(commissioned, bm, {
        type: 'record-involvement',
        who: 'family',
        on: '2027-01-21',
        note: 'x'.repeat(3001),
      }),
    ).toEqual(field('field.invalid', 'note', 'Note must be at most 3000 characters.'));
    expect(said(commissioned, bm, { type: 'start-report-drafting', on: '2027-01-26' })).toEqual(
      field('field.invalid', 'on', 'Date cannot be in the future.'),
    );
    expect(
      said(commissioned, bm, {
        type: 'start-report-drafting',
        on: '2027-01-25',
        plannedPublicationOn: '2027-02-30',
      }),
    ).toEqual(
      field(
        'field.invalid',
        'plannedPublicationOn',
        'Planned publication must be a real date as YYYY-MM-DD.',
      ),
    );
    const drafting = reportDraftingCase().at('2027-06-01T10:00:00Z');
    expect(said(drafting, bm, { type: 'record-draft-report', on: '2027-01-19' })).toEqual(
      field('field.invalid', 'on', 'Date of the draft cannot be before 2027-01-20.'),
    );
    drafting.run(bm, { type: 'record-draft-report', on: '2027-05-03' });
    expect(said(drafting, bm, { type: 'record-final-report', on: '2027-05-02' })).toEqual(
      field('field.invalid', 'on', 'Date of the final report cannot be before 2027-05-03.'),
    );
    expect(
      said(drafting, bm, {
        type: 'send-report',
        on: '2027-06-02',
        plannedPublicationOn: '2027-07-15',
      }),
    ).toEqual(field('field.invalid', 'on', 'Date sent cannot be in the future.'));
    expect(
      said(drafting, bm, {
        type: 'send-report',
        on: '2027-06-01',
        plannedPublicationOn: '15/07/2027',
      }),
    ).toEqual(
      field(
        'field.invalid',
        'plannedPublicationOn',
        'Planned publication must be a real date as YYYY-MM-DD.',
      ),
    );
    expect(
      said(drafting, bm, {
        type: 'send-report',
        on: '2027-06-01',
        plannedPublicationOn: '2027-05-31',
      }),
    ).toEqual(
      field(
        'field.invalid',
        'plannedPublicationOn',
        'Planned publication cannot be before the report is sent.',
      ),
    );
    const reportSent = reportSentCase().at('2027-07-15T10:00:00Z');
    expect(said(reportSent, bm, { type: 'publish', on: '2027-05-31' })).toEqual(
      field('field.invalid', 'on', 'Publication date cannot be before 2027-06-01.'),
    );
  });

  it('records the steps’ data: trimmed texts, a blank note left out, the planned publication when given', () => {
    const commissioned = reviewCommissionedCase().at('2027-01-25T10:00:00Z');
    expect(
      data(commissioned, bm, {
        type: 'agree-methodology',
        on: '2027-01-21',
        methodology: '  Systems.  ',
      }),
    ).toEqual([['methodology.agreed', { on: '2027-01-21', methodology: 'Systems.' }]]);
    expect(
      data(commissioned, bm, {
        type: 'record-involvement',
        who: 'family',
        on: '2027-01-21',
        note: '  The mother.  ',
      }),
    ).toEqual([['involvement.recorded', { who: 'family', on: '2027-01-21', note: 'The mother.' }]]);
    expect(
      data(commissioned, bm, {
        type: 'record-involvement',
        who: 'practitioners',
        on: '2027-01-21',
        note: '   ',
      }),
    ).toEqual([['involvement.recorded', { who: 'practitioners', on: '2027-01-21' }]]);
    expect(data(commissioned, bm, { type: 'start-report-drafting', on: '2027-01-25' })).toEqual([
      ['report.drafting', { on: '2027-01-25' }],
    ]);
    expect(
      data(sentToPanelCase(), actors.chair, {
        type: 'commission-review',
        reviewer: ' R ',
        on: TODAY,
      }),
    ).toEqual([['review.commissioned', { reviewer: 'R', on: TODAY, kind: 'lcspr' }]]);
  });

  it('records a report sent 7 working days before publication as on time, 6 as late, and publication likewise', () => {
    const drafting = reportDraftingCase().at('2027-06-01T10:00:00Z');
    // Tuesday 1 June 2027 + 7 working days = Thursday 10 June.
    expect(
      data(drafting, bm, {
        type: 'send-report',
        on: '2027-06-01',
        plannedPublicationOn: '2027-06-10',
      }),
    ).toEqual([
      [
        'report.sent',
        {
          on: '2027-06-01',
          plannedPublicationOn: '2027-06-10',
          workingDays: 7,
          required: 7,
          late: false,
        },
      ],
    ]);
    expect(
      data(reportDraftingCase().at('2027-06-01T10:00:00Z'), bm, {
        type: 'send-report',
        on: '2027-06-01',
        plannedPublicationOn: '2027-06-09',
      })[0]?.[1],
    ).toMatchObject({ workingDays: 6, late: true });
    const sent = reportSentCase().at('2027-07-15T10:00:00Z');
    expect(data(sent, bm, { type: 'publish', on: '2027-06-10' })).toEqual([
      ['report.published', { on: '2027-06-10', workingDaysAfterReport: 7, late: false }],
    ]);
    expect(
      data(reportSentCase().at('2027-07-15T10:00:00Z'), bm, { type: 'publish', on: '2027-06-09' }),
    ).toEqual([['report.published', { on: '2027-06-09', workingDaysAfterReport: 6, late: true }]]);
  });

  it('shares a learning review’s learning, not before it was commissioned', () => {
    const log = sentToPanelCase('single-agency-learning');
    log
      .at('2027-01-20T10:00:00Z')
      .run(actors.chair, { type: 'commission-review', reviewer: 'Lead', on: '2027-01-20' });
    log.at('2027-02-01T10:00:00Z');
    expect(said(log, actors.chair, { type: 'share-learning', on: '2027-01-19' })).toEqual(
      field('field.invalid', 'on', 'Date shared cannot be before 2027-01-20.'),
    );
    expect(
      said(log, actors.chair, { type: 'share-learning', on: '2027-01-21', note: 'x'.repeat(3001) }),
    ).toEqual(field('field.invalid', 'note', 'Note must be at most 3000 characters.'));
    expect(
      data(log, actors.chair, { type: 'share-learning', on: '2027-01-21', note: ' Briefing. ' }),
    ).toEqual([['learning.shared', { on: '2027-01-21', note: 'Briefing.' }]]);
  });

  it('closes and erases with a reason, trimmed for the erasure', () => {
    expect(
      said(monitoringCase(), actors.chair, { type: 'close', reason: 'x'.repeat(201) }),
    ).toEqual(field('field.invalid', 'reason', 'Reason must be at most 200 characters.'));
    expect(data(monitoringCase(), actors.chair, { type: 'close', reason: 'Done.' })).toEqual([
      ['case.closed', { reason: 'Done.', from: 'monitoring' }],
    ]);
    expect(said(notifiedCase(), actors.chair, { type: 'erase', reason: '' })).toEqual(
      field('field.missing', 'reason', 'Reason is required.'),
    );
    expect(data(notifiedCase(), actors.chair, { type: 'erase', reason: ' IG 42 ' })).toEqual([
      ['case.erased', { reason: 'IG 42', from: 'notified' }],
    ]);
  });
});

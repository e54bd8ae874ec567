import { describe, expect, it } from 'vitest';
import type { CaseState } from '../../src/domain/case.js';
import type { CaseEvent } from '../../src/domain/events.js';
import { decide, evolve, replay, type Command } from '../../src/domain/lifecycle.js';
import { caseDeadlines, pendingActions } from '../../src/domain/status.js';
import { VOTE_REFUSAL, type Actor } from '../../src/domain/roles.js';
import {
  actors,
  CaseLog,
  closedCase,
  context,
  criteria,
  decidedCase,
  decidingCase,
  escalatedCase,
  facts,
  identity,
  makeActor,
  monitoringCase,
  notification,
  notifiedCase,
  publishedCase,
  rapidReviewCase,
  referral,
  referredCase,
  reportDraftingCase,
  reportSentCase,
  reviewCommissionedCase,
  sentToPanelCase,
  TIMESCALES,
  TODAY,
  types,
  voteCommand,
  ZONE,
} from './helpers.js';

describe('the whole lifecycle, with a local review', () => {
  it('goes notified → rapid-review → deciding → decided → sent-to-panel → review-commissioned → report-drafting → report-sent → published → monitoring → closed', () => {
    const log = new CaseLog();
    const states: CaseState[] = [];
    const step = (actor: Actor, cmd: Command, expected: string[]) => {
      expect(types(log.run(actor, cmd))).toEqual(expected);
      states.push(log.case.state);
    };

    step(actors.la, { type: 'notify', identity: identity(), notification: notification() }, [
      'case.notified',
    ]);
    expect(log.case).toMatchObject({
      id: 'case-1',
      ref: 'TEST-2026-001',
      partnershipId: 'p1',
      procedure: 'england-2023',
    });
    expect(log.case.duties).toEqual({
      notifyPanel: true,
      rapidReview: true,
      notifySosOfsted: false,
    });
    expect(log.case.children).toEqual([{ pseudonym: 'Child A', age: 4 }]);
    expect(log.case.dates).toEqual({ awareOn: '2026-12-22' });

    step(actors.businessManager, { type: 'record-facts', facts: facts() }, ['facts.recorded']);
    expect(log.case.themes).toEqual(['neglect', 'information sharing']);
    step(actors.health, { type: 'assess-criteria', criteria: criteria() }, ['criteria.assessed']);
    step(actors.la, voteCommand('la', 'lcspr'), ['vote.cast']);
    step(actors.police, voteCommand('police', 'lcspr'), ['vote.cast']);
    step(actors.health, voteCommand('health', 'lcspr'), ['vote.cast', 'decision.recorded']);
    expect(log.case.dates.decidedOn).toBe(TODAY);
    step(actors.businessManager, { type: 'send-to-panel', on: TODAY }, ['rapid-review.sent']);
    expect(log.case.dates.rapidReviewSentOn).toBe(TODAY);

    log.at('2027-01-06T10:00:00Z');
    step(
      actors.businessManager,
      { type: 'record-panel-response', response: 'local-review', on: '2027-01-05' },
      ['panel.responded'],
    );
    expect(log.case.panelResponse).toBe('local-review');
    log.at('2027-01-20T10:00:00Z');
    step(
      actors.chair,
      { type: 'commission-review', reviewer: '  Independent Reviewer Ltd ', on: '2027-01-20' },
      ['review.commissioned'],
    );
    expect(log.case.reviewer).toBe('Independent Reviewer Ltd');
    log.at('2027-02-01T10:00:00Z');
    step(
      actors.businessManager,
      { type: 'start-report-drafting', on: '2027-02-01', plannedPublicationOn: '2027-07-15' },
      ['report.drafting'],
    );
    expect(log.case.dates.plannedPublicationOn).toBe('2027-07-15');
    log.at('2027-06-01T10:00:00Z');
    step(
      actors.businessManager,
      { type: 'send-report', on: '2027-06-01', plannedPublicationOn: '2027-07-16' },
      ['report.sent'],
    );
    expect(log.case.dates).toMatchObject({
      reportSentOn: '2027-06-01',
      finalReportOn: '2027-06-01',
      plannedPublicationOn: '2027-07-16',
    });
    log.at('2027-07-16T10:00:00Z');
    step(actors.chair, { type: 'publish', on: '2027-07-16' }, ['report.published']);
    expect(log.case.dates.publishedOn).toBe('2027-07-16');
    step(actors.businessManager, { type: 'start-monitoring', on: '2027-07-16' }, [
      'monitoring.started',
    ]);
    log.at('2028-01-10T10:00:00Z');
    step(actors.chair, { type: 'close', reason: 'Action plan complete' }, ['case.closed']);

    expect(states).toEqual([
      'notified',
      'rapid-review',
      'rapid-review',
      'deciding',
      'deciding',
      'decided',
      'sent-to-panel',
      'sent-to-panel',
      'review-commissioned',
      'report-drafting',
      'report-sent',
      'published',
      'monitoring',
      'closed',
    ]);
    // Every event is numbered in order and stamped with its actor; the case version is the last seq.
    expect(log.events.map((e) => e.seq)).toEqual(log.events.map((_, i) => i + 1));
    expect(log.case.version).toBe(log.events.length);
    expect(log.events[0]?.actor).toEqual({ id: 'la-lead', name: 'Test la-lead', roles: ['la'] });
    expect(log.case.createdAt).toBe('2026-12-23T10:00:00.000Z');
    expect(log.case.updatedAt).toBe('2028-01-10T10:00:00.000Z');
    expect(log.events.at(-1)).toMatchObject({
      type: 'case.closed',
      data: { reason: 'Action plan complete', from: 'monitoring' },
    });
  });

  it('moves notified → rapid-review on the criteria as well as on the facts', () => {
    const log = notifiedCase();
    log.run(actors.police, { type: 'assess-criteria', criteria: criteria('unclear') });
    expect(log.case.state).toBe('rapid-review');
    expect(log.case.criteria?.improvements).toEqual({
      answer: 'unclear',
      evidence: 'Evidence for improvements',
    });
  });

  it('lets the facts and criteria be revised during the rapid review and while deciding', () => {
    const log = decidingCase();
    log.run(actors.police, { type: 'record-facts', facts: facts({ themes: ['domestic abuse'] }) });
    log.run(actors.chair, { type: 'assess-criteria', criteria: criteria('no') });
    expect(log.case.state).toBe('deciding');
    expect(log.case.themes).toEqual(['domestic abuse']);
    expect(log.case.criteria?.institutional.answer).toBe('no');
  });

  it('can be closed from published (monitoring is optional)', () => {
    const log = publishedCase();
    log.run(actors.businessManager, { type: 'close', reason: 'No action plan' });
    expect(log.case.state).toBe('closed');
  });

  it('records the decision on the date in London, not in UTC (after midnight in summer time)', () => {
    const log = rapidReviewCase().at('2027-06-30T23:30:00Z'); // 00:30 on 1 July in London
    for (const p of ['la', 'police', 'health'] as const)
      log.run(actors[p], voteCommand(p, 'lcspr'));
    expect(log.case.dates.decidedOn).toBe('2027-07-01');
    expect(log.case.decision?.recordedAt).toBe('2027-06-30T23:30:00.000Z');
  });
});

describe('no further review, and referrals', () => {
  it('closes a no-further-review case straight from sent-to-panel', () => {
    const log = sentToPanelCase('no-further-review');
    log.run(actors.chair, { type: 'close', reason: 'No further review' });
    expect(log.case.state).toBe('closed');
    expect(log.events.at(-1)?.data).toEqual({ reason: 'No further review', from: 'sent-to-panel' });
  });

  it('closes the learning outcomes from sent-to-panel too', () => {
    for (const outcome of ['single-agency-learning', 'multi-agency-learning'] as const) {
      const log = sentToPanelCase(outcome);
      log.run(actors.businessManager, {
        type: 'close',
        reason: 'Learning taken forward by the agency',
      });
      expect(log.case.state).toBe('closed');
    }
  });

  it('does not commission a review after no further review, unless the Panel asks for a local review', () => {
    const log = sentToPanelCase('no-further-review');
    const commission: Command = { type: 'commission-review', reviewer: 'A Reviewer', on: TODAY };
    log.expectRefused(actors.chair, commission, 'case.wrong_state');
    log.run(actors.chair, { type: 'record-panel-response', response: 'local-review', on: TODAY });
    log.run(actors.chair, commission);
    expect(log.case.state).toBe('review-commissioned');
  });

  it('goes referred → notified, keeping the referral and its date', () => {
    const log = referredCase();
    expect(log.case.state).toBe('referred');
    expect(log.case.children).toHaveLength(2);
    expect(log.case.dates).toEqual({ referredAt: '2026-12-21T15:00:00.000Z' });
    log.run(actors.businessManager, { type: 'confirm-referral' });
    expect(log.case.dates.referralConfirmedAt).toBe('2026-12-23T10:00:00.000Z');
    log.run(actors.la, {
      type: 'notify',
      identity: identity({ caseId: 'ignored' }),
      notification: notification(),
    });
    expect(log.case.state).toBe('notified');
    expect(log.case.id).toBe('case-1');
    expect(log.case.referral?.referringAgency).toBe('School nursing');
    expect(log.case.dates).toMatchObject({
      referredAt: '2026-12-21T15:00:00.000Z',
      awareOn: '2026-12-22',
    });
    expect(log.case.children).toEqual([{ pseudonym: 'Child A', age: 4 }]);
  });

  it('goes referred → closed when the partnership does not notify', () => {
    const log = referredCase();
    log.run(actors.chair, { type: 'close', reason: 'Threshold not met' });
    expect(log.case.state).toBe('closed');
    expect(log.events.at(-1)?.data).toEqual({ reason: 'Threshold not met', from: 'referred' });
  });

  it('refuses to confirm a referral on a case that was notified directly', () => {
    notifiedCase().expectRefused(
      actors.businessManager,
      { type: 'confirm-referral' },
      'case.wrong_state',
    );
  });

  it('records the notification duties of a looked-after child’s death with no suspicion: Secretary of State and Ofsted yes, Panel and rapid review no', () => {
    const log = notifiedCase({
      childStatus: 'looked-after',
      abuseOrNeglect: 'not-suspected',
      children: [{ pseudonym: 'Child A', age: 15 }],
    });
    expect(log.case.duties).toEqual({
      notifyPanel: false,
      rapidReview: false,
      notifySosOfsted: true,
      sosOfstedFor: ['looked-after'],
    });
    const notified = log.events[0];
    expect(notified?.type).toBe('case.notified');
    if (notified?.type === 'case.notified')
      expect(notified.data.reasons.join(' ')).toContain('looked-after child');
  });

  it('accepts a care leaver aged 24 and records the Secretary of State and Ofsted duty', () => {
    const log = notifiedCase({
      childStatus: 'care-leaver',
      children: [{ pseudonym: 'Young person A', age: 24 }],
    });
    expect(log.case.duties).toEqual({
      notifyPanel: false,
      rapidReview: false,
      notifySosOfsted: true,
      sosOfstedFor: ['care-leaver'],
    });
    log.run(actors.la, { type: 'record-sos-ofsted-notified', on: TODAY });
    expect(log.case.dates.sosOfstedNotifiedOn).toBe(TODAY);
  });

  it('records the Panel and partners notification dates', () => {
    const log = notifiedCase();
    log.run(actors.la, { type: 'record-panel-notified', on: '2026-12-22' });
    log.run(actors.businessManager, { type: 'record-partners-notified', on: TODAY });
    expect(log.case.dates).toMatchObject({
      panelNotifiedOn: '2026-12-22',
      partnersNotifiedOn: TODAY,
    });
    expect(types(log.events)).toEqual(['case.notified', 'panel.notified', 'partners.notified']);
  });

  it('takes the Panel notification date from the form when already done', () => {
    const log = notifiedCase({ panelNotifiedOn: TODAY });
    expect(log.case.dates.panelNotifiedOn).toBe(TODAY);
  });
});

describe('refusals: steps out of order (case.wrong_state)', () => {
  const sendToPanel: Command = { type: 'send-to-panel', on: TODAY };
  const respond: Command = { type: 'record-panel-response', response: 'agrees', on: TODAY };
  const commission: Command = { type: 'commission-review', reviewer: 'A Reviewer', on: TODAY };
  const draft: Command = { type: 'start-report-drafting', on: TODAY };
  const sendReport: Command = {
    type: 'send-report',
    on: TODAY,
    plannedPublicationOn: '2027-02-01',
  };
  const publish: Command = { type: 'publish', on: TODAY };
  const monitor: Command = { type: 'start-monitoring', on: TODAY };
  const close: Command = { type: 'close', reason: 'Done' };
  const recordFacts: Command = { type: 'record-facts', facts: facts() };
  const assess: Command = { type: 'assess-criteria', criteria: criteria() };
  const notify: Command = { type: 'notify', identity: identity(), notification: notification() };
  const panelNotified: Command = { type: 'record-panel-notified', on: TODAY };

  /** Who may do each command (so that the refusal is about the state, not the role). */
  const by = (cmd: Command): Actor => {
    if (cmd.type === 'cast-vote') return actors[cmd.partner];
    if (cmd.type === 'notify' || cmd.type === 'record-panel-notified') return actors.la;
    return actors.businessManager;
  };

  const table: { state: CaseState; make: () => CaseLog; refused: Command[] }[] = [
    {
      state: 'referred',
      make: referredCase,
      refused: [
        recordFacts,
        assess,
        voteCommand('la', 'lcspr'),
        sendToPanel,
        panelNotified,
        commission,
        publish,
        monitor,
      ],
    },
    {
      state: 'notified',
      make: () => notifiedCase(),
      refused: [
        notify,
        voteCommand('la', 'lcspr'),
        sendToPanel,
        respond,
        commission,
        draft,
        sendReport,
        publish,
        monitor,
        close,
      ],
    },
    {
      state: 'rapid-review',
      make: rapidReviewCase,
      refused: [notify, sendToPanel, respond, commission, close],
    },
    {
      state: 'deciding',
      make: () => decidingCase(),
      refused: [sendToPanel, commission, draft, close],
    },
    { state: 'escalated', make: escalatedCase, refused: [sendToPanel, respond, commission, close] },
    {
      state: 'decided',
      make: () => decidedCase(),
      refused: [notify, recordFacts, assess, respond, commission, draft, publish, close],
    },
    {
      state: 'sent-to-panel',
      make: () => sentToPanelCase('lcspr'),
      refused: [
        sendToPanel,
        recordFacts,
        panelNotified,
        draft,
        sendReport,
        publish,
        monitor,
        close,
      ],
    },
    {
      state: 'review-commissioned',
      make: reviewCommissionedCase,
      refused: [commission, sendReport, publish, monitor, close],
    },
    {
      state: 'report-drafting',
      make: reportDraftingCase,
      refused: [draft, publish, monitor, close],
    },
    { state: 'report-sent', make: reportSentCase, refused: [sendReport, monitor, close] },
    { state: 'published', make: publishedCase, refused: [sendReport, publish] },
    { state: 'monitoring', make: monitoringCase, refused: [publish, monitor] },
    {
      state: 'closed',
      make: closedCase,
      refused: [recordFacts, assess, monitor, close, publish, notify],
    },
  ];

  for (const { state, make, refused } of table)
    describe(`in ${state}`, () => {
      for (const cmd of refused)
        it(`refuses ${cmd.type}`, () => {
          const log = make();
          expect(log.case.state).toBe(state);
          const err = log.expectRefused(by(cmd), cmd, 'case.wrong_state');
          if (err.details.state !== undefined) expect(err.details.state).toBe(state);
        });
    });

  it('names the state and the allowed states in the error', () => {
    const err = notifiedCase().expectRefused(
      actors.businessManager,
      sendToPanel,
      'case.wrong_state',
    );
    expect(err.details).toEqual({ state: 'notified', allowed: ['decided'] });
    expect(err.message).toContain('TEST-2026-001 is notified');
  });

  it('refuses to close a no-further-review case that a review was commissioned for, until it is published', () => {
    const log = sentToPanelCase('no-further-review');
    log.run(actors.chair, { type: 'record-panel-response', response: 'local-review', on: TODAY });
    log.run(actors.chair, commission);
    log.expectRefused(actors.chair, close, 'case.wrong_state');
  });

  it('refuses votes on a closed referral (no decision was ever recorded)', () => {
    const log = referredCase();
    log.run(actors.chair, { type: 'close', reason: 'Threshold not met' });
    log.expectRefused(actors.la, voteCommand('la', 'lcspr'), 'case.wrong_state');
  });
});

describe('refusals: roles (action.not_permitted, vote.not_your_role)', () => {
  it('lets only the LA and the business manager notify', () => {
    for (const actor of [
      actors.police,
      actors.health,
      actors.chair,
      actors.scrutineer,
      actors.member,
    ]) {
      const log = new CaseLog();
      const err = log.expectRefused(
        actor,
        { type: 'notify', identity: identity(), notification: notification() },
        'action.not_permitted',
      );
      expect(err.details).toEqual({ action: 'notify' });
      expect(log.current).toBeUndefined();
    }
    const byBm = new CaseLog();
    byBm.run(actors.businessManager, {
      type: 'notify',
      identity: identity(),
      notification: notification(),
    });
    expect(byBm.case.state).toBe('notified');
  });

  it('does not let the scrutineer record facts or assess the criteria', () => {
    const log = notifiedCase();
    log.expectRefused(
      actors.scrutineer,
      { type: 'record-facts', facts: facts() },
      'action.not_permitted',
    );
    log.expectRefused(
      actors.scrutineer,
      { type: 'assess-criteria', criteria: criteria() },
      'action.not_permitted',
    );
  });

  it('lets a member contribute facts but not assess the criteria', () => {
    const log = notifiedCase();
    log.run(actors.member, { type: 'record-facts', facts: facts() });
    log.expectRefused(
      actors.member,
      { type: 'assess-criteria', criteria: criteria() },
      'action.not_permitted',
    );
  });

  it('does not let members, partners or the scrutineer send to the Panel or move the case on', () => {
    const log = decidedCase();
    for (const actor of [actors.member, actors.la, actors.police, actors.scrutineer])
      log.expectRefused(actor, { type: 'send-to-panel', on: TODAY }, 'action.not_permitted');
    log.run(actors.chair, { type: 'send-to-panel', on: TODAY });
    log.expectRefused(
      actors.member,
      { type: 'commission-review', reviewer: 'A Reviewer', on: TODAY },
      'action.not_permitted',
    );
    log.expectRefused(actors.health, { type: 'close', reason: 'Done' }, 'action.not_permitted');
  });

  it('lets only the chair correct a decision', () => {
    const log = decidedCase();
    for (const actor of [actors.businessManager, actors.la, actors.scrutineer])
      log.expectRefused(
        actor,
        { type: 'correct-decision', note: 'Typo in the rationale' },
        'action.not_permitted',
      );
  });

  it('lets only the bot record channels and failures', () => {
    const log = notifiedCase();
    const channel = { platform: 'slack' as const, id: 'C123', name: 'cspr-test-2026-001' };
    log.expectRefused(
      actors.businessManager,
      { type: 'record-channel', channel, isNew: true },
      'action.not_permitted',
    );
    log.expectRefused(
      actors.chair,
      { type: 'record-failure', step: 'open-channel', code: 'x', message: 'x' },
      'action.not_permitted',
    );
    expect(types(log.run(actors.system, { type: 'record-channel', channel, isNew: true }))).toEqual(
      ['channel.opened'],
    );
    log.run(actors.system, {
      type: 'record-channel',
      channel: { ...channel, meta: { ts: '1.2' } },
      isNew: false,
    });
    expect(log.case.channels).toEqual([{ ...channel, meta: { ts: '1.2' } }]);
    const before = log.case;
    expect(
      types(
        log.run(actors.system, {
          type: 'record-failure',
          step: 'post-card',
          code: 'slack.rate_limited',
          message: 'try later',
        }),
      ),
    ).toEqual(['step.failed']);
    expect({ ...log.case, version: before.version, updatedAt: before.updatedAt }).toEqual(before);
  });

  it('refuses a vote for another partner (vote.not_your_role)', () => {
    const log = decidingCase();
    const err = log.expectRefused(
      actors.police,
      voteCommand('la', 'national'),
      'vote.not_your_role',
    );
    expect(err.details).toEqual({ partner: 'la' });
    expect(err.message).toBe(VOTE_REFUSAL);
    log.expectRefused(actors.la, voteCommand('health', 'national'), 'vote.not_your_role');
  });

  it('refuses a vote from the chair, the scrutineer, a member and the business manager (vote.not_your_role)', () => {
    const log = decidingCase();
    for (const actor of [
      actors.chair,
      actors.scrutineer,
      actors.member,
      actors.businessManager,
      actors.system,
    ])
      expect(
        log.expectRefused(actor, voteCommand('police', 'lcspr'), 'vote.not_your_role').message,
      ).toBe(VOTE_REFUSAL);
  });

  it('lets a holder of two partner roles vote for each of them', () => {
    const both = makeActor('joint-lead', ['la', 'health']);
    const log = rapidReviewCase();
    log.run(both, voteCommand('la', 'lcspr'));
    log.run(both, voteCommand('health', 'lcspr'));
    expect(log.case.votes.la?.by).toEqual({ id: 'joint-lead', name: 'Test joint-lead' });
    expect(log.case.votes.health?.by.id).toBe('joint-lead');
  });
});

describe('refusals: other partnerships and missing cases (case.not_found, case.already_exists)', () => {
  it('refuses a command on a case that does not exist', () => {
    const log = new CaseLog();
    log.expectRefused(
      actors.businessManager,
      { type: 'record-facts', facts: facts() },
      'case.not_found',
    );
    log.expectRefused(actors.la, voteCommand('la', 'lcspr'), 'case.not_found');
    log.expectRefused(actors.chair, { type: 'correct-decision', note: 'x' }, 'case.not_found');
    log.expectRefused(actors.chair, { type: 'close', reason: 'x' }, 'case.not_found');
    log.expectRefused(
      actors.system,
      { type: 'record-failure', step: 's', code: 'c', message: 'm' },
      'case.not_found',
    );
  });

  it('treats another partnership’s case as not existing, whatever the role', () => {
    const log = decidingCase();
    log.expectRefused(actors.otherLa, voteCommand('la', 'national'), 'case.not_found');
    log.expectRefused(
      actors.otherBusinessManager,
      { type: 'record-facts', facts: facts() },
      'case.not_found',
    );
    log.expectRefused(
      actors.otherLa,
      { type: 'notify', identity: identity(), notification: notification() },
      'case.not_found',
    );
    const decided = decidedCase();
    decided.expectRefused(
      makeActor('other-chair', ['chair'], 'p2'),
      { type: 'correct-decision', note: 'x' },
      'case.not_found',
    );
    decided.expectRefused(
      actors.otherBusinessManager,
      { type: 'send-to-panel', on: TODAY },
      'case.not_found',
    );
  });

  it('does not let an actor of another partnership open a case in p1', () => {
    const log = new CaseLog();
    log.expectRefused(
      actors.otherLa,
      { type: 'notify', identity: identity(), notification: notification() },
      'action.not_permitted',
    );
    log.expectRefused(
      actors.otherBusinessManager,
      { type: 'refer', identity: identity(), referral: referral() },
      'action.not_permitted',
    );
  });

  it('refuses to refer a case that already exists', () => {
    referredCase().expectRefused(
      actors.businessManager,
      { type: 'refer', identity: identity(), referral: referral() },
      'case.already_exists',
    );
    notifiedCase().expectRefused(
      actors.member,
      { type: 'refer', identity: identity(), referral: referral() },
      'case.already_exists',
    );
  });
});

describe('refusals: forms (field.missing, field.invalid)', () => {
  const notifyWith = (over: Parameters<typeof notification>[0]) => {
    const log = new CaseLog();
    const err = log.refusal(actors.la, {
      type: 'notify',
      identity: identity(),
      notification: notification(over),
    });
    return { code: err.code, field: err.details.field, message: err.message };
  };

  it('needs at least one child', () => {
    expect(notifyWith({ children: [] })).toMatchObject({
      code: 'field.missing',
      field: 'children',
    });
  });

  it('takes at most four children in one notification', () => {
    const children = ['A', 'B', 'C', 'D', 'E'].map((l) => ({ pseudonym: `Child ${l}`, age: 3 }));
    expect(notifyWith({ children })).toMatchObject({ code: 'field.invalid', field: 'children' });
    const log = new CaseLog();
    log.run(actors.la, {
      type: 'notify',
      identity: identity(),
      notification: notification({ children: children.slice(0, 4) }),
    });
    expect(log.case.children).toHaveLength(4);
  });

  it('refuses a name instead of a pseudonym, without repeating the name', () => {
    for (const pseudonym of ['Jane Smith', 'Child Jane', 'child a', '', 'Child A Smith']) {
      const r = notifyWith({ children: [{ pseudonym, age: 5 }] });
      expect(r).toMatchObject({ code: 'field.invalid', field: 'children.0' });
      if (pseudonym) expect(r.message).not.toContain(pseudonym);
    }
  });

  it('accepts the pseudonym forms of the product', () => {
    const children = ['Child A', 'Baby B', 'Sibling 2', 'Young person C'].map((pseudonym) => ({
      pseudonym,
      age: 0,
    }));
    const log = new CaseLog();
    log.run(actors.la, {
      type: 'notify',
      identity: identity(),
      notification: notification({ children }),
    });
    expect(log.case.children.map((c) => c.pseudonym)).toEqual([
      'Child A',
      'Baby B',
      'Sibling 2',
      'Young person C',
    ]);
  });

  it('refuses duplicate pseudonyms, also when they differ only by spaces', () => {
    expect(
      notifyWith({
        children: [
          { pseudonym: 'Child A', age: 5 },
          { pseudonym: 'Child A', age: 2 },
        ],
      }),
    ).toMatchObject({
      code: 'field.invalid',
      field: 'children.1',
    });
    expect(
      notifyWith({
        children: [
          { pseudonym: 'Child A', age: 5 },
          { pseudonym: 'Child A ', age: 2 },
        ],
      }),
    ).toMatchObject({
      code: 'field.invalid',
      field: 'children.1',
    });
  });

  it('refuses ages outside 0–17, or 0–24 for a care leaver', () => {
    for (const childStatus of ['none', 'looked-after'] as const)
      expect(
        notifyWith({ childStatus, children: [{ pseudonym: 'Child A', age: 18 }] }),
      ).toMatchObject({ code: 'field.invalid', field: 'children.0' });
    expect(notifyWith({ children: [{ pseudonym: 'Child A', age: -1 }] }).code).toBe(
      'field.invalid',
    );
    expect(notifyWith({ children: [{ pseudonym: 'Child A', age: 2.5 }] }).code).toBe(
      'field.invalid',
    );
    expect(
      notifyWith({
        childStatus: 'care-leaver',
        children: [{ pseudonym: 'Young person A', age: 25 }],
      }),
    ).toMatchObject({
      code: 'field.invalid',
      message: 'Age must be a whole number from 0 to 17, or up to 24 for a care leaver.',
    });
  });

  it('refuses a date of awareness in the future or not a real date', () => {
    expect(notifyWith({ awareOn: '2026-12-24', incidentOn: '2026-12-20' })).toMatchObject({
      code: 'field.invalid',
      field: 'awareOn',
    });
    expect(notifyWith({ awareOn: '2026-02-30' })).toMatchObject({
      code: 'field.invalid',
      field: 'awareOn',
    });
    expect(notifyWith({ awareOn: '22/12/2026' })).toMatchObject({
      code: 'field.invalid',
      field: 'awareOn',
    });
  });

  it('accepts awareness today', () => {
    const log = new CaseLog();
    log.run(actors.la, {
      type: 'notify',
      identity: identity(),
      notification: notification({ awareOn: TODAY }),
    });
    expect(log.case.dates.awareOn).toBe(TODAY);
  });

  it('refuses an incident after the local authority became aware', () => {
    expect(notifyWith({ incidentOn: TODAY, awareOn: '2026-12-22' })).toMatchObject({
      code: 'field.invalid',
      field: 'incidentOn',
    });
  });

  it('refuses a Panel notification date before awareness', () => {
    expect(notifyWith({ panelNotifiedOn: '2026-12-21' })).toMatchObject({
      code: 'field.invalid',
      field: 'panelNotifiedOn',
    });
  });

  it('needs a summary and a notifying agency', () => {
    expect(notifyWith({ summary: '   ' })).toMatchObject({
      code: 'field.missing',
      field: 'summary',
    });
    expect(notifyWith({ notifyingAgency: '' })).toMatchObject({
      code: 'field.missing',
      field: 'notifyingAgency',
    });
    expect(notifyWith({ summary: 'x'.repeat(1501) })).toMatchObject({
      code: 'field.invalid',
      field: 'summary',
    });
  });

  it('checks the referral form', () => {
    const refer = (over: Parameters<typeof referral>[0]) =>
      new CaseLog().refusal(actors.businessManager, {
        type: 'refer',
        identity: identity(),
        referral: referral(over),
      });
    expect(refer({ children: [{ pseudonym: 'Jane Smith', age: 4 }] }).code).toBe('field.invalid');
    expect(refer({ summary: '' }).details).toEqual({ field: 'summary' });
    expect(refer({ referringAgency: ' ' }).code).toBe('field.missing');
  });

  it('checks the rapid-review facts', () => {
    const log = notifiedCase();
    const record = (over: Parameters<typeof facts>[0]) =>
      log.refusal(actors.businessManager, { type: 'record-facts', facts: facts(over) });
    expect(record({ summary: '' })).toMatchObject({
      code: 'field.missing',
      details: { field: 'summary' },
    });
    expect(record({ keyEpisodes: ' ' })).toMatchObject({
      code: 'field.missing',
      details: { field: 'keyEpisodes' },
    });
    expect(record({ learning: '' })).toMatchObject({
      code: 'field.missing',
      details: { field: 'learning' },
    });
    expect(record({ agencies: [] })).toMatchObject({
      code: 'field.missing',
      details: { field: 'agencies' },
    });
    expect(record({ immediateAction: true, immediateActionDetail: '' })).toMatchObject({
      code: 'field.missing',
      details: { field: 'immediateActionDetail' },
    });
    expect(log.case.state).toBe('notified');
    log.run(actors.businessManager, {
      type: 'record-facts',
      facts: facts({ immediateAction: false, immediateActionDetail: undefined }),
    });
    expect(log.case.state).toBe('rapid-review');
  });

  it('needs every criterion and circumstance answered', () => {
    const log = notifiedCase();
    const { institutional: _dropped, ...partial } = criteria();
    const err = log.refusal(actors.businessManager, {
      type: 'assess-criteria',
      criteria: partial as ReturnType<typeof criteria>,
    });
    expect(err).toMatchObject({ code: 'field.missing', details: { field: 'institutional' } });
    const tooLong = {
      ...criteria(),
      'recurrent-themes': { answer: 'yes' as const, evidence: 'x'.repeat(1001) },
    };
    expect(
      log.refusal(actors.businessManager, { type: 'assess-criteria', criteria: tooLong }),
    ).toMatchObject({
      code: 'field.invalid',
      details: { field: 'recurrent-themes' },
    });
  });

  it('needs a rationale, a known outcome and known criteria for a vote', () => {
    const log = rapidReviewCase();
    expect(log.refusal(actors.la, voteCommand('la', 'lcspr', '  '))).toMatchObject({
      code: 'field.missing',
      details: { field: 'rationale' },
    });
    expect(
      log.refusal(actors.la, {
        ...voteCommand('la', 'lcspr'),
        outcome: 'serious-case-review',
      } as unknown as Command),
    ).toMatchObject({
      code: 'field.invalid',
      details: { field: 'outcome' },
    });
    expect(
      log.refusal(actors.la, {
        ...voteCommand('la', 'lcspr'),
        criteria: ['vibes'],
      } as unknown as Command),
    ).toMatchObject({
      code: 'field.invalid',
      details: { field: 'criteria' },
    });
    expect(log.case.votes).toEqual({});
  });

  it('checks the dates of later steps against today and the step before', () => {
    const decided = decidedCase();
    expect(
      decided.refusal(actors.businessManager, { type: 'send-to-panel', on: '2026-12-24' }),
    ).toMatchObject({ code: 'field.invalid', details: { field: 'on' } });
    expect(
      decided.refusal(actors.businessManager, { type: 'send-to-panel', on: '2026-12-21' }).message,
    ).toContain('cannot be before 2026-12-22');
    const drafting = reportDraftingCase();
    expect(
      drafting.refusal(actors.businessManager, {
        type: 'send-report',
        on: '2027-02-01',
        plannedPublicationOn: '2027-01-31',
      }),
    ).toMatchObject({
      code: 'field.invalid',
      details: { field: 'plannedPublicationOn' },
    });
    const sent = reportSentCase();
    expect(
      sent.refusal(actors.businessManager, { type: 'publish', on: '2027-05-31' }),
    ).toMatchObject({ code: 'field.invalid' });
    const notified = notifiedCase();
    expect(
      notified.refusal(actors.la, { type: 'record-panel-notified', on: '2026-12-21' }),
    ).toMatchObject({ code: 'field.invalid' });
  });

  it('needs a reviewer, a close reason and a correction note', () => {
    expect(
      sentToPanelCase().refusal(actors.chair, {
        type: 'commission-review',
        reviewer: ' ',
        on: TODAY,
      }),
    ).toMatchObject({
      code: 'field.missing',
      details: { field: 'reviewer' },
    });
    expect(referredCase().refusal(actors.chair, { type: 'close', reason: '' })).toMatchObject({
      code: 'field.missing',
      details: { field: 'reason' },
    });
    expect(
      decidedCase().refusal(actors.chair, { type: 'correct-decision', note: '' }),
    ).toMatchObject({ code: 'field.missing', details: { field: 'note' } });
  });
});

describe('votes and the decision', () => {
  it('keeps one vote per partner: a second vote replaces the first and records the previous outcome', () => {
    const log = rapidReviewCase();
    const first = log.run(actors.la, voteCommand('la', 'lcspr', 'First view'));
    expect(first[0]?.data).not.toHaveProperty('previous');
    const second = log.run(
      actors.laDelegate,
      voteCommand('la', 'national', 'Second view: national importance'),
    );
    expect(types(second)).toEqual(['vote.cast']);
    expect(second[0]?.data).toMatchObject({ previous: 'lcspr', vote: { outcome: 'national' } });
    expect(Object.keys(log.case.votes)).toEqual(['la']);
    expect(log.case.votes.la).toEqual({
      partner: 'la',
      outcome: 'national',
      rationale: 'Second view: national importance',
      criteria: ['improvements', 'multi-agency'],
      by: { id: 'la-delegate', name: 'Test la-delegate' },
      at: '2026-12-23T10:00:00.000Z',
    });
    expect(log.case.state).toBe('deciding');
  });

  it('trims the rationale and removes repeated criteria', () => {
    const log = rapidReviewCase();
    log.run(actors.police, {
      type: 'cast-vote',
      partner: 'police',
      outcome: 'lcspr',
      rationale: '  Agencies did not share information  ',
      criteria: ['multi-agency', 'multi-agency', 'improvements'],
    });
    expect(log.case.votes.police).toMatchObject({
      rationale: 'Agencies did not share information',
      criteria: ['multi-agency', 'improvements'],
    });
  });

  it('records the decision on the third matching vote, with every partner’s rationale', () => {
    const log = decidingCase('multi-agency-learning');
    expect(
      types(
        log.run(
          actors.police,
          voteCommand(
            'police',
            'multi-agency-learning',
            'Police: the learning is about joint working',
          ),
        ),
      ),
    ).toEqual(['vote.cast']);
    expect(log.case.decision).toBeUndefined();
    const last = log.run(
      actors.health,
      voteCommand('health', 'multi-agency-learning', 'Health: GP records were not shared'),
    );
    expect(types(last)).toEqual(['vote.cast', 'decision.recorded']);
    expect(last[1]?.data).toEqual({ outcome: 'multi-agency-learning', on: TODAY });
    const decision = log.case.decision;
    expect(decision?.outcome).toBe('multi-agency-learning');
    expect(decision?.seq).toBe(last[1]?.seq);
    expect(decision?.recordedAt).toBe('2026-12-23T10:00:00.000Z');
    expect(decision?.votes.la.rationale).toBe('la rationale for multi-agency-learning');
    expect(decision?.votes.police.rationale).toBe('Police: the learning is about joint working');
    expect(decision?.votes.health.rationale).toBe('Health: GP records were not shared');
    expect(log.case.state).toBe('decided');
  });

  it('escalates when the three votes differ, naming each partner’s outcome', () => {
    const log = decidingCase('lcspr');
    log.run(actors.police, voteCommand('police', 'lcspr'));
    const last = log.run(actors.health, voteCommand('health', 'no-further-review'));
    expect(types(last)).toEqual(['vote.cast', 'case.escalated']);
    expect(last[1]?.data).toEqual({
      outcomes: { la: 'lcspr', police: 'lcspr', health: 'no-further-review' },
    });
    expect(log.case.state).toBe('escalated');
    expect(log.case.decision).toBeUndefined();
  });

  it('records the decision in escalated once a revision makes all three agree, without escalating again meanwhile', () => {
    const log = escalatedCase();
    // The LA moves to a third outcome: still no agreement, still escalated, no second escalation event.
    expect(types(log.run(actors.la, voteCommand('la', 'national')))).toEqual(['vote.cast']);
    expect(log.case.state).toBe('escalated');
    expect(types(log.run(actors.la, voteCommand('la', 'lcspr')))).toEqual(['vote.cast']);
    const agreed = log.run(
      actors.health,
      voteCommand('health', 'lcspr', 'Health revises after the chair’s meeting'),
    );
    expect(types(agreed)).toEqual(['vote.cast', 'decision.recorded']);
    expect(agreed[0]?.data).toMatchObject({ previous: 'no-further-review' });
    expect(log.case.state).toBe('decided');
    expect(log.case.decision?.votes.health.rationale).toBe(
      'Health revises after the chair’s meeting',
    );
    expect(types(log.events).filter((t) => t === 'case.escalated')).toHaveLength(1);
  });

  it('refuses any vote once the decision is recorded (vote.decision_recorded), in every later state', () => {
    for (const log of [decidedCase(), sentToPanelCase(), reviewCommissionedCase(), closedCase()]) {
      const err = log.expectRefused(
        actors.la,
        voteCommand('la', 'national'),
        'vote.decision_recorded',
      );
      expect(err.message).toContain('TEST-2026-001');
    }
  });

  it('refuses a correction before the decision (decision.not_recorded)', () => {
    for (const log of [notifiedCase(), decidingCase(), escalatedCase()])
      log.expectRefused(
        actors.chair,
        { type: 'correct-decision', note: 'Wrong outcome' },
        'decision.not_recorded',
      );
  });

  it('keeps the decision immutable: a correction is a new event that refers to it', () => {
    const log = decidedCase('lcspr');
    const decision = structuredClone(log.case.decision);
    const decisionSeq = log.events.find((e) => e.type === 'decision.recorded')?.seq;
    expect(decision?.seq).toBe(decisionSeq);

    log.at('2027-01-04T09:00:00Z');
    const corrected = log.run(actors.chair, {
      type: 'correct-decision',
      note: 'Police rationale referred to the wrong child',
      outcome: 'multi-agency-learning',
    });
    expect(corrected).toHaveLength(1);
    expect(corrected[0]).toMatchObject({
      type: 'decision.corrected',
      data: {
        note: 'Police rationale referred to the wrong child',
        outcome: 'multi-agency-learning',
        refersToSeq: decisionSeq,
      },
    });
    expect(log.case.decision).toEqual(decision);
    expect(log.case.state).toBe('decided');
    expect(log.case.corrections).toEqual([
      {
        note: 'Police rationale referred to the wrong child',
        outcome: 'multi-agency-learning',
        by: { id: 'chair', name: 'Test chair' },
        at: '2027-01-04T09:00:00.000Z',
        refersToSeq: decisionSeq,
      },
    ]);

    // A second correction, without an outcome, is appended too; the decision still does not change.
    log.run(actors.chair, { type: 'correct-decision', note: 'Clarified the date of the meeting' });
    expect(log.case.corrections).toHaveLength(2);
    expect(log.case.corrections[1]).not.toHaveProperty('outcome');
    expect(log.case.decision).toEqual(decision);
  });

  it('allows a correction after the case has moved on', () => {
    const log = closedCase();
    log.run(actors.chair, { type: 'correct-decision', note: 'Added the health rationale in full' });
    expect(log.case.corrections[0]?.refersToSeq).toBe(log.case.decision?.seq);
    expect(log.case.state).toBe('closed');
  });
});

describe('evolve and replay', () => {
  const logs: [string, () => CaseLog][] = [
    ['a closed local review', closedCase],
    ['an escalated case', escalatedCase],
    [
      'a referral that was notified',
      () => {
        const log = referredCase();
        log.run(actors.la, { type: 'notify', identity: identity(), notification: notification() });
        return log;
      },
    ],
  ];

  for (const [name, make] of logs)
    it(`rebuilds the same case from the event list: ${name}`, () => {
      const log = make();
      expect(replay(log.events)).toEqual(log.case);
      // From a snapshot part-way, too.
      const half = Math.floor(log.events.length / 2);
      const snapshot = replay(log.events.slice(0, half));
      expect(replay(log.events.slice(half), snapshot)).toEqual(log.case);
      // And it survives the round trip through JSON, as in a store.
      expect(replay(JSON.parse(JSON.stringify(log.events)) as CaseEvent[])).toEqual(log.case);
    });

  it('gives no case for an empty log', () => {
    expect(replay([])).toBeUndefined();
  });

  it('does not change the case it folds into', () => {
    const log = rapidReviewCase();
    const before = structuredClone(log.case);
    const events = decide(log.case, voteCommand('la', 'lcspr'), context(actors.la));
    const stored: CaseEvent = {
      ...events[0]!,
      caseId: 'case-1',
      seq: 99,
      at: '2026-12-23T11:00:00.000Z',
      actor: { id: 'la-lead', name: 'Test la-lead', roles: ['la'] },
    };
    const after = evolve(log.case, stored);
    expect(log.case).toEqual(before);
    expect(after.version).toBe(99);
    expect(after.updatedAt).toBe('2026-12-23T11:00:00.000Z');
    expect(after.state).toBe('deciding');
  });

  it('refuses a log that does not start with the case’s creation', () => {
    const log = decidedCase();
    expect(() => replay(log.events.slice(1))).toThrow(/does not start with its creation/);
  });

  it('is pure: decide does not read the clock or change the case', () => {
    const log = decidingCase();
    const before = structuredClone(log.case);
    const ctx = {
      actor: actors.police,
      now: new Date('2026-12-23T12:34:56Z'),
      timescales: TIMESCALES,
      zone: ZONE,
    };
    const a = decide(log.case, voteCommand('police', 'lcspr'), ctx);
    const b = decide(log.case, voteCommand('police', 'lcspr'), ctx);
    expect(a).toEqual(b);
    expect(a[0]).toMatchObject({ data: { vote: { at: '2026-12-23T12:34:56.000Z' } } });
    expect(log.case).toEqual(before);
  });
});

describe('status: pending actions and deadlines', () => {
  it('lists the notified case’s deadlines', () => {
    const log = notifiedCase();
    const deadlines = caseDeadlines(log.case, TIMESCALES, ZONE);
    expect(deadlines.map((d) => [d.key, d.due])).toEqual([
      ['notify-panel', '2026-12-31'],
      ['notify-partners', '2026-12-31'],
      ['rapid-review', '2027-01-15'],
    ]);
    expect(deadlines.every((d) => d.doneOn === undefined)).toBe(true);
  });

  it('lists what a notified case needs, with whose it is and by when', () => {
    const log = notifiedCase();
    const pending = pendingActions(log.case, TIMESCALES, ZONE);
    expect(pending.map((a) => [a.key, a.roles, a.due])).toEqual([
      ['notify-panel', ['la'], '2026-12-31'],
      ['notify-partners', ['la'], '2026-12-31'],
      ['facts', ['business-manager', 'la', 'police', 'health'], '2027-01-15'],
      ['criteria', ['business-manager', 'la', 'police', 'health'], '2027-01-15'],
    ]);
  });

  it('drops an action once its step is recorded, and marks the deadline done', () => {
    const log = notifiedCase();
    log.run(actors.la, { type: 'record-panel-notified', on: TODAY });
    log.run(actors.businessManager, { type: 'record-facts', facts: facts() });
    expect(
      caseDeadlines(log.case, TIMESCALES, ZONE).find((d) => d.key === 'notify-panel')?.doneOn,
    ).toBe(TODAY);
    // In rapid review now: the criteria and the three votes remain.
    expect(pendingActions(log.case, TIMESCALES, ZONE).map((a) => a.key)).toEqual([
      'notify-partners',
      'criteria',
      'vote-la',
      'vote-police',
      'vote-health',
    ]);
  });

  it('counts the rapid review from the Panel notification where the partnership says so', () => {
    const t = { ...TIMESCALES, rapidReviewFrom: 'notification' as const };
    const log = notifiedCase({ panelNotifiedOn: TODAY });
    expect(caseDeadlines(log.case, t, ZONE).find((d) => d.key === 'rapid-review')?.due).toBe(
      '2027-01-18',
    );
  });

  it('lists the partners that still have to vote in a deciding case', () => {
    const log = decidingCase();
    const pending = pendingActions(log.case, TIMESCALES, ZONE);
    expect(pending.map((a) => [a.key, a.roles, a.due])).toEqual([
      ['notify-panel', ['la'], '2026-12-31'],
      ['notify-partners', ['la'], '2026-12-31'],
      ['vote-police', ['police'], '2027-01-15'],
      ['vote-health', ['health'], '2027-01-15'],
    ]);
    log.run(actors.health, voteCommand('health', 'lcspr'));
    expect(
      pendingActions(log.case, TIMESCALES, ZONE)
        .filter((a) => a.key.startsWith('vote-'))
        .map((a) => a.key),
    ).toEqual(['vote-police']);
  });

  it('asks the partners and the chair to resolve an escalation, and the business manager to send a decision', () => {
    const escalated = escalatedCase();
    expect(
      pendingActions(escalated.case, TIMESCALES, ZONE).find((a) => a.key === 'resolve-escalation'),
    ).toEqual({
      key: 'resolve-escalation',
      label: 'Agree a decision (partners’ votes differ)',
      roles: ['la', 'police', 'health', 'chair'],
      deadline: 'rapid-review',
      due: '2027-01-15',
    });
    const decided = decidedCase();
    expect(
      pendingActions(decided.case, TIMESCALES, ZONE).find((a) => a.key === 'send-to-panel')?.roles,
    ).toEqual(['business-manager']);
  });

  it('still lists the votes and sending to the Panel when there is no rapid-review duty, without a due date', () => {
    const log = notifiedCase({
      childStatus: 'looked-after',
      abuseOrNeglect: 'not-suspected',
      children: [{ pseudonym: 'Child A', age: 15 }],
    });
    expect(pendingActions(log.case, TIMESCALES, ZONE).map((a) => a.key)).toEqual([
      'notify-sos-ofsted',
    ]);
    log.run(actors.businessManager, { type: 'record-facts', facts: facts() });
    log.run(actors.la, voteCommand('la', 'no-further-review'));
    const voting = pendingActions(log.case, TIMESCALES, ZONE).filter((a) =>
      a.key.startsWith('vote-'),
    );
    expect(voting.map((a) => [a.key, a.due])).toEqual([
      ['vote-police', undefined],
      ['vote-health', undefined],
    ]);
    log.run(actors.police, voteCommand('police', 'no-further-review'));
    log.run(actors.health, voteCommand('health', 'no-further-review'));
    const send = pendingActions(log.case, TIMESCALES, ZONE).find((a) => a.key === 'send-to-panel');
    expect(send).toMatchObject({ roles: ['business-manager'] });
    expect(send?.due).toBeUndefined();
  });

  it('has the final report and publication steps once a review is commissioned, and nothing once closed', () => {
    const commissioned = reviewCommissionedCase();
    const finalReport = pendingActions(commissioned.case, TIMESCALES, ZONE).find(
      (a) => a.key === 'final-report',
    );
    expect(finalReport?.due).toBe('2027-06-23'); // 6 months from the decision on 23 December 2026
    const drafting = reportDraftingCase();
    const sendReport = pendingActions(drafting.case, TIMESCALES, ZONE).find(
      (a) => a.key === 'send-report',
    );
    expect(sendReport?.due).toBe('2027-07-06'); // 7 working days before 15 July 2027
    expect(pendingActions(closedCase().case, TIMESCALES, ZONE)).toEqual([]);
  });

  it('asks to decide on a referral, and to confirm it where the partnership sets 48 hours', () => {
    const log = referredCase();
    expect(pendingActions(log.case, TIMESCALES, ZONE).map((a) => a.key)).toEqual(['notify']);
    const portsmouth = { ...TIMESCALES, referralConfirmationHours: 48 };
    expect(pendingActions(log.case, portsmouth, ZONE)[0]).toMatchObject({
      key: 'confirm-referral',
      due: '2026-12-23',
    });
    log.run(actors.businessManager, { type: 'confirm-referral' });
    expect(pendingActions(log.case, portsmouth, ZONE).map((a) => a.key)).toEqual(['notify']);
  });
});

describe('a case with no rapid-review duty', () => {
  it('can be closed straight from notified (a care leaver’s death is reported to the Secretary of State and Ofsted)', () => {
    const log = notifiedCase({
      childStatus: 'care-leaver',
      harm: 'death',
      children: [{ pseudonym: 'Young person A', age: 20 }],
    });
    expect(log.case.duties.rapidReview).toBe(false);
    log.run(actors.businessManager, {
      type: 'close',
      reason: 'Care leaver death notified to the Secretary of State and Ofsted',
    });
    expect(log.case.state).toBe('closed');
  });

  it('cannot skip the rapid review when one is due', () => {
    notifiedCase().expectRefused(
      actors.businessManager,
      { type: 'close', reason: 'No' },
      'case.wrong_state',
    );
  });
});

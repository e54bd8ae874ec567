/**
 * After the decision: the local review's steps, the lighter learning review, the action plan, and
 * every refusal of a step out of order (stable codes), on the pure core.
 */
import { describe, expect, it } from 'vitest';
import { ownerOf, overdueBy } from '../../src/domain/action-plan.js';
import { redactCase } from '../../src/domain/erasure.js';
import {
  availableSteps,
  reviewTrack,
  STEP_KINDS,
  stepRefusal,
} from '../../src/domain/post-decision.js';
import { caseDeadlines, pendingActions } from '../../src/domain/status.js';
import type { Command } from '../../src/domain/lifecycle.js';
import {
  actors,
  closedCase,
  decidedCase,
  monitoringCase,
  notifiedCase,
  publishedCase,
  reportDraftingCase,
  reportSentCase,
  reviewCommissionedCase,
  sentToPanelCase,
  TIMESCALES,
  TODAY,
  types,
  ZONE,
} from './helpers.js';

const bm = actors.businessManager;
const keys = (c: Parameters<typeof pendingActions>[0]) =>
  pendingActions(c, TIMESCALES, ZONE).map((a) => a.key);
const deadline = (c: Parameters<typeof caseDeadlines>[0], key: string) =>
  caseDeadlines(c, TIMESCALES, ZONE).find((d) => d.key === key);

describe('a local review, step by step', () => {
  it('records the Panel’s response, the reviewer, the Panel/Ofsted/DfE told, methodology, involvement, draft and final report', () => {
    const log = sentToPanelCase('lcspr');
    expect(deadline(log.case, 'panel-response')?.due).toBe('2027-01-18'); // 15 working days from 23 Dec 2026
    expect(keys(log.case)).toEqual(['panel-response', 'commission']);

    log
      .at('2027-01-06T10:00:00Z')
      .run(bm, { type: 'record-panel-response', response: 'agrees', on: '2027-01-05' });
    expect(log.case.dates.panelRespondedOn).toBe('2027-01-05');
    expect(deadline(log.case, 'panel-response')?.doneOn).toBe('2027-01-05');

    log.at('2027-01-20T10:00:00Z').run(actors.chair, {
      type: 'commission-review',
      reviewer: 'Jane Reviewer',
      on: '2027-01-20',
    });
    expect(log.case.review).toEqual({ kind: 'lcspr', reviewer: 'Jane Reviewer' });
    expect(log.case.dates.reviewCommissionedOn).toBe('2027-01-20');
    expect(deadline(log.case, 'reviewer-informed')?.due).toBe('2027-01-27');
    expect(keys(log.case)).toEqual([
      'reviewer-informed',
      'methodology',
      'involve-practitioners',
      'involve-family',
      'draft-report',
      'final-report',
    ]);
    expect(availableSteps(log.case)).toEqual([
      'reviewer-informed',
      'methodology',
      'involvement',
      'drafting',
    ]); // the Panel has responded

    log.at('2027-01-22T10:00:00Z');
    log.run(bm, { type: 'record-reviewer-informed', on: '2027-01-22' });
    log.run(bm, {
      type: 'agree-methodology',
      on: '2027-01-22',
      methodology: 'Systems review with a practitioner workshop.',
    });
    log.at('2027-02-10T10:00:00Z');
    log.run(bm, {
      type: 'record-involvement',
      who: 'practitioners',
      on: '2027-02-10',
      note: 'Workshop with 12 practitioners.',
    });
    log.run(bm, { type: 'record-involvement', who: 'family', on: '2027-02-09' });
    expect(log.case.dates).toMatchObject({
      reviewerInformedOn: '2027-01-22',
      methodologyAgreedOn: '2027-01-22',
      practitionersInvolvedOn: '2027-02-10',
      familyInvolvedOn: '2027-02-09',
    });
    expect(log.case.review).toMatchObject({
      methodology: 'Systems review with a practitioner workshop.',
      practitionersNote: 'Workshop with 12 practitioners.',
    });
    expect(keys(log.case)).toEqual(['draft-report', 'final-report']);

    log.at('2027-03-01T10:00:00Z').run(bm, {
      type: 'start-report-drafting',
      on: '2027-03-01',
      plannedPublicationOn: '2027-07-15',
    });
    log.expectRefused(bm, { type: 'record-final-report', on: '2027-03-01' }, 'step.out_of_order');
    log.at('2027-04-01T10:00:00Z').run(bm, { type: 'record-draft-report', on: '2027-04-01' });
    log.at('2027-06-01T10:00:00Z').run(bm, { type: 'record-final-report', on: '2027-06-01' });
    expect(deadline(log.case, 'draft-report')).toMatchObject({
      due: '2027-04-23',
      doneOn: '2027-04-01',
    });
    expect(deadline(log.case, 'final-report')).toMatchObject({
      due: '2027-06-23',
      doneOn: '2027-06-01',
    });
    expect(keys(log.case)).toEqual(['send-report']);

    log
      .at('2027-06-02T10:00:00Z')
      .run(bm, { type: 'send-report', on: '2027-06-02', plannedPublicationOn: '2027-07-15' });
    expect(log.case.dates).toMatchObject({
      reportSentOn: '2027-06-02',
      finalReportOn: '2027-06-01',
    });
    expect(log.case.review?.reportNotice).toEqual({ workingDays: 31, required: 7, late: false });
    expect(keys(log.case)).toEqual(['publish']);
    log.at('2027-07-15T10:00:00Z').run(bm, { type: 'publish', on: '2027-07-15' });
    // 12 months on is Saturday 15 July 2028: a month-based date on a non-working day moves to the next working day.
    expect(deadline(log.case, 'published-until')?.due).toBe('2028-07-17');
    expect(types(log.events).slice(-12)).toEqual([
      'rapid-review.sent',
      'panel.responded',
      'review.commissioned',
      'reviewer.informed',
      'methodology.agreed',
      'involvement.recorded',
      'involvement.recorded',
      'report.drafting',
      'report.drafted',
      'report.finalised',
      'report.sent',
      'report.published',
    ]);
  });

  it('records a report sent fewer than 7 working days before publication as late, without refusing it', () => {
    const log = reportDraftingCase();
    const [sent] = log
      .at('2027-07-08T10:00:00Z')
      .run(bm, { type: 'send-report', on: '2027-07-08', plannedPublicationOn: '2027-07-15' });
    expect(sent).toMatchObject({
      type: 'report.sent',
      data: { workingDays: 5, required: 7, late: true },
    });
    expect(log.case.review?.reportNotice).toEqual({ workingDays: 5, required: 7, late: true });
    // Published later than planned: the notice is measured again, now enough.
    log.at('2027-07-20T10:00:00Z').run(bm, { type: 'publish', on: '2027-07-20' });
    expect(log.case.review?.reportNotice).toEqual({ workingDays: 8, required: 7, late: false });
  });

  it('lets the Panel respond after the review is commissioned, once', () => {
    const log = reviewCommissionedCase();
    expect(availableSteps(log.case)).toContain('panel-response');
    log.run(bm, { type: 'record-panel-response', response: 'agrees', on: '2027-01-20' });
    expect(availableSteps(log.case)).not.toContain('panel-response');
    expect(
      log.refusal(bm, { type: 'record-panel-response', response: 'agrees', on: '2027-01-20' }).code,
    ).toBe('step.out_of_order');
  });
});

describe('a learning review (multi- or single-agency): lighter steps', () => {
  it('goes sent-to-panel → review-commissioned → learning shared → monitoring → closed', () => {
    const log = sentToPanelCase('multi-agency-learning');
    expect(reviewTrack(log.case)).toBe('learning');
    expect(keys(log.case)).toEqual(['panel-response', 'commission']);
    expect(caseDeadlines(log.case, TIMESCALES, ZONE).map((d) => d.key)).not.toContain(
      'final-report',
    );
    expect(deadline(log.case, 'learning-review')?.due).toBe('2027-06-23');
    log.run(actors.chair, {
      type: 'commission-review',
      reviewer: 'Partnership learning lead',
      on: TODAY,
    });
    expect(log.case.review?.kind).toBe('multi-agency-learning');
    expect(log.case.dates.learningCommissionedOn).toBe(TODAY);
    expect(availableSteps(log.case)).toEqual(['panel-response', 'share-learning']);
    // The local review's steps do not apply.
    log.expectRefused(bm, { type: 'start-report-drafting', on: TODAY }, 'step.not_applicable');
    log.expectRefused(bm, { type: 'record-reviewer-informed', on: TODAY }, 'step.not_applicable');
    log.expectRefused(
      bm,
      { type: 'agree-methodology', on: TODAY, methodology: 'x' },
      'step.not_applicable',
    );
    log.expectRefused(bm, { type: 'start-monitoring', on: TODAY }, 'step.out_of_order');
    log
      .at('2027-03-01T10:00:00Z')
      .run(bm, { type: 'share-learning', on: '2027-03-01', note: 'Briefing to all agencies.' });
    expect(deadline(log.case, 'learning-review')?.doneOn).toBe('2027-03-01');
    log.run(bm, {
      type: 'add-action',
      recommendation: 'Share the briefing with GPs.',
      agency: 'gp',
      required: 'Cascade the briefing.',
      due: '2027-04-01',
    });
    log.run(bm, { type: 'start-monitoring', on: '2027-03-01' });
    expect(log.case.state).toBe('monitoring');
    log.expectRefused(actors.chair, { type: 'close', reason: 'Done' }, 'step.out_of_order');
    log.run(bm, { type: 'update-action', id: 'A1', status: 'done' });
    log.run(actors.chair, { type: 'close', reason: 'Learning embedded' });
    expect(log.case.state).toBe('closed');
  });

  it('can also close straight after sharing the learning', () => {
    const log = sentToPanelCase('single-agency-learning');
    log.run(actors.chair, { type: 'commission-review', reviewer: 'Agency lead', on: TODAY });
    log.expectRefused(actors.chair, { type: 'close', reason: 'x' }, 'step.out_of_order');
    log.run(bm, { type: 'share-learning', on: TODAY });
    log.run(actors.chair, { type: 'close', reason: 'Learning shared' });
    expect(log.case.state).toBe('closed');
  });

  it('refuses sharing learning on a local review', () => {
    reviewCommissionedCase().expectRefused(
      bm,
      { type: 'share-learning', on: '2027-01-20' },
      'step.not_applicable',
    );
  });
});

describe('a recommended national review: the Panel decides', () => {
  it('waits for the Panel’s response before anything else, then closes or commissions a local review', () => {
    const log = sentToPanelCase('national');
    log.expectRefused(
      actors.chair,
      { type: 'commission-review', reviewer: 'R', on: TODAY },
      'step.out_of_order',
    );
    log.expectRefused(actors.chair, { type: 'close', reason: 'x' }, 'step.out_of_order');
    expect(availableSteps(log.case)).toEqual(['panel-response']);
    log.run(bm, { type: 'record-panel-response', response: 'national-review', on: TODAY });
    expect(reviewTrack(log.case)).toBe('none');
    log.expectRefused(
      actors.chair,
      { type: 'commission-review', reviewer: 'R', on: TODAY },
      'step.not_applicable',
    );
    expect(availableSteps(log.case)).toEqual(['panel-response', 'close']);
    log.run(actors.chair, { type: 'close', reason: 'National review by the Panel' });
    expect(log.case.state).toBe('closed');

    const local = sentToPanelCase('national');
    local.run(bm, { type: 'record-panel-response', response: 'local-review', on: TODAY });
    local.run(actors.chair, { type: 'commission-review', reviewer: 'R', on: TODAY });
    expect(local.case.review?.kind).toBe('lcspr');
  });
});

describe('which steps are open in each state', () => {
  it('offers exactly the steps the core would take', () => {
    const cases = [
      notifiedCase(),
      decidedCase(),
      sentToPanelCase(),
      reviewCommissionedCase(),
      reportDraftingCase(),
      reportSentCase(),
      publishedCase(),
      monitoringCase(),
      closedCase(),
    ];
    const offered = cases.map((l) => [l.case.state, availableSteps(l.case)]);
    expect(offered).toEqual([
      ['notified', []],
      ['decided', ['send-to-panel']],
      ['sent-to-panel', ['panel-response', 'commission']],
      [
        'review-commissioned',
        ['panel-response', 'reviewer-informed', 'methodology', 'involvement', 'drafting'],
      ],
      [
        'report-drafting',
        [
          'panel-response',
          'reviewer-informed',
          'methodology',
          'involvement',
          'draft-report',
          'send-report',
        ],
      ],
      ['report-sent', ['reviewer-informed', 'publish']],
      ['published', ['monitoring', 'close']],
      ['monitoring', ['close']],
      ['closed', []],
    ]);
    for (const l of cases)
      for (const s of STEP_KINDS)
        if (!availableSteps(l.case).includes(s))
          expect(stepRefusal(l.case, s)?.code).toMatch(/^(case\.wrong_state|step\.)/);
  });

  it('refuses every step of the local review before the decision (case.wrong_state, naming the state)', () => {
    const log = notifiedCase();
    const steps: Command[] = [
      { type: 'record-reviewer-informed', on: TODAY },
      { type: 'agree-methodology', on: TODAY, methodology: 'm' },
      { type: 'record-involvement', who: 'family', on: TODAY },
      { type: 'record-draft-report', on: TODAY },
      { type: 'record-final-report', on: TODAY },
      { type: 'share-learning', on: TODAY },
      {
        type: 'add-action',
        recommendation: 'r',
        agency: 'police',
        required: 'x',
        due: '2027-06-01',
      },
    ];
    for (const cmd of steps)
      expect(log.expectRefused(bm, cmd, 'case.wrong_state').details.state).toBe('notified');
  });

  it('lets only the business manager and the chair record post-decision steps', () => {
    const log = sentToPanelCase();
    for (const who of [actors.la, actors.police, actors.health, actors.scrutineer, actors.member])
      log.expectRefused(
        who,
        { type: 'record-panel-response', response: 'agrees', on: TODAY },
        'action.not_permitted',
      );
    log.expectRefused(
      actors.otherBusinessManager,
      { type: 'record-panel-response', response: 'agrees', on: TODAY },
      'case.not_found',
    );
  });
});

describe('the action plan', () => {
  it('adds items with an owner, updates them, and reminds the owner until done', () => {
    const log = publishedCase();
    log.run(bm, {
      type: 'add-action',
      recommendation: 'Improve escalation of missed visits.',
      agency: 'health-visiting',
      required: 'Audit and retrain.',
      due: '2027-09-01',
    });
    log.run(bm, {
      type: 'add-action',
      recommendation: 'Joint training.',
      agency: 'voluntary',
      required: 'Run two sessions.',
      due: '2027-10-01',
      status: 'in-progress',
    });
    expect(log.case.actionPlan?.map((i) => [i.id, i.agency, i.status, i.addedOn])).toEqual([
      ['A1', 'health-visiting', 'open', '2027-07-15'],
      ['A2', 'voluntary', 'in-progress', '2027-07-15'],
    ]);
    expect(ownerOf('health-visiting')).toBe('health');
    expect(ownerOf('voluntary')).toBe('business-manager');
    const pending = pendingActions(log.case, TIMESCALES, ZONE).filter((a) =>
      a.key.startsWith('action-'),
    );
    expect(pending).toEqual([
      {
        key: 'action-A1',
        label: 'Action plan A1: Health visiting / school nursing',
        roles: ['health'],
        due: '2027-09-01',
      },
      {
        key: 'action-A2',
        label: 'Action plan A2: Voluntary sector',
        roles: ['business-manager'],
        due: '2027-10-01',
      },
    ]);
    expect(overdueBy(log.case.actionPlan![0]!, '2027-09-03')).toBe(2);
    log.at('2027-08-01T10:00:00Z').run(bm, {
      type: 'update-action',
      id: 'A1',
      status: 'done',
      required: 'Audit done; retraining booked.',
    });
    expect(log.case.actionPlan?.[0]).toMatchObject({
      status: 'done',
      doneOn: '2027-08-01',
      updatedOn: '2027-08-01',
      required: 'Audit done; retraining booked.',
    });
    expect(keys(log.case)).toEqual(['action-A2']);
    log.expectRefused(bm, { type: 'update-action', id: 'A9', status: 'done' }, 'action.not_found');
    log.expectRefused(
      bm,
      {
        type: 'add-action',
        recommendation: ' ',
        agency: 'police',
        required: 'x',
        due: '2027-09-01',
      },
      'field.missing',
    );
    log.expectRefused(
      bm,
      {
        type: 'add-action',
        recommendation: 'r',
        agency: 'police',
        required: 'x',
        due: '2027-02-30',
      },
      'field.invalid',
    );
    log.expectRefused(
      actors.police,
      { type: 'update-action', id: 'A2', status: 'done' },
      'action.not_permitted',
    );
  });

  it('is erased with the case’s other free text, keeping agencies, dates and status', () => {
    const log = publishedCase();
    log.run(bm, {
      type: 'add-action',
      recommendation: 'About Child A.',
      agency: 'police',
      required: 'Something about Child A.',
      due: '2027-09-01',
    });
    const erased = redactCase(log.case);
    expect(erased.actionPlan?.[0]).toMatchObject({
      agency: 'police',
      due: '2027-09-01',
      status: 'open',
      recommendation: '[erased]',
      required: '[erased]',
    });
  });
});

describe('deadlines after the decision follow the review', () => {
  it('gives no local review deadlines after a decision of no further review', () => {
    const c = sentToPanelCase('no-further-review').case;
    const ks = caseDeadlines(c, TIMESCALES, ZONE).map((d) => d.key);
    expect(ks).not.toContain('final-report');
    expect(ks).not.toContain('draft-report');
    expect(ks).toContain('panel-response');
    expect(keys(c)).toEqual(['panel-response', 'close']);
  });

  it('stops chasing the notification steps once the partners have decided', () => {
    const c = decidedCase().case;
    expect(keys(c)).toEqual(['send-to-panel']);
    expect(deadline(c, 'notify-panel')?.doneOn).toBeUndefined(); // still on the card as not recorded
  });
});

/** Each refusal of a step after the decision: its code, its words and its details, and which review follows. */
import { describe, expect, it } from 'vitest';
import type { Case } from '../../src/domain/case.js';
import {
  ACTION_PLAN_STATES,
  isStepKind,
  reviewToCommission,
  reviewTrack,
  STEP_KINDS,
  STEP_LABELS,
  stepRefusal,
  type StepKind,
} from '../../src/domain/post-decision.js';
import { DomainError } from '../../src/domain/errors.js';
import {
  actors,
  decidedCase,
  notifiedCase,
  publishedCase,
  reportDraftingCase,
  reviewCommissionedCase,
  sentToPanelCase,
  TODAY,
} from './helpers.js';

const REF = 'TEST-2026-001';
const refusal = (c: Case, step: StepKind) => {
  const err = stepRefusal(c, step);
  return err && { code: err.code, message: err.message, details: err.details };
};

/** A case sent to the Panel after the partners voted for a learning review, with that review commissioned. */
function learningCommissioned(): Case {
  const log = sentToPanelCase('multi-agency-learning');
  log
    .at('2027-01-20T10:00:00Z')
    .run(actors.chair, { type: 'commission-review', reviewer: 'Learning lead', on: '2027-01-20' });
  return log.case;
}

describe('a step in the wrong state', () => {
  it('names the case, its state, what cannot be done and where it can', () => {
    const c = notifiedCase().case;
    const expected: Record<StepKind, [string, string[]]> = {
      'send-to-panel': ['send the rapid review to the Panel', ['decided']],
      'panel-response': [
        'record the Panel’s response',
        ['sent-to-panel', 'review-commissioned', 'report-drafting'],
      ],
      commission: ['commission a review', ['sent-to-panel']],
      'reviewer-informed': [
        'record that the Panel, Ofsted and DfE were told the reviewer’s name',
        ['review-commissioned', 'report-drafting', 'report-sent'],
      ],
      methodology: ['record the methodology', ['review-commissioned', 'report-drafting']],
      involvement: [
        'record practitioner or family involvement',
        ['review-commissioned', 'report-drafting'],
      ],
      drafting: ['start drafting the report', ['review-commissioned']],
      'draft-report': ['record the draft report', ['report-drafting']],
      'final-report': ['record the final report', ['report-drafting']],
      'send-report': ['record the report as sent', ['report-drafting']],
      publish: ['record publication', ['report-sent']],
      'share-learning': ['record the learning as shared', ['review-commissioned']],
      monitoring: ['start monitoring the action plan', ['published']],
      close: ['close the case', ['referred', 'published', 'monitoring']],
    };
    expect([...STEP_KINDS]).toEqual(Object.keys(expected)); // every step, in lifecycle order
    for (const step of STEP_KINDS) {
      const [doing, allowed] = expected[step];
      expect(refusal(c, step), step).toEqual({
        code: 'case.wrong_state',
        message: `${REF} is notified: cannot ${doing} now.`,
        details: { state: 'notified', allowed },
      });
    }
  });

  it('knows every step by name', () => {
    expect(STEP_KINDS).toHaveLength(14);
    for (const step of STEP_KINDS) expect(isStepKind(step)).toBe(true);
    expect(isStepKind('sent-to-panel')).toBe(false);
    expect(STEP_LABELS['reviewer-informed']).toBe('Panel, Ofsted and DfE told the reviewer’s name');
  });
});

describe('which review follows the decision', () => {
  it('is none before the decision, then the decision’s, unless the Panel says otherwise', () => {
    expect(reviewTrack(notifiedCase().case)).toBeUndefined();
    const track = (
      outcome: Parameters<typeof decidedCase>[0],
      panelResponse?: Case['panelResponse'],
    ) => reviewTrack({ ...decidedCase(outcome).case, ...(panelResponse ? { panelResponse } : {}) });
    expect(track('lcspr')).toBe('local');
    expect(track('multi-agency-learning')).toBe('learning');
    expect(track('single-agency-learning')).toBe('learning');
    expect(track('no-further-review')).toBe('none');
    expect(track('national')).toBe('none');
    expect(track('national', 'agrees')).toBe('none');
    expect(track('national', 'local-review')).toBe('local');
    expect(track('no-further-review', 'local-review')).toBe('local');
    expect(track('lcspr', 'national-review')).toBe('none');
    expect(reviewTrack({ panelResponse: 'local-review' })).toBe('local');
  });

  it('is the review commissioned, once there is one', () => {
    expect(reviewTrack(reviewCommissionedCase().case)).toBe('local');
    expect(reviewTrack(learningCommissioned())).toBe('learning');
    // The Panel answering after the local review was commissioned does not undo it.
    expect(
      reviewTrack({ ...reviewCommissionedCase().case, panelResponse: 'national-review' }),
    ).toBe('local');
    expect(reviewTrack({ ...learningCommissioned(), panelResponse: 'local-review' })).toBe(
      'learning',
    );
  });
});

describe('commissioning a review', () => {
  const commission = (
    outcome: Parameters<typeof sentToPanelCase>[0],
    panelResponse?: Case['panelResponse'],
  ) => {
    const c = { ...sentToPanelCase(outcome).case, ...(panelResponse ? { panelResponse } : {}) };
    const kind = reviewToCommission(c);
    return kind instanceof DomainError
      ? { code: kind.code, message: kind.message, details: kind.details }
      : kind;
  };

  it('starts the review the partners decided on, or the local review the Panel advises', () => {
    expect(commission('lcspr')).toBe('lcspr');
    expect(commission('multi-agency-learning')).toBe('multi-agency-learning');
    expect(commission('single-agency-learning')).toBe('single-agency-learning');
    expect(commission('national', 'local-review')).toBe('lcspr');
    expect(commission('no-further-review', 'local-review')).toBe('lcspr');
  });

  it('refuses with the reason: no further review, the Panel’s national review, or its response not yet in', () => {
    expect(commission('no-further-review')).toEqual({
      code: 'case.wrong_state',
      message: `The decision on ${REF} was no further review.`,
      details: { state: 'sent-to-panel' },
    });
    expect(commission('lcspr', 'national-review')).toEqual({
      code: 'step.not_applicable',
      message: `The Panel is undertaking a national review of ${REF}: there is no local review to commission.`,
      details: { state: 'sent-to-panel', step: 'commission' },
    });
    expect(commission('national')).toEqual({
      code: 'step.out_of_order',
      message: `The partners recommended a national review of ${REF}: record the Panel’s response first.`,
      details: { state: 'sent-to-panel', needs: 'panel-response' },
    });
    expect(commission('national', 'agrees')).toEqual({
      code: 'step.not_applicable',
      message: `The Panel agreed to a national review of ${REF}: there is no local review to commission.`,
      details: { state: 'sent-to-panel', step: 'commission' },
    });
  });

  it('is refused by the step table with the same error', () => {
    expect(refusal(sentToPanelCase('no-further-review').case, 'commission')?.code).toBe(
      'case.wrong_state',
    );
    expect(refusal(sentToPanelCase('national').case, 'commission')?.details).toEqual({
      state: 'sent-to-panel',
      needs: 'panel-response',
    });
    expect(refusal(sentToPanelCase('lcspr').case, 'commission')).toBeUndefined();
  });
});

describe('steps out of order or not for this review', () => {
  it('the Panel’s response once the review is under way: once only', () => {
    const c = reviewCommissionedCase().case;
    expect(refusal(c, 'panel-response')).toBeUndefined();
    expect(refusal({ ...c, panelResponse: 'agrees' }, 'panel-response')).toEqual({
      code: 'step.out_of_order',
      message: `The Panel’s response on ${REF} is already recorded.`,
      details: { state: 'review-commissioned', needs: 'panel-response' },
    });
    // Still in sent-to-panel, a response may be recorded again (corrected) before the review starts.
    expect(
      refusal({ ...sentToPanelCase().case, panelResponse: 'agrees' }, 'panel-response'),
    ).toBeUndefined();
  });

  it('the local review’s steps on a learning review', () => {
    const c = learningCommissioned();
    for (const step of ['reviewer-informed', 'methodology', 'involvement', 'drafting'] as const)
      expect(refusal(c, step), step).toEqual({
        code: 'step.not_applicable',
        message: `${REF} has a learning review, not a local review: ${STEP_LABELS[step].toLowerCase()} is a local review step.`,
        details: { state: 'review-commissioned', step },
      });
  });

  it('the final report before the draft', () => {
    const c = reportDraftingCase().case;
    expect(refusal(c, 'final-report')).toEqual({
      code: 'step.out_of_order',
      message: `Record the draft report on ${REF} before the final report.`,
      details: { state: 'report-drafting', needs: 'draft-report' },
    });
    expect(
      refusal({ ...c, dates: { ...c.dates, draftReportOn: '2027-05-01' } }, 'final-report'),
    ).toBeUndefined();
  });

  it('sharing learning of a local review', () => {
    expect(refusal(reviewCommissionedCase().case, 'share-learning')).toEqual({
      code: 'step.not_applicable',
      message: `${REF} has a local review: its learning is published in the report.`,
      details: { state: 'review-commissioned', step: 'share-learning' },
    });
    expect(refusal(learningCommissioned(), 'share-learning')).toBeUndefined();
  });

  it('monitoring or closing a learning review before its learning is shared', () => {
    const c = learningCommissioned();
    expect(refusal(c, 'monitoring')).toEqual({
      code: 'step.out_of_order',
      message: `Record the learning of ${REF} as shared before monitoring its action plan.`,
      details: { state: 'review-commissioned', needs: 'share-learning' },
    });
    expect(refusal(c, 'close')).toEqual({
      code: 'step.out_of_order',
      message: `Record the learning of ${REF} as shared before closing.`,
      details: { state: 'review-commissioned', needs: 'share-learning' },
    });
    const shared = { ...c, dates: { ...c.dates, learningSharedOn: '2027-02-01' } };
    expect(refusal(shared, 'monitoring')).toBeUndefined();
    expect(refusal(shared, 'close')).toBeUndefined();
    // A local review is monitored only once published.
    expect(refusal(reviewCommissionedCase().case, 'monitoring')?.details).toEqual({
      state: 'review-commissioned',
      allowed: ['published'],
    });
  });

  it('closing on a recommended national review before the Panel answers', () => {
    expect(refusal(sentToPanelCase('national').case, 'close')).toEqual({
      code: 'step.out_of_order',
      message: `The partners recommended a national review of ${REF}: record the Panel’s response before closing.`,
      details: { state: 'sent-to-panel', needs: 'panel-response' },
    });
    expect(
      refusal({ ...sentToPanelCase('national').case, panelResponse: 'agrees' }, 'close'),
    ).toBeUndefined();
  });

  it('closing with open action plan items, one or several', () => {
    const log = publishedCase();
    log.run(actors.businessManager, {
      type: 'add-action',
      recommendation: 'R1',
      agency: 'police',
      required: 'Q1',
      due: '2027-09-01',
    });
    expect(refusal(log.case, 'close')).toEqual({
      code: 'step.out_of_order',
      message: `${REF} has 1 open action plan item: mark it done before closing.`,
      details: { state: 'published', needs: 'action-plan' },
    });
    log.run(actors.businessManager, {
      type: 'add-action',
      recommendation: 'R2',
      agency: 'gp',
      required: 'Q2',
      due: '2027-09-01',
      status: 'in-progress',
    });
    log.run(actors.businessManager, {
      type: 'add-action',
      recommendation: 'R3',
      agency: 'gp',
      required: 'Q3',
      due: '2027-09-01',
      status: 'done',
    });
    expect(refusal(log.case, 'close')?.message).toBe(
      `${REF} has 2 open action plan items: mark them done before closing.`,
    );
    log.run(actors.businessManager, { type: 'update-action', id: 'A1', status: 'done' });
    log.run(actors.businessManager, { type: 'update-action', id: 'A2', status: 'done' });
    expect(refusal(log.case, 'close')).toBeUndefined();
  });
});

describe('when a case may be closed', () => {
  const closable = (c: Case) => refusal(c, 'close') === undefined;
  it('a referral, a published or monitored review; after the decision only where no review follows', () => {
    expect(closable({ ...notifiedCase().case, state: 'referred' })).toBe(true);
    expect(closable(publishedCase().case)).toBe(true);
    expect(closable(sentToPanelCase('no-further-review').case)).toBe(true);
    expect(closable(sentToPanelCase('lcspr').case)).toBe(false);
    expect(closable(sentToPanelCase('multi-agency-learning').case)).toBe(true); // a learning review not commissioned
    expect(closable(reviewCommissionedCase().case)).toBe(false);
    expect(closable(decidedCase('no-further-review').case)).toBe(false); // the rapid review goes to the Panel first
  });

  it('before a decision only where no rapid review is due (e.g. a care leaver’s death)', () => {
    const noReview = { notifyPanel: false, rapidReview: false, notifySosOfsted: true };
    expect(closable(notifiedCase().case)).toBe(false);
    expect(closable({ ...notifiedCase().case, duties: noReview })).toBe(true);
    expect(closable({ ...notifiedCase().case, duties: noReview, state: 'rapid-review' })).toBe(
      true,
    );
    expect(closable({ ...notifiedCase().case, duties: noReview, state: 'deciding' })).toBe(false);
    expect(closable({ ...decidedCase().case, duties: noReview, state: 'rapid-review' })).toBe(
      false,
    );
  });
});

describe('the action plan', () => {
  it('is open from the decision until the case is closed', () => {
    expect(ACTION_PLAN_STATES).toEqual([
      'decided',
      'sent-to-panel',
      'review-commissioned',
      'report-drafting',
      'report-sent',
      'published',
      'monitoring',
    ]);
    const log = decidedCase();
    expect(
      log.run(actors.businessManager, {
        type: 'add-action',
        recommendation: 'R',
        agency: 'police',
        required: 'Q',
        due: TODAY,
      })[0]?.type,
    ).toBe('action.added');
  });
});

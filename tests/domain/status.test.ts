/** What a case needs next, whose it is, by when, and the words for how far away that is. */
import { describe, expect, it } from 'vitest';
import type { Case } from '../../src/domain/case.js';
import {
  caseDeadlines,
  dueInWords,
  NOTIFICATION_DEADLINES,
  openNotificationDuties,
  pendingActions,
} from '../../src/domain/status.js';
import {
  actors,
  closedCase,
  facts,
  decidedCase,
  decidingCase,
  escalatedCase,
  monitoringCase,
  notifiedCase,
  publishedCase,
  rapidReviewCase,
  referredCase,
  reportDraftingCase,
  reportSentCase,
  reviewCommissionedCase,
  sentToPanelCase,
  TIMESCALES,
  ZONE,
} from './helpers.js';

/** [key, label, roles, deadline, due] of each pending action, in order. */
const pending = (c: Case, t = TIMESCALES) =>
  pendingActions(c, t, ZONE).map((a) => [
    a.key,
    a.label,
    a.roles.join('|'),
    a.deadline ?? '-',
    a.due ?? '-',
  ]);

const NOTIFY = [
  ['notify-panel', 'Notify the Panel', 'la', 'notify-panel', '2026-12-31'],
  ['notify-partners', 'Report to the safeguarding partners', 'la', 'notify-partners', '2026-12-31'],
];
const PANEL_RESPONSE = [
  'panel-response',
  'Record the Panel’s response',
  'business-manager',
  'panel-response',
  '2027-01-18',
];
const REVIEWER_INFORMED = [
  'reviewer-informed',
  'Tell the Panel, Ofsted and DfE the reviewer’s name',
  'business-manager',
  'reviewer-informed',
  '2027-01-27',
];
const LOCAL_REVIEW = [
  [
    'methodology',
    'Agree the methodology with the reviewer',
    'business-manager|chair',
    'draft-report',
    '2027-04-23',
  ],
  [
    'involve-practitioners',
    'Involve the practitioners',
    'business-manager',
    'draft-report',
    '2027-04-23',
  ],
  [
    'involve-family',
    'Invite the family to contribute',
    'business-manager',
    'draft-report',
    '2027-04-23',
  ],
  [
    'draft-report',
    'Receive the draft report',
    'business-manager|chair',
    'draft-report',
    '2027-04-23',
  ],
  [
    'final-report',
    'Complete the final report',
    'business-manager|chair',
    'final-report',
    '2027-06-23',
  ],
];

describe('pending actions at each point of the lifecycle (aware 22 December 2026)', () => {
  it('a referral: whether to notify (no due date), and its confirmation where the partnership asks for one', () => {
    const c = referredCase().case;
    expect(pending(c)).toEqual([
      ['notify', 'Decide whether to notify the Panel', 'la|business-manager', '-', '-'],
    ]);
    expect(pending(c, { ...TIMESCALES, referralConfirmationHours: 48 })).toEqual([
      [
        'confirm-referral',
        'Confirm the referral in writing',
        'business-manager',
        'referral-confirmation',
        '2026-12-23',
      ],
      ['notify', 'Decide whether to notify the Panel', 'la|business-manager', '-', '-'],
    ]);
  });

  it('notified: the notifications and the rapid-review forms', () => {
    expect(pending(notifiedCase().case)).toEqual([
      ...NOTIFY,
      [
        'facts',
        'Record the rapid-review facts',
        'business-manager|la|police|health',
        'rapid-review',
        '2027-01-15',
      ],
      [
        'criteria',
        'Assess the criteria',
        'business-manager|la|police|health',
        'rapid-review',
        '2027-01-15',
      ],
    ]);
  });

  it('a looked-after child’s death: the Secretary of State and Ofsted too', () => {
    expect(pending(notifiedCase({ childStatus: 'looked-after' }).case).slice(0, 3)).toEqual([
      ...NOTIFY,
      [
        'notify-sos-ofsted',
        'Notify the Secretary of State and Ofsted',
        'la',
        'notify-sos-ofsted',
        '2026-12-31',
      ],
    ]);
  });

  it('in the rapid review: each partner’s vote; deciding: those not cast yet', () => {
    const votes = [
      ['vote-la', 'Vote for Local authority', 'la', 'rapid-review', '2027-01-15'],
      ['vote-police', 'Vote for Police', 'police', 'rapid-review', '2027-01-15'],
      ['vote-health', 'Vote for Health (ICB)', 'health', 'rapid-review', '2027-01-15'],
    ];
    expect(pending(rapidReviewCase().case)).toEqual([...NOTIFY, ...votes]);
    expect(pending(decidingCase().case)).toEqual([...NOTIFY, ...votes.slice(1)]);
  });

  it('escalated: agreeing a decision, for the partners and the chair', () => {
    expect(pending(escalatedCase().case)).toEqual([
      ...NOTIFY,
      [
        'resolve-escalation',
        'Agree a decision (partners’ votes differ)',
        'la|police|health|chair',
        'rapid-review',
        '2027-01-15',
      ],
    ]);
  });

  it('decided: sending the rapid review to the Panel, the notifications no longer chased', () => {
    expect(pending(decidedCase().case)).toEqual([
      [
        'send-to-panel',
        'Send the rapid review to the Panel',
        'business-manager',
        'rapid-review',
        '2027-01-15',
      ],
    ]);
    // Decided on the facts alone: the criteria are no longer asked for.
    const factsOnly = notifiedCase();
    factsOnly.run(actors.businessManager, { type: 'record-facts', facts: facts() });
    for (const p of ['la', 'police', 'health'] as const)
      factsOnly.run(actors[p], {
        type: 'cast-vote',
        partner: p,
        outcome: 'lcspr',
        rationale: 'r',
        criteria: [],
      });
    expect(factsOnly.case.criteria).toBeUndefined();
    expect(pending(factsOnly.case).map((a) => a[0])).toEqual(['send-to-panel']);
  });

  it('sent to the Panel: its response, and commissioning the review the decision calls for', () => {
    expect(pending(sentToPanelCase('lcspr').case)).toEqual([
      PANEL_RESPONSE,
      [
        'commission',
        'Commission the local review and name the reviewer',
        'business-manager|chair',
        'draft-report',
        '2027-04-23',
      ],
    ]);
    expect(pending(sentToPanelCase('multi-agency-learning').case)).toEqual([
      PANEL_RESPONSE,
      [
        'commission',
        'Commission the learning review',
        'business-manager|chair',
        'learning-review',
        '2027-06-23',
      ],
    ]);
    expect(pending(sentToPanelCase('no-further-review').case)).toEqual([
      PANEL_RESPONSE,
      ['close', 'Close the case (no local review)', 'business-manager|chair', '-', '-'],
    ]);
    // A national review recommended: nothing to close until the Panel answers.
    expect(pending(sentToPanelCase('national').case)).toEqual([PANEL_RESPONSE]);
    expect(pending({ ...sentToPanelCase('national').case, panelResponse: 'agrees' })).toEqual([
      ['close', 'Close the case (no local review)', 'business-manager|chair', '-', '-'],
    ]);
    expect(
      pending({ ...sentToPanelCase('national').case, panelResponse: 'national-review' }).map(
        (a) => a[0],
      ),
    ).toEqual(['close']);
  });

  it('a local review: the reviewer’s name, methodology, involvement, draft and final report, then sending and publishing', () => {
    expect(pending(reviewCommissionedCase().case)).toEqual([
      PANEL_RESPONSE,
      REVIEWER_INFORMED,
      ...LOCAL_REVIEW,
    ]);
    expect(pending(reportDraftingCase().case)).toEqual([
      PANEL_RESPONSE,
      REVIEWER_INFORMED,
      ...LOCAL_REVIEW,
      [
        'send-report',
        'Send the report to the Panel and the Secretary of State',
        'business-manager',
        'report-to-panel-sos',
        '2027-07-06',
      ],
    ]);
    expect(pending(reportSentCase().case)).toEqual([
      REVIEWER_INFORMED,
      ['publish', 'Publish the report (planned date)', 'business-manager|chair', '-', '2027-07-15'],
    ]);
    expect(pending(publishedCase().case)).toEqual([]);
  });

  it('asks to send the report only once a publication date is planned', () => {
    const log = reviewCommissionedCase();
    log
      .at('2027-02-01T10:00:00Z')
      .run(actors.businessManager, { type: 'start-report-drafting', on: '2027-02-01' });
    expect(pending(log.case).map((a) => a[0])).not.toContain('send-report');
  });

  it('drops each local-review step once recorded', () => {
    const log = reviewCommissionedCase();
    log.at('2027-01-25T10:00:00Z');
    log.run(actors.businessManager, { type: 'record-reviewer-informed', on: '2027-01-25' });
    log.run(actors.businessManager, {
      type: 'agree-methodology',
      on: '2027-01-25',
      methodology: 'Systems review.',
    });
    log.run(actors.businessManager, {
      type: 'record-involvement',
      who: 'practitioners',
      on: '2027-01-25',
    });
    expect(pending(log.case).map((a) => a[0])).toEqual([
      'panel-response',
      'involve-family',
      'draft-report',
      'final-report',
    ]);
    log.run(actors.businessManager, {
      type: 'record-involvement',
      who: 'family',
      on: '2027-01-25',
    });
    log.run(actors.businessManager, {
      type: 'record-panel-response',
      response: 'agrees',
      on: '2027-01-25',
    });
    expect(pending(log.case).map((a) => a[0])).toEqual(['draft-report', 'final-report']);
  });

  it('a learning review: sharing its learning, and nothing of a local review', () => {
    const log = sentToPanelCase('single-agency-learning');
    log.at('2027-01-20T10:00:00Z').run(actors.chair, {
      type: 'commission-review',
      reviewer: 'Learning lead',
      on: '2027-01-20',
    });
    expect(pending(log.case)).toEqual([
      PANEL_RESPONSE,
      [
        'share-learning',
        'Share the learning of the learning review',
        'business-manager|chair',
        'learning-review',
        '2027-06-23',
      ],
    ]);
    log.run(actors.chair, { type: 'share-learning', on: '2027-01-20' });
    expect(pending(log.case).map((a) => a[0])).toEqual(['panel-response']);
  });

  it('monitoring: each open action plan item, for its agency’s partner or else the business manager', () => {
    const log = monitoringCase();
    log.run(actors.businessManager, {
      type: 'add-action',
      recommendation: 'R1',
      agency: 'police',
      required: 'Q1',
      due: '2027-09-01',
    });
    log.run(actors.businessManager, {
      type: 'add-action',
      recommendation: 'R2',
      agency: 'voluntary',
      required: 'Q2',
      due: '2027-08-02',
    });
    log.run(actors.businessManager, {
      type: 'add-action',
      recommendation: 'R3',
      agency: 'gp',
      required: 'Q3',
      due: '2027-08-03',
      status: 'done',
    });
    expect(pending(log.case)).toEqual([
      ['action-A1', 'Action plan A1: Police', 'police', '-', '2027-09-01'],
      ['action-A2', 'Action plan A2: Voluntary sector', 'business-manager', '-', '2027-08-02'],
    ]);
  });

  it('closed: nothing, whatever is left', () => {
    expect(pendingActions(closedCase().case, TIMESCALES, ZONE)).toEqual([]);
    // Erased (and so closed) with an action plan item still open: nothing is chased.
    const erased = decidedCase();
    erased.run(actors.businessManager, {
      type: 'add-action',
      recommendation: 'R',
      agency: 'police',
      required: 'Q',
      due: '2027-09-01',
    });
    erased.run(actors.chair, { type: 'erase', reason: 'IG request 42' });
    expect(erased.case.actionPlan?.[0]?.status).toBe('open');
    expect(pendingActions(erased.case, TIMESCALES, ZONE)).toEqual([]);
    const open = notifiedCase().case;
    expect(pendingActions({ ...open, state: 'closed' }, TIMESCALES, ZONE)).toEqual([]);
  });

  it('without a rapid-review duty, the forms are still pending, with no due date', () => {
    const c: Case = {
      ...notifiedCase().case,
      duties: {
        notifyPanel: false,
        rapidReview: false,
        notifySosOfsted: true,
        sosOfstedFor: ['care-leaver'],
      },
    };
    expect(pending(c).map((a) => a[0])).toEqual(['notify-sos-ofsted']);
    const voting: Case = { ...rapidReviewCase().case, duties: c.duties };
    expect(pending(voting)).toEqual([
      [
        'notify-sos-ofsted',
        'Notify the Secretary of State and Ofsted',
        'la',
        'notify-sos-ofsted',
        '2026-12-31',
      ],
      ['vote-la', 'Vote for Local authority', 'la', '-', '-'],
      ['vote-police', 'Vote for Police', 'police', '-', '-'],
      ['vote-health', 'Vote for Health (ICB)', 'health', '-', '-'],
    ]);
    const escalated: Case = { ...escalatedCase().case, duties: c.duties };
    expect(pending(escalated).at(-1)).toEqual([
      'resolve-escalation',
      'Agree a decision (partners’ votes differ)',
      'la|police|health|chair',
      '-',
      '-',
    ]);
    const decided: Case = { ...decidedCase().case, duties: c.duties };
    expect(pending(decided)).toEqual([
      ['send-to-panel', 'Send the rapid review to the Panel', 'business-manager', '-', '-'],
    ]);
  });
});

describe('deadlines of a case', () => {
  it('a referral not yet notified: only its confirmation, counted from the referral', () => {
    const c = referredCase().case;
    expect(caseDeadlines(c, { ...TIMESCALES, referralConfirmationHours: 48 }, ZONE)).toEqual([
      {
        key: 'referral-confirmation',
        label: 'Referral confirmed in writing',
        due: '2026-12-23',
        dueTime: '15:00',
        basis: '48 hours from the referral (2026-12-21 15:00)',
      },
    ]);
    expect(caseDeadlines(c, TIMESCALES, ZONE)).toEqual([]);
  });

  it('a decided case follows its review track (a learning review: no local report deadlines)', () => {
    expect(
      caseDeadlines(sentToPanelCase('lcspr').case, TIMESCALES, ZONE).map((d) => d.key),
    ).toContain('final-report');
    const learning = caseDeadlines(
      sentToPanelCase('multi-agency-learning').case,
      TIMESCALES,
      ZONE,
    ).map((d) => d.key);
    expect(learning).toContain('learning-review');
    expect(learning).not.toContain('final-report');
  });
});

describe('open notification duties', () => {
  it('are the duties carried and not recorded, while a date can still be recorded', () => {
    expect(NOTIFICATION_DEADLINES).toEqual([
      'notify-panel',
      'notify-partners',
      'notify-sos-ofsted',
    ]);
    const log = notifiedCase({ childStatus: 'looked-after' });
    expect(openNotificationDuties(log.case)).toEqual([
      'notify-panel',
      'notify-partners',
      'notify-sos-ofsted',
    ]);
    log.run(actors.la, { type: 'record-notification', panelNotifiedOn: '2026-12-23' });
    expect(openNotificationDuties(log.case)).toEqual(['notify-partners', 'notify-sos-ofsted']);
    log.run(actors.la, { type: 'record-notification', partnersNotifiedOn: '2026-12-23' });
    expect(openNotificationDuties(log.case)).toEqual(['notify-sos-ofsted']);
    log.run(actors.la, { type: 'record-notification', sosOfstedNotifiedOn: '2026-12-23' });
    expect(openNotificationDuties(log.case)).toEqual([]);
  });

  it('are none once the rapid review has gone to the Panel, nor for a referral', () => {
    expect(openNotificationDuties(decidedCase().case)).toEqual(['notify-panel', 'notify-partners']);
    expect(openNotificationDuties(sentToPanelCase().case)).toEqual([]);
    expect(openNotificationDuties(referredCase().case)).toEqual([]);
    expect(openNotificationDuties({ ...notifiedCase().case, dates: {} })).toEqual([]);
  });
});

describe('due in words', () => {
  it('counts working days left, singular for one', () => {
    expect(dueInWords('2026-12-31', '2026-12-22')).toBe('5 working days left');
    expect(dueInWords('2026-12-29', '2026-12-24')).toBe('1 working day left');
    expect(dueInWords('2026-12-24', '2026-12-24')).toBe('due today');
  });

  it('counts working days overdue, singular for one', () => {
    expect(dueInWords('2026-12-24', '2026-12-29')).toBe('1 working day overdue');
    expect(dueInWords('2026-12-24', '2026-12-30')).toBe('2 working days overdue');
  });

  it('treats a due date on a weekend or holiday as the next working day', () => {
    expect(dueInWords('2026-12-26', '2026-12-29')).toBe('due today'); // Saturday → Tuesday 29th
    expect(dueInWords('2026-12-26', '2026-12-24')).toBe('1 working day left');
    expect(dueInWords('2026-12-26', '2026-12-30')).toBe('1 working day overdue');
  });

  it('on a non-working day, a date due on the last working day is overdue since then', () => {
    expect(dueInWords('2026-12-24', '2026-12-26')).toBe('overdue since the last working day');
    expect(dueInWords('2026-12-24', '2026-12-28')).toBe('overdue since the last working day');
    expect(dueInWords('2026-12-29', '2026-12-26')).toBe('1 working day left');
  });
});

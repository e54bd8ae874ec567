/** Folding stored events into the case: what each event changes, and what it leaves as it was. */
import { describe, expect, it } from 'vitest';
import type { Case } from '../../src/domain/case.js';
import type { CaseEvent, CaseEventBody } from '../../src/domain/events.js';
import { evolve, replay } from '../../src/domain/lifecycle.js';
import {
  decidedCase,
  decidingCase,
  escalatedCase,
  notifiedCase,
  rapidReviewCase,
  referredCase,
  reviewCommissionedCase,
  sentToPanelCase,
} from './helpers.js';

const referredCaseOf = () => referredCase().case;

const AT = '2027-02-01T10:00:00.000Z';
const stored = (c: Case | undefined, body: CaseEventBody, seq = (c?.version ?? 0) + 1): CaseEvent =>
  ({
    ...body,
    caseId: c?.id ?? 'case-1',
    seq,
    at: AT,
    actor: { id: 'chair', name: 'Test chair', roles: ['chair'] },
  }) as CaseEvent;
const apply = (c: Case, body: CaseEventBody) => evolve(c, stored(c, body));

describe('every event', () => {
  it('numbers the case with its sequence and stamps the change', () => {
    const c = notifiedCase().case;
    const next = apply(c, { type: 'reminders.paused', data: {} });
    expect(next.version).toBe(c.version + 1);
    expect(next.updatedAt).toBe(AT);
    expect(next.createdAt).toBe(c.createdAt);
    expect(next.remindersPaused).toBe(true);
    expect(apply(next, { type: 'reminders.resumed', data: {} }).remindersPaused).toBe(false);
  });

  it('needs the log to start with the case’s creation', () => {
    expect(() =>
      evolve(undefined, stored(undefined, { type: 'reminders.paused', data: {} })),
    ).toThrow('event log of case-1 does not start with its creation');
  });

  it('leaves the case as it was for a failure or a names confirmation, but for its version', () => {
    const c = notifiedCase().case;
    const failed = apply(c, {
      type: 'step.failed',
      data: { step: 'channel', code: 'x', message: 'y' },
    });
    expect({ ...failed, version: c.version, updatedAt: c.updatedAt }).toEqual(c);
    const confirmed = apply(c, { type: 'names.confirmed', data: { fields: ['summary'] } });
    expect({ ...confirmed, version: c.version, updatedAt: c.updatedAt }).toEqual(c);
  });
});

describe('the rapid review', () => {
  it('moves a notified case into the rapid review with the facts or the criteria, and no other state', () => {
    const notified = notifiedCase().case;
    const f = rapidReviewCase().case.facts!;
    expect(apply(notified, { type: 'facts.recorded', data: { facts: f } }).state).toBe(
      'rapid-review',
    );
    expect(
      apply(notified, {
        type: 'criteria.assessed',
        data: { criteria: rapidReviewCase().case.criteria! },
      }).state,
    ).toBe('rapid-review');
    const deciding = decidingCase().case;
    expect(
      apply(deciding, { type: 'facts.recorded', data: { facts: { ...f, themes: ['housing'] } } }),
    ).toMatchObject({ state: 'deciding', themes: ['housing'] });
    expect(
      apply(deciding, {
        type: 'criteria.assessed',
        data: { criteria: rapidReviewCase().case.criteria! },
      }).state,
    ).toBe('deciding');
  });

  it('moves to deciding with the first vote, and keeps an escalated case escalated', () => {
    const rapid = rapidReviewCase().case;
    const vote = decidedCase().case.votes.police!;
    expect(apply(rapid, { type: 'vote.cast', data: { vote } }).state).toBe('deciding');
    const escalated = apply(escalatedCase().case, { type: 'vote.cast', data: { vote } });
    expect(escalated.state).toBe('escalated');
    expect(escalated.votes.police).toBe(vote);
  });

  it('records a decision only with three votes', () => {
    const deciding = decidingCase().case;
    expect(() =>
      apply(deciding, { type: 'decision.recorded', data: { outcome: 'lcspr', on: '2026-12-23' } }),
    ).toThrow('decision recorded on TEST-2026-001 without three votes');
  });

  it('adds each correction, with its outcome only when one was given', () => {
    const c = decidedCase().case;
    const once = apply(c, {
      type: 'decision.corrected',
      data: { note: 'A typo.', refersToSeq: 7 },
    });
    expect(once.corrections).toEqual([
      { note: 'A typo.', by: { id: 'chair', name: 'Test chair' }, at: AT, refersToSeq: 7 },
    ]);
    const twice = apply(once, {
      type: 'decision.corrected',
      data: { note: 'Wrong outcome.', refersToSeq: 7, outcome: 'national' },
    });
    expect(twice.corrections).toHaveLength(2);
    expect(twice.corrections[1]).toEqual({
      note: 'Wrong outcome.',
      by: { id: 'chair', name: 'Test chair' },
      at: AT,
      refersToSeq: 7,
      outcome: 'national',
    });
  });
});

describe('the review after the decision', () => {
  it('commissions a local review by default, or the learning review named, each with its own date', () => {
    const sent = sentToPanelCase().case;
    const local = apply(sent, {
      type: 'review.commissioned',
      data: { reviewer: 'Reviewer Ltd', on: '2027-01-20' },
    });
    expect(local).toMatchObject({
      state: 'review-commissioned',
      reviewer: 'Reviewer Ltd',
      review: { kind: 'lcspr', reviewer: 'Reviewer Ltd' },
    });
    expect(local.dates.reviewCommissionedOn).toBe('2027-01-20');
    expect(local.dates.learningCommissionedOn).toBeUndefined();
    const learning = apply(sent, {
      type: 'review.commissioned',
      data: { reviewer: 'Lead', on: '2027-01-21', kind: 'single-agency-learning' },
    });
    expect(learning.review).toEqual({ kind: 'single-agency-learning', reviewer: 'Lead' });
    expect(learning.dates.learningCommissionedOn).toBe('2027-01-21');
    expect(learning.dates.reviewCommissionedOn).toBeUndefined();
  });

  it('records each involvement on its own date, its note on the review', () => {
    const c = reviewCommissionedCase().case;
    const practitioners = apply(c, {
      type: 'involvement.recorded',
      data: { who: 'practitioners', on: '2027-02-01', note: 'Workshop.' },
    });
    expect(practitioners.dates).toMatchObject({ practitionersInvolvedOn: '2027-02-01' });
    expect(practitioners.dates.familyInvolvedOn).toBeUndefined();
    expect(practitioners.review).toEqual({
      kind: 'lcspr',
      reviewer: 'Independent Reviewer Ltd',
      practitionersNote: 'Workshop.',
    });
    const family = apply(practitioners, {
      type: 'involvement.recorded',
      data: { who: 'family', on: '2027-02-02' },
    });
    expect(family.dates).toMatchObject({
      practitionersInvolvedOn: '2027-02-01',
      familyInvolvedOn: '2027-02-02',
    });
    expect(family.review).toEqual(practitioners.review);
    const noted = apply(practitioners, {
      type: 'involvement.recorded',
      data: { who: 'family', on: '2027-02-02', note: 'The mother.' },
    });
    expect(noted.review?.familyNote).toBe('The mother.');
    // Without a review commissioned (an older log), the note has nowhere to go.
    expect(
      apply(sentToPanelCase().case, {
        type: 'involvement.recorded',
        data: { who: 'family', on: '2027-02-02', note: 'x' },
      }).review,
    ).toBeUndefined();
  });

  it('takes the methodology and the learning note onto the review', () => {
    const c = reviewCommissionedCase().case;
    expect(
      apply(c, { type: 'methodology.agreed', data: { on: '2027-02-01', methodology: 'Systems.' } }),
    ).toMatchObject({
      dates: { methodologyAgreedOn: '2027-02-01' },
      review: { methodology: 'Systems.' },
    });
    const shared = apply(c, {
      type: 'learning.shared',
      data: { on: '2027-03-01', note: 'Briefing.' },
    });
    expect(shared.dates.learningSharedOn).toBe('2027-03-01');
    expect(shared.review?.learningNote).toBe('Briefing.');
    expect(apply(c, { type: 'learning.shared', data: { on: '2027-03-01' } }).review).toEqual(
      c.review,
    );
  });

  it('drafts with or without a planned publication date', () => {
    const c = reviewCommissionedCase().case;
    const planned = apply(c, {
      type: 'report.drafting',
      data: { on: '2027-02-01', plannedPublicationOn: '2027-07-15' },
    });
    expect(planned).toMatchObject({
      state: 'report-drafting',
      dates: { reportDraftingOn: '2027-02-01', plannedPublicationOn: '2027-07-15' },
    });
    expect(
      apply(c, { type: 'report.drafting', data: { on: '2027-02-01' } }).dates,
    ).not.toHaveProperty('plannedPublicationOn');
    expect(
      apply(planned, { type: 'report.drafted', data: { on: '2027-05-01' } }).dates.draftReportOn,
    ).toBe('2027-05-01');
    expect(
      apply(planned, { type: 'report.finalised', data: { on: '2027-06-01' } }).dates.finalReportOn,
    ).toBe('2027-06-01');
  });

  it('sends the report, taking it as final unless a final report was recorded, and the notice when measured', () => {
    const c = reviewCommissionedCase().case;
    const sent = apply(c, {
      type: 'report.sent',
      data: {
        on: '2027-06-02',
        plannedPublicationOn: '2027-06-08',
        workingDays: 4,
        required: 7,
        late: true,
      },
    });
    expect(sent).toMatchObject({
      state: 'report-sent',
      dates: {
        reportSentOn: '2027-06-02',
        finalReportOn: '2027-06-02',
        plannedPublicationOn: '2027-06-08',
      },
    });
    expect(sent.review?.reportNotice).toEqual({ workingDays: 4, required: 7, late: true });
    const finalised = { ...c, dates: { ...c.dates, finalReportOn: '2027-05-20' } };
    expect(
      apply(finalised, {
        type: 'report.sent',
        data: { on: '2027-06-02', plannedPublicationOn: '2027-07-15' },
      }).dates.finalReportOn,
    ).toBe('2027-05-20');
    expect(
      apply(c, {
        type: 'report.sent',
        data: { on: '2027-06-02', plannedPublicationOn: '2027-07-15', workingDays: 30 },
      }).review,
    ).toEqual(c.review);
    expect(
      apply(c, {
        type: 'report.sent',
        data: { on: '2027-06-02', plannedPublicationOn: '2027-07-15', required: 7 },
      }).review,
    ).toEqual(c.review);
    expect(
      apply(c, {
        type: 'report.sent',
        data: {
          on: '2027-06-02',
          plannedPublicationOn: '2027-07-15',
          workingDays: 30,
          required: 7,
        },
      }).review?.reportNotice,
    ).toEqual({
      workingDays: 30,
      required: 7,
      late: false,
    });
  });

  it('publishes, measuring the notice again when the report’s was measured', () => {
    const c = reviewCommissionedCase().case;
    const sent = apply(c, {
      type: 'report.sent',
      data: {
        on: '2027-06-02',
        plannedPublicationOn: '2027-07-15',
        workingDays: 30,
        required: 7,
        late: false,
      },
    });
    const published = apply(sent, {
      type: 'report.published',
      data: { on: '2027-06-08', workingDaysAfterReport: 4, late: true },
    });
    expect(published).toMatchObject({ state: 'published', dates: { publishedOn: '2027-06-08' } });
    expect(published.review?.reportNotice).toEqual({ workingDays: 4, required: 7, late: true });
    expect(
      apply(sent, {
        type: 'report.published',
        data: { on: '2027-07-15', workingDaysAfterReport: 30 },
      }).review?.reportNotice,
    ).toEqual({ workingDays: 30, required: 7, late: false });
    expect(
      apply(sent, { type: 'report.published', data: { on: '2027-07-15' } }).review?.reportNotice,
    ).toEqual({ workingDays: 30, required: 7, late: false });
    expect(
      apply(c, { type: 'report.published', data: { on: '2027-07-15', workingDaysAfterReport: 4 } })
        .review,
    ).toEqual(c.review);
    // An older log, with no review recorded: publication is recorded all the same.
    const noReview = apply(sentToPanelCase().case, {
      type: 'report.published',
      data: { on: '2027-07-15', workingDaysAfterReport: 4 },
    });
    expect(noReview).toMatchObject({
      state: 'published',
      dates: { publishedOn: '2027-07-15', rapidReviewSentOn: '2026-12-23' },
    });
    expect(noReview.review).toBeUndefined();
    const monitoring = apply(noReview, { type: 'monitoring.started', data: { on: '2027-07-16' } });
    expect(monitoring).toMatchObject({
      state: 'monitoring',
      dates: { publishedOn: '2027-07-15', monitoringOn: '2027-07-16' },
    });
  });
});

describe('the action plan', () => {
  const item = {
    id: 'A1',
    recommendation: 'R',
    agency: 'police',
    required: 'Q',
    due: '2027-09-01',
    status: 'open' as const,
    addedOn: '2027-07-16',
  };
  const withItems = () => {
    const c = apply(decidedCase().case, { type: 'action.added', data: { item } });
    return apply(c, { type: 'action.added', data: { item: { ...item, id: 'A2' } } });
  };

  it('adds items in order and updates only the one named', () => {
    const c = withItems();
    expect(c.actionPlan?.map((i) => i.id)).toEqual(['A1', 'A2']);
    const updated = apply(c, {
      type: 'action.updated',
      data: {
        id: 'A2',
        on: '2027-08-01',
        status: 'in-progress',
        due: '2027-10-01',
        required: 'More.',
      },
    });
    expect(updated.actionPlan).toEqual([
      item,
      {
        ...item,
        id: 'A2',
        status: 'in-progress',
        updatedOn: '2027-08-01',
        due: '2027-10-01',
        required: 'More.',
      },
    ]);
    const same = apply(c, {
      type: 'action.updated',
      data: { id: 'A2', on: '2027-08-01', status: 'open' },
    });
    expect(same.actionPlan?.[1]).toEqual({ ...item, id: 'A2', updatedOn: '2027-08-01' });
  });

  it('updates nothing on a case without an action plan', () => {
    expect(
      apply(decidedCase().case, {
        type: 'action.updated',
        data: { id: 'A1', on: '2027-08-01', status: 'done' },
      }).actionPlan,
    ).toEqual([]);
  });

  it('marks an item done on the day, keeps the first day done, and forgets it when reopened', () => {
    const done = apply(withItems(), {
      type: 'action.updated',
      data: { id: 'A1', on: '2027-08-01', status: 'done' },
    });
    expect(done.actionPlan?.[0]?.doneOn).toBe('2027-08-01');
    const again = apply(done, {
      type: 'action.updated',
      data: { id: 'A1', on: '2027-08-05', status: 'done' },
    });
    expect(again.actionPlan?.[0]).toMatchObject({ doneOn: '2027-08-01', updatedOn: '2027-08-05' });
    const reopened = apply(again, {
      type: 'action.updated',
      data: { id: 'A1', on: '2027-08-09', status: 'open' },
    });
    expect(reopened.actionPlan?.[0]).not.toHaveProperty('doneOn');
  });
});

describe('closing, erasing and channels', () => {
  it('records when the case closed; an erasure keeps that day, or closes it then', () => {
    const closed = apply(sentToPanelCase('no-further-review').case, {
      type: 'case.closed',
      data: { reason: 'No review.', from: 'sent-to-panel' },
    });
    expect(closed).toMatchObject({ state: 'closed', dates: { closedAt: AT } });
    const later = evolve(closed, {
      ...stored(closed, { type: 'case.erased', data: { reason: 'IG', from: 'closed' } }),
      at: '2030-01-01T00:00:00.000Z',
    });
    expect(later.dates.closedAt).toBe(AT);
    expect(later.erased).toEqual({ at: '2030-01-01T00:00:00.000Z', from: 'closed', childCount: 1 });
    const open = notifiedCase().case;
    const erased = apply(open, { type: 'case.erased', data: { reason: 'IG', from: 'notified' } });
    expect(erased).toMatchObject({
      state: 'closed',
      dates: { closedAt: AT },
      erased: { from: 'notified', childCount: 1 },
    });
    expect(erased.children).toEqual([]);
  });

  it('keeps one channel per platform and id, the latest last', () => {
    const c = notifiedCase().case;
    const slack = { platform: 'slack' as const, id: 'C1', name: 'cspr-test' };
    const teams = { platform: 'teams' as const, id: 'C1', name: 'CSPR test' };
    const both = [slack, teams].reduce(
      (acc, channel) => apply(acc, { type: 'channel.opened', data: { channel } }),
      c,
    );
    expect(both.channels).toEqual([slack, teams]);
    const renamed = apply(both, {
      type: 'channel.updated',
      data: { channel: { ...slack, name: 'cspr-renamed' } },
    });
    expect(renamed.channels).toEqual([teams, { ...slack, name: 'cspr-renamed' }]);
    const another = apply(renamed, {
      type: 'channel.opened',
      data: { channel: { ...slack, id: 'C2' } },
    });
    expect(another.channels).toEqual([
      teams,
      { ...slack, name: 'cspr-renamed' },
      { ...slack, id: 'C2' },
    ]);
  });
});

describe('creation and replay', () => {
  it('creates a referral with no duties, reasons, themes, votes or channels yet, reminders on', () => {
    const c = referredCaseOf();
    expect(c).toMatchObject({
      state: 'referred',
      duties: { notifyPanel: false, rapidReview: false, notifySosOfsted: false },
      reasons: [],
      themes: [],
      votes: {},
      corrections: [],
      channels: [],
      remindersPaused: false,
    });
    expect(c.duties).toEqual({ notifyPanel: false, rapidReview: false, notifySosOfsted: false });
    const n = notifiedCase().case;
    expect(n).toMatchObject({
      themes: [],
      remindersPaused: false,
      votes: {},
      corrections: [],
      channels: [],
    });
  });

  it('creates a referral with its children and date, then notifies it keeping both', () => {
    const referral = {
      referredAt: '2026-12-21T15:00:00.000Z',
      referringAgency: 'School',
      summary: 'S.',
      children: [{ pseudonym: 'Child A', age: 6 }],
    };
    const identity = {
      caseId: 'case-9',
      partnershipId: 'p1',
      ref: 'TEST-2026-009',
      procedure: 'england-2023' as const,
    };
    const created = evolve(undefined, {
      ...stored(undefined, { type: 'case.referred', data: { ...identity, referral } }, 1),
      caseId: 'case-9',
    });
    expect(created).toMatchObject({
      id: 'case-9',
      state: 'referred',
      version: 1,
      children: referral.children,
      dates: { referredAt: referral.referredAt },
      createdAt: AT,
    });
    const n = notifiedCase({ panelNotifiedOn: '2026-12-22' }).case;
    expect(n.dates).toEqual({ awareOn: '2026-12-22', panelNotifiedOn: '2026-12-22' });
    expect(replay([])).toBeUndefined();
    expect(replay([], created)).toBe(created);
  });
});

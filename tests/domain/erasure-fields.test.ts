/** Erasure field by field: each free text becomes "[erased]", an absent one stays absent, the rest stays. */
import { describe, expect, it } from 'vitest';
import type { Case, Facts } from '../../src/domain/case.js';
import {
  closedOn,
  DEFAULT_RETENTION_MONTHS,
  erasableOn,
  ERASED_TEXT,
  redactCase,
  redactEvent,
  retentionExpired,
} from '../../src/domain/erasure.js';
import type { CaseEventBody } from '../../src/domain/events.js';
import { criteria, decidedCase, facts, notifiedCase, referredCase, ZONE } from './helpers.js';

const E = ERASED_TEXT;

describe('redactCase', () => {
  it('erases the optional texts of the facts only where they were given', () => {
    const full: Facts = {
      ...facts(),
      goodPractice: 'Good practice seen.',
      otherAreas: 'Another area.',
    };
    expect(redactCase({ ...notifiedCase().case, facts: full }).facts).toEqual({
      ...full,
      summary: E,
      keyEpisodes: E,
      learning: E,
      immediateActionDetail: E,
      goodPractice: E,
      otherAreas: E,
    });
    const bare: Facts = { ...facts(), immediateAction: false };
    delete bare.immediateActionDetail;
    const redacted = redactCase({ ...notifiedCase().case, facts: bare }).facts!;
    expect(redacted).toEqual({ ...bare, summary: E, keyEpisodes: E, learning: E });
    expect(Object.keys(redacted)).not.toContain('goodPractice');
    expect(Object.keys(redacted)).not.toContain('immediateActionDetail');
    expect(Object.keys(redacted)).not.toContain('otherAreas');
  });

  it('erases the evidence of each criterion, keeping the answer, and adds none where there was none', () => {
    const answers = criteria('unclear');
    delete answers['no-agency'].evidence;
    const out = redactCase({ ...notifiedCase().case, criteria: answers }).criteria!;
    expect(out.improvements).toEqual({ answer: 'unclear', evidence: E });
    expect(out['no-agency']).toEqual({ answer: 'unclear' });
  });

  it('erases the children, the notification’s and the referral’s texts, the votes’ rationales and the correction notes', () => {
    const decided = decidedCase().case;
    const c: Case = {
      ...decided,
      corrections: [
        {
          note: 'A typo.',
          by: { id: 'chair', name: 'Test chair' },
          at: '2026-12-24T10:00:00.000Z',
          refersToSeq: 7,
        },
      ],
    };
    const out = redactCase(c);
    expect(out.children).toEqual([]);
    expect(out.notification).toEqual({
      ...decided.notification,
      notifyingAgency: E,
      summary: E,
      children: [],
    });
    expect(out.votes.la).toEqual({ ...decided.votes.la, rationale: E });
    expect(out.decision?.votes.police).toEqual({ ...decided.decision!.votes.police, rationale: E });
    expect(out.decision?.votes.health.rationale).toBe(E);
    expect(out.decision?.outcome).toBe('lcspr');
    expect(out.corrections).toEqual([
      {
        note: E,
        by: { id: 'chair', name: 'Test chair' },
        at: '2026-12-24T10:00:00.000Z',
        refersToSeq: 7,
      },
    ]);
    expect(redactCase(referredCase().case).referral).toEqual({
      ...referredCase().case.referral,
      referringAgency: E,
      summary: E,
      children: [],
    });
  });

  it('erases the review’s notes that were given, keeping its kind, reviewer and report notice', () => {
    const c: Case = {
      ...decidedCase().case,
      review: {
        kind: 'lcspr',
        reviewer: 'Reviewer Ltd',
        methodology: 'Systems.',
        familyNote: 'The mother spoke.',
        reportNotice: { workingDays: 5, required: 7, late: true },
      },
    };
    expect(redactCase(c).review).toEqual({
      kind: 'lcspr',
      reviewer: 'Reviewer Ltd',
      methodology: E,
      familyNote: E,
      reportNotice: { workingDays: 5, required: 7, late: true },
    });
    const notes: Case = {
      ...c,
      review: {
        kind: 'multi-agency-learning',
        reviewer: 'Lead',
        practitionersNote: 'P.',
        learningNote: 'L.',
      },
    };
    expect(redactCase(notes).review).toEqual({
      kind: 'multi-agency-learning',
      reviewer: 'Lead',
      practitionersNote: E,
      learningNote: E,
    });
  });

  it('erases each action’s recommendation and requirement, keeping agency, dates and status', () => {
    const item = {
      id: 'A1',
      recommendation: 'R',
      agency: 'police',
      required: 'Q',
      due: '2027-09-01',
      status: 'open' as const,
      addedOn: '2027-07-16',
    };
    expect(redactCase({ ...decidedCase().case, actionPlan: [item] }).actionPlan).toEqual([
      { ...item, recommendation: E, required: E },
    ]);
  });

  it('keeps absent fields absent, and drops what is not a field of a case', () => {
    const c = notifiedCase().case;
    const out = redactCase({ ...c, stray: 'Child A' } as Case);
    expect(out).not.toHaveProperty('stray');
    expect(out).not.toHaveProperty('facts');
    expect(redactCase({ ...c, facts: undefined })).toHaveProperty('facts', undefined);
    expect(out.ref).toBe(c.ref);
    expect(out.dates).toEqual(c.dates);
  });
});

describe('redactEvent', () => {
  const redact = (e: CaseEventBody) => redactEvent(e).data;

  it('erases each event’s free text and keeps the rest', () => {
    expect(
      redact({
        type: 'decision.corrected',
        data: { note: 'A typo.', refersToSeq: 7, outcome: 'national' },
      }),
    ).toEqual({ note: E, refersToSeq: 7, outcome: 'national' });
    expect(
      redact({ type: 'methodology.agreed', data: { on: '2027-01-25', methodology: 'Systems.' } }),
    ).toEqual({ on: '2027-01-25', methodology: E });
    expect(
      redact({ type: 'case.closed', data: { reason: 'Done for Child A.', from: 'monitoring' } }),
    ).toEqual({ reason: E, from: 'monitoring' });
    expect(
      redact({
        type: 'action.updated',
        data: { id: 'A1', on: '2027-08-01', status: 'done', required: 'Q' },
      }),
    ).toEqual({ id: 'A1', on: '2027-08-01', status: 'done', required: E });
    const vote = decidedCase().case.votes.la!;
    expect(redact({ type: 'vote.cast', data: { vote, previous: 'national' } })).toEqual({
      vote: { ...vote, rationale: E },
      previous: 'national',
    });
    const f = facts();
    expect(redact({ type: 'facts.recorded', data: { facts: f } })).toEqual({
      facts: { ...f, summary: E, keyEpisodes: E, learning: E, immediateActionDetail: E },
    });
    const item = {
      id: 'A1',
      recommendation: 'R',
      agency: 'police',
      required: 'Q',
      due: '2027-09-01',
      status: 'open' as const,
      addedOn: '2027-07-16',
    };
    expect(redact({ type: 'action.added', data: { item } })).toEqual({
      item: { ...item, recommendation: E, required: E },
    });
  });

  it('erases the creation events’ children and texts and the criteria’s evidence, keeping the identity', () => {
    const identity = {
      caseId: 'case-1',
      partnershipId: 'p1',
      ref: 'TEST-2026-001',
      procedure: 'england-2023' as const,
    };
    const r = referredCase().case.referral!;
    expect(redact({ type: 'case.referred', data: { ...identity, referral: r } })).toEqual({
      ...identity,
      referral: { ...r, referringAgency: E, summary: E, children: [] },
    });
    const n = notifiedCase().case;
    const notified = {
      ...identity,
      notification: n.notification!,
      duties: n.duties,
      reasons: n.reasons,
    };
    expect(redact({ type: 'case.notified', data: notified })).toEqual({
      ...notified,
      notification: { ...n.notification, notifyingAgency: E, summary: E, children: [] },
    });
    const answers = criteria('no');
    expect(redact({ type: 'criteria.assessed', data: { criteria: answers } })).toEqual({
      criteria: Object.fromEntries(
        Object.entries(answers).map(([k, v]) => [k, { answer: v.answer, evidence: E }]),
      ),
    });
  });

  it('erases an optional note only where there is one', () => {
    expect(
      redact({
        type: 'involvement.recorded',
        data: { who: 'family', on: '2027-01-25', note: 'The father.' },
      }),
    ).toEqual({ who: 'family', on: '2027-01-25', note: E });
    expect(
      redact({ type: 'involvement.recorded', data: { who: 'family', on: '2027-01-25' } }),
    ).toEqual({ who: 'family', on: '2027-01-25' });
    expect(
      redact({ type: 'learning.shared', data: { on: '2027-02-01', note: 'Shared with schools.' } }),
    ).toEqual({ on: '2027-02-01', note: E });
    expect(redact({ type: 'learning.shared', data: { on: '2027-02-01' } })).toEqual({
      on: '2027-02-01',
    });
    expect(
      redact({ type: 'action.updated', data: { id: 'A1', on: '2027-08-01', status: 'open' } }),
    ).toEqual({ id: 'A1', on: '2027-08-01', status: 'open' });
  });

  it('keeps the event’s type and the erasure itself', () => {
    const e = redactEvent({
      type: 'case.erased',
      data: { reason: 'IG request 42', from: 'closed' },
    });
    expect(e).toEqual({ type: 'case.erased', data: { reason: 'IG request 42', from: 'closed' } });
  });
});

describe('retention', () => {
  const closed = (closedAt?: string): Pick<Case, 'state' | 'dates' | 'updatedAt' | 'erased'> => ({
    state: 'closed',
    dates: closedAt ? { closedAt } : {},
    updatedAt: '2027-03-01T10:00:00.000Z',
  });

  it('counts 84 months by default from the day the case closed, in the zone', () => {
    expect(DEFAULT_RETENTION_MONTHS).toBe(84);
    expect(closedOn(closed('2027-06-30T23:30:00.000Z'), ZONE)).toBe('2027-07-01'); // BST
    expect(erasableOn(closed('2027-06-30T23:30:00.000Z'), DEFAULT_RETENTION_MONTHS, ZONE)).toBe(
      '2034-07-01',
    );
    expect(closedOn(closed(), ZONE)).toBe('2027-03-01');
    expect(
      closedOn({ ...closed('2027-06-30T10:00:00.000Z'), state: 'published' }, ZONE),
    ).toBeUndefined();
    expect(erasableOn({ ...closed(), state: 'monitoring' }, 84, ZONE)).toBeUndefined();
  });

  it('expires on the first erasable day, not the day before', () => {
    const c = closed('2027-03-01T10:00:00.000Z');
    expect(retentionExpired(c, 12, ZONE, '2028-02-29')).toBe(false);
    expect(retentionExpired(c, 12, ZONE, '2028-03-01')).toBe(true);
    expect(
      retentionExpired(
        { ...c, erased: { at: '2028-03-02T00:00:00.000Z', from: 'closed', childCount: 1 } },
        12,
        ZONE,
        '2028-03-02',
      ),
    ).toBe(false);
    expect(retentionExpired({ ...c, state: 'monitoring' }, 12, ZONE, '2040-01-01')).toBe(false);
  });
});

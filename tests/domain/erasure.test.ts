/**
 * Erasure in the pure core: what `redactCase` and `redactEvent` remove and keep, the `erase`
 * command (reason required, the case closed, nothing may change afterwards), and the retention rule.
 */
import { describe, expect, it } from 'vitest';
import type { Case } from '../../src/domain/case.js';
import {
  erasableOn,
  ERASED_TEXT,
  redactCase,
  redactEvent,
  retentionExpired,
} from '../../src/domain/erasure.js';
import {
  actors,
  CaseLog,
  closedCase,
  decidedCase,
  facts,
  notifiedCase,
  referredCase,
  TODAY,
  types,
  ZONE,
} from './helpers.js';

/** Every free text and pseudonym the helpers' cases carry. */
const PERSONAL = [
  'Child A',
  'Child B',
  'Infant death at home',
  'Children’s social care',
  'School nursing',
  'Concerns about injuries',
  'found unresponsive',
  'Missed health visits',
  'Sibling placed with grandparents',
  'Information sharing between',
  'Evidence for',
  'rationale for',
  'Typo in the rationale',
  'Action plan complete',
];

describe('redactCase and redactEvent', () => {
  it('remove every pseudonym and free text of a case that went through the whole process', () => {
    const log = closedCase();
    log.run(actors.chair, {
      type: 'correct-decision',
      note: 'Typo in the rationale of the police vote.',
    });
    expect(JSON.stringify(log.events)).toContain('Evidence for'); // the helpers' texts are there to be erased
    const c = redactCase(log.case);
    const text = JSON.stringify(c);
    for (const s of PERSONAL) expect(text, s).not.toContain(s);
    for (const e of log.events) {
      const redacted = JSON.stringify(redactEvent(e));
      for (const s of PERSONAL) expect(redacted, `${e.type}: ${s}`).not.toContain(s);
    }
  });

  it('keep the anonymous statistics: state, dates, duties, outcome and votes’ outcomes, themes, agencies, answers', () => {
    const log = decidedCase('lcspr');
    const before = log.case;
    const c = redactCase(before);
    expect(c.state).toBe(before.state);
    expect(c.dates).toEqual(before.dates);
    expect(c.duties).toEqual(before.duties);
    expect(c.reasons).toEqual(before.reasons);
    expect(c.themes).toEqual(before.themes);
    expect(c.decision?.outcome).toBe('lcspr');
    expect(c.votes.police?.outcome).toBe(before.votes.police?.outcome);
    expect(c.votes.police?.rationale).toBe(ERASED_TEXT);
    expect(c.facts?.agencies).toEqual(before.facts?.agencies);
    expect(c.facts?.summary).toBe(ERASED_TEXT);
    expect(c.criteria?.improvements).toEqual({ answer: 'yes', evidence: ERASED_TEXT });
    expect(c.notification).toMatchObject({
      harm: 'death',
      abuseOrNeglect: 'suspected',
      location: 'in-area',
      children: [],
      summary: ERASED_TEXT,
    });
    expect(c.children).toEqual([]);
  });

  it('leave a referral’s date and an event without personal data as they are', () => {
    const log = referredCase();
    expect(redactCase(log.case).referral).toMatchObject({
      referredAt: log.case.referral!.referredAt,
      children: [],
      summary: ERASED_TEXT,
    });
    const sent = { type: 'rapid-review.sent', data: { on: TODAY } } as const;
    expect(redactEvent(sent)).toEqual(sent);
  });
});

describe('the erase command', () => {
  it('closes the case, records the reason and the actor, and keeps the number of children', () => {
    const log = notifiedCase();
    log.run(actors.businessManager, { type: 'record-facts', facts: facts() });
    const events = log.run(actors.chair, {
      type: 'erase',
      reason: 'IG request 2027/14: notified in error.',
    });
    expect(types(events)).toEqual(['case.erased']);
    expect(events[0]!.data).toEqual({
      reason: 'IG request 2027/14: notified in error.',
      from: 'rapid-review',
    });
    expect(events[0]!.actor.id).toBe('chair');
    const c = log.case;
    expect(c.state).toBe('closed');
    expect(c.erased).toEqual({ at: events[0]!.at, from: 'rapid-review', childCount: 1 });
    expect(c.dates.closedAt).toBe(events[0]!.at);
    expect(JSON.stringify(c)).not.toContain('Child A');
  });

  it('needs a reason', () => {
    const log = closedCase();
    expect(
      log.expectRefused(actors.businessManager, { type: 'erase', reason: '  ' }, 'field.missing')
        .details,
    ).toEqual({ field: 'reason' });
  });

  it('leaves nothing to change once erased, not even a second erasure', () => {
    const log = closedCase();
    log.run(actors.businessManager, { type: 'erase', reason: 'Retention.' });
    log.expectRefused(actors.chair, { type: 'erase', reason: 'Again.' }, 'case.erased');
    log.expectRefused(actors.chair, { type: 'correct-decision', note: 'x' }, 'case.erased');
    log.expectRefused(actors.businessManager, { type: 'pause-reminders' }, 'case.erased');
  });

  it('is refused to another partnership exactly as a case that does not exist', () => {
    const log = closedCase();
    const err = log.expectRefused(
      actors.otherBusinessManager,
      { type: 'erase', reason: 'x' },
      'case.not_found',
    );
    expect(err.message).toBe(
      new CaseLog().refusal(actors.otherBusinessManager, { type: 'erase', reason: 'x' }).message,
    );
  });

  it('records when a case closed, for the retention period', () => {
    const log = closedCase();
    expect(log.case.dates.closedAt).toBe('2028-01-10T10:00:00.000Z');
  });
});

describe('the retention rule', () => {
  const closed = (
    closedAt: string | undefined,
    updatedAt = '2028-03-01T10:00:00.000Z',
  ): Pick<Case, 'state' | 'dates' | 'updatedAt' | 'erased'> => ({
    state: 'closed',
    dates: { awareOn: '2026-12-22', ...(closedAt ? { closedAt } : {}) },
    updatedAt,
  });

  it('counts whole months from the day the case closed, in the partnership’s zone', () => {
    const c = closed('2028-01-10T10:00:00.000Z');
    expect(erasableOn(c, 84, ZONE)).toBe('2035-01-10');
    expect(retentionExpired(c, 84, ZONE, '2035-01-09')).toBe(false);
    expect(retentionExpired(c, 84, ZONE, '2035-01-10')).toBe(true);
    // 23:30 UTC on 30 June is 1 July in London (BST).
    expect(erasableOn(closed('2028-06-30T23:30:00.000Z'), 12, ZONE)).toBe('2029-07-01');
  });

  it('falls back to the last change for a case closed before the close time was recorded', () => {
    expect(erasableOn(closed(undefined), 12, ZONE)).toBe('2029-03-01');
  });

  it('never erases an open case or one already erased', () => {
    expect(
      retentionExpired(
        { ...closed('2020-01-01T10:00:00.000Z'), state: 'monitoring' },
        1,
        ZONE,
        '2035-01-01',
      ),
    ).toBe(false);
    expect(
      retentionExpired(
        {
          ...closed('2020-01-01T10:00:00.000Z'),
          erased: { at: '2027-01-01T00:00:00Z', from: 'closed', childCount: 1 },
        },
        1,
        ZONE,
        '2035-01-01',
      ),
    ).toBe(false);
  });
});

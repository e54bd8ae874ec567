/** Reminder planning after the decision: the post-decision steps' deadlines and the action plan's items. */
import { describe, expect, it } from 'vitest';
import { addCalendarDays, instantAt, type IsoDate } from '../../src/domain/calendar.js';
import type { Case } from '../../src/domain/case.js';
import type { CaseEvent } from '../../src/domain/events.js';
import { decide, evolve, type Command } from '../../src/domain/lifecycle.js';
import { nextReminderOn, planReminders, type PlannedReminder } from '../../src/domain/reminders.js';
import { reminderSettings } from '../../src/scheduler/reminder-scheduler.js';
import { actor, facts, notification, testPartnerships } from '../support/partnerships.js';

const [north] = testPartnerships();
const p = north!;
const settings = reminderSettings(p);
const la = actor([p], 'north', 'la');
const bm = actor([p], 'north', 'business-manager');
const criteria = Object.fromEntries(
  [
    'improvements',
    'recurrent-themes',
    'multi-agency',
    'panel-referred',
    'single-agency',
    'no-agency',
    'cross-boundary',
    'institutional',
  ].map((k) => [k, { answer: 'yes' }]),
) as never;

let seq = 0;
function apply(c: Case | undefined, cmd: Command, who = bm, at = '2026-12-23T12:00:00Z'): Case {
  const events = decide(c, cmd, {
    actor: who,
    now: new Date(at),
    timescales: p.timescales,
    zone: p.timeZone,
  });
  return events.reduce<Case | undefined>(
    (acc, e) =>
      evolve(acc, {
        ...e,
        caseId: 'c1',
        seq: ++seq,
        at,
        actor: { id: who.id, name: who.name, roles: who.roles },
      } as CaseEvent),
    c,
  )!;
}

function decided(): Case {
  let c = apply(
    undefined,
    {
      type: 'notify',
      identity: {
        caseId: 'c1',
        partnershipId: 'north',
        ref: 'NORTH-2026-001',
        procedure: 'england-2023',
      },
      notification: notification({ awareOn: '2026-12-22' }),
    },
    la,
  );
  c = apply(c, { type: 'record-facts', facts });
  c = apply(c, { type: 'assess-criteria', criteria });
  for (const role of ['la', 'police', 'health'] as const)
    c = apply(
      c,
      { type: 'cast-vote', partner: role, outcome: 'lcspr', rationale: 'Agreed.', criteria: [] },
      actor([p], 'north', role),
    );
  return c;
}

const at = (d: IsoDate, time = '09:05') => new Date(instantAt(d, time, 'Europe/London'));

function everyDay(c: Case, from: IsoDate, to: IsoDate): [IsoDate, PlannedReminder[]][] {
  const out: [IsoDate, PlannedReminder[]][] = [];
  for (let d = from; d <= to; d = addCalendarDays(d, 1))
    out.push([d, planReminders(c, settings, at(d))]);
  return out;
}

const personalDays = (days: [IsoDate, PlannedReminder[]][], action: string, holder: string) =>
  days
    .filter(([, rs]) =>
      rs.some(
        (r) => r.kind === 'personal' && r.items[0]?.action === action && r.holderId === holder,
      ),
    )
    .map(([d]) => d);

describe('reminders after the decision', () => {
  it('reminds the business manager to send the rapid review to the Panel (no longer the Panel notification)', () => {
    const c = decided();
    expect(c.state).toBe('decided');
    const days = everyDay(c, '2027-01-11', '2027-01-20');
    expect(personalDays(days, 'send-to-panel', 'north-bm')).toEqual([
      '2027-01-13',
      '2027-01-14',
      '2027-01-15',
      '2027-01-18',
      '2027-01-19',
      '2027-01-20',
    ]);
    expect(
      days.flatMap(([, rs]) => rs).some((r) => r.items.some((i) => i.action === 'notify-panel')),
    ).toBe(false);
    const escalation = days.flatMap(([, rs]) => rs).find((r) => r.kind === 'escalation');
    expect(escalation).toMatchObject({
      day: '2027-01-18',
      holderId: 'north-chair',
      items: [{ action: 'send-to-panel' }],
    });
  });

  it('chases the Panel’s response 15 working days after sending, then the reviewer’s name 5 working days after commissioning', () => {
    let c = apply(decided(), { type: 'send-to-panel', on: '2026-12-23' });
    expect(nextReminderOn(c, settings)).toBe('2027-01-11'); // 5 working days before 18 January
    const days = everyDay(c, '2027-01-11', '2027-01-19');
    expect(personalDays(days, 'panel-response', 'north-bm')).toEqual([
      '2027-01-14',
      '2027-01-15',
      '2027-01-18',
      '2027-01-19',
    ]);
    c = apply(
      c,
      { type: 'record-panel-response', response: 'agrees', on: '2027-01-08' },
      bm,
      '2027-01-08T10:00:00Z',
    );
    c = apply(
      c,
      { type: 'commission-review', reviewer: 'Jane Reviewer', on: '2027-01-20' },
      bm,
      '2027-01-20T10:00:00Z',
    );
    const after = everyDay(c, '2027-01-20', '2027-01-28');
    expect(personalDays(after, 'reviewer-informed', 'north-bm')).toEqual([
      '2027-01-25',
      '2027-01-26',
      '2027-01-27',
      '2027-01-28',
    ]);
    expect(
      after.flatMap(([, rs]) => rs).some((r) => r.items.some((i) => i.action === 'panel-response')),
    ).toBe(false);
    // Methodology and involvement serve the draft report (4 months after the decision): not yet in the digest.
    expect(
      after
        .find(([d]) => d === '2027-01-25')![1]
        .find((r) => r.kind === 'digest')
        ?.items.map((i) => i.action),
    ).toEqual(['reviewer-informed']);
    c = apply(
      c,
      { type: 'record-reviewer-informed', on: '2027-01-21' },
      bm,
      '2027-01-21T10:00:00Z',
    );
    expect(planReminders(c, settings, at('2027-01-27'))).toEqual([]);
    expect(nextReminderOn(c, settings)).toBe('2027-04-16'); // 5 working days before the draft report due 23 April
  });

  it('reminds the owner of an action plan item (the agency’s partner, else the business manager) and escalates when overdue', () => {
    let c = apply(decided(), { type: 'send-to-panel', on: '2026-12-23' });
    c = apply(c, { type: 'record-panel-response', response: 'agrees', on: '2026-12-23' });
    c = apply(c, {
      type: 'add-action',
      recommendation: 'Audit police referrals.',
      agency: 'police',
      required: 'Audit.',
      due: '2027-03-03',
    });
    c = apply(c, {
      type: 'add-action',
      recommendation: 'Brief the voluntary sector.',
      agency: 'voluntary',
      required: 'Brief.',
      due: '2027-03-03',
    });
    const days = everyDay(c, '2027-02-24', '2027-03-05');
    expect(personalDays(days, 'action-A1', 'north-police')).toEqual([
      '2027-03-01',
      '2027-03-02',
      '2027-03-03',
      '2027-03-04',
      '2027-03-05',
    ]);
    expect(personalDays(days, 'action-A1', 'north-bm')).toEqual([]);
    expect(personalDays(days, 'action-A2', 'north-bm')).toEqual([
      '2027-03-01',
      '2027-03-02',
      '2027-03-03',
      '2027-03-04',
      '2027-03-05',
    ]);
    const firstDigest = days
      .find(([d]) => d === '2027-02-24')![1]
      .find((r) => r.kind === 'digest')!;
    expect(
      firstDigest.items
        .filter((i) => i.action.startsWith('action-'))
        .map((i) => [i.action, i.label, i.status]),
    ).toEqual([
      ['action-A1', 'Action plan A1: Police', '5 working days left'],
      ['action-A2', 'Action plan A2: Voluntary sector', '5 working days left'],
    ]);
    const escalations = days
      .flatMap(([, rs]) => rs)
      .filter((r) => r.kind === 'escalation' && r.items[0]?.action === 'action-A1');
    expect([escalations[0]?.day, escalations[0]?.holderId]).toEqual(['2027-03-04', 'north-chair']);
    expect(new Set(escalations.map((r) => r.key)).size).toBe(1); // claimed once
    // Done: no more reminders for it; the key is stable per item, stage and day.
    const done = apply(
      c,
      { type: 'update-action', id: 'A1', status: 'done' },
      bm,
      '2027-03-02T10:00:00Z',
    );
    expect(
      planReminders(done, settings, at('2027-03-03')).some((r) =>
        r.items.some((i) => i.action === 'action-A1'),
      ),
    ).toBe(false);
    const keys = planReminders(c, settings, at('2027-03-03'))
      .filter((r) => r.kind === 'personal')
      .map((r) => r.key);
    expect(keys).toContain('personal:c1:action-A1:due:2027-03-03:north-police');
  });

  it('reminds to publish on the planned date, and has nothing once closed', () => {
    let c = apply(decided(), { type: 'send-to-panel', on: '2026-12-23' });
    c = apply(c, { type: 'commission-review', reviewer: 'R', on: '2026-12-23' });
    c = apply(c, {
      type: 'start-report-drafting',
      on: '2026-12-23',
      plannedPublicationOn: '2027-07-15',
    });
    c = apply(
      c,
      { type: 'send-report', on: '2027-06-01', plannedPublicationOn: '2027-07-15' },
      bm,
      '2027-06-01T10:00:00Z',
    );
    const days = everyDay(c, '2027-07-12', '2027-07-16');
    expect(personalDays(days, 'publish', 'north-chair')).toEqual([
      '2027-07-13',
      '2027-07-14',
      '2027-07-15',
      '2027-07-16',
    ]);
    c = apply(c, { type: 'publish', on: '2027-07-15' }, bm, '2027-07-15T10:00:00Z');
    c = apply(c, { type: 'close', reason: 'Done' }, bm, '2027-07-16T10:00:00Z');
    expect(planReminders(c, settings, at('2027-07-19'))).toEqual([]);
    expect(nextReminderOn(c, settings)).toBeUndefined();
  });
});

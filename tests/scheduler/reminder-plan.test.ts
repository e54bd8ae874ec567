/** Reminder planning across a real calendar: Christmas and New Year 2026–27. */
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

function apply(c: Case | undefined, cmd: Command, who = la, at = '2026-12-22T12:00:00Z'): Case {
  const events = decide(c, cmd, {
    actor: who,
    now: new Date(at),
    timescales: p.timescales,
    zone: p.timeZone,
  });
  return events.reduce<Case | undefined>(
    (acc, e, i) =>
      evolve(acc, {
        ...e,
        caseId: 'c1',
        seq: (acc?.version ?? 0) + 1 + 0 * i,
        at,
        actor: { id: who.id, name: who.name, roles: who.roles },
      } as CaseEvent),
    c,
  )!;
}

const notified = apply(undefined, {
  type: 'notify',
  identity: {
    caseId: 'c1',
    partnershipId: 'north',
    ref: 'NORTH-2026-001',
    procedure: 'england-2023',
  },
  notification: notification({ awareOn: '2026-12-22' }),
});

function everyDay(c: Case, from: IsoDate, to: IsoDate): Map<IsoDate, PlannedReminder[]> {
  const out = new Map<IsoDate, PlannedReminder[]>();
  for (let d = from; d <= to; d = addCalendarDays(d, 1)) {
    const at = new Date(instantAt(d, '09:05', 'Europe/London'));
    out.set(d, planReminders(c, settings, at));
  }
  return out;
}

describe('reminders for a case notified on 2026-12-22', () => {
  const days = everyDay(notified, '2026-12-22', '2027-01-22');
  const personal = (action: string, holder: string) =>
    [...days.entries()]
      .filter(([, rs]) =>
        rs.some(
          (r) => r.kind === 'personal' && r.items[0]?.action === action && r.holderId === holder,
        ),
      )
      .map(([d]) => d);

  it('sends nothing on 25–28 December or 1 January, nor at weekends', () => {
    for (const d of [
      '2026-12-25',
      '2026-12-26',
      '2026-12-27',
      '2026-12-28',
      '2027-01-01',
      '2027-01-02',
      '2027-01-03',
    ])
      expect(days.get(d as IsoDate)).toEqual([]);
  });

  it('reminds the local authority to notify the Panel 2 and 1 working days before, on the day, and every working day overdue', () => {
    expect(personal('notify-panel', 'north-la').slice(0, 6)).toEqual([
      '2026-12-29',
      '2026-12-30',
      '2026-12-31',
      '2027-01-04',
      '2027-01-05',
      '2027-01-06',
    ]);
    const stages = ['2026-12-29', '2026-12-30', '2026-12-31', '2027-01-04'].map(
      (d) =>
        days.get(d)!.find((r) => r.kind === 'personal' && r.items[0]?.action === 'notify-panel')
          ?.stage,
    );
    expect(stages).toEqual(['before-2', 'before-1', 'due', 'overdue']);
  });

  it('posts the daily digest on every working day from the start, since the Panel deadline is within 5 working days', () => {
    const digestDays = [...days.entries()]
      .filter(([, rs]) => rs.some((r) => r.kind === 'digest'))
      .map(([d]) => d);
    expect(digestDays.slice(0, 5)).toEqual([
      '2026-12-22',
      '2026-12-23',
      '2026-12-24',
      '2026-12-29',
      '2026-12-30',
    ]);
    const first = days.get('2026-12-22')!.find((r) => r.kind === 'digest')!;
    expect(first.items.map((i) => i.action)).toEqual(['notify-panel', 'notify-partners']);
    expect(first.items[0]?.status).toBe('5 working days left');
  });

  it('escalates to the chair once the action is 1 working day overdue, under one key', () => {
    const escalations = [...days.values()]
      .flat()
      .filter((r) => r.kind === 'escalation' && r.items[0]?.action === 'notify-panel');
    expect(escalations[0]?.day).toBe('2027-01-04');
    expect(escalations[0]?.holderId).toBe('north-chair');
    expect(new Set(escalations.map((r) => r.key)).size).toBe(1);
  });

  it('reminds for the rapid review facts from 2 working days before 15 January', () => {
    expect(personal('facts', 'north-bm').slice(0, 3)).toEqual([
      '2027-01-13',
      '2027-01-14',
      '2027-01-15',
    ]);
  });

  it('plans nothing before the reminder time', () => {
    expect(
      planReminders(
        notified,
        settings,
        new Date(instantAt('2026-12-29', '08:59', 'Europe/London')),
      ),
    ).toEqual([]);
  });

  it('stops for a step already done', () => {
    const done = apply(notified, { type: 'record-panel-notified', on: '2026-12-22' });
    const plan = planReminders(
      done,
      settings,
      new Date(instantAt('2026-12-31', '09:05', 'Europe/London')),
    );
    expect(plan.some((r) => r.items.some((i) => i.action === 'notify-panel'))).toBe(false);
    expect(plan.some((r) => r.items.some((i) => i.action === 'notify-partners'))).toBe(true);
  });

  it('after the decision, reminds only of sending the rapid review to the Panel: no more facts, criteria or votes', () => {
    let c = apply(notified, { type: 'record-facts', facts }, bm);
    for (const partner of ['la', 'police', 'health'] as const)
      c = apply(
        c,
        { type: 'cast-vote', partner, outcome: 'no-further-review', rationale: 'r', criteria: [] },
        actor([p], 'north', partner),
      );
    expect(c.state).toBe('decided');
    const plan = planReminders(
      c,
      settings,
      new Date(instantAt('2027-01-13', '09:05', 'Europe/London')),
    );
    const actions = new Set(plan.flatMap((r) => r.items.map((i) => i.action)));
    expect([...actions]).toEqual(['send-to-panel']);
    expect(plan.filter((r) => r.kind === 'personal').map((r) => r.holderId)).toEqual(['north-bm']);
  });

  it('stops for paused and closed cases, and resumes', () => {
    const paused = apply(notified, { type: 'pause-reminders' }, bm);
    const at = new Date(instantAt('2026-12-31', '09:05', 'Europe/London'));
    expect(planReminders(paused, settings, at)).toEqual([]);
    expect(nextReminderOn(paused, settings)).toBeUndefined();
    const resumed = apply(paused, { type: 'resume-reminders' }, bm);
    expect(planReminders(resumed, settings, at).length).toBeGreaterThan(0);
    expect(planReminders({ ...notified, state: 'closed' }, settings, at)).toEqual([]);
  });

  it('gives the first reminder day for the index: 5 working days before the first deadline', () => {
    expect(nextReminderOn(notified, settings)).toBe('2026-12-22');
    const later = apply(undefined, {
      type: 'notify',
      identity: {
        caseId: 'c1',
        partnershipId: 'north',
        ref: 'NORTH-2026-002',
        procedure: 'england-2023',
      },
      notification: notification({ awareOn: '2026-12-22', panelNotifiedOn: '2026-12-22' }),
    });
    const withFacts = apply(apply(later, { type: 'record-panel-notified', on: '2026-12-22' }), {
      type: 'record-partners-notified',
      on: '2026-12-22',
    });
    const reviewing = apply(withFacts, { type: 'record-facts', facts }, bm);
    expect(nextReminderOn(reviewing, settings)).toBe('2027-01-08'); // criteria and votes due 15 January
  });
});

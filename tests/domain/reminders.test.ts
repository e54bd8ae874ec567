/**
 * Reminder planning at its edges: which day, from what time, the digest window, each stage, the
 * chair's escalation, and the unique key of each reminder (case notified on Tuesday 22 December
 * 2026: the Panel and partners due Thursday 31 December, the rapid review Friday 15 January).
 */
import { describe, expect, it } from 'vitest';
import { instantAt } from '../../src/domain/calendar.js';
import type { Case } from '../../src/domain/case.js';
import {
  DIGEST_WINDOW_WORKING_DAYS,
  MUTABLE_KINDS,
  nextReminderOn,
  planReminders,
  REMINDER_KINDS,
  type ReminderSettings,
} from '../../src/domain/reminders.js';
import { actors, monitoringCase, notifiedCase, referredCase, TIMESCALES, ZONE } from './helpers.js';

const settings: ReminderSettings = {
  timeZone: ZONE,
  reminderTime: '09:00',
  timescales: TIMESCALES,
  holders: [actors.la, actors.laDelegate, actors.police, actors.businessManager, actors.chair].map(
    (a) => ({ id: a.id, roles: a.roles }),
  ),
};
const at = (day: string, time = '09:00') => instantAt(day, time, ZONE);
const plan = (c: Case, day: string, time = '09:00') => planReminders(c, settings, at(day, time));
const personalFor = (c: Case, day: string, action: string) =>
  plan(c, day).filter((r) => r.kind === 'personal' && r.items[0]?.action === action);

describe('when reminders are planned', () => {
  it('from the reminder time exactly, not a minute before', () => {
    const c = notifiedCase().case;
    expect(plan(c, '2026-12-29', '08:59')).toEqual([]);
    expect(plan(c, '2026-12-29', '09:00').length).toBeGreaterThan(0);
  });

  it('only on working days, in the partnership’s zone', () => {
    const c = notifiedCase().case;
    expect(plan(c, '2026-12-28', '12:00')).toEqual([]); // the substitute Boxing Day
    expect(plan(c, '2027-01-02', '12:00')).toEqual([]); // a Saturday
    // 00:30 UTC on Tuesday 29 December is still Monday 28th in New York: no reminders there.
    expect(
      planReminders(
        c,
        { ...settings, timeZone: 'America/New_York', reminderTime: '00:00' },
        new Date('2026-12-29T00:30:00Z'),
      ),
    ).toEqual([]);
  });

  it('never for a paused or closed case', () => {
    const paused = notifiedCase();
    paused.run(actors.businessManager, { type: 'pause-reminders' });
    expect(plan(paused.case, '2026-12-29')).toEqual([]);
    expect(plan({ ...notifiedCase().case, state: 'closed' }, '2026-12-29')).toEqual([]);
  });
});

describe('what is planned', () => {
  it('a digest of what is due within 5 working days, with each item’s status words', () => {
    const c = notifiedCase().case;
    const [digest, ...rest] = plan(c, '2026-12-23');
    expect(rest).toEqual([]); // 4 working days left: no personal reminder yet
    expect(digest).toEqual({
      key: 'digest:case-1:2026-12-23',
      kind: 'digest',
      caseId: 'case-1',
      partnershipId: 'p1',
      ref: 'TEST-2026-001',
      day: '2026-12-23',
      dueAt: '2026-12-23T09:00:00.000Z',
      items: [
        {
          action: 'notify-panel',
          label: 'Notify the Panel',
          due: '2026-12-31',
          status: '4 working days left',
          workingDaysLeft: 4,
        },
        {
          action: 'notify-partners',
          label: 'Report to the safeguarding partners',
          due: '2026-12-31',
          status: '4 working days left',
          workingDaysLeft: 4,
        },
      ],
    });
  });

  it('takes an item into the digest at 5 working days left, not at 6', () => {
    const c = {
      ...notifiedCase().case,
      dates: {
        awareOn: '2026-12-22',
        panelNotifiedOn: '2026-12-22',
        partnersNotifiedOn: '2026-12-22',
      },
    };
    expect(DIGEST_WINDOW_WORKING_DAYS).toBe(5);
    expect(plan(c, '2027-01-07')).toEqual([]); // the facts: 6 working days before 15 January
    const digest = plan(c, '2027-01-08').find((r) => r.kind === 'digest');
    expect(digest?.items.map((i) => [i.action, i.workingDaysLeft])).toEqual([
      ['facts', 5],
      ['criteria', 5],
    ]);
  });

  it('a personal reminder to each holder of the action’s roles, 2 and 1 working days before and on the day', () => {
    const c = notifiedCase().case;
    const day = (d: string) =>
      personalFor(c, d, 'notify-panel').map((r) => [r.holderId, r.stage, r.key]);
    expect(day('2026-12-24')).toEqual([]); // 3 left
    expect(day('2026-12-29')).toEqual([
      ['la-lead', 'before-2', 'personal:case-1:notify-panel:before-2:2026-12-29:la-lead'],
      ['la-delegate', 'before-2', 'personal:case-1:notify-panel:before-2:2026-12-29:la-delegate'],
    ]);
    expect(day('2026-12-30').map((r) => r[1])).toEqual(['before-1', 'before-1']);
    expect(day('2026-12-31').map((r) => r[1])).toEqual(['due', 'due']);
    expect(day('2027-01-04').map((r) => r[1])).toEqual(['overdue', 'overdue']);
    expect(day('2027-01-05').map((r) => r[1])).toEqual(['overdue', 'overdue']);
    const [first] = personalFor(c, '2026-12-29', 'notify-panel');
    expect(first).toMatchObject({
      kind: 'personal',
      caseId: 'case-1',
      day: '2026-12-29',
      items: [{ action: 'notify-panel', status: '2 working days left', workingDaysLeft: 2 }],
    });
  });

  it('reaches a holder with several roles through any one of them', () => {
    const both = {
      ...settings,
      holders: [{ id: 'la-and-chair', roles: ['chair' as const, 'la' as const] }],
    };
    const reminders = planReminders(notifiedCase().case, both, at('2026-12-29'));
    expect(
      reminders.filter((r) => r.kind === 'personal').map((r) => [r.holderId, r.items[0]?.action]),
    ).toEqual([
      ['la-and-chair', 'notify-panel'],
      ['la-and-chair', 'notify-partners'],
    ]);
  });

  it('escalates to the chair from 1 working day overdue, under one key for the action and due date', () => {
    const c = notifiedCase().case;
    const escalations = (d: string) => plan(c, d).filter((r) => r.kind === 'escalation');
    expect(escalations('2026-12-31')).toEqual([]); // due today: not yet
    const first = escalations('2027-01-04');
    expect(first.map((r) => [r.holderId, r.stage, r.key, r.items[0]?.action])).toEqual([
      ['chair', 'overdue', 'escalation:case-1:notify-panel:2026-12-31:chair', 'notify-panel'],
      ['chair', 'overdue', 'escalation:case-1:notify-partners:2026-12-31:chair', 'notify-partners'],
    ]);
    expect(escalations('2027-01-05').map((r) => r.key)).toEqual(first.map((r) => r.key));
    expect(first[0]?.items[0]?.status).toBe('1 working day overdue');
  });

  it('nothing for an action with no due date (deciding whether to notify a referral)', () => {
    expect(plan(referredCase().case, '2026-12-29')).toEqual([]);
    expect(nextReminderOn(referredCase().case, settings)).toBeUndefined();
  });

  it('an action plan item to its owner, counting a due date on a weekend as the next working day', () => {
    const log = monitoringCase();
    log.run(actors.businessManager, {
      type: 'add-action',
      recommendation: 'R',
      agency: 'police',
      required: 'Q',
      due: '2027-08-01',
    }); // a Sunday
    const reminders = planReminders(log.case, settings, at('2027-08-02'));
    expect(
      reminders
        .filter((r) => r.kind === 'personal')
        .map((r) => [r.holderId, r.stage, r.items[0]?.status]),
    ).toEqual([['police-lead', 'due', 'due today']]);
  });
});

describe('the first reminder day, for the scheduler’s index', () => {
  it('is 5 working days before the earliest due date, whatever order the actions come in', () => {
    expect(nextReminderOn(notifiedCase().case, settings)).toBe('2026-12-22');
    const log = monitoringCase();
    log.run(actors.businessManager, {
      type: 'add-action',
      recommendation: 'R1',
      agency: 'police',
      required: 'Q1',
      due: '2027-09-15',
    });
    log.run(actors.businessManager, {
      type: 'add-action',
      recommendation: 'R2',
      agency: 'police',
      required: 'Q2',
      due: '2027-09-08',
    });
    expect(nextReminderOn(log.case, settings)).toBe('2027-09-01');
  });

  it('is none for a paused or closed case, or one with nothing due', () => {
    const paused = notifiedCase();
    paused.run(actors.businessManager, { type: 'pause-reminders' });
    expect(nextReminderOn(paused.case, settings)).toBeUndefined();
    expect(nextReminderOn({ ...notifiedCase().case, state: 'closed' }, settings)).toBeUndefined();
    expect(nextReminderOn(monitoringCase().case, settings)).toBeUndefined();
  });
});

describe('reminder kinds', () => {
  it('lets a person mute their own reminders and escalations, never the case digest', () => {
    expect(REMINDER_KINDS).toEqual(['digest', 'personal', 'escalation']);
    expect(MUTABLE_KINDS).toEqual(['personal', 'escalation']);
  });
});

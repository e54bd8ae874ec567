/**
 * Reminder planning (pure): for a case and an instant, which reminders are due.
 *
 * - a daily digest for the case channel when a pending action is due within 5 working days or overdue;
 * - a personal reminder to each holder of a pending action 2 and 1 working days before, on the day,
 *   and every working day overdue;
 * - an escalation to the chair, once, when an action is 1 working day overdue (or more, if missed).
 *
 * Only on working days, from the partnership's reminder time; nothing for a step already done;
 * closed and paused cases have none. After the decision the post-decision steps (rapid review to
 * the Panel, the review's milestones, publication) and the action plan's items are reminded the
 * same way (see `pendingActions`). Every reminder has a unique key (case, action,
 * stage, day, person) that delivery claims in the store, so it is sent exactly once.
 */
import {
  addWorkingDays,
  dateIn,
  instantAt,
  isWorkingDay,
  subtractWorkingDays,
  workingDaysBetween,
  type IsoDate,
} from './calendar.js';
import type { Case, CaseState } from './case.js';
import type { Timescales } from './procedure.js';
import { TOLD_OF_OVERDUE, type Role } from './roles.js';
import { dueInWords, pendingActions } from './status.js';

export const DIGEST_WINDOW_WORKING_DAYS = 5;
export const REMINDER_KINDS = ['digest', 'personal', 'escalation'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];
/** Kinds a person may mute for themselves; the digest keeps the whole case team informed. */
export const MUTABLE_KINDS: readonly ReminderKind[] = ['personal', 'escalation'];
export type Stage = 'before-2' | 'before-1' | 'due' | 'overdue';

export interface ReminderSettings {
  timeZone: string;
  /** HH:MM local time. */
  reminderTime: string;
  timescales: Timescales;
  holders: { id: string; roles: Role[] }[];
}

export interface ReminderItem {
  action: string;
  label: string;
  due: IsoDate;
  /** "2 working days left", "due today", "3 working days overdue". */
  status: string;
  workingDaysLeft: number;
}

export interface PlannedReminder {
  key: string;
  kind: ReminderKind;
  caseId: string;
  partnershipId: string;
  ref: string;
  /** The working day it is for. */
  day: IsoDate;
  /** When it becomes due (the reminder time that day), ISO instant. */
  dueAt: string;
  /** The person (holder id) for personal reminders and escalations; none for the digest. */
  holderId?: string;
  stage?: Stage;
  items: ReminderItem[];
}

const STOPPED: readonly CaseState[] = ['closed'];

function stageOf(left: number): Stage | undefined {
  if (left === 2) return 'before-2';
  if (left === 1) return 'before-1';
  if (left === 0) return 'due';
  if (left < 0) return 'overdue';
  return undefined;
}

export function planReminders(c: Case, s: ReminderSettings, now: Date): PlannedReminder[] {
  if (STOPPED.includes(c.state) || c.remindersPaused) return [];
  const today = dateIn(now, s.timeZone);
  if (!isWorkingDay(today)) return [];
  const dueAt = instantAt(today, s.reminderTime, s.timeZone);
  if (now < dueAt) return [];
  const base = {
    caseId: c.id,
    partnershipId: c.partnershipId,
    ref: c.ref,
    day: today,
    dueAt: dueAt.toISOString(),
  };

  const actions = pendingActions(c, s.timescales, s.timeZone)
    .filter((a): a is typeof a & { due: IsoDate } => Boolean(a.due))
    .map((a) => {
      const left = workingDaysBetween(today, addWorkingDays(a.due, 0)); // a non-working due day counts as the next working day
      return {
        ...a,
        item: {
          action: a.key,
          label: a.label,
          due: a.due,
          status: dueInWords(a.due, today),
          workingDaysLeft: left,
        },
      };
    });
  const out: PlannedReminder[] = [];

  const digest = actions
    .filter((a) => a.item.workingDaysLeft <= DIGEST_WINDOW_WORKING_DAYS)
    .map((a) => a.item);
  if (digest.length)
    out.push({ ...base, key: `digest:${c.id}:${today}`, kind: 'digest', items: digest });

  for (const a of actions) {
    const stage = stageOf(a.item.workingDaysLeft);
    if (!stage) continue;
    for (const h of s.holders.filter((x) => x.roles.some((r) => a.roles.includes(r)))) {
      out.push({
        ...base,
        key: `personal:${c.id}:${a.key}:${stage}:${today}:${h.id}`,
        kind: 'personal',
        holderId: h.id,
        stage,
        items: [a.item],
      });
    }
    if (a.item.workingDaysLeft <= -1) {
      for (const chair of s.holders.filter((x) =>
        x.roles.some((r) => TOLD_OF_OVERDUE.includes(r)),
      )) {
        out.push({
          ...base,
          key: `escalation:${c.id}:${a.key}:${a.due}:${chair.id}`,
          kind: 'escalation',
          holderId: chair.id,
          stage: 'overdue',
          items: [a.item],
        });
      }
    }
  }
  return out;
}

/**
 * The first day on which the case can have a reminder (a pending action entering the digest
 * window), for the store's index: the scheduler reads only cases with this on or before today.
 * Undefined when the case has no reminders to come.
 */
export function nextReminderOn(
  c: Case,
  s: Pick<ReminderSettings, 'timeZone' | 'timescales'>,
): IsoDate | undefined {
  if (STOPPED.includes(c.state) || c.remindersPaused) return undefined;
  const dues = pendingActions(c, s.timescales, s.timeZone)
    .map((a) => a.due)
    .filter((d): d is IsoDate => Boolean(d))
    .sort();
  const first = dues[0];
  return first ? subtractWorkingDays(first, DIGEST_WINDOW_WORKING_DAYS) : undefined;
}

/**
 * A deadline in one sentence, for the answers people read once (the notification result): plain
 * about a date already passed — "Notify the Panel: was due Mon 23 Nov 2026 — 6 working days overdue".
 */
import { addWorkingDays, workingDaysBetween, type IsoDate } from '../domain/calendar.js';
import type { Deadline } from '../domain/deadlines.js';
import { dueInWords } from '../domain/status.js';

/** "Mon 23 Nov 2026" */
export function shortDate(iso: IsoDate): string {
  const d = new Date(`${iso}T12:00:00Z`);
  return d
    .toLocaleDateString('en-GB', {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    })
    .replace(/,/g, '');
}

export function dueSentence(
  d: Pick<Deadline, 'label' | 'due' | 'dueTime' | 'doneOn'>,
  today: IsoDate,
): string {
  if (d.doneOn) return `${d.label}: done on ${shortDate(d.doneOn)}`;
  const when = `${shortDate(d.due)}${d.dueTime ? ` ${d.dueTime}` : ''}`;
  const passed = workingDaysBetween(today, addWorkingDays(d.due, 0)) < 0;
  return `${d.label}: ${passed ? 'was due' : d.dueTime ? 'due by' : 'due'} ${when} — ${dueInWords(d.due, today)}`;
}

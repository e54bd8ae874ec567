/**
 * The weekly oversight digest (Lincolnshire's review group oversees every open case and its action
 * plan): for one partnership, every open case with its state, its next deadline, anything overdue,
 * and its open action plan items. Platform-neutral; it goes to the chair's direct messages and the
 * review group's channel, so it carries references, labels, agencies and dates — never a pseudonym
 * nor any text typed into a form.
 */
import { DateTime } from 'luxon';
import type { PartnershipConfig } from '../config.js';
import { agencyLabel, isOpen, statusInWords } from '../domain/action-plan.js';
import { addCalendarDays, dateIn, isWorkingDay, type IsoDate } from '../domain/calendar.js';
import { STATE_LABELS, type Case } from '../domain/case.js';
import { dueInWords, pendingActions } from '../domain/status.js';

export interface OversightCaseLine {
  ref: string;
  state: string;
  /** "Record the Panel’s response: 2027-01-29 (3 working days left)". */
  next?: string;
  overdue: string[];
  /** "A1 Police: due 2027-09-01, in progress". */
  actions: string[];
}

export interface OversightDigest {
  partnershipId: string;
  partnershipName: string;
  /** ISO week, e.g. "2027-W02". */
  week: string;
  day: IsoDate;
  cases: OversightCaseLine[];
  totals: { cases: number; overdue: number; openActions: number; overdueActions: number };
}

/** The ISO week of a date: "2027-W02". */
export function isoWeek(day: IsoDate): string {
  const d = DateTime.fromISO(day, { zone: 'utc' });
  return `${d.weekYear}-W${String(d.weekNumber).padStart(2, '0')}`;
}

/** The first working day of the ISO week of `day` (Monday, or the next working day after a bank holiday). */
export function firstWorkingDayOfWeek(day: IsoDate): IsoDate | undefined {
  const d = DateTime.fromISO(day, { zone: 'utc' });
  let x = d.minus({ days: d.weekday - 1 }).toISODate()!;
  for (let i = 0; i < 5; i++, x = addCalendarDays(x, 1)) if (isWorkingDay(x)) return x;
  return undefined; // a week without a working day
}

export function oversightDigest(
  p: Pick<PartnershipConfig, 'id' | 'name' | 'timescales' | 'timeZone'>,
  cases: Case[],
  now: Date,
): OversightDigest {
  const today = dateIn(now, p.timeZone);
  const open = cases
    .filter((c) => c.partnershipId === p.id && c.state !== 'closed')
    .sort((a, b) => a.ref.localeCompare(b.ref));
  const totals = { cases: open.length, overdue: 0, openActions: 0, overdueActions: 0 };
  const lines = open.map((c): OversightCaseLine => {
    const steps = pendingActions(c, p.timescales, p.timeZone).filter(
      (a) => a.due && !a.key.startsWith('action-'),
    ) as { label: string; due: IsoDate }[];
    const coming = steps
      .filter((a) => a.due >= today)
      .sort((a, b) => a.due.localeCompare(b.due))[0];
    const overdue = steps.filter((a) => a.due < today).sort((a, b) => a.due.localeCompare(b.due));
    const items = (c.actionPlan ?? []).filter(isOpen);
    totals.overdue += overdue.length;
    totals.openActions += items.length;
    totals.overdueActions += items.filter((i) => i.due < today).length;
    return {
      ref: c.ref,
      state: STATE_LABELS[c.state],
      ...(coming
        ? { next: `${coming.label}: ${coming.due} (${dueInWords(coming.due, today)})` }
        : {}),
      overdue: overdue.map((a) => `${a.label}: due ${a.due} (${dueInWords(a.due, today)})`),
      actions: items.map(
        (i) =>
          `${i.id} ${agencyLabel(i.agency)}: due ${i.due}, ${statusInWords(i, today).toLowerCase()}`,
      ),
    };
  });
  return {
    partnershipId: p.id,
    partnershipName: p.name,
    week: isoWeek(today),
    day: today,
    cases: lines,
    totals,
  };
}

/** Title and plain lines of a digest, for either platform. */
export function digestText(
  d: OversightDigest,
  late: boolean,
): { title: string; intro: string; sections: { heading: string; lines: string[] }[] } {
  const t = d.totals;
  const intro =
    t.cases === 0
      ? 'No open cases.'
      : `${t.cases} open case${t.cases === 1 ? '' : 's'}; ${t.overdue} overdue step${t.overdue === 1 ? '' : 's'}; ${t.openActions} open action plan item${t.openActions === 1 ? '' : 's'} (${t.overdueActions} overdue).` +
        (late ? ' Sent late: the bot could not send this at the usual time.' : '');
  return {
    title: `Weekly oversight: ${d.partnershipName} (${d.week})`,
    intro,
    sections: d.cases.map((c) => ({
      heading: `${c.ref} · ${c.state}`,
      lines: [
        c.next ? `Next: ${c.next}` : 'Next: nothing due',
        ...c.overdue.map((o) => `Overdue: ${o}`),
        ...(c.actions.length ? c.actions.map((a) => `Action ${a}`) : []),
      ],
    })),
  };
}

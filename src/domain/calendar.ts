/**
 * The statutory calendar: working days in England are Monday–Friday, excluding the England & Wales
 * bank holidays (date-holidays, country GB, region ENG), counted in the partnership's time zone.
 *
 * Dates are ISO calendar dates (`YYYY-MM-DD`) throughout the domain: a statutory deadline falls on
 * a day, not an instant. Instants are converted to a date in the partnership's zone with `dateIn`.
 */
import { createRequire } from 'node:module';
import type Holidays from 'date-holidays';
import { DateTime } from 'luxon';

export type IsoDate = string; // YYYY-MM-DD

export const DEFAULT_ZONE = 'Europe/London';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Parses a strict `YYYY-MM-DD` date; returns undefined for anything else (including 2026-02-30). */
export function parseIsoDate(value: string): IsoDate | undefined {
  if (!ISO_DATE.test(value)) return undefined;
  const dt = DateTime.fromISO(value, { zone: 'UTC' });
  return dt.isValid && dt.toISODate() === value ? value : undefined;
}

function toDate(date: IsoDate): DateTime {
  const dt = DateTime.fromISO(date, { zone: 'UTC' });
  if (!dt.isValid || !ISO_DATE.test(date)) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return dt;
}

function fromDate(dt: DateTime): IsoDate {
  return dt.toISODate() as IsoDate;
}

// Day arithmetic on whole UTC days (fast: working-day loops run for every reminder and card).
const DAY_MS = 86_400_000;

function toDay(date: IsoDate): number {
  if (!ISO_DATE.test(date)) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return (
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) /
    DAY_MS
  );
}

/** Memoised (bounded): a reminder tick turns the same few hundred days into dates thousands of times. */
const isoOfDay = new Map<number, IsoDate>();

function fromDay(day: number): IsoDate {
  let iso = isoOfDay.get(day);
  if (iso === undefined) {
    iso = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (isoOfDay.size < 100_000) isoOfDay.set(day, iso);
  }
  return iso;
}

function isWeekdayDay(day: number): boolean {
  const dow = new Date(day * DAY_MS).getUTCDay();
  return dow !== 0 && dow !== 6;
}

/** Memoised by day number: the dashboard counts working days for every deadline of hundreds of cases. */
const workingDays = new Map<number, boolean>();

function isWorkingDayNumber(day: number): boolean {
  let working = workingDays.get(day);
  if (working === undefined) {
    working = isWeekdayDay(day) && !isBankHoliday(fromDay(day));
    workingDays.set(day, working);
  }
  return working;
}

/** The calendar date of an instant in a time zone (default Europe/London). */
export function dateIn(instant: Date, zone: string = DEFAULT_ZONE): IsoDate {
  // A reminder tick asks this for every case at the same instant: the last day found per zone is kept (luxon's zone maths is slow).
  const ms = instant.getTime();
  const last = lastDay.get(zone);
  if (last && ms >= last.from && ms < last.to) return last.date;
  const dt = DateTime.fromJSDate(instant, { zone });
  const date = fromDate(dt);
  if (dt.isValid)
    lastDay.set(zone, {
      from: dt.startOf('day').toMillis(),
      to: dt.endOf('day').toMillis() + 1,
      date,
    });
  return date;
}
const lastDay = new Map<string, { from: number; to: number; date: IsoDate }>();

/** The time of day ("HH:MM") of an instant in a zone. */
export function timeIn(instant: Date, zone: string = DEFAULT_ZONE): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat('HH:mm');
}

/** The instant a local wall-clock time on a date occurs in a zone, e.g. 09:00 Europe/London. */
export function instantAt(date: IsoDate, time: string, zone: string = DEFAULT_ZONE): Date {
  const key = `${date}T${time} ${zone}`;
  const known = instants.get(key);
  if (known !== undefined) return new Date(known);
  const dt = DateTime.fromISO(`${date}T${time}`, { zone });
  if (!dt.isValid) throw new RangeError(`not a valid date and time: ${date} ${time} in ${zone}`);
  if (instants.size >= 10_000) instants.clear(); // bounded: a tick needs a few per partnership
  instants.set(key, dt.toMillis());
  return dt.toJSDate();
}
/** Instants already worked out (a tick asks for the same reminder time of the same day for every case). */
const instants = new Map<string, number>();

/**
 * The England & Wales rules, made on the first date computation rather than at start-up:
 * date-holidays and its parser (every country's rules, moment-timezone, astronomy) are a large
 * part of the bot's cold start, and a request that computes no date never needs them.
 */
let holidays_: Holidays | undefined;
const require = createRequire(import.meta.url);
function holidays(): Holidays {
  return (holidays_ ??= new (require('date-holidays') as typeof Holidays)('GB', 'ENG'));
}
const byYear = new Map<number, Set<IsoDate>>();

/** Loads the bank holiday rules now (a command line tool loading its modules), not at the first date computation. */
export function loadHolidayRules(): void {
  holidays();
}

/**
 * England & Wales bank holidays of a year as observed (weekday) dates: the substitute day is
 * listed, the weekend date it replaces is not — as the official gov.uk list shows them.
 */
export function bankHolidays(year: number): IsoDate[] {
  let set = byYear.get(year);
  if (!set) {
    set = new Set(
      holidays()
        .getHolidays(year)
        .filter((h) => h.type === 'public')
        .map((h) => h.date.slice(0, 10))
        .filter((d) => isWeekday(d)),
    );
    byYear.set(year, set);
  }
  return [...set].sort();
}

function isWeekday(date: IsoDate): boolean {
  return isWeekdayDay(toDay(date));
}

export function isBankHoliday(date: IsoDate): boolean {
  const year = Number(date.slice(0, 4));
  if (!byYear.has(year)) bankHolidays(year);
  return byYear.get(year)!.has(date);
}

export function isWorkingDay(date: IsoDate): boolean {
  return isWeekday(date) && !isBankHoliday(date);
}

/**
 * The date `n` working days after `date` (n ≥ 0). The start date itself is day 0: "within 5
 * working days of becoming aware on Tuesday 22 December 2026" is Thursday 31 December 2026.
 * n = 0 gives the date itself, or the next working day if it is not one.
 */
export function addWorkingDays(date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`working days must be a whole number ≥ 0: ${n}`);
  let day = toDay(date);
  if (n === 0) {
    while (!isWorkingDayNumber(day)) day += 1;
    return fromDay(day);
  }
  let left = n;
  while (left > 0) {
    day += 1;
    if (isWorkingDayNumber(day)) left -= 1;
  }
  return fromDay(day);
}

/** The date `n` working days before `date` (n ≥ 1). */
export function subtractWorkingDays(date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`working days must be a whole number ≥ 1: ${n}`);
  let day = toDay(date);
  let left = n;
  while (left > 0) {
    day -= 1;
    if (isWorkingDayNumber(day)) left -= 1;
  }
  return fromDay(day);
}

/**
 * Working days from `from` to `to`: positive when `to` is later (the working days after `from` up to
 * and including `to`), negative when earlier, 0 on the same day. Used for "N working days left" and
 * "late by N working days".
 */
export function workingDaysBetween(from: IsoDate, to: IsoDate): number {
  if (from === to) return 0;
  const sign = from < to ? 1 : -1;
  let day = toDay(sign === 1 ? from : to);
  const end = toDay(sign === 1 ? to : from);
  let count = 0;
  while (day < end) {
    day += 1;
    if (isWorkingDayNumber(day)) count += 1;
  }
  return sign * count;
}

export function addMonths(date: IsoDate, months: number): IsoDate {
  return fromDate(toDate(date).plus({ months }));
}

export function addCalendarDays(date: IsoDate, days: number): IsoDate {
  return fromDay(toDay(date) + days);
}

/** `instant` plus a number of hours, as an ISO instant string. */
export function addHours(instant: Date, hours: number): Date {
  return new Date(instant.getTime() + hours * 3_600_000);
}

/**
 * A zone luxon can use. A canonical IANA name is looked up in the runtime's list (the first
 * DateTime in a zone costs the process ~15 ms of start-up, which a configuration check need not
 * pay); anything else (an alias, `UTC+1`) is asked of luxon.
 */
export function isValidZone(zone: string): boolean {
  return (
    (knownZones ??= new Set(Intl.supportedValuesOf('timeZone'))).has(zone) ||
    DateTime.now().setZone(zone).isValid
  );
}
let knownZones: Set<string> | undefined;

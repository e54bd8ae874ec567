/**
 * The edges of the statutory calendar: what counts as a date, a working day, and where each count
 * starts and stops. (The official bank holiday lists are checked in calendar.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  addHours,
  addMonths,
  addWorkingDays,
  bankHolidays,
  dateIn,
  DEFAULT_ZONE,
  instantAt,
  isBankHoliday,
  isValidZone,
  isWorkingDay,
  parseIsoDate,
  subtractWorkingDays,
  timeIn,
  workingDaysBetween,
} from '../../src/domain/calendar.js';

describe('what is a date', () => {
  it('takes exactly YYYY-MM-DD: nothing before, nothing after, digits only', () => {
    expect(parseIsoDate('x2026-02-28')).toBeUndefined();
    expect(parseIsoDate('2026-02-28x')).toBeUndefined();
    expect(parseIsoDate('2026-02-28T00:00')).toBeUndefined();
    expect(parseIsoDate('20260228')).toBeUndefined(); // ISO basic format: a real date, not our format
    expect(parseIsoDate('2026-13-01')).toBeUndefined();
    expect(parseIsoDate('2024-02-29')).toBe('2024-02-29'); // a leap day
    expect(parseIsoDate('2026-02-29')).toBeUndefined();
  });

  it('refuses to count from anything but a YYYY-MM-DD date, naming what it was given', () => {
    expect(() => addWorkingDays('2026-1-5', 1)).toThrow(
      new RangeError('not a YYYY-MM-DD date: 2026-1-5'),
    );
    expect(() => addCalendarDays('5 Jan 2026', 1)).toThrow(RangeError);
    expect(() => workingDaysBetween('2026-01-05', '2026-01-5')).toThrow(RangeError);
    expect(() => addMonths('20260131', 1)).toThrow(
      new RangeError('not a YYYY-MM-DD date: 20260131'),
    );
    expect(() => addMonths('2026-02-30', 1)).toThrow(
      new RangeError('not a YYYY-MM-DD date: 2026-02-30'),
    );
  });
});

describe('working days', () => {
  it('excludes Saturday and Sunday each, and a bank holiday on a weekday', () => {
    expect(isWorkingDay('2026-12-24')).toBe(true); // Thursday
    expect(isWorkingDay('2026-12-26')).toBe(false); // Saturday
    expect(isWorkingDay('2026-12-27')).toBe(false); // Sunday
    expect(isWorkingDay('2026-12-28')).toBe(false); // Monday, the substitute for Boxing Day
    expect(isWorkingDay('2027-01-04')).toBe(true); // Monday
  });

  it('knows the bank holidays of a year it has not looked at yet', () => {
    expect(isBankHoliday('2041-12-25')).toBe(true); // a Wednesday
    expect(isBankHoliday('2041-12-24')).toBe(false);
    expect(isWorkingDay('2041-12-26')).toBe(false);
  });

  it('lists only the days off: no weekend dates a substitute replaces, no observances', () => {
    const y2026 = bankHolidays(2026);
    expect(y2026).toContain('2026-12-28');
    expect(y2026).not.toContain('2026-12-26');
    expect(y2026).toHaveLength(8);
    expect(bankHolidays(2026)).toEqual(y2026); // the same list again, in order
    expect([...y2026].sort()).toEqual(y2026);
  });

  it('counts 1 working day over a weekend and from a non-working start', () => {
    expect(addWorkingDays('2027-01-08', 1)).toBe('2027-01-11'); // Friday → Monday
    expect(addWorkingDays('2026-12-26', 1)).toBe('2026-12-29'); // Saturday → Tuesday (28th is a bank holiday)
    expect(addWorkingDays('2027-01-02', 0)).toBe('2027-01-04'); // day 0 on a Saturday: the Monday
  });

  it('counts back 1 working day, over a weekend and holidays, and refuses 0 or a fraction', () => {
    expect(subtractWorkingDays('2026-12-29', 1)).toBe('2026-12-24');
    expect(subtractWorkingDays('2027-01-11', 1)).toBe('2027-01-08');
    expect(() => subtractWorkingDays('2026-12-29', 0)).toThrow(
      new RangeError('working days must be a whole number ≥ 1: 0'),
    );
    expect(() => subtractWorkingDays('2026-12-29', 1.5)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-12-29', -1)).toThrow(
      new RangeError('working days must be a whole number ≥ 0: -1'),
    );
  });

  it('counts the working days after the start up to and including the end', () => {
    expect(workingDaysBetween('2026-12-24', '2026-12-29')).toBe(1);
    expect(workingDaysBetween('2026-12-29', '2026-12-24')).toBe(-1);
    expect(workingDaysBetween('2026-12-25', '2026-12-28')).toBe(0); // nothing but holidays and a weekend
    expect(workingDaysBetween('2026-12-26', '2026-12-29')).toBe(1);
    expect(workingDaysBetween('2027-01-08', '2027-01-11')).toBe(1);
    expect(Object.is(workingDaysBetween('2026-12-29', '2026-12-29'), 0)).toBe(true); // 0, not -0
  });
});

describe('calendar arithmetic', () => {
  it('adds calendar days and months, clamping to the end of a shorter month', () => {
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-10-21', 6)).toBe('2027-04-21');
  });

  it('adds hours to an instant', () => {
    expect(addHours(new Date('2026-12-23T10:00:00Z'), 48).toISOString()).toBe(
      '2026-12-25T10:00:00.000Z',
    );
    expect(addHours(new Date('2026-12-23T10:00:00Z'), 1.5).toISOString()).toBe(
      '2026-12-23T11:30:00.000Z',
    );
  });
});

describe('instants and zones', () => {
  it('works in Europe/London unless told otherwise', () => {
    expect(DEFAULT_ZONE).toBe('Europe/London');
    expect(isValidZone('Europe/London')).toBe(true);
    expect(isValidZone('America/New_York')).toBe(true);
    expect(isValidZone('Mars/Olympus_Mons')).toBe(false);
  });

  it('gives the date of each instant, not of the last one asked about, at the edges of a day', () => {
    expect(dateIn(new Date('2026-12-23T10:00:00Z'))).toBe('2026-12-23');
    expect(dateIn(new Date('2026-12-24T00:00:00.000Z'))).toBe('2026-12-24'); // the next midnight is the next day
    expect(dateIn(new Date('2026-12-23T23:59:59.999Z'))).toBe('2026-12-23');
    expect(dateIn(new Date('2026-12-23T00:00:00.000Z'))).toBe('2026-12-23');
    expect(dateIn(new Date('2026-12-22T23:59:59.999Z'))).toBe('2026-12-22');
  });

  it('keeps each zone apart', () => {
    const instant = new Date('2026-12-24T03:00:00Z');
    expect(dateIn(instant, 'Europe/London')).toBe('2026-12-24');
    expect(dateIn(instant, 'America/New_York')).toBe('2026-12-23');
    expect(dateIn(instant, 'Europe/London')).toBe('2026-12-24');
    expect(dateIn(instant, 'Asia/Tokyo')).toBe('2026-12-24');
    expect(dateIn(new Date('2026-12-24T16:00:00Z'), 'Asia/Tokyo')).toBe('2026-12-25');
  });

  it('gives the time of day in the zone', () => {
    expect(timeIn(new Date('2026-07-01T08:05:00Z'))).toBe('09:05'); // BST
    expect(timeIn(new Date('2026-12-01T08:05:00Z'))).toBe('08:05'); // GMT
    expect(timeIn(new Date('2026-12-01T08:05:00Z'), 'America/New_York')).toBe('03:05');
  });

  it('finds a wall-clock time again, each time as a new instant, and refuses a time that is not one', () => {
    const first = instantAt('2031-03-03', '09:30', 'Europe/London');
    const again = instantAt('2031-03-03', '09:30', 'Europe/London');
    expect(again.toISOString()).toBe('2031-03-03T09:30:00.000Z');
    expect(again).not.toBe(first);
    again.setTime(0); // changing one answer changes no later one
    expect(instantAt('2031-03-03', '09:30', 'Europe/London').toISOString()).toBe(
      '2031-03-03T09:30:00.000Z',
    );
    expect(instantAt('2031-03-03', '09:30', 'America/New_York').toISOString()).toBe(
      '2031-03-03T14:30:00.000Z',
    );
    expect(instantAt('2031-03-04', '09:30', 'Europe/London').toISOString()).toBe(
      '2031-03-04T09:30:00.000Z',
    );
    expect(() => instantAt('2031-03-03', '25:00', 'Europe/London')).toThrow(
      new RangeError('not a valid date and time: 2031-03-03 25:00 in Europe/London'),
    );
  });
});

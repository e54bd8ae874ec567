import { describe, expect, it } from 'vitest';
import {
  isValidZone,
  addWorkingDays,
  bankHolidays,
  dateIn,
  instantAt,
  isWorkingDay,
  parseIsoDate,
  subtractWorkingDays,
  workingDaysBetween,
} from '../../src/domain/calendar.js';
import fixture from './fixtures/bank-holidays-england-wales.json' with { type: 'json' };

describe('England & Wales bank holidays', () => {
  for (const [year, dates] of Object.entries(fixture.dates)) {
    it(`matches the official list for ${year}`, () => {
      expect(bankHolidays(Number(year))).toEqual(dates);
    });
  }

  it('treats every official bank holiday and weekend as a non-working day', () => {
    for (const dates of Object.values(fixture.dates))
      for (const d of dates) expect(isWorkingDay(d)).toBe(false);
    expect(isWorkingDay('2026-12-26')).toBe(false); // Saturday
    expect(isWorkingDay('2026-12-27')).toBe(false); // Sunday
    expect(isWorkingDay('2026-12-29')).toBe(true);
  });
});

describe('addWorkingDays', () => {
  it('counts 5 working days from 22 December 2026 past Christmas and the substitute Boxing Day', () => {
    expect(addWorkingDays('2026-12-22', 5)).toBe('2026-12-31');
  });
  it('counts across New Year 2027', () => {
    expect(addWorkingDays('2026-12-31', 1)).toBe('2027-01-04');
  });
  it('counts across Easter 2026 (Good Friday 3 April, Easter Monday 6 April)', () => {
    expect(addWorkingDays('2026-04-02', 1)).toBe('2026-04-07');
    expect(addWorkingDays('2026-03-30', 5)).toBe('2026-04-08');
  });
  it('counts across the 2022 Platinum Jubilee and the State Funeral', () => {
    expect(addWorkingDays('2022-06-01', 1)).toBe('2022-06-06');
    expect(addWorkingDays('2022-09-16', 1)).toBe('2022-09-20');
  });
  it('counts across the 2023 Coronation bank holiday', () => {
    expect(addWorkingDays('2023-05-05', 1)).toBe('2023-05-09');
    expect(addWorkingDays('2023-04-28', 5)).toBe('2023-05-09'); // 1 May and 8 May are both bank holidays
  });
  it('treats day 0 as the next working day when the start is not one', () => {
    expect(addWorkingDays('2026-12-25', 0)).toBe('2026-12-29');
    expect(addWorkingDays('2026-12-24', 0)).toBe('2026-12-24');
  });
  it('refuses negative or fractional counts', () => {
    expect(() => addWorkingDays('2026-01-05', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-01-05', 1.5)).toThrow(RangeError);
  });
});

describe('subtractWorkingDays and workingDaysBetween', () => {
  it('counts 7 working days back across Easter 2027', () => {
    // publication Wednesday 7 April 2027: back over Easter Monday 29 March and Good Friday 26 March
    expect(subtractWorkingDays('2027-04-07', 7)).toBe('2027-03-25');
  });
  it('measures working days in both directions', () => {
    expect(workingDaysBetween('2026-12-22', '2026-12-31')).toBe(5);
    expect(workingDaysBetween('2026-12-31', '2026-12-22')).toBe(-5);
    expect(workingDaysBetween('2026-12-24', '2026-12-24')).toBe(0);
  });
});

describe('dates and instants', () => {
  it('parses only real YYYY-MM-DD dates', () => {
    expect(parseIsoDate('2026-02-28')).toBe('2026-02-28');
    expect(parseIsoDate('2026-02-30')).toBeUndefined();
    expect(parseIsoDate('26-02-2026')).toBeUndefined();
    expect(parseIsoDate('2026-2-3')).toBeUndefined();
  });
  it('takes the date of an instant in Europe/London (BST and GMT)', () => {
    expect(dateIn(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(dateIn(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
  });
  it('finds 09:00 London in summer and winter', () => {
    expect(instantAt('2026-07-01', '09:00').toISOString()).toBe('2026-07-01T08:00:00.000Z');
    expect(instantAt('2026-12-01', '09:00').toISOString()).toBe('2026-12-01T09:00:00.000Z');
  });
});

describe('isValidZone', () => {
  it('knows canonical IANA zones, the aliases and offsets luxon takes, and nothing else', () => {
    expect(isValidZone('Europe/London')).toBe(true);
    expect(isValidZone('UTC')).toBe(true); // not in the runtime's canonical list: luxon says
    expect(isValidZone('Europe/Belfast')).toBe(true); // an alias
    expect(isValidZone('UTC+1')).toBe(true);
    expect(isValidZone('Europe/Lonodn')).toBe(false);
    expect(isValidZone('')).toBe(false);
  });
});

/**
 * niceDate words a plain date itself (luxon's formatter was most of a `status` answer's time): it
 * must say exactly what luxon's `ccc d LLL yyyy` says, for every day the product counts deadlines
 * on, and hand anything else to luxon.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { niceDate } from '../../src/cards/slack/case-message.js';

const luxon = (iso: string) => {
  const d = DateTime.fromISO(iso, { zone: 'utc' });
  return d.isValid ? d.toFormat('ccc d LLL yyyy') : iso;
};

describe('niceDate', () => {
  it('words every day from 2018 to 2030 as luxon does', () => {
    const differ: string[] = [];
    for (let d = DateTime.utc(2018, 1, 1); d.year <= 2030; d = d.plus({ days: 1 })) {
      const iso = d.toISODate()!;
      if (niceDate(iso) !== luxon(iso)) differ.push(`${iso}: ${niceDate(iso)} / ${luxon(iso)}`);
    }
    expect(differ).toEqual([]);
    expect(niceDate('2026-12-23')).toBe('Wed 23 Dec 2026');
  });

  it('leaves what is no date as it is, and words a date with a time as luxon does', () => {
    for (const s of [
      '2026-02-30',
      '2026-13-01',
      '2026-00-10',
      '0050-01-01',
      'soon',
      '',
      '2026-1-1',
    ])
      expect(niceDate(s), s).toBe(luxon(s));
    expect(niceDate('2026-02-30')).toBe('2026-02-30');
    expect(niceDate('2026-12-23T10:00:00Z')).toBe(luxon('2026-12-23T10:00:00Z'));
    expect(niceDate('2024-02-29')).toBe('Thu 29 Feb 2024');
  });
});

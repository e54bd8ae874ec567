/** iCalendar text rules (RFC 5545 3.1, 3.3.11): folding at 75 octets without splitting a character, TEXT escaping. */
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { fold, icsOf } from '../../src/web/ics.js';

describe('iCalendar text', () => {
  it('folds long lines at 75 octets, never inside a UTF-8 character, and unfolds to the same text', () => {
    const line = `SUMMARY:${'Record the Panel’s response; '.repeat(8)}`;
    const folded = fold(line);
    for (const l of folded.split('\r\n'))
      expect(Buffer.byteLength(l, 'utf8')).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, '')).toBe(line);
    expect(folded).not.toContain('\uFFFD');
  });

  it('escapes commas, semicolons, backslashes and newlines so a parser reads the text back', () => {
    const summary = 'NORTH-2026-001: a, b; c\\d\nnext';
    const text = icsOf(
      {
        name: 'Feed, with; specials',
        events: [{ uid: 'u1@x', date: '2027-01-29', summary, description: summary }],
      },
      new Date('2026-12-23T10:00:00Z'),
    );
    const cal = new ICAL.Component(ICAL.parse(text));
    expect(text).toContain('X-WR-CALNAME:Feed\\, with\\; specials');
    const e = new ICAL.Event(cal.getFirstSubcomponent('vevent')!);
    expect(e.summary).toBe(summary);
    expect(e.startDate.toString()).toBe('2027-01-29');
    expect(e.endDate.toString()).toBe('2027-01-30');
    expect(text).toContain('DTSTAMP:20261223T100000Z');
  });
});

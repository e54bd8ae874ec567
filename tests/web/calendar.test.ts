/**
 * Calendar feeds end to end: `/cspr calendar` gives a private URL, the feed is valid iCalendar
 * (parsed by ical.js, and checked for RFC 5545's line rules), one all-day event per pending action
 * of that person with the reference and what is due (never a pseudonym or summary), it follows
 * the case as it moves, and a revoked or replaced URL is 404.
 */
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorOf } from '../../src/app/identity.js';
import {
  allCases,
  commandReply,
  notify,
  NOTIFICATION,
  settledChannel,
  startHarness,
  U,
  type Harness,
} from '../bots/slack/harness.js';

let h: Harness;
let ref: string;
const FEED = /http:\/\/localhost:\d+\/calendar\/([A-Za-z0-9_-]{43})\.ics/;

async function feedUrl(user: string): Promise<string> {
  const reply = await commandReply(h, user, 'calendar');
  const m = FEED.exec(reply);
  expect(m, reply).not.toBeNull();
  return `http://127.0.0.1:${h.bot.port}/calendar/${m![1]}.ics`;
}

interface Ev {
  summary: string;
  description: string;
  start: string;
  end: string;
  allDay: boolean;
  uid: string;
}

async function events(url: string): Promise<{ text: string; events: Ev[] }> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/calendar');
  expect(res.headers.get('cache-control')).toBe('no-store');
  const text = await res.text();
  // RFC 5545 3.1: CRLF line ends, no line longer than 75 octets.
  expect(text.endsWith('\r\n')).toBe(true);
  for (const line of text.split('\r\n'))
    expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  const cal = new ICAL.Component(ICAL.parse(text));
  expect(cal.name).toBe('vcalendar');
  expect(cal.getFirstPropertyValue('version')).toBe('2.0');
  expect(cal.getFirstPropertyValue('prodid')).toBeTruthy();
  return {
    text,
    events: cal.getAllSubcomponents('vevent').map((v) => {
      const e = new ICAL.Event(v);
      expect(v.getFirstPropertyValue('dtstamp')).toBeTruthy();
      return {
        summary: e.summary,
        description: e.description,
        start: e.startDate.toString(),
        end: e.endDate.toString(),
        allDay: e.startDate.isDate,
        uid: e.uid,
      };
    }),
  };
}

beforeAll(async () => {
  h = await startHarness();
  await notify(h);
  ref = (await settledChannel(h)).c.ref;
  await notify(h, U.portsLa);
}, 30_000);
afterAll(async () => {
  await h?.stop();
});

describe('calendar feeds', () => {
  it('has an all-day event for each pending action of the person: reference and what is due, nothing else', async () => {
    const { text, events: evs } = await events(await feedUrl(U.la));
    expect(evs.map((e) => e.summary).sort()).toEqual(
      [
        `${ref}: Assess the criteria`,
        `${ref}: Notify the Panel`,
        `${ref}: Record the rapid-review facts`,
        `${ref}: Report to the safeguarding partners`,
      ].sort(),
    );
    const panel = evs.find((e) => e.summary.endsWith('Notify the Panel'))!;
    expect(panel).toMatchObject({ start: '2026-12-31', end: '2027-01-01', allDay: true });
    expect(panel.description).toContain('due 2026-12-31');
    for (const secret of [
      NOTIFICATION.child1Pseudonym,
      NOTIFICATION.child2Pseudonym,
      NOTIFICATION.summary,
      'PORTS-',
    ])
      expect(text).not.toContain(secret);
    expect(new Set(evs.map((e) => e.uid)).size).toBe(evs.length);
  });

  it('is each person’s own: the police lead’s feed has only the police lead’s actions', async () => {
    const { events: evs } = await events(await feedUrl(U.police));
    expect(evs.map((e) => e.summary).sort()).toEqual(
      [`${ref}: Assess the criteria`, `${ref}: Record the rapid-review facts`].sort(),
    );
  });

  it('follows the case: a step recorded drops its event', async () => {
    const url = await feedUrl(U.la);
    const lincs = (await allCases(h)).find((c) => c.partnershipId === 'lincs')!;
    const p = h.bot.service.partnership('lincs');
    await h.bot.service.run(
      actorOf(
        p,
        p.holders.find((x) => x.id === 'la-lead')!,
      ),
      lincs.id,
      { type: 'record-panel-notified', on: '2026-12-23' },
    );
    const after = (await events(url)).events.map((e) => e.summary);
    expect(after).not.toContain(`${ref}: Notify the Panel`);
    expect(after).toContain(`${ref}: Report to the safeguarding partners`);
  });

  it('stops at `calendar revoke` and when replaced by a new URL: 404', async () => {
    const first = await feedUrl(U.bm);
    const second = await feedUrl(U.bm);
    expect((await fetch(first)).status).toBe(404);
    expect((await fetch(second)).status).toBe(200);
    expect(await commandReply(h, U.bm, 'calendar revoke')).toContain('revoked');
    const gone = await fetch(second);
    expect(gone.status).toBe(404);
    expect(await gone.text()).not.toContain(ref);
    expect(await commandReply(h, U.bm, 'calendar revoke')).toContain('no calendar feed');
    for (const bad of ['x.ics', `${'A'.repeat(43)}.ics`, 'feed'])
      expect((await fetch(`http://127.0.0.1:${h.bot.port}/calendar/${bad}`)).status, bad).toBe(404);
  });

  it('gives no feed to a person without a role', async () => {
    expect(await commandReply(h, U.outsider, 'calendar')).not.toMatch(FEED);
  });
});

/**
 * The dashboard over real HTTP, signed in through the link `/cspr dashboard` answers in Slack:
 * single-use and 10-minute links, the session cookie's attributes, 401 for a tampered or ended
 * session, a removed role ending the session at the next request, the security headers, and
 * another partnership's cases never appearing. Cases are created through the chat flow.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allCases,
  commandReply,
  notify,
  PARTNERSHIPS_YAML,
  settledChannel,
  startHarness,
  U,
  type Harness,
} from '../bots/slack/harness.js';

let h: Harness;
let base: string;
let lincsRef: string;
let portsId: string;
let portsRef: string;

const LINK = /http:\/\/localhost:\d+\/dashboard\/sign-in\/([A-Za-z0-9_-]{43})/;

async function linkFor(user: string): Promise<string> {
  const reply = await commandReply(h, user, 'dashboard');
  const m = LINK.exec(reply);
  expect(m, reply).not.toBeNull();
  expect(m![0].startsWith(`http://localhost:${h.bot.port}/`)).toBe(true);
  return m![1]!;
}

/** Opens the link (GET shows the sign-in button) and presses it (POST): the cookie set, or the status. */
async function signIn(
  token: string,
): Promise<{ status: number; cookie?: string; setCookie?: string }> {
  const shown = await fetch(`${base}/dashboard/sign-in/${token}`);
  const res = await fetch(`${base}/dashboard/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `token=${token}`,
  });
  if (shown.status !== 200 && res.status === 303)
    throw new Error('a refused link must not sign in');
  const setCookie = res.headers.get('set-cookie') ?? undefined;
  return {
    status: res.status,
    ...(setCookie ? { setCookie, cookie: setCookie.split(';')[0]! } : {}),
  };
}

const get = (path: string, cookie?: string) =>
  fetch(`${base}${path}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' });

function expectSecureHeaders(res: Response): void {
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("default-src 'none'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).toContain('frame-ancestors');
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(res.headers.get('referrer-policy')).toBe('same-origin');
}

beforeAll(async () => {
  h = await startHarness();
  base = `http://127.0.0.1:${h.bot.port}`;
  await notify(h);
  lincsRef = (await settledChannel(h)).c.ref;
  await notify(h, U.portsLa);
  const ports = await h.fake.waitFor(
    async () => (await allCases(h)).find((c) => c.partnershipId === 'ports'),
    'the ports case',
  );
  portsId = ports!.id;
  portsRef = ports!.ref;
}, 30_000);
afterAll(async () => {
  await h?.stop();
});

describe('the dashboard behind a single-use sign-in link', () => {
  it('refuses every page without a session: 401, a plain page, nothing of a case', async () => {
    for (const path of ['/dashboard', '/dashboard/cases.csv', `/dashboard/case/${portsId}`]) {
      const res = await get(path);
      expect(res.status, path).toBe(401);
      expect(res.headers.get('content-type')).toContain('text/html');
      expectSecureHeaders(res);
      const body = await res.text();
      expect(body).not.toContain(lincsRef);
      expect(body).toContain('not valid');
    }
  });

  it('signs in once: an HttpOnly, Secure, SameSite=Strict cookie for 8 hours; the same link again is refused', async () => {
    const token = await linkFor(U.chair);
    const first = await signIn(token);
    expect(first.status).toBe(303);
    expect(first.setCookie).toMatch(/HttpOnly/);
    expect(first.setCookie).toMatch(/Secure/);
    expect(first.setCookie).toMatch(/SameSite=Strict/);
    expect(first.setCookie).toMatch(/Max-Age=28800/);
    const page = await get('/dashboard', first.cookie);
    expect(page.status).toBe(200);
    expectSecureHeaders(page);
    const html = await page.text();
    expect(html).toContain(lincsRef);
    expect(html).not.toContain(portsRef); // another partnership's case never appears
    expect(html).not.toContain('Child A');

    const again = await signIn(token);
    expect(again.status).toBe(401);
    expect(again.setCookie).toBeUndefined();
    expect((await get(`/dashboard/sign-in/${token}`)).status).toBe(401);
  });

  it('stores only the SHA-256 of links and sessions, never the tokens themselves', async () => {
    const token = await linkFor(U.la);
    const links = h.bot.store.records<unknown>('web_sign_in_links');
    const sha = (t: string) => createHash('sha256').update(t).digest('hex');
    expect(await links.get(sha(token))).toBeDefined();
    expect(JSON.stringify(await links.page(undefined, 1000))).not.toContain(token);
    const { cookie } = await signIn(token);
    const session = cookie!.split('=')[1]!;
    const sessions = h.bot.store.records<unknown>('web_sessions');
    expect(JSON.stringify(await sessions.page(undefined, 1000))).not.toContain(session);
    expect(await sessions.get(sha(session))).toBeDefined();
  });

  it('refuses a sign-in posted from another site (login CSRF), leaving the link usable', async () => {
    const token = await linkFor(U.bm);
    for (const origin of ['https://evil.example', 'null', 'not a url']) {
      const res = await fetch(`${base}/dashboard/sign-in`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
        body: `token=${token}`,
      });
      expect(res.status, origin).toBe(401);
      expect(res.headers.get('set-cookie')).toBeNull();
    }
    const own = await fetch(`${base}/dashboard/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base },
      body: `token=${token}`,
    });
    expect(own.status).toBe(303);
  });

  it('refuses a link used after its 10 minutes', async () => {
    const token = await linkFor(U.bm);
    h.clock.advance(10 * 60_000 + 1000);
    try {
      expect((await get(`/dashboard/sign-in/${token}`)).status).toBe(401);
      expect((await signIn(token)).status).toBe(401);
    } finally {
      h.clock.set('2026-12-23T10:00:00Z');
    }
    const fresh = await linkFor(U.bm);
    h.clock.advance(9 * 60_000);
    try {
      expect((await signIn(fresh)).status).toBe(303);
    } finally {
      h.clock.set('2026-12-23T10:00:00Z');
    }
  });

  it('refuses a tampered or unknown cookie with 401 and clears it', async () => {
    const { cookie } = await signIn(await linkFor(U.scrutineer));
    expect((await get('/dashboard', cookie)).status).toBe(200);
    const value = cookie!.split('=')[1]!;
    const flipped = `${value.slice(0, -1)}${value.endsWith('A') ? 'B' : 'A'}`;
    for (const bad of [
      `cspr_session=${flipped}`,
      'cspr_session=',
      `cspr_session=${value}x`,
      'cspr_session=../../etc',
    ]) {
      const res = await get('/dashboard', bad);
      expect(res.status, bad).toBe(401);
      expect(res.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    }
  });

  it('signs out: the session ends', async () => {
    const { cookie } = await signIn(await linkFor(U.police));
    expect(await (await get('/dashboard', cookie)).text()).toContain(
      'action="/dashboard/sign-out"',
    );
    const out = await fetch(`${base}/dashboard/sign-out`, {
      method: 'POST',
      headers: { cookie: cookie! },
    });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    expect((await get('/dashboard', cookie)).status).toBe(401);
  });

  it('ends the session after 8 hours, and removes expired links and sessions from the store', async () => {
    const { cookie } = await signIn(await linkFor(U.health));
    const unused = await linkFor(U.health);
    h.clock.advance(8 * 3600_000 + 1000);
    try {
      expect((await get('/dashboard', cookie)).status).toBe(401);
      await linkFor(U.health); // a new link sweeps the expired ones
      const now = h.clock.now().toISOString();
      for (const kind of ['web_sessions', 'web_sign_in_links']) {
        const left = await h.bot.store.records<{ expiresAt: string }>(kind).page(undefined, 1000);
        expect(left.filter((r) => r.value.expiresAt < now)).toEqual([]);
      }
      expect((await signIn(unused)).status).toBe(401);
    } finally {
      h.clock.set('2026-12-23T10:00:00Z');
    }
  });

  it('gives the link to the chair, business manager, scrutineer and partners; refuses members and people without a role', async () => {
    for (const user of [U.la, U.police, U.health, U.bm, U.chair, U.scrutineer])
      expect(LINK.test(await commandReply(h, user, 'dashboard')), user).toBe(true);
    const member = await commandReply(h, U.member, 'dashboard');
    expect(member).not.toMatch(LINK);
    expect(member).toContain('Your role does not allow this: see the review group’s dashboard');
    const outsider = await commandReply(h, U.outsider, 'dashboard');
    expect(outsider).not.toMatch(LINK);
    expect(outsider).toContain('don’t have a role');
  });

  it('opens a case of its own partnership (summary and action plan); another partnership’s case is 404', async () => {
    const { cookie } = await signIn(await linkFor(U.la));
    const lincs = (await allCases(h)).find((c) => c.partnershipId === 'lincs')!;
    const own = await get(`/dashboard/case/${lincs.id}`, cookie);
    expect(own.status).toBe(200);
    const html = await own.text();
    expect(html).toContain(lincs.ref);
    expect(html).toContain('Action plan');
    expect(html).toContain('Notify the Panel');
    const other = await get(`/dashboard/case/${portsId}`, cookie);
    expect(other.status).toBe(404);
    expect(await other.text()).not.toContain(portsRef);
  });

  it('downloads the table as CSV, with the same rows', async () => {
    const { cookie } = await signIn(await linkFor(U.police));
    const res = await get('/dashboard/cases.csv', cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toMatch(
      /attachment; filename="open-cases-2026-12-23.csv"/,
    );
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toBe(
      'Case,State,Pending (whose action),Next deadline,Next due,Overdue,Deadlines',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]!.startsWith(`${lincsRef},Notified,`)).toBe(true);
    expect(lines.join('\n')).not.toContain(portsRef);
  });

  it('ends the session of a person whose role was removed, at their next request (others stay signed in)', async () => {
    const chair = await signIn(await linkFor(U.chair));
    const bm = await signIn(await linkFor(U.bm));
    expect((await get('/dashboard', chair.cookie)).status).toBe(200);
    await h.restart(
      PARTNERSHIPS_YAML.replace('roles: [chair], slackUserId', 'roles: [member], slackUserId'),
    );
    base = `http://127.0.0.1:${h.bot.port}`;
    expect((await get('/dashboard', bm.cookie)).status).toBe(200); // sessions survive a restart
    const refused = await get('/dashboard', chair.cookie);
    expect(refused.status).toBe(401);
    expect(await refused.text()).not.toContain(lincsRef);
    await h.restart(PARTNERSHIPS_YAML);
    base = `http://127.0.0.1:${h.bot.port}`;
    expect((await get('/dashboard', chair.cookie)).status).toBe(401); // ended, not merely refused that once
  });
});

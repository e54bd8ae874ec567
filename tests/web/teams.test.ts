/**
 * The dashboard and calendar from Teams: `dashboard` and `calendar` answered only in the personal
 * chat, and the tab's SSO token validated on the server against a local token issuer (OpenID
 * metadata and JWKS served here, as login.microsoftonline.com serves them): signature, audience,
 * issuer, tenant and the holder's role each checked.
 */
import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardText, Harness, inChannel, notifyCase, TENANT, USERS } from '../bots/teams/harness.js';

const AUDIENCE = 'api://localhost/00000000-0000-4000-8000-0000000a0001';
const OTHER_TENANT = '7d1f0000-0000-4000-8000-00000000bbbb';

let issuer: Server;
let issuerUrl: string;
let key: CryptoKey;
let stranger: CryptoKey;
let h: Harness;
let ref: string;

async function startIssuer(jwk: JWK): Promise<void> {
  issuer = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/v2.0/.well-known/openid-configuration')
      res.end(
        JSON.stringify({
          issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0',
          jwks_uri: `${issuerUrl}/discovery/v2.0/keys`,
        }),
      );
    else if (req.url === '/discovery/v2.0/keys') res.end(JSON.stringify({ keys: [jwk] }));
    else res.writeHead(404).end('{}');
  });
  await new Promise<void>((resolve) => issuer.listen(0, '127.0.0.1', resolve));
  issuerUrl = `http://127.0.0.1:${(issuer.address() as { port: number }).port}`;
}

interface Claims {
  oid?: string;
  tid?: string;
  aud?: string;
  iss?: string;
  expiresIn?: number;
  signer?: CryptoKey;
}

/** A token as Azure AD issues it for the tab (v2.0), signed with the issuer's key unless told. */
async function token(c: Claims = {}): Promise<string> {
  const tid = c.tid ?? TENANT;
  const now = Math.floor(h.clock.now().getTime() / 1000);
  return new SignJWT({ oid: c.oid ?? USERS.chair.aad, tid, scp: 'access_as_user', ver: '2.0' })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1', typ: 'JWT' })
    .setIssuer(c.iss ?? `https://login.microsoftonline.com/${tid}/v2.0`)
    .setAudience(c.aud ?? AUDIENCE)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + (c.expiresIn ?? 3600))
    .sign(c.signer ?? key);
}

const dashboard = (bearer: string) =>
  fetch(`http://127.0.0.1:${h.bot.port}/dashboard`, {
    headers: { authorization: `Bearer ${bearer}` },
  });

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  key = pair.privateKey;
  stranger = (await generateKeyPair('RS256')).privateKey;
  await startIssuer({ ...(await exportJWK(pair.publicKey)), kid: 'k1', use: 'sig', alg: 'RS256' });
  h = new Harness({
    env: {
      TEAMS_SSO_METADATA_URL: `${issuerUrl}/v2.0/.well-known/openid-configuration`,
      TEAMS_SSO_AUDIENCE: AUDIENCE,
    },
  });
  await h.start();
  ref = (await notifyCase(h)).ref;
}, 30_000);
afterAll(async () => {
  await h?.stop();
  await new Promise((r) => issuer?.close(r));
});

describe('Teams: dashboard and calendar commands', () => {
  it('answers `dashboard` in the personal chat with a single-use sign-in link', async () => {
    const text = cardText(await h.ask(USERS.chair, 'dashboard'));
    const link = /http:\/\/localhost:\d+\/dashboard\/sign-in\/([A-Za-z0-9_-]{43})/.exec(text);
    expect(link, text).not.toBeNull();
    const res = await fetch(`http://127.0.0.1:${h.bot.port}/dashboard/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${link![1]}`,
    });
    expect(res.status).toBe(303);
    const page = await fetch(`http://127.0.0.1:${h.bot.port}/dashboard`, {
      headers: { cookie: res.headers.get('set-cookie')!.split(';')[0]! },
    });
    expect(await page.text()).toContain(ref);
  });

  it('never posts a link in a shared conversation, and refuses a member', async () => {
    const shared = cardText(
      await h.ask(USERS.chair, 'dashboard', inChannel('19:general@thread.tacv2')),
    );
    expect(shared).not.toMatch(/sign-in/);
    expect(shared).toContain('personal chat');
    const member = cardText(await h.ask(USERS.member, 'dashboard'));
    expect(member).not.toMatch(/sign-in/);
    expect(member).toContain('Your role does not allow this');
  });

  it('answers `calendar` with a private feed URL, and `calendar revoke` stops it', async () => {
    const text = cardText(await h.ask(USERS.la, 'calendar'));
    const url = /http:\/\/localhost:(\d+)(\/calendar\/[A-Za-z0-9_-]{43}\.ics)/.exec(text);
    expect(url, text).not.toBeNull();
    const feed = await fetch(`http://127.0.0.1:${h.bot.port}${url![2]}`);
    expect(await feed.text()).toContain(`SUMMARY:${ref}: Notify the Panel`);
    expect(cardText(await h.ask(USERS.la, 'calendar revoke'))).toContain('revoked');
    expect((await fetch(`http://127.0.0.1:${h.bot.port}${url![2]}`)).status).toBe(404);
  });
});

describe('Teams tab: the SSO token checked on the server', () => {
  it('lets a review-group holder in with a valid token: their own partnership’s cases', async () => {
    const res = await dashboard(await token());
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(ref);
  });

  it.each([
    ['another audience', { aud: 'api://localhost/ffffffff-0000-4000-8000-000000000000' }],
    [
      'an issuer of another tenant',
      { iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0` },
    ],
    ['another tenant altogether', { tid: OTHER_TENANT }],
    ['a signature by another key', { signer: 'stranger' }],
    ['an expired token', { expiresIn: -120 }],
    ['a member (no view-dashboard)', { oid: USERS.member.aad }],
    ['a person with no role', { oid: USERS.outsider.aad }],
  ] as const)('refuses %s: 401', async (_name, claims) => {
    const { signer, ...rest } = claims as Claims & { signer?: string };
    const res = await dashboard(await token({ ...rest, ...(signer ? { signer: stranger } : {}) }));
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain(ref);
  });

  it('serves the tab pages without case data, with scripts from its own origin only', async () => {
    for (const path of ['/dashboard/tab', '/dashboard/tab/config']) {
      const res = await fetch(`http://127.0.0.1:${h.bot.port}${path}`);
      expect(res.status).toBe(200);
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/unsafe-(inline|eval)/);
      expect(csp).toContain('frame-ancestors');
      expect(res.headers.get('cache-control')).toBe('no-store');
      const page = await res.text();
      expect(page).not.toContain(ref);
      expect(page).toMatch(/<script src="\/dashboard\/tab\/teams-js\.js"><\/script>/);
      expect(page).not.toMatch(/<script>/);
    }
    const lib = await fetch(`http://127.0.0.1:${h.bot.port}/dashboard/tab/teams-js.js`);
    expect(lib.headers.get('content-type')).toContain('javascript');
    expect(await lib.text()).toContain('getAuthToken');
  });

  it('refuses an unsigned token and garbage', async () => {
    const [head, body] = (await token()).split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${body}.`;
    for (const bad of [none, `${head}.${body}.AAAA`, 'not-a-token'])
      expect((await dashboard(bad)).status, bad).toBe(401);
  });
});

/**
 * With MicrosoftAppId set, every activity needs a valid token: the Agents SDK's own check runs for
 * real against a local issuer (its OpenID keys on 127.0.0.1). A token signed by another key, an
 * unsigned one, one for another audience or issuer, an expired one: each a 401, nothing stored,
 * nothing sent. A valid one is answered, and the answer goes out with the bot's outgoing token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeIssuer } from './fake-issuer.js';
import { cardText, Harness, NOTIFICATION, personal, TENANT, USERS } from './harness.js';

const APP_ID = '0b0b0b0b-0000-4000-8000-000000000b07';

describe('Teams with credentials', () => {
  const issuer = new FakeIssuer(TENANT, APP_ID);
  const h = new Harness({ issuer });
  beforeAll(async () => {
    await issuer.start();
    await h.start();
  });
  afterAll(async () => {
    await h.stop();
    await issuer.stop();
  });

  const submit = () =>
    h.activity(USERS.la, personal(USERS.la), {
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: {
        action: {
          type: 'Action.Execute',
          verb: 'notify.submit',
          data: {
            cspr: { verb: 'notify.submit', requestId: '0c0c0c0c-0000-4000-8000-000000000001' },
            ...NOTIFICATION,
          },
        },
      },
    });

  it.each([
    ['no token', () => ''],
    ['a malformed header', () => 'Bearer abc.def.ghi'],
    ['not a bearer token', () => `Basic ${Buffer.from('a:b').toString('base64')}`],
    ['a token signed by another key', () => `Bearer ${issuer.tokenSignedByStranger()}`],
    ['an unsigned token (alg: none)', () => `Bearer ${issuer.unsignedToken()}`],
    [
      'a token for another audience',
      () => `Bearer ${issuer.token({ aud: '0d0d0d0d-0000-4000-8000-000000000d0d' })}`,
    ],
    [
      'a token from another issuer',
      () => `Bearer ${issuer.token({ iss: 'https://issuer.example/other/v2.0' })}`,
    ],
    ['an expired token', () => `Bearer ${issuer.token({ expiresIn: -3600 })}`],
  ])('refuses %s with a 401, stores nothing and calls nobody', async (_what, header) => {
    const logsBefore = h.logs.length;
    const res = await h.post(submit(), { authorization: header() });
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain('Child A');
    expect(await h.allCases()).toEqual([]);
    expect(h.fake.calls).toEqual([]);
    expect(h.connectorScopes).toEqual([]);
    expect(h.logs.slice(logsBefore).join('\n')).toContain(
      'activity without a valid Bot Framework token',
    );
    h.checkLogs();
  });

  it('answers an activity with a valid token, replying with the bot’s own outgoing token', async () => {
    const card = await h.ask(USERS.la, 'help');
    expect(cardText(card)).toContain('notify');
    const reply = h.fake.sent(personal(USERS.la).conversationId).at(-1)!;
    expect(reply.authorization).toBe('Bearer local-connector-token');
    expect(h.connectorScopes).toContain('https://api.botframework.com');
    // The SDK fetched the signing keys from the configured authority, for the configured tenant.
    expect(issuer.fetched).toContain(`/${TENANT}/discovery/v2.0/keys`);
    h.checkLogs();
  });
});

/** With MicrosoftAppId set, every activity needs a valid Bot Framework token. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness, NOTIFICATION, personal, USERS } from './harness.js';

describe('Teams with credentials', () => {
  const h = new Harness({ env: { MicrosoftAppId: '0b0b0b0b-0000-4000-8000-000000000b07', MicrosoftAppPassword: 'not-a-real-secret', MicrosoftAppType: 'MultiTenant' } });
  beforeAll(() => h.start());
  afterAll(() => h.stop());

  it('rejects activities without a valid token (401), does nothing and calls nobody', async () => {
    const message = h.activity(USERS.la, personal(USERS.la), { type: 'message', text: 'notify' });
    expect((await h.post(message)).status).toBe(401);
    expect((await h.post(message, { authorization: 'Bearer abc.def.ghi' })).status).toBe(401);
    const submit = h.activity(USERS.la, personal(USERS.la), {
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'notify.submit', data: { cspr: { verb: 'notify.submit', requestId: '0c0c0c0c-0000-4000-8000-000000000001' }, ...NOTIFICATION } } },
    });
    const res = await h.post(submit);
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain('Child A');
    expect(await h.allCases()).toEqual([]);
    expect(h.fake.calls).toEqual([]);
    expect(h.logs.join('\n')).toContain('activity without a valid Bot Framework token');
    h.checkLogs();
  });
});

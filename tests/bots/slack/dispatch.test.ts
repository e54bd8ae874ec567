/**
 * The one-listener-per-kind routing (src/bots/slack/dispatch.ts) on a real bolt App: each request
 * reaches the handler of its id only, through bolt's own matching, and a second handler for an id
 * is refused when registered (not silently run beside the first).
 */
import { App } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { dispatchingApp } from '../../../src/bots/slack/dispatch.js';

function boltApp(): App {
  return new App({
    signingSecret: 'test-secret',
    authorize: async () => ({ botToken: 'xoxb-test' }),
    convoStore: false,
  });
}

const user = { id: 'U0LA1', team_id: 'T0TEST01' };
const team = { id: 'T0TEST01', domain: 'test' };
const blockAction = (actionId: string) => ({
  type: 'block_actions',
  user,
  team,
  api_app_id: 'A0TEST',
  token: 'x',
  trigger_id: '1.2.3',
  channel: { id: 'C0TEST01', name: 'test' },
  actions: [{ type: 'button', action_id: actionId, block_id: 'b1', value: 'v', action_ts: '1.1' }],
});
const viewSubmission = (callbackId: string) => ({
  type: 'view_submission',
  user,
  team,
  api_app_id: 'A0TEST',
  token: 'x',
  trigger_id: '1.2.3',
  view: {
    id: 'V0TEST',
    callback_id: callbackId,
    type: 'modal',
    state: { values: {} },
    private_metadata: '',
    hash: 'h',
    team_id: 'T0TEST01',
    app_id: 'A0TEST',
    bot_id: 'B0TEST',
  },
});
const shortcut = (callbackId: string) => ({
  type: 'shortcut',
  user,
  team,
  callback_id: callbackId,
  trigger_id: '1.2.3',
  token: 'x',
  action_ts: '1.1',
});

async function deliver(app: App, body: Record<string, unknown>): Promise<void> {
  await app.processEvent({ body, ack: async () => undefined });
}

describe('slack dispatch', () => {
  it('runs the handler of the request’s id, and no other, for actions, views and shortcuts', async () => {
    const app = boltApp();
    const routes = dispatchingApp(app);
    const ran: string[] = [];
    for (const id of ['a1', 'a2'])
      routes.action(id, async ({ ack }) => void (await ack(), ran.push(`action ${id}`)));
    for (const id of ['v1', 'v2'])
      routes.view(id, async ({ ack }) => void (await ack(), ran.push(`view ${id}`)));
    routes.shortcut('s1', async ({ ack }) => void (await ack(), ran.push('shortcut s1')));
    routes.command('/cspr', async ({ ack }) => void (await ack(), ran.push('command')));

    await deliver(app, blockAction('a2'));
    await deliver(app, viewSubmission('v1'));
    await deliver(app, shortcut('s1'));
    await deliver(app, blockAction('unknown'));
    await deliver(app, viewSubmission('unknown'));
    expect(ran).toEqual(['action a2', 'view v1', 'shortcut s1']);
  });

  it('refuses a second handler for an id, and a pattern instead of an id', () => {
    const routes = dispatchingApp(boltApp());
    routes.action('a1', async () => undefined);
    expect(() => routes.action('a1', async () => undefined)).toThrow(
      'slack action a1 has a handler already',
    );
    expect(() => routes.view(/v.*/, async () => undefined)).toThrow(
      'slack view: give one id and one handler',
    );
  });
});

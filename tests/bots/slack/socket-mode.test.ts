/**
 * Socket Mode: with SLACK_APP_TOKEN the bot connects out to Slack (apps.connections.open with the
 * app-level token, then the WebSocket it names) and needs no request URL. The same flows as over
 * HTTP, delivered as envelopes on the fake's WebSocket: each envelope is acknowledged with its own
 * envelope_id, a modal submission's answer travels in the acknowledgement, and nothing is served at
 * POST /slack/events.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../../src/cards/slack/case-message.js';
import { join } from 'node:path';
import { startBot } from '../../../src/bot.js';
import { ConfigError, loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { APP_TOKEN } from './fake-slack.js';
import {
  commandReply,
  NOTIFICATION,
  notify,
  openForm,
  settledChannel,
  startHarness,
  U,
  type Harness,
} from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ socketMode: true });
});
afterEach(async () => {
  expect(h.fake.problems, 'every Block Kit payload is within Slack’s limits').toEqual([]);
  await h.stop();
});

/** Every envelope sent was acknowledged, once, with its own id. */
function everyEnvelopeAcknowledged(): void {
  const socket = h.socket!;
  expect(socket.sent.length).toBeGreaterThan(0);
  expect(socket.acks.map((a) => a.envelope_id).sort()).toEqual(
    socket.sent.map((e) => e.envelope_id).sort(),
  );
}

describe('Slack in Socket Mode', () => {
  it('connects out with the app-level token and serves nothing over HTTP', async () => {
    const opens = h.fake.callsTo('apps.connections.open');
    expect(opens).toHaveLength(1);
    expect(opens[0]!.token).toBe(APP_TOKEN);
    expect(h.socket!.connected).toBe(true);
    const posted = await fetch(`http://127.0.0.1:${h.bot.port}/slack/events`, {
      method: 'POST',
      body: 'x',
    });
    expect(posted.status).toBe(404);
  });

  it('refuses to start, in one line naming the variable, when Slack refuses the app-level token', async () => {
    const config = loadConfig({
      PORT: '0',
      DATA_DIR: join(h.dir, 'other'),
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_APP_TOKEN: 'xapp-1-revoked-token',
      SLACK_API_URL: h.fake.apiUrl,
    });
    const started = startBot(config, { log: createLogger({ level: 'silent' }) });
    await expect(started).rejects.toThrow(ConfigError);
    await expect(started).rejects.toThrow(
      /SLACK_APP_TOKEN: Slack refused the Socket Mode connection \(“invalid_auth”\)/,
    );
    await expect(started).rejects.not.toThrow(/revoked-token/);
  });

  it('answers /cspr help sent as a slash_commands envelope', async () => {
    const text = await commandReply(h, U.outsider, 'help');
    expect(text).toContain('CSPR bot commands');
    everyEnvelopeAcknowledged();
    expect(h.socket!.sent.map((e) => e.type)).toEqual(['slash_commands']);
  });

  it('notify → the modal’s answer in the acknowledgement, the case channel and a form from its button', async () => {
    const { answer } = await notify(h);
    expect(answer.json?.response_action).toBe('update');
    const { c, channel } = await settledChannel(h);
    expect(c.ref).toBe('LINCS-2026-001');
    expect(h.fake.channels.get(channel)?.members.has(U.police)).toBe(true);
    const view = await openForm(h, U.police, ACTION_IDS.facts, c.id, channel);
    expect(view.callback_id).toBe('cspr_facts');
    everyEnvelopeAcknowledged();
    expect(new Set(h.socket!.sent.map((e) => e.type))).toEqual(
      new Set(['slash_commands', 'interactive']),
    );
  });

  it('an events_api envelope (the Home opened) is acknowledged and the Home published', async () => {
    expect((await h.slack.openHome(U.chair)).status).toBe(200);
    await h.fake.waitFor(() => h.fake.homes.get(U.chair), 'the chair’s Home');
    expect(JSON.stringify(h.fake.homes.get(U.chair))).toContain('My work');
    everyEnvelopeAcknowledged();
    expect(h.socket!.sent.map((e) => e.type)).toEqual(['events_api']);
  });

  it('a submission with a field error is answered in the acknowledgement and stores nothing', async () => {
    const { answer } = await notify(h, U.la, { ...NOTIFICATION, awareOn: '' });
    expect(answer.json?.response_action).toBe('errors');
    expect((answer.json?.errors as Record<string, string>).awareOn).toBeTruthy();
    expect(await h.bot.service.repo.list(['lincs'])).toHaveLength(0);
    everyEnvelopeAcknowledged();
  });
});

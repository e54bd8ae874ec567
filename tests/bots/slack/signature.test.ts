/**
 * Request signatures: a missing, wrong, stale (older than 5 minutes) or early (more than 5 minutes
 * in the future) signature gets 401 and the
 * bot does nothing: no Slack call, no case.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allCases, startHarness, U, type Harness } from './harness.js';
import { sign } from './slack-sender.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
});

const now = () => Math.floor(Date.now() / 1000);

async function expectNothingHappened(): Promise<void> {
  await h.bot.idle(); // a handler that ran would be waited on here
  expect(h.fake.calls).toEqual([]);
  expect(await allCases(h)).toHaveLength(0);
}

describe('Slack request signatures', () => {
  it('a correctly signed request is accepted', async () => {
    const ok = await h.slack.command(U.la, 'help');
    expect(ok.status).toBe(200);
    await h.fake.waitForCalls('response_url');
  });

  it('answers the Events API URL check on the same endpoint, only when signed', async () => {
    const body = JSON.stringify({
      token: 'legacy',
      challenge: 'c4a11e9b',
      type: 'url_verification',
    });
    const ok = await h.slack.post(body, 'signed', 'application/json');
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ challenge: 'c4a11e9b' });
    expect((await h.slack.post(body, {}, 'application/json')).status).toBe(401);
  });

  it('rejects a request without signature headers', async () => {
    const body = h.slack.commandBody(U.la, 'notify');
    expect((await h.slack.post(body, {})).status).toBe(401);
    expect((await h.slack.post(body, { 'x-slack-request-timestamp': String(now()) })).status).toBe(
      401,
    );
    expect((await h.slack.post(body, { 'x-slack-signature': sign(body, now()) })).status).toBe(401);
    await expectNothingHappened();
  });

  it('rejects a wrong signature: another secret, a tampered body, a timestamp that does not match', async () => {
    const body = h.slack.commandBody(U.la, 'notify');
    const ts = now();
    expect(
      (
        await h.slack.post(body, {
          'x-slack-request-timestamp': String(ts),
          'x-slack-signature': sign(body, ts, 'another-secret'),
        })
      ).status,
    ).toBe(401);
    const tampered = body.replace('notify', 'list');
    expect(
      (
        await h.slack.post(tampered, {
          'x-slack-request-timestamp': String(ts),
          'x-slack-signature': sign(body, ts),
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await h.slack.post(body, {
          'x-slack-request-timestamp': String(ts + 1),
          'x-slack-signature': sign(body, ts),
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await h.slack.post(body, {
          'x-slack-request-timestamp': String(ts),
          'x-slack-signature': 'v0=deadbeef',
        })
      ).status,
    ).toBe(401);
    await expectNothingHappened();
  });

  it('rejects a correctly signed request older than 5 minutes (a replay)', async () => {
    const body = h.slack.commandBody(U.la, 'notify');
    const stale = now() - 5 * 60 - 5;
    expect(
      (
        await h.slack.post(body, {
          'x-slack-request-timestamp': String(stale),
          'x-slack-signature': sign(body, stale),
        })
      ).status,
    ).toBe(401);
    const submission = h.slack.payloadBody({
      type: 'view_submission',
      user: { id: U.la },
      team: { id: 'T0LINCS01' },
      view: { id: 'VREPLAY1', callback_id: 'cspr_notification', state: { values: {} } },
    });
    expect(
      (
        await h.slack.post(submission, {
          'x-slack-request-timestamp': String(stale),
          'x-slack-signature': sign(submission, stale),
        })
      ).status,
    ).toBe(401);
    await expectNothingHappened();
  });

  it('rejects a correctly signed request more than 5 minutes in the future, like a stale one', async () => {
    const body = h.slack.commandBody(U.la, 'notify');
    const early = now() + 5 * 60 + 5;
    expect(
      (
        await h.slack.post(body, {
          'x-slack-request-timestamp': String(early),
          'x-slack-signature': sign(body, early),
        })
      ).status,
    ).toBe(401);
    const submission = h.slack.payloadBody({
      type: 'view_submission',
      user: { id: U.la },
      team: { id: 'T0LINCS01' },
      view: { id: 'VEARLY01', callback_id: 'cspr_notification', state: { values: {} } },
    });
    expect(
      (
        await h.slack.post(submission, {
          'x-slack-request-timestamp': String(early),
          'x-slack-signature': sign(submission, early),
        })
      ).status,
    ).toBe(401);
    await expectNothingHappened();
    expect(h.logs.some((l) => l.includes('signature.future_timestamp'))).toBe(true);
  });

  it('accepts a correctly signed request a little ahead (clocks differ by less than 5 minutes)', async () => {
    const body = h.slack.commandBody(U.la, 'help');
    const ahead = now() + 4 * 60;
    expect(
      (
        await h.slack.post(body, {
          'x-slack-request-timestamp': String(ahead),
          'x-slack-signature': sign(body, ahead),
        })
      ).status,
    ).toBe(200);
    await h.fake.waitForCalls('response_url');
  });
});

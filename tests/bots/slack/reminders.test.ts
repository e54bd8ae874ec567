/**
 * Reminders through Slack: the scheduler's Slack notifier posts the digest in the case channel and
 * personal reminders as direct messages, retries a rate-limited post after Retry-After, and obeys
 * `/cspr remind pause|resume` and `/cspr mute`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { instantAt } from '../../../src/domain/calendar.js';
import { allCases, notify, settledChannel, startHarness, U, type Harness } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  expect(h.fake.problems, 'every Block Kit payload is within Slack’s limits').toEqual([]);
  await h.stop();
});

async function notifiedCase(): Promise<{ caseId: string; ref: string; channel: string }> {
  await notify(h);
  const { c, channel } = await settledChannel(h);
  return { caseId: c.id, ref: c.ref, channel };
}

const posts = (h: Harness, channel: string) =>
  h.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === channel);

async function lastReply(h: Harness): Promise<string> {
  const replies = await h.fake.waitFor(() => {
    const r = h.fake.callsTo('response_url');
    return r.length ? r : undefined;
  }, 'a command reply');
  return JSON.stringify(replies.at(-1)?.args);
}

describe('Slack reminders', () => {
  it('posts the digest in the case channel and direct messages on the right days, with no pseudonym', async () => {
    const { ref, channel } = await notifiedCase();
    const before = posts(h, channel).length;
    h.clock.set(instantAt('2026-12-23', '10:00', 'Europe/London'));
    await h.bot.scheduler.tick();
    const digest = posts(h, channel).slice(before);
    expect(digest).toHaveLength(1);
    const text = JSON.stringify(digest[0]?.args);
    expect(text).toContain(`Daily deadlines for ${ref}`);
    expect(text).toContain('Notify the Panel — due Thu, 31 Dec 2026 (4 working days left)');
    expect(text).not.toContain('Child A');
    expect(posts(h, U.la)).toHaveLength(0); // 4 working days left: no personal reminder yet

    h.clock.set(instantAt('2026-12-29', '09:00', 'Europe/London'));
    await h.bot.scheduler.tick();
    const dm = posts(h, U.la);
    expect(dm.length).toBeGreaterThan(0);
    expect(JSON.stringify(dm[0]?.args)).toContain(`Coming up on ${ref}`);
    expect(JSON.stringify(dm[0]?.args)).toContain('2 working days left');
    expect(JSON.stringify(dm.map((d) => d.args))).not.toContain('Child A');

    const again = h.fake.callsTo('chat.postMessage').length;
    await h.bot.scheduler.tick(); // the same day again: nothing twice
    expect(h.fake.callsTo('chat.postMessage').length).toBe(again);
    h.clock.set(instantAt('2026-12-28', '09:00', 'Europe/London')); // substitute Boxing Day
    expect((await h.bot.scheduler.tick()).planned).toBe(0);
  });

  it('retries a rate-limited post after Retry-After and delivers it once', async () => {
    const { channel } = await notifiedCase();
    const before = posts(h, channel).length;
    h.fake.fail('chat.postMessage', { status: 429, retryAfter: 120 });
    h.clock.set(instantAt('2026-12-23', '10:00', 'Europe/London'));
    const first = await h.bot.scheduler.tick();
    expect(first.failed).toBe(1);
    expect(posts(h, channel).length - before).toBe(1); // the attempt Slack refused with 429, Retry-After: 120
    h.clock.set(instantAt('2026-12-23', '10:01', 'Europe/London'));
    expect((await h.bot.scheduler.tick()).retried).toBe(0);
    expect(posts(h, channel).length - before).toBe(1);
    h.clock.set(instantAt('2026-12-23', '10:02', 'Europe/London'));
    const second = await h.bot.scheduler.tick();
    expect([second.retried, second.sent]).toEqual([1, 1]);
    expect(posts(h, channel).length - before).toBe(2);
    h.clock.set(instantAt('2026-12-23', '10:05', 'Europe/London'));
    await h.bot.scheduler.tick();
    expect(posts(h, channel).length - before).toBe(2); // delivered once
  });

  it('pauses and resumes a case’s reminders (business manager only) and mutes a person’s own', async () => {
    const { ref, channel } = await notifiedCase();
    await h.slack.command(U.la, 'remind pause', channel);
    expect(await lastReply(h)).toContain('Your role does not allow this');
    await h.slack.command(U.bm, 'remind pause', channel);
    await h.fake.waitFor(
      () =>
        JSON.stringify(h.fake.callsTo('response_url').at(-1)?.args).includes('paused')
          ? true
          : undefined,
      'pause reply',
    );
    expect(await lastReply(h)).toContain(`Reminders for ${ref} are paused`);
    const before = h.fake.callsTo('chat.postMessage').length;
    h.clock.set(instantAt('2026-12-29', '09:00', 'Europe/London'));
    await h.bot.scheduler.tick();
    expect(h.fake.callsTo('chat.postMessage').length).toBe(before);

    await h.slack.command(U.bm, 'remind resume', channel);
    await h.fake.waitFor(
      () =>
        JSON.stringify(h.fake.callsTo('response_url').at(-1)?.args).includes('on again')
          ? true
          : undefined,
      'resume reply',
    );
    await h.slack.command(U.la, 'mute personal');
    await h.fake.waitFor(
      () =>
        JSON.stringify(h.fake.callsTo('response_url').at(-1)?.args).includes('muted')
          ? true
          : undefined,
      'mute reply',
    );
    await h.slack.command(U.la, 'mute digest');
    await h.fake.waitFor(
      () =>
        JSON.stringify(h.fake.callsTo('response_url').at(-1)?.args).includes('cannot be muted')
          ? true
          : undefined,
      'digest refusal',
    );
    await h.bot.scheduler.tick();
    expect(posts(h, U.la)).toHaveLength(0);
    expect(posts(h, channel).length).toBeGreaterThan(0);
    const events = (await h.bot.service.repo.events((await allCases(h))[0]!.id)).map((e) => e.type);
    expect(events).toContain('reminders.paused');
    expect(events).toContain('reminders.resumed');
  });
});

/**
 * Reminders through Teams: the scheduler's Teams notifier posts the digest in the case channel and
 * personal reminders 1:1 by Entra object id, retries a throttled post, and obeys `remind pause`
 * and `mute personal` typed to the bot.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClaimDoc } from '../../../src/scheduler/reminder-claims.js';
import { instantAt } from '../../../src/domain/calendar.js';
import { cardOf, cardText, Harness, inChannel, notifyCase, USERS } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await new Harness().start();
  h.fake.members = Object.values(USERS).map((u) => ({
    id: u.mri,
    aadObjectId: u.aad,
    name: u.name,
  }));
});
afterEach(() => h.stop());

const texts = (calls: { body: unknown }[]) => calls.map((c) => cardText(c.body));

describe('Teams reminders', () => {
  it('posts the digest in the case channel and 1:1 reminders on the right days, with no pseudonym', async () => {
    const o = await notifyCase(h);
    const channelId = o.where.channelId!;
    const before = h.fake.channelPosts(channelId).length;
    h.clock.set(instantAt('2026-12-23', '10:00', 'Europe/London'));
    await h.bot.scheduler.tick();
    const digest = h.fake.channelPosts(channelId).slice(before);
    expect(digest).toHaveLength(1);
    const card = cardOf(digest[0]!);
    expect(cardText(card)).toContain(`Daily deadlines for ${o.ref}`);
    expect(cardText(card)).toContain(
      'Notify the Panel — due Thu, 31 Dec 2026 (4 working days left)',
    );
    expect(cardText(card)).not.toContain('Child A');

    h.clock.set(instantAt('2026-12-29', '09:00', 'Europe/London'));
    const personalBefore = h.fake.personalOpened().length;
    await h.bot.scheduler.tick();
    const opened = h.fake.personalOpened().slice(personalBefore);
    expect(opened).toContain(USERS.la.aad);
    const dms = texts(h.fake.sent().slice(-opened.length));
    expect(
      dms.some((t) => t.includes(`Coming up on ${o.ref}`) && t.includes('2 working days left')),
    ).toBe(true);
    expect(dms.join(' ')).not.toContain('Child A');
    const count = h.fake.connectorCalls('POST').length;
    await h.bot.scheduler.tick(); // same day again: nothing twice
    expect(h.fake.connectorCalls('POST').length).toBe(count);
  });

  it('retries a throttled post and delivers it once', async () => {
    const o = await notifyCase(h);
    const channelId = o.where.channelId!;
    const before = h.fake.channelPosts(channelId).length;
    h.fake.connectorFailures.push({
      match: (c) => c.path === '/v3/conversations' && c.method === 'POST',
      status: 429,
      times: 10,
    });
    h.clock.set(instantAt('2026-12-23', '10:00', 'Europe/London'));
    expect((await h.bot.scheduler.tick()).failed).toBe(1);
    h.fake.connectorFailures.length = 0;
    h.clock.set(instantAt('2026-12-23', '10:01', 'Europe/London'));
    expect((await h.bot.scheduler.tick()).sent).toBe(1);
    h.clock.set(instantAt('2026-12-23', '10:05', 'Europe/London'));
    await h.bot.scheduler.tick();
    const digests = h.fake
      .channelPosts(channelId)
      .slice(before)
      .filter(
        (c) => cardText(c.body).includes('Daily deadlines') && !c.path.includes('activities'),
      );
    expect(digests.length).toBeGreaterThanOrEqual(1);
    const delivered = (
      await h.bot.store.records<ClaimDoc>('reminder_claims').page(undefined, 1000)
    ).filter((r) => r.value.state === 'sent');
    expect(delivered.filter((c) => c.id.startsWith('digest:'))).toHaveLength(1);
  });

  it('pauses a case’s reminders for the business manager only, and mutes one’s own personal reminders', async () => {
    const o = await notifyCase(h);
    const here = inChannel(o.where.channelId!);
    expect(cardText(await h.ask(USERS.la, 'remind pause', here))).toContain(
      'Your role does not allow this',
    );
    expect(cardText(await h.ask(USERS.bm, 'remind pause', here))).toContain(
      `Reminders for ${o.ref} are paused`,
    );
    h.clock.set(instantAt('2026-12-29', '09:00', 'Europe/London'));
    expect((await h.bot.scheduler.tick()).planned).toBe(0);
    expect(cardText(await h.ask(USERS.bm, 'remind resume', here))).toContain('on again');
    expect(cardText(await h.ask(USERS.la, 'mute personal'))).toContain('muted');
    expect(cardText(await h.ask(USERS.la, 'mute digest'))).toContain('cannot be muted');
    const before = h.fake.personalOpened().length;
    const report = await h.bot.scheduler.tick();
    expect(report.muted).toBeGreaterThan(0);
    expect(h.fake.personalOpened().slice(before)).not.toContain(USERS.la.aad);
  });
});

/**
 * Every invoke is answered without waiting for Microsoft Graph: the notification is answered at once
 * ("… is recorded; opening its private channel…") while Graph is still held (as slow as the test
 * wants: no timers), and the card the person pressed is updated in place once the channel, its
 * members and the case card are there, or with the failure and Retry when Graph refuses (403),
 * throttles (429) or fails (500). No sleeps: the test waits on the held request and on `idle()`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardText, executeActions, Harness, NOTIFICATION, personal, USERS } from './harness.js';

describe('Teams: fast answers while Graph is slow or failing', () => {
  const h = new Harness();
  beforeAll(() => h.start());
  afterAll(() => h.stop());

  it('answers the notification while Graph has not answered, then updates the answer card in place', async () => {
    const form = await h.ask(USERS.la, 'notify');
    const release = h.fake.holdGraph();
    const answer = await h.press(USERS.la, form, 'notify.submit', NOTIFICATION, undefined, {
      settle: false,
    });
    expect(answer.status).toBe(200);
    const ref = /Case ([A-Z]+-\d{4}-\d{3}) notified/.exec(cardText(answer.card))?.[1];
    expect(ref).toBeDefined();
    expect(cardText(answer.card)).toContain(`${ref} is recorded; opening its private channel…`);
    expect(executeActions(answer.card).map((a) => a.verb)).not.toContain('channel.retry');
    // The case is saved before Graph answers; the channel is not there yet.
    expect((await h.caseByRef(ref!)).state).toBe('notified');
    await h.fake.graphHeld();
    expect(h.fake.channels).toHaveLength(0);
    expect(h.updatedCard(personal(USERS.la).conversationId, answer.messageId)).toBeUndefined();

    // A Retry pressed meanwhile is answered at once too, and opens no second channel.
    const retry = await h.invoke(
      USERS.la,
      'channel.retry',
      { cspr: { verb: 'channel.retry', caseId: (await h.caseByRef(ref!)).id } },
      undefined,
      { settle: false },
    );
    expect(cardText(retry.card)).toContain('opening its private channel…');

    release();
    await h.bot.idle();
    const settled = h.updatedCard(personal(USERS.la).conversationId, answer.messageId)!;
    expect(cardText(settled)).toContain(`Case channel ${ref} is open in the cases team`);
    expect(h.fake.channels.filter((c) => c.displayName === ref)).toHaveLength(1);
    expect(h.fake.channelPosts(h.fake.channels[0]!.id)).toHaveLength(1);
    h.checkAllCards();
    h.checkLogs();
  });

  it.each([
    [
      '403 (consent missing)',
      [
        {
          status: 403,
          body: { error: { code: 'Forbidden', message: 'Missing role permissions' } },
        },
      ],
      'not allowed to create channels',
    ],
    [
      '429 with a long Retry-After',
      [{ status: 429, headers: { 'retry-after': '30' } }],
      'asked us to wait 30 seconds',
    ],
    ['500 twice', [{ status: 500 }, { status: 500 }], 'could not be reached'],
  ])(
    'Graph %s: answered at once, then the answer card shows the failure with Retry',
    async (_what, answers, words) => {
      const form = await h.ask(USERS.la, 'notify');
      h.fake.channelAnswers.push(...answers);
      const r = await h.press(USERS.la, form, 'notify.submit', NOTIFICATION);
      expect(cardText(r.card)).toContain('is recorded; opening its private channel…');
      expect(cardText(r.settled)).toContain(words);
      expect(executeActions(r.settled).map((a) => a.verb)).toContain('channel.retry');
      const retried = await h.press(USERS.la, r.settled, 'channel.retry');
      expect(cardText(retried.card)).toContain('opening its private channel…');
      expect(cardText(retried.settled)).toContain('is open in the cases team');
    },
  );
});

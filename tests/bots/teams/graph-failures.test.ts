/**
 * Microsoft Graph failures while opening the case channel: each is told in plain words and recorded
 * on the case (`step.failed`); the case is kept and Retry finishes the step without duplicates.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Call } from './fake-teams.js';
import { cardText, executeActions, Harness, notifyCase, TEAM, USERS } from './harness.js';

describe('Teams: Graph failures when opening the case channel', () => {
  const h = new Harness();
  beforeAll(() => h.start());
  afterAll(() => h.stop());
  afterEach(() => {
    h.fake.channelAnswers.length = 0;
    h.fake.connectorFailures.length = 0;
  });

  const failures = async (caseId: string) =>
    (await h.bot.service.repo.events(caseId)).filter((e) => e.type === 'step.failed');
  const teamsChannels = async (ref: string) =>
    (await h.caseByRef(ref)).channels.filter((c) => c.platform === 'teams');

  async function retry(o: { caseId: string; confirmation: Record<string, unknown> }) {
    expect(executeActions(o.confirmation).map((a) => a.verb)).toContain('channel.retry');
    return h.press(USERS.la, o.confirmation, 'channel.retry');
  }

  it('403 (consent missing): says what the administrator must do, records it, and Retry then succeeds', async () => {
    h.fake.channelAnswers.push({
      status: 403,
      body: { error: { code: 'Forbidden', message: 'Missing role permissions' } },
    });
    const o = await notifyCase(h);
    expect(cardText(o.confirmation)).toContain('not allowed to create channels in the cases team');
    expect(cardText(o.confirmation)).toContain('Channel.Create.Group');
    expect((await h.caseByRef(o.ref)).state).toBe('notified');
    expect(await teamsChannels(o.ref)).toEqual([]);
    const [failed] = await failures(o.caseId);
    expect(failed).toMatchObject({
      data: { step: 'teams.channel', code: 'graph.403' },
      actor: { id: 'system' },
    });

    const before = h.fake.channelPosts().length;
    const r = await retry(o);
    expect(cardText(r.settled)).toContain(`Case channel ${o.ref} is open`);
    expect(await teamsChannels(o.ref)).toHaveLength(1);
    expect(h.fake.channelPosts().length).toBe(before + 1);
    // A second Retry does nothing more.
    await retry(o);
    expect(h.fake.channelPosts().length).toBe(before + 1);
    expect(
      h.fake
        .channelCreations()
        .filter((c) => (c.body as { displayName: string }).displayName === o.ref),
    ).toHaveLength(2);
  });

  it('409 for a channel of that name that is not the case’s: reported, nothing reused', async () => {
    h.fake.channels.push({
      teamId: TEAM,
      id: '19:squatter@thread.tacv2',
      displayName: 'NORTH-2026-002',
      description: 'someone else’s channel',
      members: [],
    });
    const o = await notifyCase(h);
    expect(o.ref).toBe('NORTH-2026-002');
    expect(cardText(o.confirmation)).toContain(
      'a channel with that name already exists in the cases team and does not belong to this case',
    );
    expect(await teamsChannels(o.ref)).toEqual([]);
    expect((await failures(o.caseId)).map((e) => e.data)).toEqual([
      expect.objectContaining({ code: 'graph.409' }),
    ]);
    const list = h.fake.graphCalls('GET').at(-1)!;
    expect(list.query.get('$filter')).toBe("displayName eq 'NORTH-2026-002'");
  });

  it('409 after a lost answer: the channel Graph did create is the case’s, so it is reused', async () => {
    // Graph creates the channel but the answer is a gateway timeout; the retry gets 409.
    h.fake.channelAnswers.push({ status: 504, create: true });
    const o = await notifyCase(h);
    expect(cardText(o.confirmation)).toContain(`Case channel ${o.ref} is open`);
    const [ch] = await teamsChannels(o.ref);
    const made = h.fake.channels.filter((c) => c.displayName === o.ref);
    expect(made).toHaveLength(1);
    expect(ch!.id).toBe(made[0]!.id);
    expect(h.fake.channelPosts(ch!.id)).toHaveLength(1);
  });

  it('429 with a short Retry-After is waited out once; a long one is reported with the wait', async () => {
    h.fake.channelAnswers.push({ status: 429, headers: { 'retry-after': '1' } });
    const quick = await notifyCase(h);
    expect(cardText(quick.confirmation)).toContain(`Case channel ${quick.ref} is open`);
    expect(await failures(quick.caseId)).toEqual([]);

    h.fake.channelAnswers.push({ status: 429, headers: { 'retry-after': '30' } });
    const slow = await notifyCase(h);
    expect(cardText(slow.confirmation)).toContain('asked us to wait 30 seconds');
    expect((await failures(slow.caseId)).map((e) => e.data)).toEqual([
      expect.objectContaining({ step: 'teams.channel', code: 'graph.429' }),
    ]);
    const posts = h.graphPostsFor(slow.ref);
    expect(posts).toBe(1);
    const r = await retry(slow);
    expect(cardText(r.settled)).toContain(`Case channel ${slow.ref} is open`);
  });

  it('5xx twice: reported as unavailable and recorded; the case is kept; Retry succeeds', async () => {
    h.fake.channelAnswers.push({ status: 503 }, { status: 502 });
    const o = await notifyCase(h);
    expect(cardText(o.confirmation)).toContain('could not be reached');
    expect(h.graphPostsFor(o.ref)).toBe(2);
    expect((await failures(o.caseId)).map((e) => e.data)).toEqual([
      expect.objectContaining({ code: 'graph.502' }),
    ]);
    expect((await h.caseByRef(o.ref)).notification).toBeDefined();
    await retry(o);
    expect(await teamsChannels(o.ref)).toHaveLength(1);
  });

  it('a failed case-card post is reported and retried without creating a second channel', async () => {
    const isChannelPost = (c: Call) =>
      c.method === 'POST' &&
      c.path === '/v3/conversations' &&
      Boolean((c.body as { isGroup?: boolean }).isGroup);
    h.fake.connectorFailures.push({ match: isChannelPost, status: 502, times: 10 });
    const o = await notifyCase(h);
    const attempts = h.fake.calls.filter(isChannelPost).length;
    expect(cardText(o.confirmation)).toContain(
      `The channel ${o.ref} exists but I could not post the case card in it`,
    );
    const channels = await teamsChannels(o.ref);
    expect(channels).toHaveLength(1);
    expect((channels[0]!.meta as { activityId?: string }).activityId).toBeUndefined();
    expect((await failures(o.caseId)).map((e) => e.data)).toEqual([
      expect.objectContaining({ step: 'teams.card', code: 'connector.failed' }),
    ]);

    h.fake.connectorFailures.length = 0;
    const r = await retry(o);
    expect(cardText(r.settled)).toContain(`Case channel ${o.ref} is open`);
    expect(h.graphPostsFor(o.ref)).toBe(1);
    expect(h.fake.calls.filter(isChannelPost).length).toBe(attempts + 1);
    const meta = (await teamsChannels(o.ref))[0]!.meta as { activityId?: string };
    expect(meta.activityId).toBeDefined();
    h.checkAllCards();
    h.checkLogs();
  });
});

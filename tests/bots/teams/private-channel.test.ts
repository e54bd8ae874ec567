/**
 * A private channel per case (Graph, `membershipType: private`), named by the reference only, whose
 * members are the case's role holders and nobody else, the business manager its owner (the fake
 * refuses an app-created private channel without one, as Graph does). Membership follows the
 * partnership file: a holder removed from it is taken out of the open case channels at the next
 * start, and the business manager is told who.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardText, Harness, notifyCase, PARTNERSHIPS_YAML, TEAM, USERS } from './harness.js';

const holderAads = [
  USERS.la,
  USERS.police,
  USERS.health,
  USERS.bm,
  USERS.chair,
  USERS.scrutineer,
  USERS.member,
].map((u) => u.aad);

describe('Teams: a private channel per case', () => {
  const h = new Harness();
  beforeAll(() => h.start());
  afterAll(() => h.stop());

  it('creates the channel private, named by the reference, with the business manager as owner and the holders as members', async () => {
    const o = await notifyCase(h);
    const create = h.fake.channelCreations().at(-1)!;
    expect(create.path).toBe(`/teams/${TEAM}/channels`);
    const body = create.body as {
      displayName: string;
      membershipType: string;
      members: { roles: string[]; 'user@odata.bind': string }[];
    };
    expect(body.displayName).toBe(o.ref);
    expect(body.membershipType).toBe('private');
    expect(body.members).toEqual([
      expect.objectContaining({
        roles: ['owner'],
        'user@odata.bind': expect.stringContaining(`users('${USERS.bm.aad}')`),
      }),
    ]);
    expect(JSON.stringify(body)).not.toContain('Child A');

    const channel = h.fake.channel(o.where.channelId!)!;
    expect(channel.membershipType).toBe('private');
    expect(channel.members.map((m) => m.userId).sort()).toEqual([...holderAads].sort());
    expect(channel.members.find((m) => m.userId === USERS.bm.aad)!.roles).toEqual(['owner']);
    expect(
      channel.members.some(
        (m) => m.userId === USERS.outsider.aad || m.userId === USERS.southLa.aad,
      ),
    ).toBe(false);
    // The members were there before the card was posted in the channel.
    const lastAdd = Math.max(
      ...h.fake.calls.map((c, i) =>
        c.api === 'graph' && c.method === 'POST' && c.path.endsWith('/members') ? i : -1,
      ),
    );
    const cardPost = h.fake.calls.findIndex((c) =>
      h.fake.channelPosts(o.where.channelId).includes(c),
    );
    expect(lastAdd).toBeGreaterThan(-1);
    expect(cardPost).toBeGreaterThan(lastAdd);
    expect(cardText(o.confirmation)).toContain(
      "It is private: only the case's role holders are members.",
    );
    h.checkAllCards();
    h.checkLogs();
  });

  it('a holder who cannot be added is reported with Retry, recorded, and added by Retry', async () => {
    h.fake.memberAnswers.push({
      status: 403,
      body: { error: { code: 'Forbidden', message: 'Missing role permissions' } },
    });
    const o = await notifyCase(h);
    expect(cardText(o.confirmation)).toContain('one role holder could not be added to it');
    expect(cardText(o.confirmation)).toContain('ChannelMember.ReadWrite.All');
    const channel = h.fake.channel(o.where.channelId!)!;
    expect(channel.members).toHaveLength(holderAads.length - 1);
    const failed = (await h.bot.service.repo.events(o.caseId)).filter(
      (e) => e.type === 'step.failed',
    );
    expect(failed.map((e) => e.data)).toEqual([
      expect.objectContaining({ step: 'teams.members', code: 'graph.403' }),
    ]);
    const retry = await h.press(USERS.la, o.confirmation, 'channel.retry');
    expect(cardText(retry.settled)).toContain("with all of the case's role holders as members");
    expect(channel.members.map((m) => m.userId).sort()).toEqual([...holderAads].sort());
    // Still one case card in the channel.
    expect(h.fake.channelPosts(o.where.channelId)).toHaveLength(1);
  });

  it('removes a holder taken out of the partnership file from the open case channels at the next start, and tells the business manager', async () => {
    const channels = h.fake.channels.filter((c) => c.teamId === TEAM).map((c) => c.id);
    expect(channels.length).toBeGreaterThanOrEqual(2);
    for (const id of channels)
      expect(h.fake.channel(id)!.members.some((m) => m.userId === USERS.member.aad)).toBe(true);
    const bmChats = h.fake.personalOpened().filter((id) => id === USERS.bm.aad).length;

    h.rewritePartnerships(PARTNERSHIPS_YAML.replace(/^ {6}- \{ id: member,.*$/m, ''));
    await h.restart();

    for (const id of channels) {
      const members = h.fake.channel(id)!.members.map((m) => m.userId);
      expect(members).not.toContain(USERS.member.aad);
      expect(members).toContain(USERS.bm.aad);
    }
    expect(h.fake.graphCalls('DELETE')).toHaveLength(channels.length);
    expect(h.logs.join('\n')).toContain(
      'teams case channel members brought in step with the partnership file',
    );
    // The business manager is told, by name, for each channel.
    expect(h.fake.personalOpened().filter((id) => id === USERS.bm.aad).length).toBe(
      bmChats + channels.length,
    );
    const told = h.fake.sent('a:personal-' + USERS.bm.aad).map((c) => cardText(c.body));
    expect(
      told.filter((t) => t.includes('no longer hold a role') && t.includes(USERS.member.name)),
    ).toHaveLength(channels.length);
    h.checkLogs();
  });

  it('a start with the file unchanged changes no membership and tells nobody', async () => {
    const before = h.fake.calls.length;
    await h.restart();
    const since = h.fake.calls.slice(before);
    expect(since.filter((c) => c.api === 'graph' && c.method !== 'GET')).toEqual([]);
    expect(since.filter((c) => c.api === 'connector')).toEqual([]);
  });
});

/** Differing votes escalate: posted in the channel, the chair and scrutineer told; agreement then decides. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardText, Harness, notifyCase, toRapidReview, USERS, vote } from './harness.js';

describe('Teams: differing votes', () => {
  const h = new Harness();
  beforeAll(() => h.start());
  afterAll(() => h.stop());

  it('escalates, tells the chair and scrutineer, and records the decision once all three agree', async () => {
    h.fake.members = Object.values(USERS).map((u) => ({
      id: u.mri,
      aadObjectId: u.aad,
      name: u.name,
    }));
    const o = await notifyCase(h);
    await toRapidReview(h, o);
    await vote(h, USERS.la, o, 'lcspr');
    await vote(h, USERS.police, o, 'lcspr');
    const third = await vote(h, USERS.health, o, 'no-further-review');
    expect(cardText(third.card)).toContain('The votes differ: the case is escalated to the chair.');

    const c = await h.caseByRef(o.ref);
    expect(c.state).toBe('escalated');
    expect(c.decision).toBeUndefined();
    // A reply in the case card's thread, not a new post.
    const post = h.fake.threadReplies(o.where.channelId).at(-1)!;
    const card = (await h.caseByRef(o.ref)).channels[0]!.meta as { conversationId: string };
    expect(post.path).toBe(`/v3/conversations/${card.conversationId}/activities`);
    expect(cardText(post.body)).toContain(`Votes differ: ${o.ref} is escalated`);
    expect(cardText(post.body)).toContain('rationale-marker health');
    expect(h.fake.personalOpened().sort()).toEqual([USERS.chair.aad, USERS.scrutineer.aad].sort());
    expect(cardText(h.fake.sent().at(-1)!.body)).toContain(`Escalated: ${o.ref}`);

    // Health revises its vote: the three now agree and the decision is recorded.
    const revised = await vote(
      h,
      USERS.health,
      o,
      'lcspr',
      'rationale-marker health, revised after the chair’s meeting',
    );
    expect(cardText(revised.card)).toContain('and the decision with it');
    const after = await h.caseByRef(o.ref);
    expect(after.state).toBe('decided');
    expect(after.decision?.votes.health.rationale).toContain('revised');
    expect(cardText(h.fake.threadReplies(o.where.channelId).at(-1)!.body)).toContain(
      `Decision recorded: ${o.ref}`,
    );
    expect(h.fake.channelPosts(o.where.channelId)).toHaveLength(1); // the case card only
    expect(h.fake.personalOpened()).toHaveLength(4);

    // Once decided, votes cannot change.
    const late = await h.press(USERS.la, revised.card, 'case.refresh', {}, o.where);
    expect(cardText(late.card)).not.toContain('Cast vote');
    h.checkAllCards();
    h.checkLogs();
  });
});

describe('Teams: a chair who cannot be reached', () => {
  const h = new Harness();
  beforeAll(() => h.start());
  afterAll(() => h.stop());

  it('is told by name to the business manager, and the failure is recorded on the case', async () => {
    const o = await notifyCase(h);
    await toRapidReview(h, o);
    // The app is not installed for the chair: the connector refuses the 1:1 conversation.
    h.fake.connectorFailures.push({
      match: (c) =>
        c.method === 'POST' &&
        c.path === '/v3/conversations' &&
        (c.body as { members?: { id: string }[] }).members?.[0]?.id === USERS.chair.aad,
      status: 403,
      times: 1,
    });
    await vote(h, USERS.la, o, 'lcspr');
    await vote(h, USERS.police, o, 'lcspr');
    await vote(h, USERS.health, o, 'no-further-review');
    expect((await h.caseByRef(o.ref)).state).toBe('escalated');
    const told = h.fake
      .sent(`a:personal-${USERS.bm.aad}`)
      .map((c) => cardText(c.body))
      .join('\n');
    expect(told).toContain(`I could not reach ${USERS.chair.name} in Teams about ${o.ref}`);
    expect(told).not.toContain(USERS.scrutineer.name);
    const failed = (await h.bot.service.repo.events(o.caseId)).filter(
      (e) => e.type === 'step.failed',
    );
    expect(failed.map((e) => e.data)).toContainEqual(
      expect.objectContaining({ step: 'teams.tell', code: 'connector.403' }),
    );
    h.checkLogs();
  });
});

/**
 * End to end over real HTTP: a notification to a recorded decision, as Teams would drive it —
 * messages, `adaptiveCard/action` invokes (including per-user refreshes), with the fake Bot
 * Connector and Microsoft Graph recording every call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cardText,
  executeActions,
  FACTS,
  CRITERIA,
  Harness,
  inChannel,
  inputIds,
  NOTIFICATION,
  TEAM,
  TENANT,
  USERS,
} from './harness.js';

const REF = 'NORTH-2026-001';
const VOTE = (outcome: string, who: string) => ({
  outcome,
  rationale: `rationale-marker from ${who}: the criteria are met.`,
  criteria: 'improvements,multi-agency',
});

describe('Teams: from notification to a recorded decision', () => {
  const h = new Harness();
  beforeAll(async () => {
    await h.start();
    h.fake.members = Object.values(USERS).map((u) => ({
      id: u.mri,
      aadObjectId: u.aad,
      name: u.name,
    }));
  });
  afterAll(() => h.stop());

  it('notifies, opens the case channel, records facts, criteria and three votes, and posts the decision', async () => {
    // `notify` in a personal chat: the notification form, built from the one form definition.
    const form = await h.ask(USERS.la, 'notify');
    expect(inputIds(form)).toEqual(
      expect.arrayContaining([
        'awareOn',
        'harm',
        'child1Pseudonym',
        'child1Age',
        'summary',
        'panelNotifiedOn',
      ]),
    );
    const submit = executeActions(form).find((a) => a.verb === 'notify.submit')!;
    expect((submit.data.cspr as { requestId?: string }).requestId).toMatch(/^[0-9a-f-]{36}$/);

    // Invalid input comes back naming the field; nothing is stored.
    const bad = await h.press(USERS.la, form, 'notify.submit', {
      ...NOTIFICATION,
      summary: '',
      child1Age: '40',
    });
    expect(cardText(bad.card)).toContain('Short summary (no names) is required.');
    expect(cardText(bad.card)).toContain(
      'Age must be a whole number from 0 to 17, or up to 24 for a care leaver.',
    );
    expect(cardText(bad.card)).toContain('Please correct: Child 1: age; Short summary (no names)');
    expect(await h.allCases()).toHaveLength(0);
    expect(h.fake.graphCalls()).toHaveLength(0);

    // Valid: the case is created, its channel too (Graph), and the case card is posted there.
    const done = await h.press(USERS.la, bad.card, 'notify.submit', NOTIFICATION);
    expect(done.status).toBe(200);
    expect(cardText(done.card)).toContain(`Case ${REF} notified`);
    expect(cardText(done.card)).toContain('s16C(1) is met');
    // Answered at once; the channel follows and the answer card is updated in place once it is there.
    expect(cardText(done.card)).toContain(`${REF} is recorded; opening its private channel…`);
    expect(cardText(done.settled)).toContain(`Case ${REF} notified`);
    expect(cardText(done.settled)).toContain(`Case channel ${REF} is open in the cases team`);

    const [create] = h.fake.channelCreations();
    expect(h.fake.channelCreations()).toHaveLength(1);
    expect(create!.path).toBe(`/teams/${TEAM}/channels`);
    expect(create!.authorization).toBe('Bearer local-graph-token');
    expect(create!.body).toMatchObject({ displayName: REF, membershipType: 'private' });
    expect(JSON.stringify(create!.body)).not.toContain('Child A');
    expect(new Set(h.tokenCalls)).toEqual(new Set([TENANT]));

    const c = await h.caseByRef(REF);
    expect(c.state).toBe('notified');
    const channel = c.channels.find((x) => x.platform === 'teams')!;
    expect(channel.name).toBe(REF);
    expect(channel.id).toMatch(/@thread\.tacv2$/);
    const meta = channel.meta as {
      activityId: string;
      conversationId: string;
      serviceUrl: string;
      teamId: string;
    };
    expect(meta).toMatchObject({
      teamId: TEAM,
      serviceUrl: h.fake.serviceUrl,
      conversationId: `${channel.id};messageid=${meta.activityId}`,
    });

    const posts = h.fake.channelPosts(channel.id);
    expect(posts).toHaveLength(1);
    const shared = (
      posts[0]!.body as { activity: { attachments: { content: Record<string, unknown> }[] } }
    ).activity.attachments[0]!.content;
    expect((shared.body as { text: string }[])[0]!.text).toBe(`Case ${REF}`);
    // Per-user refresh for the three partner holders (their Teams ids, learned from the roster).
    expect((shared.refresh as { userIds: string[] }).userIds.sort()).toEqual(
      [USERS.la.mri, USERS.police.mri, USERS.health.mri].sort(),
    );
    // No vote button before the rapid review has begun.
    expect(executeActions(shared.actions).map((a) => a.verb)).toEqual([
      'notified.open',
      'facts.open',
      'criteria.open',
      'case.refresh',
    ]);

    // A repeated invoke (double click / client retry) creates no second case, channel or post.
    const again = await h.press(USERS.la, bad.card, 'notify.submit', NOTIFICATION);
    expect(cardText(again.card)).toContain(`Case ${REF} notified`);
    expect(await h.allCases()).toHaveLength(1);
    expect(h.fake.channelCreations()).toHaveLength(1);
    expect(h.fake.channelPosts()).toHaveLength(1);

    // In the case channel the reference is implied: the business manager records the facts.
    const where = inChannel(channel.id);
    const factsForm = await h.ask(USERS.bm, 'facts', where);
    expect(inputIds(factsForm)).toEqual(
      expect.arrayContaining(['summary', 'agencies', 'immediateAction', 'themes']),
    );
    const updatesBefore = h.fake.updates().length;
    const saved = await h.press(USERS.bm, factsForm, 'facts.submit', FACTS, where);
    expect(cardText(saved.card)).toContain('Rapid-review facts recorded.');
    expect((await h.caseByRef(REF)).facts?.agencies).toEqual([
      'childrens-social-care',
      'police',
      'health-visiting',
    ]);
    // The case card is updated in place.
    const update = h.fake.updates().at(-1)!;
    expect(h.fake.updates().length).toBe(updatesBefore + 1);
    expect(update.path).toBe(
      `/v3/conversations/${meta.conversationId}/activities/${meta.activityId}`,
    );
    expect(cardText(update.body)).toContain('Recorded');

    // The criteria from the shared card's button, then its form.
    const criteriaForm = await h.press(USERS.bm, shared, 'criteria.open', {}, where);
    expect(inputIds(criteriaForm.card)).toContain('improvements-evidence');
    const assessed = await h.press(USERS.bm, criteriaForm.card, 'criteria.submit', CRITERIA, where);
    expect(cardText(assessed.card)).toContain('Criteria assessment recorded.');
    expect((await h.caseByRef(REF)).state).toBe('rapid-review');

    // The LA lead's card refreshes to their own vote controls; a business manager's does not.
    const laView = await h.press(USERS.la, shared, 'case.refresh', {}, where);
    expect(inputIds(laView.card)).toEqual(['outcome', 'rationale', 'criteria', 'namesConfirmed']);
    const bmView = await h.press(USERS.bm, shared, 'case.refresh', {}, where);
    expect(inputIds(bmView.card)).toEqual([]);

    // Rationale is required.
    const noWhy = await h.press(
      USERS.la,
      laView.card,
      'vote.submit',
      { outcome: 'lcspr', rationale: ' ' },
      where,
    );
    expect(cardText(noWhy.card)).toContain('Rationale is required.');
    expect((await h.caseByRef(REF)).votes).toEqual({});

    const laVoted = await h.press(USERS.la, noWhy.card, 'vote.submit', VOTE('lcspr', 'LA'), where);
    expect(cardText(laVoted.card)).toContain('Your vote is recorded.');

    // Votes are hidden until all three voted: the police lead's view does not show the LA's outcome.
    const policeView = await h.press(USERS.police, shared, 'case.refresh', {}, where);
    expect(cardText(policeView.card)).toContain('Voted (hidden until all three have voted)');
    expect(cardText(policeView.card)).not.toContain('rationale-marker from LA');
    const lastShared = h.fake.updates().at(-1)!;
    expect(cardText(lastShared.body)).not.toContain('rationale-marker from LA');

    // A double click on the police vote records one vote.
    const policeData = {
      ...executeActions(policeView.card).find((a) => a.verb === 'vote.submit')!.data,
      ...VOTE('lcspr', 'police'),
    };
    await h.invoke(USERS.police, 'vote.submit', policeData, where);
    await h.invoke(USERS.police, 'vote.submit', policeData, where);
    const afterPolice = await h.bot.service.repo.events((await h.caseByRef(REF)).id);
    expect(afterPolice.filter((e) => e.type === 'vote.cast')).toHaveLength(2);

    // The third matching vote records the decision.
    const healthView = await h.press(USERS.health, shared, 'case.refresh', {}, where);
    const decided = await h.press(
      USERS.health,
      healthView.card,
      'vote.submit',
      VOTE('lcspr', 'health'),
      where,
    );
    expect(cardText(decided.card)).toContain('Your vote is recorded, and the decision with it.');
    const final = await h.caseByRef(REF);
    expect(final.state).toBe('decided');
    expect(final.decision?.outcome).toBe('lcspr');

    // The decision is posted as a reply in the case card's thread with each rationale; chair and scrutineer are told 1:1.
    const decisionPost = h.fake.threadReplies(channel.id).at(-1)!;
    expect(decisionPost.path).toBe(`/v3/conversations/${meta.conversationId}/activities`);
    const decisionText = cardText(decisionPost.body);
    expect(decisionText).toContain(`Decision recorded: ${REF}`);
    for (const who of ['LA', 'police', 'health'])
      expect(decisionText).toContain(`rationale-marker from ${who}`);
    expect(h.fake.personalOpened().sort()).toEqual([USERS.chair.aad, USERS.scrutineer.aad].sort());
    const told = h.fake
      .sent()
      .filter((s) => s.path.startsWith('/v3/conversations/a:personal-aaaaaaaa'));
    expect(told).toHaveLength(2);
    expect(cardText(told[0]!.body)).toContain(`Decision recorded on ${REF}`);
    expect(cardText(told[0]!.body)).not.toContain('Child A');

    // The shared card now shows the decision and every vote; no vote controls anywhere.
    const sharedNow = h.fake.updates().at(-1)!;
    expect(cardText(sharedNow.body)).toContain(
      'Decision: Local child safeguarding practice review',
    );
    expect(cardText(sharedNow.body)).toContain('rationale-marker from LA');
    const laAfter = await h.press(USERS.la, shared, 'case.refresh', {}, where);
    expect(inputIds(laAfter.card)).toEqual([]);

    h.checkAllCards();
    h.checkLogs();
  });
});

/**
 * Local mode (no Teams credentials, as with the Agents Playground): no Graph; the case card goes into
 * the notifier's conversation and is updated there in place. Also: install greeting, the read-only
 * commands, and the Action.Submit fallback.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_MODE_LINE } from '../../../src/bots/teams/case-channel.js';
import {
  cardOf,
  cardText,
  executeActions,
  FACTS,
  Harness,
  inputIds,
  notifyCase,
  personal,
  USERS,
  type Opened,
} from './harness.js';

describe('Teams in local mode', () => {
  const h = new Harness({ graph: false });
  let o: Opened;
  beforeAll(() => h.start());
  afterAll(() => h.stop());

  it('greets with the commands when installed', async () => {
    const where = personal(USERS.la);
    const res = await h.post(
      h.activity(USERS.la, where, {
        type: 'conversationUpdate',
        membersAdded: [{ id: '28:cspr-bot' }],
        recipient: { id: '28:cspr-bot', name: 'CSPR' },
      }),
    );
    expect(res.status).toBe(200);
    const greeting = cardOf(h.fake.sent(where.conversationId).at(-1)!);
    expect(cardText(greeting)).toContain('CSPR bot: what you can ask');
    for (const verb of [
      'notify',
      'status [REF]',
      'list',
      'deadlines',
      'roles',
      'facts',
      'criteria',
      'vote',
    ])
      expect(cardText(greeting)).toContain(verb);
    // Someone else joining is not greeted.
    const count = h.fake.sent().length;
    await h.post(
      h.activity(USERS.la, where, {
        type: 'conversationUpdate',
        membersAdded: [{ id: USERS.police.mri }],
      }),
    );
    expect(h.fake.sent().length).toBe(count);
  });

  it('creates the case and posts its card in the current conversation, saying channel creation is off', async () => {
    o = await notifyCase(h);
    expect(cardText(o.confirmation)).toContain(LOCAL_MODE_LINE);
    expect(h.fake.graphCalls()).toEqual([]);
    expect(h.fake.channelPosts()).toEqual([]);
    const c = await h.caseByRef(o.ref);
    const ch = c.channels.find((x) => x.platform === 'teams')!;
    expect(ch).toMatchObject({
      id: o.where.conversationId,
      name: o.ref,
      meta: { local: true, conversationId: o.where.conversationId },
    });
    expect(cardText(o.shared)).toContain(`Case ${o.ref}`);
    // No credentials: the bot sends no token to the connector.
    expect(h.fake.connectorCalls().every((call) => call.authorization === undefined)).toBe(true);
  });

  it('updates that card in place after each step', async () => {
    const meta = (await h.caseByRef(o.ref)).channels.find((x) => x.platform === 'teams')!.meta as {
      activityId: string;
    };
    const form = await h.ask(USERS.bm, `facts ${o.ref}`);
    const saved = await h.press(USERS.bm, form, 'facts.submit', FACTS);
    expect(cardText(saved.card)).toContain('Rapid-review facts recorded.');
    const update = h.fake.updates().at(-1)!;
    expect(update.path).toBe(
      `/v3/conversations/${o.where.conversationId}/activities/${meta.activityId}`,
    );
    expect(cardText(update.body)).toContain('Recorded');
  });

  it('answers status, list, deadlines and roles', async () => {
    const status = await h.ask(USERS.police, `status ${o.ref.toLowerCase()}`);
    expect(cardText(status)).toContain(`Case ${o.ref}`);
    expect(cardText(status)).toContain('Rapid review');
    const list = await h.ask(USERS.chair, 'list');
    expect(cardText(list)).toContain(o.ref);
    expect(cardText(list)).toContain('Child A, Sibling B'); // a personal chat may show pseudonyms
    const deadlines = await h.ask(USERS.bm, 'deadlines');
    expect(cardText(deadlines)).toContain(`${o.ref}: `);
    const roles = await h.ask(USERS.member, 'roles');
    expect(cardText(roles)).toContain('North Safeguarding Children Partnership');
    expect(cardText(roles)).toContain(`Chair: ${USERS.chair.name}`);
    expect(cardText(await h.ask(USERS.la, 'help'))).toContain('CSPR bot: what you can ask');
    expect(cardText(await h.ask(USERS.la, `timeline ${o.ref}`))).toContain(`Audit trail: ${o.ref}`);
  });

  it('handles the Action.Submit fallback (a message with a value) with the same routes', async () => {
    const form = await h.ask(USERS.bm, `criteria ${o.ref}`);
    const data = {
      ...executeActions(form).find((a) => a.verb === 'criteria.submit')!.data,
      improvements: 'maybe',
    };
    const before = h.fake.sent(personal(USERS.bm).conversationId).length;
    const res = await h.post(
      h.activity(USERS.bm, personal(USERS.bm), { type: 'message', value: data }),
    );
    expect(res.status).toBe(200);
    const sent = h.fake.sent(personal(USERS.bm).conversationId);
    expect(sent.length).toBe(before + 1);
    const answer = cardOf(sent.at(-1)!);
    expect(cardText(answer)).toContain(
      'Choose one of the options for Highlights or may highlight improvements',
    );
    expect(inputIds(answer)).toContain('improvements');
    expect((await h.caseByRef(o.ref)).criteria).toBeUndefined();
  });

  it('rejects what is not an activity', async () => {
    expect(
      (
        await fetch(h.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"nope"',
        })
      ).status,
    ).toBe(400);
    expect((await h.post({ hello: 'world' })).status).toBe(400);
    h.checkAllCards();
    h.checkLogs();
  });
});

/**
 * What Teams users expect of a bot: form buttons that say what they do ("Edit facts" once the facts
 * are recorded), and command lists chosen on purpose (at most 10 per scope, each a command the bot
 * answers in Teams).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cardOf,
  cardText,
  CRITERIA,
  executeActions,
  FACTS,
  Harness,
  notifyCase,
  USERS,
} from './harness.js';

describe('Teams: what users expect', () => {
  const h = new Harness();
  beforeAll(() => h.start());
  afterAll(() => h.stop());

  const titles = (card: unknown) => new Map(executeActions(card).map((a) => [a.verb, a.title]));
  /** The case card as it now stands in the channel (last in-place update, else as posted). */
  const caseCardNow = (
    o: { shared: Record<string, unknown>; caseId: string },
    conversationId: string,
  ) => {
    const update = h.fake
      .updates()
      .filter((c) => c.path.startsWith(`/v3/conversations/${conversationId}/activities/`))
      .at(-1);
    return update ? cardOf(update) : o.shared;
  };

  it('the facts and criteria buttons read "Edit …" once they are recorded', async () => {
    const o = await notifyCase(h);
    const meta = (await h.caseByRef(o.ref)).channels[0]!.meta as { conversationId: string };
    expect(titles(o.shared).get('facts.open')).toBe('Record facts');
    expect(titles(o.shared).get('criteria.open')).toBe('Assess criteria');

    const facts = await h.press(USERS.bm, o.shared, 'facts.open', {}, o.where);
    await h.press(USERS.bm, facts.card, 'facts.submit', FACTS, o.where);
    expect(titles(caseCardNow(o, meta.conversationId)).get('facts.open')).toBe('Edit facts');
    expect(titles(caseCardNow(o, meta.conversationId)).get('criteria.open')).toBe(
      'Assess criteria',
    );

    const criteria = await h.press(USERS.bm, o.shared, 'criteria.open', {}, o.where);
    await h.press(USERS.bm, criteria.card, 'criteria.submit', CRITERIA, o.where);
    expect(titles(caseCardNow(o, meta.conversationId)).get('criteria.open')).toBe('Edit criteria');
  });

  it('declares at most 10 commands per scope, each one the bot answers', async () => {
    const manifest = JSON.parse(
      readFileSync(join(process.cwd(), 'manifest', 'teams', 'manifest.json'), 'utf8'),
    ) as {
      bots: { commandLists: { scopes: string[]; commands: { title: string }[] }[] }[];
    };
    const lists = manifest.bots[0]!.commandLists;
    expect(
      lists
        .map((l) => l.scopes)
        .flat()
        .sort(),
    ).toEqual(['personal', 'team']);
    for (const list of lists) {
      expect(list.commands.length).toBeLessThanOrEqual(10);
      expect(new Set(list.commands.map((c) => c.title)).size).toBe(list.commands.length);
      for (const { title } of list.commands) {
        const answer = await h.ask(USERS.bm, title);
        expect(JSON.stringify(answer), `${title} is answered`).not.toContain(
          'not available in Teams',
        );
      }
    }
    // The ones people use most are there in both scopes.
    for (const list of lists)
      expect(list.commands.map((c) => c.title)).toEqual(
        expect.arrayContaining(['help', 'status', 'vote', 'timeline']),
      );
  });
});

describe('Teams: answers that are the person’s own, in a channel', () => {
  const h = new Harness();
  beforeAll(() => h.start());
  afterAll(() => h.stop());

  it('status in the case channel is a targeted message to the person; help is for everyone', async () => {
    const o = await notifyCase(h);
    const before = h.fake.sent(o.where.conversationId).length;
    await h.say(USERS.police, 'status', o.where);
    const reply = h.fake.sent(o.where.conversationId).at(-1)!;
    expect(h.fake.sent(o.where.conversationId).length).toBe(before + 1);
    expect(reply.query.get('isTargetedActivity')).toBe('true');
    const body = reply.body as {
      recipient?: { id?: string };
      entities?: { type: string; treatment?: string }[];
    };
    expect(body.recipient?.id).toBe(USERS.police.mri);
    expect(body.entities).toContainEqual({ type: 'activityTreatment', treatment: 'targeted' });
    expect(cardText(reply.body)).toContain(o.ref);

    await h.say(USERS.police, 'help', o.where);
    expect(h.fake.sent(o.where.conversationId).at(-1)!.query.get('isTargetedActivity')).toBeNull();
  });

  it('where targeted messages are refused, the answer goes to the person’s 1:1 chat, with a word in the channel', async () => {
    const o = await notifyCase(h);
    h.fake.connectorFailures.push({
      match: (c) => c.query.get('isTargetedActivity') === 'true',
      status: 400,
      times: 1,
    });
    await h.say(USERS.outsider, 'status', o.where);
    const note = h.fake.sent(o.where.conversationId).at(-1)!;
    expect(cardText(note.body)).toContain('I have answered you in your chat with me');
    expect(h.fake.personalOpened()).toContain(USERS.outsider.aad);
    const dm = h.fake.sent(`a:personal-${USERS.outsider.aad}`).at(-1)!;
    expect(cardText(dm.body)).toContain('No role');
    expect(cardText(note.body)).not.toContain('No role');
  });
});

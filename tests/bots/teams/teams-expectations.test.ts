/**
 * What Teams users expect of a bot: form buttons that say what they do ("Edit facts" once the facts
 * are recorded), and command lists chosen on purpose (at most 10 per scope, each a command the bot
 * answers in Teams).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardOf, CRITERIA, executeActions, FACTS, Harness, notifyCase, USERS } from './harness.js';

describe('Teams: what users expect', () => {
  const h = new Harness();
  beforeAll(() => h.start());
  afterAll(() => h.stop());

  const titles = (card: unknown) => new Map(executeActions(card).map((a) => [a.verb, a.title]));
  /** The case card as it now stands in the channel (last in-place update, else as posted). */
  const caseCardNow = (o: { shared: Record<string, unknown>; caseId: string }, conversationId: string) => {
    const update = h.fake.updates().filter((c) => c.path.startsWith(`/v3/conversations/${conversationId}/activities/`)).at(-1);
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
    expect(titles(caseCardNow(o, meta.conversationId)).get('criteria.open')).toBe('Assess criteria');

    const criteria = await h.press(USERS.bm, o.shared, 'criteria.open', {}, o.where);
    await h.press(USERS.bm, criteria.card, 'criteria.submit', CRITERIA, o.where);
    expect(titles(caseCardNow(o, meta.conversationId)).get('criteria.open')).toBe('Edit criteria');
  });

  it('declares at most 10 commands per scope, each one the bot answers', async () => {
    const manifest = JSON.parse(readFileSync(join(process.cwd(), 'manifest', 'teams', 'manifest.json'), 'utf8')) as {
      bots: { commandLists: { scopes: string[]; commands: { title: string }[] }[] }[];
    };
    const lists = manifest.bots[0]!.commandLists;
    expect(lists.map((l) => l.scopes).flat().sort()).toEqual(['personal', 'team']);
    for (const list of lists) {
      expect(list.commands.length).toBeLessThanOrEqual(10);
      expect(new Set(list.commands.map((c) => c.title)).size).toBe(list.commands.length);
      for (const { title } of list.commands) {
        const answer = await h.ask(USERS.bm, title);
        expect(JSON.stringify(answer), `${title} is answered`).not.toContain('not available in Teams');
      }
    }
    // The ones people use most are there in both scopes.
    for (const list of lists) expect(list.commands.map((c) => c.title)).toEqual(expect.arrayContaining(['help', 'status', 'vote', 'timeline']));
  });
});

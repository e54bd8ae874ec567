/**
 * The committed `.m365agentsplayground.yml` matches the demo partnership `npm start` runs: every
 * Playground user is a demo holder (by aadObjectId), the current user can notify, and the three
 * partners and the business manager are there. Then the bot, as `npm start` runs it (demo
 * partnership, local mode: no credentials, no Graph), is driven with the activities the Playground
 * sends for those users: help, notify, facts, criteria and three votes, to a recorded decision.
 * (The Playground itself, in headless Chromium, is driven by playground-browser.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEMO_PARTNERSHIPS } from '../../../src/config.js';
import {
  cardText,
  CRITERIA,
  FACTS,
  Harness,
  NOTIFICATION,
  personal,
  type User,
} from './harness.js';

interface PlaygroundUser {
  id: string;
  name: string;
  aadObjectId: string;
}
const yml = parse(readFileSync(join(process.cwd(), '.m365agentsplayground.yml'), 'utf8')) as {
  currentUser: PlaygroundUser;
  users: PlaygroundUser[];
};
const holders = DEMO_PARTNERSHIPS.partnerships[0]!.holders;
const people = [yml.currentUser, ...yml.users];
const asUser = (p: PlaygroundUser): User => ({
  key: p.id,
  aad: p.aadObjectId,
  mri: p.id,
  name: p.name,
});
const byRole = (role: string) => {
  const h = holders.find((x) => (x.roles as string[]).includes(role))!;
  return asUser(people.find((p) => p.aadObjectId === h.teamsAadObjectId)!);
};

describe('the Agents Playground configuration', () => {
  it('has exactly the demo holders as its users, by aadObjectId and name', () => {
    expect(people.map((p) => p.aadObjectId).sort()).toEqual(
      holders.map((h) => h.teamsAadObjectId).sort(),
    );
    for (const p of people)
      expect(holders.find((h) => h.teamsAadObjectId === p.aadObjectId)?.name).toBe(p.name);
    expect(
      holders.find((h) => h.teamsAadObjectId === yml.currentUser.aadObjectId)?.roles,
    ).toContain('la');
  });
});

describe('the demo partnership driven as the Playground drives it', () => {
  const h = new Harness({ demo: true, graph: false });
  beforeAll(() => h.start());
  afterAll(() => h.stop());

  it('help, notify, facts, criteria and three votes work with no edits', async () => {
    const la = asUser(yml.currentUser);
    expect(cardText(await h.ask(la, 'help'))).toContain('notify');
    const form = await h.ask(la, 'notify');
    const done = await h.press(la, form, 'notify.submit', NOTIFICATION);
    const ref = /Case (DEMO-\d{4}-\d{3}) notified/.exec(cardText(done.settled))?.[1];
    expect(ref, cardText(done.settled)).toBeDefined();
    const where = personal(la);
    const shared = h.lastSentCard(where.conversationId);
    expect(cardText(shared)).toContain(`Case ${ref}`);

    const bm = byRole('business-manager');
    const facts = await h.press(bm, shared, 'facts.open', {}, where);
    await h.press(bm, facts.card, 'facts.submit', FACTS, where);
    const criteria = await h.press(bm, shared, 'criteria.open', {}, where);
    await h.press(bm, criteria.card, 'criteria.submit', CRITERIA, where);
    for (const role of ['la', 'police', 'health']) {
      const u = byRole(role);
      const view = await h.press(u, shared, 'case.refresh', {}, where);
      const voted = await h.press(
        u,
        view.card,
        'vote.submit',
        { outcome: 'lcspr', rationale: `rationale-marker ${role}` },
        where,
      );
      expect(cardText(voted.card)).toContain('Your vote is recorded');
    }
    expect((await h.caseByRef(ref!)).state).toBe('decided');
    h.checkAllCards();
    h.checkLogs();
  });
});

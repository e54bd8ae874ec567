/**
 * The store fails to answer a read while someone acts on a case (a card button, a vote submitted,
 * a typed command), over Bot Connector activities: the case action step logs the failure and
 * answers, in the core's one sentence, that nothing was saved and to try again — never "I can't
 * find that case" — and nothing is stored. Once the store answers again the same card works.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NOT_FOUND, STORE_DOWN } from '../../../src/app/messages.js';
import { failingReads, type ReadFaults } from '../../support/failing-reads.js';
import { cardText, Harness, inputIds, notifyCase, toRapidReview, USERS } from './harness.js';

let h: Harness;
let reads: ReadFaults;
beforeEach(async () => {
  reads = { failing: false, failed: 0 };
  h = new Harness({ wrapStore: (store) => failingReads(store, reads) });
  await h.start();
  h.fake.members = Object.values(USERS).map((u) => ({
    id: u.mri,
    aadObjectId: u.aad,
    name: u.name,
  }));
});
afterEach(async () => {
  reads.failing = false;
  h.checkAllCards();
  h.checkLogs();
  await h.stop();
});

describe('Teams: the store fails to answer a read while a case is acted on', () => {
  it('a button, a vote and a command each say the store did not answer (not “not found”), store nothing, and work again after', async () => {
    const o = await notifyCase(h);
    await toRapidReview(h, o);
    const mine = await h.press(USERS.la, o.shared, 'case.refresh', {}, o.where);
    const events = (await h.bot.service.repo.events(o.caseId)).length;

    reads.failing = true;
    const button = await h.press(USERS.bm, o.shared, 'facts.open', {}, o.where, { settle: false });
    const voted = await h.press(
      USERS.la,
      mine.card,
      'vote.submit',
      { outcome: 'lcspr', rationale: 'A local review is needed.' },
      o.where,
      { settle: false },
    );
    const status = await h.ask(USERS.bm, `status ${o.ref}`);
    const failed = reads.failed;
    reads.failing = false;

    expect(failed).toBeGreaterThanOrEqual(3);
    for (const card of [button.card, voted.card, status]) {
      expect(cardText(card)).toContain(STORE_DOWN);
      expect(cardText(card)).not.toContain(NOT_FOUND);
      expect(inputIds(card)).toEqual([]);
    }
    expect((await h.bot.service.repo.events(o.caseId)).length).toBe(events);
    const logged = h.logs.filter((l) => l.includes('store read failed'));
    expect(logged.length).toBeGreaterThanOrEqual(3);
    expect(
      logged.every((l) => l.includes('"level":50') && l.includes('connection to the store lost')),
    ).toBe(true);

    // The store answers again: the same vote card records the vote.
    const again = await h.press(
      USERS.la,
      mine.card,
      'vote.submit',
      { outcome: 'lcspr', rationale: 'A local review is needed.' },
      o.where,
    );
    expect(cardText(again.card)).toContain('Your vote is recorded.');
    expect(Object.keys((await h.caseByRef(o.ref)).votes)).toEqual(['la']);
  });
});

/**
 * The store fails to answer a read while someone acts on a case (a button, a modal submission, a
 * command): the case action step logs the failure by kind and tells them, in the core's one
 * sentence, that nothing was saved and to try again — never "I can't find that case" — and nothing
 * is stored. Once the store answers again the same click works.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NOT_FOUND, STORE_DOWN } from '../../../src/app/messages.js';
import { ACTION_IDS } from '../../../src/cards/slack/case-message.js';
import { failingReads, type ReadFaults } from '../../support/failing-reads.js';
import {
  FACTS,
  notify,
  openForm,
  settledChannel,
  startHarness,
  textOf,
  U,
  type Harness,
} from './harness.js';

let h: Harness;
let reads: ReadFaults;
beforeEach(async () => {
  reads = { failing: false, failed: 0 };
  h = await startHarness({ wrapStore: (store) => failingReads(store, reads) });
});
afterEach(async () => {
  reads.failing = false;
  expect(h.fake.problems).toEqual([]);
  await h.stop();
});

/** The ephemeral reply to a button (chat.postEphemeral to that user). */
async function buttonReply(
  user: string,
  action: string,
  caseId: string,
  channel: string,
): Promise<string> {
  const before = h.fake.callsTo('chat.postEphemeral').length;
  expect((await h.slack.click(user, action, caseId, { channel })).status).toBe(200);
  const calls = await h.fake.waitForCalls('chat.postEphemeral', before + 1);
  expect(calls[before]!.args.user).toBe(user);
  return textOf(calls[before]);
}

describe('Slack: the store fails to answer a read while a case is acted on', () => {
  it('a button, a form submission and a command each say the store did not answer (not “not found”), store nothing, and work again after', async () => {
    await notify(h);
    const { c, channel } = await settledChannel(h);
    const facts = await openForm(h, U.bm, ACTION_IDS.facts, c.id, channel);
    const opened = h.fake.callsTo('views.open').length;

    reads.failing = true;
    const button = await buttonReply(U.bm, ACTION_IDS.facts, c.id, channel);
    const submitted = await h.slack.submit(U.bm, facts, FACTS, 'VREADFAIL1');
    const before = h.fake.callsTo('response_url').length;
    expect((await h.slack.command(U.bm, `status ${c.ref}`)).status).toBe(200);
    const status = textOf((await h.fake.waitForCalls('response_url', before + 1))[before]);
    const failed = reads.failed;
    reads.failing = false;

    expect(failed).toBeGreaterThanOrEqual(3);
    for (const said of [button, JSON.stringify(submitted.json), status]) {
      expect(said).toContain(STORE_DOWN);
      expect(said).not.toContain(NOT_FOUND.slice(0, 25));
    }
    expect(submitted.json?.response_action).toBe('push');
    expect(h.fake.callsTo('views.open')).toHaveLength(opened);
    expect((await h.bot.service.repo.load(c.id))!.facts).toBeUndefined();
    // Logged as an error, with what failed (safeError: no request data).
    const logged = h.logs.filter((l) => l.includes('store read failed'));
    expect(logged.length).toBeGreaterThanOrEqual(3);
    expect(
      logged.every((l) => l.includes('connection to the store lost') && l.includes('"level":50')),
    ).toBe(true);

    // The store answers again: the same click opens the form, the same submission saves.
    await openForm(h, U.bm, ACTION_IDS.facts, c.id, channel);
    const again = await h.slack.submit(U.bm, facts, FACTS, 'VREADFAIL1');
    expect(again.text).toBe('');
    expect((await h.bot.service.repo.load(c.id))!.facts?.summary).toBe(FACTS.summary);
  });
});

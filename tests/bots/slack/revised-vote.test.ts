/** The confirmation of a vote says where the case now is: votes to come, still escalated, or decided. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../../src/cards/slack/case-message.js';
import {
  CRITERIA,
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
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  expect(h.fake.problems).toEqual([]);
  await h.stop();
});

const viewId = () => `V${Math.random().toString(36).slice(2, 10).toUpperCase()}`;

/** Votes through the modal and returns the confirmation shown only to the voter. */
async function voteBy(
  user: string,
  caseId: string,
  channel: string,
  outcome: string,
): Promise<string> {
  const before = h.fake.callsTo('chat.postEphemeral').filter((c) => c.args.user === user).length;
  const view = await openForm(h, user, ACTION_IDS.vote, caseId, channel);
  expect(
    (
      await h.slack.submit(
        user,
        view,
        { outcome, rationale: `Partner view: ${outcome}.` },
        viewId(),
      )
    ).status,
  ).toBe(200);
  const mine = await h.fake.waitFor(() => {
    const calls = h.fake.callsTo('chat.postEphemeral').filter((c) => c.args.user === user);
    return calls.length > before ? calls : undefined;
  }, 'the vote confirmation');
  return textOf(mine.at(-1));
}

describe('Slack: vote confirmations', () => {
  it('a revised vote after escalation is not told that votes stay hidden until all three have voted', async () => {
    await notify(h);
    const { c, channel } = await settledChannel(h);
    await h.slack.submit(
      U.bm,
      await openForm(h, U.bm, ACTION_IDS.facts, c.id, channel),
      FACTS,
      viewId(),
    );
    await h.slack.submit(
      U.bm,
      await openForm(h, U.bm, ACTION_IDS.criteria, c.id, channel),
      CRITERIA,
      viewId(),
    );
    expect(await voteBy(U.la, c.id, channel, 'lcspr')).toContain(
      'Votes stay hidden from the other partners until all three have voted',
    );
    await voteBy(U.police, c.id, channel, 'lcspr');
    await voteBy(U.health, c.id, channel, 'no-further-review'); // escalated
    const revised = await voteBy(U.health, c.id, channel, 'national');
    expect(revised).toContain('still differ');
    expect(revised).not.toContain('until all three have voted');
    expect(await voteBy(U.health, c.id, channel, 'lcspr')).toContain('the decision is recorded');
  });
});

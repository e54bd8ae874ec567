/**
 * A store that fails on a chosen write (a StorePort wrapper given to startBot), during notify, a
 * vote and the decision, and between "channel created" and "case updated". Each time: the person is
 * told in plain words (and asked to try again when nothing was saved), nothing is half-written (a
 * command is one commit; no snapshot behind or ahead of its commits, no orphan), and trying again
 * completes the work once — one case, one vote, one decision, one channel, one case message.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../../src/cards/slack/case-message.js';
import type { Case } from '../../../src/domain/case.js';
import {
  commitWith,
  faultyStore,
  Faults,
  snapshotInState,
  storeProblems,
  storeContents,
} from '../../support/faulty-store.js';
import {
  allCases,
  FACTS,
  NOTIFICATION,
  notify,
  openForm,
  startHarness,
  textOf,
  U,
  type Harness,
  settledChannel,
} from './harness.js';
import type { Sent } from './slack-sender.js';

let h: Harness;
let faults: Faults;
beforeEach(async () => {
  faults = new Faults();
  h = await startHarness({ wrapStore: (e) => faultyStore(e, faults) });
});
afterEach(async () => {
  expect(h.fake.problems).toEqual([]);
  expect(faults.pending(), 'every fault set was injected').toEqual([]);
  await h.stop();
});

const NOT_SAVED =
  'The case store did not answer, so this was not saved. Please try again in a moment.';

/** The notice pushed over a modal (a refusal or a failure), as text. */
const noticeOf = (answer: Sent) => JSON.stringify(answer.json ?? {});

/** The work the requests started (handlers after their ack, channel steps) is done. */
async function settled(): Promise<void> {
  await h.bot.idle();
}

async function whole(): Promise<void> {
  await settled();
  expect(await storeProblems(h.bot.store)).toEqual([]);
}

async function onlyCase(): Promise<Case> {
  const cases = await allCases(h);
  expect(cases).toHaveLength(1);
  return (await h.bot.service.repo.load(cases[0]!.id))!;
}

const withChannel = () => settledChannel(h);

const types = async (c: Case) => (await h.bot.service.repo.events(c.id)).map((e) => e.type);

/** Messages in a channel that are the case message (not the decision post). */
const caseMessagesIn = (channel: string) =>
  [...h.fake.messages.values()].filter(
    (m) =>
      m.channel === channel &&
      m.text.includes('LINCS-2026-') &&
      !m.text.toLowerCase().includes('decision recorded'),
  );

/** A case in rapid review, with its channel: notified, facts recorded. */
async function inRapidReview(): Promise<{ c: Case; channel: string }> {
  await notify(h);
  const { c, channel } = await withChannel();
  await h.slack.submit(
    U.bm,
    await openForm(h, U.bm, ACTION_IDS.facts, c.id, channel),
    FACTS,
    'VFACTS0001',
  );
  await settled();
  return { c, channel };
}

async function voteForm(user: string, c: Case, channel: string) {
  return openForm(h, user, ACTION_IDS.vote, c.id, channel);
}

describe('Slack: the store fails while notifying', () => {
  for (const [what, rule] of [
    [
      'the reference number',
      { collection: 'store', method: 'nextCounter' as const, what: 'counter' },
    ],
    [
      'the creation commit',
      {
        collection: 'store',
        method: 'appendCommit' as const,
        when: commitWith('case.notified'),
        what: 'case.notified commit',
      },
    ],
  ] as const) {
    it(`${what}: told to try again, nothing stored; the same submission again creates the case and its channel once`, async () => {
      faults.fail(rule);
      const { answer, view, viewId } = await notify(h);
      expect(answer.json?.response_action).toBe('push');
      expect(noticeOf(answer)).toContain('Not saved');
      expect(noticeOf(answer)).toContain(NOT_SAVED);
      await whole();
      expect(await allCases(h)).toEqual([]);
      expect((await storeContents(h.bot.store)).commits.length).toBe(0);
      expect(h.fake.callsTo('conversations.create')).toHaveLength(0);

      const again = await h.slack.submit(U.la, view, NOTIFICATION, viewId); // the modal is still open beneath the notice
      expect(again.json?.response_action).toBe('update');
      const { c, channel } = await withChannel();
      expect(await types(c)).toEqual(['case.notified', 'channel.opened']);
      expect(h.fake.channels.size).toBe(1);
      expect(caseMessagesIn(channel)).toHaveLength(1);
      await whole();
      expect(h.logs.join('\n')).toContain('store write failed');
    });
  }

  it('the snapshot after the commit: the case is saved (and said so), its channel opened, the snapshot caught up', async () => {
    faults.fail({
      collection: 'store',
      method: 'saveSnapshot',
      when: snapshotInState('notified'),
      what: 'first snapshot',
    });
    const { answer } = await notify(h);
    expect(answer.json?.response_action).toBe('update');
    expect(noticeOf(answer)).toContain('LINCS-2026-001');
    const { c } = await withChannel();
    expect(await types(c)).toEqual(['case.notified', 'channel.opened']);
    await whole();
    expect(h.logs.join('\n')).toContain('case snapshot behind its commits');
  });
});

describe('Slack: the store fails on a vote and on the decision', () => {
  it('a vote whose commit fails: told to try again, no vote stored; the same submission again records it once', async () => {
    const { c, channel } = await inRapidReview();
    faults.fail({
      collection: 'store',
      method: 'appendCommit',
      when: commitWith('vote.cast'),
      what: 'vote commit',
    });
    const form = await voteForm(U.police, c, channel);
    const answer = await h.slack.submit(
      U.police,
      form,
      { outcome: 'lcspr', rationale: 'Police rationale.' },
      'VVOTEPOL1',
    );
    expect(noticeOf(answer)).toContain(NOT_SAVED);
    expect((await onlyCase()).votes).toEqual({});
    await whole();
    const again = await h.slack.submit(
      U.police,
      form,
      { outcome: 'lcspr', rationale: 'Police rationale.' },
      'VVOTEPOL1',
    );
    expect(again.text).toBe('');
    expect(Object.keys((await onlyCase()).votes)).toEqual(['police']);
    expect((await types(c)).filter((t) => t === 'vote.cast')).toHaveLength(1);
    await whole();
  });

  it('a vote whose snapshot fails: the vote is recorded and said so; the snapshot catches up', async () => {
    const { c, channel } = await inRapidReview();
    faults.fail({
      collection: 'store',
      method: 'saveSnapshot',
      when: snapshotInState('deciding'),
      what: 'vote snapshot',
    });
    const answer = await h.slack.submit(
      U.police,
      await voteForm(U.police, c, channel),
      { outcome: 'lcspr', rationale: 'Police rationale.' },
      'VVOTEPOL2',
    );
    expect(answer.text).toBe('');
    await whole();
    expect(Object.keys((await onlyCase()).votes)).toEqual(['police']);
  });

  async function twoVotes(c: Case, channel: string): Promise<Record<string, unknown>> {
    for (const [user, id] of [
      [U.police, 'VVOTEPOL3'],
      [U.health, 'VVOTEHEA3'],
    ] as const)
      expect(
        (
          await h.slack.submit(
            user,
            await voteForm(user, c, channel),
            { outcome: 'lcspr', rationale: `${user} rationale` },
            id,
          )
        ).text,
      ).toBe('');
    return voteForm(U.la, c, channel);
  }

  const decisionPosts = (channel: string) =>
    h.fake
      .callsTo('chat.postMessage')
      .filter((m) => m.args.channel === channel && textOf(m).toLowerCase().includes('decision'));
  const chairTold = () =>
    h.fake.callsTo('chat.postMessage').filter((m) => m.args.channel === U.chair);

  it('the decision whose commit fails: told to try again, no decision; the same vote again records it, posts it and tells the chair once', async () => {
    const { c, channel } = await inRapidReview();
    const la = await twoVotes(c, channel);
    faults.fail({
      collection: 'store',
      method: 'appendCommit',
      when: commitWith('decision.recorded'),
      what: 'decision commit',
    });
    const answer = await h.slack.submit(
      U.la,
      la,
      { outcome: 'lcspr', rationale: 'LA view.' },
      'VVOTELA03',
    );
    expect(noticeOf(answer)).toContain(NOT_SAVED);
    const before = await onlyCase();
    expect(before.decision).toBeUndefined();
    expect(Object.keys(before.votes).sort()).toEqual(['health', 'police']);
    await whole();
    expect(decisionPosts(channel)).toHaveLength(0);

    expect(
      (await h.slack.submit(U.la, la, { outcome: 'lcspr', rationale: 'LA view.' }, 'VVOTELA03'))
        .text,
    ).toBe('');
    await h.fake.waitFor(
      () => decisionPosts(channel).length > 0 && chairTold().length > 0,
      'the decision posted and the chair told',
    );
    await whole();
    const after = await onlyCase();
    expect(after.decision?.outcome).toBe('lcspr');
    expect((await types(c)).filter((t) => t === 'decision.recorded')).toHaveLength(1);
    expect(decisionPosts(channel)).toHaveLength(1);
    expect(chairTold()).toHaveLength(1);
  });

  it('the decision whose snapshot fails: recorded, posted and told once all the same; the snapshot catches up', async () => {
    const { c, channel } = await inRapidReview();
    const la = await twoVotes(c, channel);
    faults.fail({
      collection: 'store',
      method: 'saveSnapshot',
      when: snapshotInState('decided'),
      what: 'decision snapshot',
    });
    expect(
      (await h.slack.submit(U.la, la, { outcome: 'lcspr', rationale: 'LA view.' }, 'VVOTELA04'))
        .text,
    ).toBe('');
    await h.fake.waitFor(
      () => decisionPosts(channel).length > 0 && chairTold().length > 0,
      'the decision posted and the chair told',
    );
    await whole();
    expect((await onlyCase()).decision?.outcome).toBe('lcspr');
    expect(decisionPosts(channel)).toHaveLength(1);
    expect(chairTold()).toHaveLength(1);
  });
});

describe('Slack: the channel is made but the case cannot record it', () => {
  const failureDm = () =>
    h.fake.waitFor(
      () =>
        h.fake
          .callsTo('chat.postMessage')
          .find((m) => m.args.channel === U.la && textOf(m).includes(ACTION_IDS.retry)),
      'the failure DM with Try again',
    );

  it('record-channel fails: told in plain words; Try again reuses the channel (name taken → found), one channel, one case message', async () => {
    faults.fail({
      collection: 'store',
      method: 'appendCommit',
      when: commitWith('channel.opened'),
      what: 'channel.opened commit',
    });
    await notify(h);
    const dm = await failureDm();
    expect(textOf(dm)).toContain(
      'couldn’t record it on the case because the case store did not answer',
    );
    expect(textOf(dm)).toContain('Press Try again');
    const c = await onlyCase();
    expect(c.channels).toEqual([]);
    expect(h.fake.channels.size).toBe(1);
    const [made] = [...h.fake.channels.keys()];
    expect(caseMessagesIn(made!)).toHaveLength(0); // the message it could not record was taken back
    await whole();

    await h.slack.click(U.la, ACTION_IDS.retry, c.id, { channel: `D${U.la.slice(1)}` });
    const { channel } = await withChannel();
    expect(channel).toBe(made);
    expect(h.fake.channels.size).toBe(1);
    expect(h.fake.callsTo('conversations.create').map((x) => x.args.name)).toEqual([
      'cspr-lincs-2026-001',
      'cspr-lincs-2026-001',
    ]);
    expect(caseMessagesIn(channel)).toHaveLength(1);
    expect(await types(c)).toEqual(['case.notified', 'step.failed', 'channel.opened']);
    await whole();
  });

  it('a restart between the two (the process died before recording): the next change finds the channel and reuses it', async () => {
    // The commit is lost and so is the clean-up (as when the process dies there).
    faults.fail({
      collection: 'store',
      method: 'appendCommit',
      when: commitWith('channel.opened'),
      what: 'channel.opened commit',
    });
    faults.fail({
      collection: 'store',
      method: 'appendCommit',
      when: commitWith('step.failed'),
      what: 'step.failed commit',
    });
    h.fake.fail('chat.delete', { error: 'internal_error' }, 1);
    await notify(h);
    await failureDm();
    await h.restart();
    const c = await onlyCase();
    expect(c.channels).toEqual([]);
    await whole();

    // The business manager records the facts (from outside the channel, by reference): the case changes, its channel is brought up to date.
    const before = h.fake.callsTo('views.open').length;
    await h.slack.command(U.bm, 'facts LINCS-2026-001');
    const [opened] = (await h.fake.waitForCalls('views.open', before + 1)).slice(before);
    expect(
      (
        await h.slack.submit(
          U.bm,
          opened!.args.view as Record<string, unknown>,
          FACTS,
          'VFACTSAFTR',
        )
      ).text,
    ).toBe('');
    const { channel, ts } = await withChannel();
    expect(h.fake.channels.size).toBe(1);
    expect([...h.fake.channels.keys()]).toEqual([channel]);
    expect(await types(c)).toEqual(['case.notified', 'facts.recorded', 'channel.opened']);
    // The recorded case message is live. (The one posted just before the "crash" is still there too:
    // without reading the channel's history, which the app does not ask to, the bot cannot find it.)
    expect(h.fake.messages.has(`${channel}:${ts}`)).toBe(true);
    await whole();
  });
});

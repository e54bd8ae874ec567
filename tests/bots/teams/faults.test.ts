/**
 * A store that fails on a chosen write (a StorePort wrapper given to startBot), during notify, a
 * vote and the decision, and between "channel created" and "case updated". Each time: the person is
 * told in plain words (the same form comes back, as typed, to send again, when nothing was saved),
 * nothing is half-written (a command is one commit; no snapshot behind or ahead of its commits, no
 * orphan), and trying again completes the work once — one case, one vote, one decision, one channel
 * (Graph 409 → the channel found by the case's marker), one case card.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  commitWith,
  faultyStore,
  Faults,
  snapshotInState,
  storeProblems,
} from '../../support/faulty-store.js';
import {
  cardText,
  executeActions,
  Harness,
  NOTIFICATION,
  notifyCase,
  personal,
  toRapidReview,
  USERS,
  vote,
  type InvokeResult,
  type Opened,
} from './harness.js';

const NOT_SAVED =
  'The case store did not answer, so this was not saved. Please try again in a moment.';

let h: Harness;
let faults: Faults;
beforeEach(async () => {
  faults = new Faults();
  h = new Harness({ wrapStore: (e) => faultyStore(e, faults) });
  await h.start();
  h.fake.members = Object.values(USERS).map((u) => ({
    id: u.mri,
    aadObjectId: u.aad,
    name: u.name,
  }));
});
afterEach(async () => {
  expect(faults.pending(), 'every fault set was injected').toEqual([]);
  h.checkAllCards();
  h.checkLogs();
  await h.stop();
});

async function whole(): Promise<void> {
  expect(await storeProblems(h.bot.store)).toEqual([]);
}

const types = async (caseId: string) =>
  (await h.bot.service.repo.events(caseId)).map((e) => e.type);
const refOf = (r: InvokeResult) => /Case ([A-Z]+-\d{4}-\d{3}) notified/.exec(cardText(r.card))?.[1];
/** The case cards posted in a channel, less those the bot took back. */
const liveCaseCards = (channelId: string) =>
  h.fake.channelPosts(channelId).filter((p) => cardText(p.body).includes('Deadlines')).length -
  h.fake.connectorCalls('DELETE').length;

describe('Teams: the store fails while notifying', () => {
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
    it(`${what}: the form comes back as typed, saying so; sent again it creates the case and its channel once`, async () => {
      faults.fail(rule);
      const form = await h.ask(USERS.la, 'notify');
      const failed = await h.press(USERS.la, form, 'notify.submit', NOTIFICATION);
      expect(cardText(failed.card)).toContain(NOT_SAVED);
      expect(cardText(failed.card)).not.toContain('Something went wrong');
      expect(executeActions(failed.card).map((a) => a.verb)).toContain('notify.submit');
      expect(await h.allCases()).toEqual([]);
      expect(h.fake.graphCalls()).toHaveLength(0);
      await whole();

      const done = await h.press(USERS.la, failed.card, 'notify.submit', NOTIFICATION);
      const ref = refOf(done);
      expect(ref, cardText(done.card)).toBeDefined();
      expect(cardText(done.settled)).toContain(`Case channel ${ref} is open in the cases team`);
      expect(h.graphPostsFor(ref!)).toBe(1);
      const c = await h.caseByRef(ref!);
      expect(await types(c.id)).toEqual(['case.notified', 'channel.opened', 'channel.updated']);
      expect(liveCaseCards(c.channels[0]!.id)).toBe(1);
      await whole();
    });
  }

  it('the snapshot after the commit: the case is saved (and said so), its channel opened, the snapshot caught up', async () => {
    faults.fail({
      collection: 'store',
      method: 'saveSnapshot',
      when: snapshotInState('notified'),
      what: 'first snapshot',
    });
    const o = await notifyCase(h);
    expect(cardText(o.confirmation)).toContain(`Case channel ${o.ref} is open in the cases team`);
    expect(await types(o.caseId)).toEqual(['case.notified', 'channel.opened', 'channel.updated']);
    await whole();
    expect(h.logs.join('\n')).toContain('case snapshot behind its commits');
  });
});

describe('Teams: the store fails on a vote and on the decision', () => {
  async function ready(): Promise<Opened> {
    const o = await notifyCase(h);
    await toRapidReview(h, o);
    return o;
  }

  const decisionPosts = (o: Opened) =>
    h.fake
      .threadReplies(o.where.channelId)
      .filter((p) => cardText(p.body).includes(`Decision recorded: ${o.ref}`));

  it('a vote whose commit fails: the vote comes back as typed, saying so; cast again it is recorded once', async () => {
    const o = await ready();
    faults.fail({
      collection: 'store',
      method: 'appendCommit',
      when: commitWith('vote.cast'),
      what: 'vote commit',
    });
    const failed = await vote(h, USERS.police, o, 'lcspr');
    expect(cardText(failed.card)).toContain(NOT_SAVED);
    expect((await h.caseByRef(o.ref)).votes).toEqual({});
    await whole();
    const again = await h.press(
      USERS.police,
      failed.card,
      'vote.submit',
      { outcome: 'lcspr', rationale: 'rationale-marker police' },
      o.where,
    );
    expect(cardText(again.card)).toContain('Your vote is recorded.');
    expect((await types(o.caseId)).filter((t) => t === 'vote.cast')).toHaveLength(1);
    await whole();
  });

  it('a vote whose snapshot fails: recorded and said so; the snapshot catches up', async () => {
    const o = await ready();
    faults.fail({
      collection: 'store',
      method: 'saveSnapshot',
      when: snapshotInState('deciding'),
      what: 'vote snapshot',
    });
    expect(cardText((await vote(h, USERS.police, o, 'lcspr')).card)).toContain(
      'Your vote is recorded.',
    );
    expect(Object.keys((await h.caseByRef(o.ref)).votes)).toEqual(['police']);
    await whole();
  });

  it('the decision whose commit fails: said so, no decision; cast again it is recorded, posted and told to the chair once', async () => {
    const o = await ready();
    await vote(h, USERS.police, o, 'lcspr');
    await vote(h, USERS.health, o, 'lcspr');
    faults.fail({
      collection: 'store',
      method: 'appendCommit',
      when: commitWith('decision.recorded'),
      what: 'decision commit',
    });
    const failed = await vote(h, USERS.la, o, 'lcspr');
    expect(cardText(failed.card)).toContain(NOT_SAVED);
    expect((await h.caseByRef(o.ref)).decision).toBeUndefined();
    expect(decisionPosts(o)).toHaveLength(0);
    await whole();
    const again = await h.press(
      USERS.la,
      failed.card,
      'vote.submit',
      { outcome: 'lcspr', rationale: 'rationale-marker la' },
      o.where,
    );
    expect(cardText(again.card)).toContain('and the decision with it');
    expect((await types(o.caseId)).filter((t) => t === 'decision.recorded')).toHaveLength(1);
    expect(decisionPosts(o)).toHaveLength(1);
    expect(h.fake.personalOpened().sort()).toEqual([USERS.chair.aad, USERS.scrutineer.aad].sort());
    await whole();
  });

  it('the decision whose snapshot fails: recorded, posted and told once all the same; the snapshot catches up', async () => {
    const o = await ready();
    await vote(h, USERS.police, o, 'lcspr');
    await vote(h, USERS.health, o, 'lcspr');
    faults.fail({
      collection: 'store',
      method: 'saveSnapshot',
      when: snapshotInState('decided'),
      what: 'decision snapshot',
    });
    expect(cardText((await vote(h, USERS.la, o, 'lcspr')).card)).toContain(
      'and the decision with it',
    );
    expect((await h.caseByRef(o.ref)).decision?.outcome).toBe('lcspr');
    expect(decisionPosts(o)).toHaveLength(1);
    expect(h.fake.personalOpened()).toHaveLength(2);
    await whole();
  });
});

describe('Teams: the channel is made but the case cannot record it', () => {
  const channelsNamed = (ref: string) => h.fake.channels.filter((c) => c.displayName === ref);

  it('record-channel fails: told in plain words with Retry; Retry gets 409 and reuses the channel by its marker; one channel, one card', async () => {
    faults.fail({
      collection: 'store',
      method: 'appendCommit',
      when: commitWith('channel.opened'),
      what: 'channel.opened commit',
    });
    const form = await h.ask(USERS.la, 'notify');
    const first = await h.press(USERS.la, form, 'notify.submit', NOTIFICATION);
    const ref = refOf(first)!;
    expect(cardText(first.settled)).toContain(
      `The channel ${ref} is open in the cases team, but I could not record it on the case because the case store did not answer`,
    );
    expect(executeActions(first.settled).map((a) => a.verb)).toContain('channel.retry');
    const c = await h.caseByRef(ref);
    expect(c.channels).toEqual([]);
    expect(channelsNamed(ref)).toHaveLength(1);
    await whole();

    const retried = await h.press(USERS.la, first.settled, 'channel.retry');
    expect(cardText(retried.settled)).toContain(`Case channel ${ref} is open in the cases team`);
    expect(h.graphPostsFor(ref)).toBe(2); // the second POST got 409 …
    expect(channelsNamed(ref)).toHaveLength(1); // … and the channel was found by its marker, not made again
    const after = await h.caseByRef(ref);
    expect(after.channels[0]!.id).toBe(channelsNamed(ref)[0]!.id);
    expect(liveCaseCards(after.channels[0]!.id)).toBe(1);
    expect(await types(c.id)).toEqual([
      'case.notified',
      'step.failed',
      'channel.opened',
      'channel.updated',
    ]);
    await whole();
  });

  it('the case card cannot be recorded: the card is taken back; Retry posts and records one card', async () => {
    faults.fail({
      collection: 'store',
      method: 'appendCommit',
      when: commitWith('channel.updated'),
      what: 'channel.updated commit',
    });
    const form = await h.ask(USERS.la, 'notify');
    const first = await h.press(USERS.la, form, 'notify.submit', NOTIFICATION);
    const ref = refOf(first)!;
    expect(cardText(first.settled)).toContain(
      'could not record its case card because the case store did not answer',
    );
    const channelId = channelsNamed(ref)[0]!.id;
    expect(h.fake.connectorCalls('DELETE')).toHaveLength(1);
    expect(liveCaseCards(channelId)).toBe(0);
    await whole();
    await h.press(USERS.la, first.settled, 'channel.retry');
    expect(liveCaseCards(channelId)).toBe(1);
    expect(h.graphPostsFor(ref)).toBe(1);
    expect(
      ((await h.caseByRef(ref)).channels[0]!.meta as { activityId?: string }).activityId,
    ).toBeDefined();
    await whole();
  });

  it('a restart between the two (nothing recorded): the same notification sent again finds the channel by its marker', async () => {
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
    const form = await h.ask(USERS.la, 'notify');
    const first = await h.press(USERS.la, form, 'notify.submit', NOTIFICATION);
    const ref = refOf(first)!;
    await h.restart();
    expect((await h.caseByRef(ref)).channels).toEqual([]);
    await whole();

    // Teams sends the same submission again (the first answer was lost with the process).
    const again = await h.press(USERS.la, form, 'notify.submit', NOTIFICATION);
    expect(refOf(again)).toBe(ref);
    expect(cardText(again.settled)).toContain(`Case channel ${ref} is open in the cases team`);
    expect(h.graphPostsFor(ref)).toBe(2); // 409 the second time
    expect(channelsNamed(ref)).toHaveLength(1);
    expect(await h.allCases()).toHaveLength(1);
    const c = await h.caseByRef(ref);
    expect(c.channels[0]!.id).toBe(channelsNamed(ref)[0]!.id);
    expect(liveCaseCards(c.channels[0]!.id)).toBe(1);
    expect(await types(c.id)).toEqual(['case.notified', 'channel.opened', 'channel.updated']);
    await whole();
  });

  it('local mode (no Graph): the card posted here cannot be recorded: taken back, told with Retry; Retry leaves one card', async () => {
    await h.stop();
    h = new Harness({ graph: false, wrapStore: (e) => faultyStore(e, faults) });
    await h.start();
    faults.fail({
      collection: 'store',
      method: 'appendCommit',
      when: commitWith('channel.opened'),
      what: 'channel.opened commit',
    });
    const form = await h.ask(USERS.la, 'notify');
    const first = await h.press(USERS.la, form, 'notify.submit', NOTIFICATION);
    const ref = refOf(first)!;
    expect(cardText(first.card)).toContain(
      'I could not record the case card on the case because the case store did not answer',
    );
    expect(h.fake.connectorCalls('DELETE')).toHaveLength(1);
    await whole();
    await h.press(USERS.la, first.card, 'channel.retry');
    const c = await h.caseByRef(ref);
    expect(c.channels).toHaveLength(1);
    const cards = h.fake
      .sent(personal(USERS.la).conversationId)
      .filter(
        (call) =>
          cardText(call.body).includes(`Case ${ref}`) && cardText(call.body).includes('Deadlines'),
      );
    expect(cards.length - h.fake.connectorCalls('DELETE').length).toBe(1);
    await whole();
  });
});

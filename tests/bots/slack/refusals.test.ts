/**
 * Who may do what, over real HTTP: people without a role, people of another partnership, votes by
 * anyone but a partner's holder, notifications by roles that do not notify, and forged or stale
 * submissions. Each refusal is plain, reveals nothing, and stores nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NO_ROLE, NOT_FOUND } from '../../../src/app/messages.js';
import { ACTION_IDS } from '../../../src/cards/slack/case-message.js';
import { VOTE_REFUSAL } from '../../../src/domain/roles.js';
import {
  allCases,
  CRITERIA,
  FACTS,
  notify,
  openForm,
  startHarness,
  textOf,
  U,
  type Harness,
  commandReply,
} from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  expect(h.fake.problems).toEqual([]);
  await h.stop();
});

async function caseWithChannel() {
  await notify(h);
  await h.fake.waitForCalls('chat.postMessage');
  for (let i = 0; i < 200; i++) {
    const [c] = await allCases(h);
    const ch = c?.channels.find((x) => x.platform === 'slack');
    if (c && ch?.meta?.messageTs) return { c, channel: ch.id };
    await h.bot.idle();
  }
  throw new Error('no channel');
}

/** The ephemeral reply to a button (chat.postEphemeral to that user). */
async function buttonReply(
  user: string,
  action: string,
  caseId: string,
  channel: string,
): Promise<string> {
  const before = h.fake.callsTo('chat.postEphemeral').length;
  const ack = await h.slack.click(user, action, caseId, { channel });
  expect(ack.status).toBe(200);
  const calls = await h.fake.waitForCalls('chat.postEphemeral', before + 1);
  expect(calls[before]!.args.user).toBe(user);
  return textOf(calls[before]);
}

describe('Slack refusals', () => {
  it('someone with no role in any partnership gets the no-role message for every command, and no form', async () => {
    for (const verb of [
      'status',
      'list',
      'deadlines',
      'roles',
      'notify',
      'status LINCS-2026-001',
    ]) {
      expect(await commandReply(h, U.outsider, verb)).toContain(NO_ROLE.slice(0, 40));
    }
    expect(h.fake.callsTo('views.open')).toHaveLength(0);
    expect(await allCases(h)).toHaveLength(0);
  });

  it('another partnership’s holder learns nothing about a case: the same refusal as for a case that does not exist', async () => {
    const { c, channel } = await caseWithChannel();
    const existing = await commandReply(h, U.portsLa, 'status LINCS-2026-001');
    const missing = await commandReply(h, U.portsLa, 'status LINCS-2026-999');
    expect(existing).toContain(NOT_FOUND.slice(0, 30));
    expect(JSON.parse(existing).text).toBe(JSON.parse(missing).text);
    expect(existing).not.toContain('Notified');
    expect(await commandReply(h, U.portsLa, 'list')).not.toContain('LINCS');
    const opened = h.fake.callsTo('views.open').length;
    expect(await buttonReply(U.portsLa, ACTION_IDS.facts, c.id, channel)).toContain(
      NOT_FOUND.slice(0, 30),
    );
    expect(await buttonReply(U.outsider, ACTION_IDS.vote, c.id, channel)).toContain(
      NO_ROLE.slice(0, 40),
    );
    expect(h.fake.callsTo('views.open')).toHaveLength(opened);

    // A forged facts submission for the case, from the other partnership: refused, nothing stored.
    const facts = await openForm(h, U.bm, ACTION_IDS.facts, c.id, channel);
    const forged = await h.slack.submit(U.portsLa, facts, FACTS, 'VFORGED01');
    expect(forged.json?.response_action).toBe('push');
    expect(JSON.stringify(forged.json)).toContain(NOT_FOUND.slice(0, 30));
    expect((await h.bot.service.repo.load(c.id))!.facts).toBeUndefined();
  });

  it('the vote button opens the vote form only for a holder of la, police or health', async () => {
    const { c, channel } = await caseWithChannel();
    const facts = await openForm(h, U.bm, ACTION_IDS.facts, c.id, channel);
    await h.slack.submit(U.bm, facts, FACTS, 'VFACTS0001');
    await h.fake.waitForCalls('chat.postEphemeral'); // the “facts recorded” confirmation
    const opened = h.fake.callsTo('views.open').length;
    for (const user of [U.bm, U.chair, U.scrutineer, U.member]) {
      const reply = await buttonReply(user, ACTION_IDS.vote, c.id, channel);
      expect(reply).toContain(VOTE_REFUSAL);
    }
    expect(h.fake.callsTo('views.open')).toHaveLength(opened);
    const vote = await openForm(h, U.police, ACTION_IDS.vote, c.id, channel);
    expect(JSON.stringify(vote)).toContain('Vote for Police');
    expect(vote.callback_id).toBe('cspr_vote');

    // A forged vote from the business manager with the police modal: refused, no vote stored.
    const forged = await h.slack.submit(
      U.bm,
      vote,
      { outcome: 'lcspr', rationale: 'Not mine to cast.' },
      'VFORGED02',
    );
    expect(forged.json?.response_action).toBe('push');
    expect(JSON.stringify(forged.json)).toContain(VOTE_REFUSAL);
    expect((await h.bot.service.repo.load(c.id))!.votes).toEqual({});
  });

  it('roles that do not notify are refused the notification form; the scrutineer cannot record facts', async () => {
    const { c, channel } = await caseWithChannel();
    const before = h.fake.callsTo('views.open').length;
    expect(await commandReply(h, U.police, 'notify')).toContain(
      'Your role does not allow this: notify an incident.',
    );
    expect(await buttonReply(U.scrutineer, ACTION_IDS.facts, c.id, channel)).toContain(
      'Your role does not allow this: record the rapid-review facts.',
    );
    expect(await buttonReply(U.member, ACTION_IDS.criteria, c.id, channel)).toContain(
      'Your role does not allow this: assess the criteria.',
    );
    expect(h.fake.callsTo('views.open')).toHaveLength(before);
    // A forged notification submission from the police holder: refused, no case.
    const notifyView = (h.fake.callsTo('views.open')[0]!.args.view ?? {}) as Record<
      string,
      unknown
    >;
    const forged = await h.slack.submit(U.police, notifyView, {}, 'VFORGED03');
    expect(forged.json?.response_action).toBe('push');
    expect(await allCases(h)).toHaveLength(1);
  });

  it('once the decision is recorded the vote button is gone and an old vote form is refused', async () => {
    const { c, channel } = await caseWithChannel();
    await h.slack.submit(
      U.bm,
      await openForm(h, U.bm, ACTION_IDS.criteria, c.id, channel),
      CRITERIA,
      'VCRIT0001',
    );
    const oldForm = await openForm(h, U.la, ACTION_IDS.vote, c.id, channel);
    for (const [user, id] of [
      [U.la, 'VVOTELA01'],
      [U.police, 'VVOTEPO01'],
      [U.health, 'VVOTEHE01'],
    ] as const) {
      const view = await openForm(h, user, ACTION_IDS.vote, c.id, channel);
      const ack = await h.slack.submit(
        user,
        view,
        { outcome: 'no-further-review', rationale: `${user} rationale` },
        id,
      );
      expect(ack.text).toBe('');
    }
    expect((await h.bot.service.repo.load(c.id))!.state).toBe('decided');
    const late = await h.slack.submit(
      U.la,
      oldForm,
      { outcome: 'lcspr', rationale: 'Changed my mind.' },
      'VVOTELATE',
    );
    expect(late.json?.response_action).toBe('push');
    expect(JSON.stringify(late.json)).toContain('votes can no longer change');
    expect(await buttonReply(U.la, ACTION_IDS.vote, c.id, channel)).toContain(
      'votes can no longer change',
    );
    const votes = (await h.bot.service.repo.events(c.id)).filter((e) => e.type === 'vote.cast');
    expect(votes).toHaveLength(3);
  });
});

/**
 * The rapid review end to end over real HTTP: signed slash commands, block_actions and
 * view_submissions to the running bot, the fake Slack Web API recording what the bot does, and the
 * store checked through the repository.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../../src/cards/slack/case-message.js';
import type { Case } from '../../../src/domain/case.js';
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
  settledChannel,
} from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  expect(h.fake.problems, 'every Block Kit payload is within Slack’s limits').toEqual([]);
  for (const ms of h.slack.timings) expect(ms).toBeLessThan(3000);
  await h.stop();
});

async function theCase(): Promise<Case> {
  const [c] = await allCases(h);
  expect(c).toBeDefined();
  return (await h.bot.service.repo.load(c!.id))!;
}

/** Notifies and waits until the case channel has its case message; returns the case and channel. */
async function notifiedCase(): Promise<{ c: Case; channel: string; ts: string }> {
  await notify(h);
  await h.fake.waitForCalls('chat.postMessage');
  return settledCase();
}

const settledCase = () => settledChannel(h);

async function submitForm(
  user: string,
  action: string,
  caseId: string,
  channel: string,
  answers: Record<string, string | string[]>,
) {
  const view = await openForm(h, user, action, caseId, channel);
  return h.slack.submit(
    user,
    view,
    answers,
    `V${Math.random().toString(36).slice(2, 10).toUpperCase()}`,
  );
}

async function waitForUpdates(channel: string, count: number) {
  return h.fake.waitFor(() => {
    const updates = h.fake.calls.filter(
      (c) => c.method === 'chat.update' && c.args.channel === channel,
    );
    return updates.length >= count ? updates : undefined;
  }, `${count} case message updates`);
}

describe('Slack: a case carried through the rapid review', () => {
  it('notify → private channel, invites and case message; the notifier is told s16C and the deadlines', async () => {
    const ack = await h.slack.command(U.la, 'notify');
    expect(ack.status).toBe(200);
    expect(ack.text).toBe('');
    const open = await h.fake.waitForCalls('views.open');
    expect((open[0]!.args.view as { callback_id: string }).callback_id).toBe('cspr_notification');
    // views.open was called within the trigger's 3 seconds (the fake refuses expired triggers).
    expect(open[0]!.token).toBe('xoxb-test-token');

    const { answer } = await notify(h);
    expect(answer.status).toBe(200);
    expect(answer.json?.response_action).toBe('update');
    const result = JSON.stringify(answer.json);
    expect(result).toContain('LINCS-2026-001');
    expect(result).toContain('s16C(1) criteria are met');
    expect(result).toContain('Thu 31 Dec 2026'); // notify the Panel: 5 working days from 22 Dec (Christmas and Boxing Day off)
    expect(result).toContain('Fri 15 Jan 2027'); // rapid review: 15 working days

    const [create] = await h.fake.waitForCalls('conversations.create');
    expect(create!.args).toMatchObject({ name: 'cspr-lincs-2026-001', is_private: 'true' });
    const [invite] = await h.fake.waitForCalls('conversations.invite');
    const invited = String(invite!.args.users).split(',').sort();
    expect(invited).toEqual(
      [U.bm, U.chair, U.health, U.la, U.member, U.police, U.scrutineer].sort(),
    );
    const [post] = await h.fake.waitForCalls('chat.postMessage');
    const channelId = [...h.fake.channels.values()].find(
      (ch) => ch.name === 'cspr-lincs-2026-001',
    )!.id;
    expect(post!.args.channel).toBe(channelId);
    const posted = textOf(post);
    expect(posted).toContain('LINCS-2026-001 · Notified');
    expect(posted).toContain('Child A (4), Sibling B (7)');
    expect(posted).toContain(
      'Notify the Child Safeguarding Practice Review Panel: *Thu 31 Dec 2026*',
    );
    expect(posted).toContain('Rapid review');
    expect(posted).toContain('Waiting for');
    expect(posted).toContain(ACTION_IDS.facts);
    expect(posted).toContain(ACTION_IDS.criteria);
    expect(posted).not.toContain(ACTION_IDS.vote); // voting opens once facts or criteria are in
    expect(String(post!.args.text)).not.toContain('Child A'); // the notification text carries no pseudonym

    const { c, channel, ts } = await settledCase();
    expect(c.state).toBe('notified');
    expect(channel).toBe(channelId);
    expect(ts).toBe(h.fake.messages.get(`${channelId}:${ts}`)?.ts);
    const events = await h.bot.service.repo.events(c.id);
    expect(events.map((e) => e.type)).toEqual(['case.notified', 'channel.opened']);
    expect(events[0]!.requestKey).toMatch(/^slack:view:V/);
    expect(events[1]!.actor.id).toBe('system');
  });

  it('facts, criteria and three matching votes: the message is updated in place, the decision posted and the chair and scrutineer told', async () => {
    const { c, channel, ts } = await notifiedCase();

    const facts = await submitForm(U.bm, ACTION_IDS.facts, c.id, channel, FACTS);
    expect(facts.status).toBe(200);
    expect(facts.text).toBe(''); // the modal closes
    let updates = await waitForUpdates(channel, 1);
    expect(updates[0]!.args.ts).toBe(ts);
    expect(textOf(updates[0])).toContain('LINCS-2026-001 · Rapid review');
    expect(textOf(updates[0])).toContain(ACTION_IDS.vote);
    const confirm = await h.fake.waitForCalls('chat.postEphemeral');
    expect(confirm[0]!.args).toMatchObject({ channel, user: U.bm });
    expect(textOf(confirm[0])).toContain('Facts recorded on *LINCS-2026-001*');

    await submitForm(U.chair, ACTION_IDS.criteria, c.id, channel, CRITERIA);
    updates = await waitForUpdates(channel, 2);
    expect(textOf(updates[1])).toContain('Criteria: assessed');

    const rationale = {
      police: 'Police: agencies did not share concerns about the home conditions.',
      la: 'LA: repeated missed visits show learning for the whole partnership.',
      health: 'Health: health visiting escalation failed twice.',
    };
    await submitForm(U.police, ACTION_IDS.vote, c.id, channel, {
      outcome: 'lcspr',
      rationale: rationale.police,
      criteria: ['improvements', 'multi-agency'],
    });
    updates = await waitForUpdates(channel, 3);
    expect(textOf(updates[2])).toContain('Police: voted');
    expect(textOf(updates[2])).not.toContain(rationale.police); // hidden until all three voted
    expect(textOf(updates[2])).not.toContain('Local child safeguarding practice review');

    await submitForm(U.la, ACTION_IDS.vote, c.id, channel, {
      outcome: 'lcspr',
      rationale: rationale.la,
      criteria: ['improvements'],
    });
    updates = await waitForUpdates(channel, 4);
    expect(textOf(updates[3])).not.toContain(rationale.la);
    await submitForm(U.health, ACTION_IDS.vote, c.id, channel, {
      outcome: 'lcspr',
      rationale: rationale.health,
      criteria: [],
    });
    updates = await waitForUpdates(channel, 5);
    expect(updates.every((u) => u.args.ts === ts)).toBe(true); // always the same message, never reposted
    expect(textOf(updates[4])).toContain('LINCS-2026-001 · Decided');
    expect(textOf(updates[4])).toContain('*Decision*: Local child safeguarding practice review');
    expect(textOf(updates[4])).not.toContain(ACTION_IDS.vote);

    const decisionPost = await h.fake.waitFor(
      () =>
        h.fake
          .callsTo('chat.postMessage')
          .find((p) => p.args.channel === channel && textOf(p).includes('Decision recorded')),
      'the decision post',
    );
    for (const r of Object.values(rationale)) expect(textOf(decisionPost)).toContain(r);
    const dms = await h.fake.waitFor(() => {
      const to = h.fake
        .callsTo('chat.postMessage')
        .filter((p) => p.args.channel === U.chair || p.args.channel === U.scrutineer);
      return to.length >= 2 ? to : undefined;
    }, 'the chair and scrutineer DMs');
    for (const dm of dms) {
      expect(textOf(dm)).toContain('Decision recorded on *LINCS-2026-001*');
      expect(textOf(dm)).not.toContain('Child A'); // DMs carry the reference, not the children
    }

    const done = await theCase();
    expect(done.state).toBe('decided');
    expect(done.decision?.outcome).toBe('lcspr');
    expect(done.decision?.votes.police.rationale).toBe(rationale.police);
    const types = (await h.bot.service.repo.events(c.id)).map((e) => e.type);
    expect(types).toEqual([
      'case.notified',
      'channel.opened',
      'facts.recorded',
      'criteria.assessed',
      'vote.cast',
      'vote.cast',
      'vote.cast',
      'decision.recorded',
    ]);
    expect(h.fake.callsTo('conversations.create')).toHaveLength(1);
    // No pseudonym in any log line.
    expect(h.logs.join('\n')).not.toMatch(/Child A|Sibling B/);
  });

  it('differing votes escalate the case and tell the chair; revised votes then record the decision', async () => {
    const { c, channel } = await notifiedCase();
    await submitForm(U.bm, ACTION_IDS.facts, c.id, channel, FACTS);
    await waitForUpdates(channel, 1);
    await submitForm(U.la, ACTION_IDS.vote, c.id, channel, {
      outcome: 'lcspr',
      rationale: 'LA view.',
      criteria: [],
    });
    await submitForm(U.police, ACTION_IDS.vote, c.id, channel, {
      outcome: 'lcspr',
      rationale: 'Police view.',
      criteria: [],
    });
    await submitForm(U.health, ACTION_IDS.vote, c.id, channel, {
      outcome: 'single-agency-learning',
      rationale: 'Health view: a single agency issue.',
      criteria: ['single-agency'],
    });
    const updates = await waitForUpdates(channel, 4);
    expect(textOf(updates[3])).toContain('Escalated: partners disagree');
    expect(textOf(updates[3])).toContain('Single-agency learning review'); // all three voted: votes are visible
    const post = await h.fake.waitFor(
      () =>
        h.fake
          .callsTo('chat.postMessage')
          .find((p) => p.args.channel === channel && textOf(p).includes('votes differ')),
      'the escalation post',
    );
    expect(textOf(post)).toContain('Single-agency learning review');
    const toChair = await h.fake.waitFor(
      () => h.fake.callsTo('chat.postMessage').find((p) => p.args.channel === U.chair),
      'the chair DM',
    );
    expect(textOf(toChair)).toContain('escalated to you');
    let stored = await theCase();
    expect(stored.state).toBe('escalated');
    expect(stored.decision).toBeUndefined();

    // Health revises its vote: now all three agree and the decision is recorded.
    await submitForm(U.health, ACTION_IDS.vote, c.id, channel, {
      outcome: 'lcspr',
      rationale: 'Health agrees after discussion.',
      criteria: [],
    });
    await h.fake.waitFor(
      () =>
        h.fake
          .callsTo('chat.postMessage')
          .find((p) => p.args.channel === channel && textOf(p).includes('Decision recorded')),
      'the decision post',
    );
    stored = await theCase();
    expect(stored.state).toBe('decided');
    expect(stored.decision?.votes.health.rationale).toBe('Health agrees after discussion.');
  });

  it('answers help, status, list, deadlines and roles ephemerally; REF is implied in the case channel', async () => {
    const { channel } = await notifiedCase();
    const replies = async (user: string, text: string, where?: string) => {
      const before = h.fake.callsTo('response_url').length;
      const ack = await h.slack.command(user, text, where);
      expect(ack.status).toBe(200);
      const [reply] = (await h.fake.waitForCalls('response_url', before + 1)).slice(before);
      expect(reply!.args.response_type).toBe('ephemeral');
      return textOf(reply);
    };
    expect(await replies(U.police, 'help')).toContain('/cspr status [REF]');
    expect(await replies(U.police, '')).toContain('/cspr notify');
    const here = await replies(U.police, 'status', channel);
    expect(here).toContain('LINCS-2026-001 · Notified');
    expect(here).toContain('Child A'); // inside the private case channel
    const elsewhere = await replies(U.police, 'status lincs-2026-001', 'C0GENERAL1');
    expect(elsewhere).toContain('LINCS-2026-001 · Notified');
    expect(elsewhere).not.toContain('Child A'); // outside it, no pseudonyms
    expect(await replies(U.police, 'status')).toContain('Which case?');
    const list = await replies(U.bm, 'list');
    expect(list).toContain('LINCS-2026-001');
    expect(list).not.toContain('Child A');
    expect(await replies(U.bm, 'deadlines')).toContain(
      'Notify the Child Safeguarding Practice Review Panel',
    );
    const roles = await replies(U.chair, 'roles');
    expect(roles).toContain('Priya Shah');
    expect(roles).not.toContain('Pat Lee'); // another partnership's holders
    expect(await replies(U.chair, 'timeline', channel)).toContain('Case channel opened in Slack');
    expect(await replies(U.chair, 'frobnicate')).toContain('I don’t know that command');
  });
});

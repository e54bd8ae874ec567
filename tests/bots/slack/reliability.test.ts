/**
 * Reliability over real HTTP: acknowledgement before slow work, repeated deliveries (Slack retries,
 * double clicks), Slack Web API failures (name clash, failed invites, 500s, rate limits, a deleted
 * case message) and invalid input answered as Slack field errors with nothing stored.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../../src/cards/slack/case-message.js';
import type { Case } from '../../../src/domain/case.js';
import { BOT_USER } from './fake-slack.js';
import {
  allCases,
  FACTS,
  NOTIFICATION,
  notify,
  openedView,
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
  expect(h.fake.problems).toEqual([]);
  expect(h.logs.join('\n')).not.toMatch(/Child A|Sibling B|neglect suspected/); // no pseudonym or typed text in logs
  await h.stop();
});

async function onlyCase(): Promise<Case> {
  const cases = await allCases(h);
  expect(cases).toHaveLength(1);
  return (await h.bot.service.repo.load(cases[0]!.id))!;
}

async function eventTypes(c: Case): Promise<string[]> {
  return (await h.bot.service.repo.events(c.id)).map((e) => e.type);
}

const channelOf = () => settledChannel(h);

/** The failure report sent to a person: a DM with a Try again button. */
async function failureDm(user: string, count = 1) {
  return h.fake.waitFor(() => {
    const dms = h.fake
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === user && textOf(c).includes(ACTION_IDS.retry));
    return dms.length >= count ? dms[count - 1] : undefined;
  }, `failure DM #${count} to ${user}`);
}

async function clickRetry(user: string, caseId: string) {
  const ack = await h.slack.click(user, ACTION_IDS.retry, caseId, { channel: `D${user.slice(1)}` });
  expect(ack.status).toBe(200);
}

describe('Slack: acknowledgement comes first', () => {
  it('answers the notification submission at once, while Slack is slow to create the channel', async () => {
    const release = h.fake.hold('conversations.create'); // Slack creates the channel only when the test says so
    const { answer } = await notify(h);
    expect(answer.ms).toBeLessThan(3000); // Slack's limit
    expect(answer.json?.response_action).toBe('update');
    await h.fake.waitForCalls('conversations.create');
    expect(h.fake.unanswered('conversations.create')).toBe(1); // answered while the channel was still being created
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(0); // the channel work is still going on
    release();
    await channelOf();
  });

  it('answers within Slack’s 3 seconds when the store is slow, and sends the result when it is saved', async () => {
    h.storeDelay.ms = 2600;
    const { answer } = await notify(h);
    expect(answer.ms).toBeLessThan(3000);
    expect(answer.json?.response_action).toBe('update');
    expect(JSON.stringify(answer.json)).toContain('taking longer than usual');
    const saved = await h.fake.waitFor(
      () =>
        h.fake
          .callsTo('chat.postMessage')
          .find((m) => m.args.channel === U.la && textOf(m).includes('is recorded')),
      'the result DM',
    );
    expect(textOf(saved)).toContain('LINCS-2026-001');
    expect(textOf(saved)).toContain('s16C(1) criteria are met');
    h.storeDelay.ms = 0;
    await channelOf();
  });

  it('answers a slash command at once, even when views.open is slow', async () => {
    const release = h.fake.hold('views.open');
    const ack = await h.slack.command(U.la, 'notify');
    expect(ack.status).toBe(200);
    expect(ack.ms).toBeLessThan(3000); // Slack's limit
    await h.fake.waitForCalls('views.open');
    expect(h.fake.unanswered('views.open')).toBe(1); // acknowledged before the modal opened
    release();
    await h.bot.idle();
    expect(h.fake.unanswered('views.open')).toBe(0);
  });
});

describe('Slack: repeated deliveries change nothing', () => {
  it('the same notification submission delivered again (a retry) creates no second case, channel or message', async () => {
    const { view, viewId, answer } = await notify(h);
    await channelOf();
    const body = h.slack.submissionBody(U.la, view, NOTIFICATION, viewId);
    const again = await h.slack.post(body);
    expect(again.status).toBe(200);
    expect(JSON.stringify(again.json)).toContain('LINCS-2026-001');
    expect(JSON.stringify(again.json)).toBe(JSON.stringify(answer.json));
    await h.bot.idle();
    expect(await allCases(h)).toHaveLength(1);
    expect(h.fake.callsTo('conversations.create')).toHaveLength(1);
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(await eventTypes(await onlyCase())).toEqual(['case.notified', 'channel.opened']);
  });

  it('a double click on Notify (two identical submissions at once) creates one case and one channel', async () => {
    await h.slack.command(U.bm, 'notify');
    const view = await openedView(h, 1);
    const body = h.slack.submissionBody(U.bm, view, NOTIFICATION, 'VDOUBLE01');
    const [a, b] = await Promise.all([h.slack.post(body), h.slack.post(body)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await channelOf();
    await h.bot.idle();
    expect(await allCases(h)).toHaveLength(1);
    expect(h.fake.callsTo('conversations.create')).toHaveLength(1);
    expect((await onlyCase()).channels).toHaveLength(1);
  });

  it('a repeated vote submission records one vote', async () => {
    await notify(h);
    const { c, channel } = await channelOf();
    await h.slack.submit(
      U.bm,
      await openForm(h, U.bm, ACTION_IDS.facts, c.id, channel),
      FACTS,
      'VFACTS0001',
    );
    const vote = await openForm(h, U.police, ACTION_IDS.vote, c.id, channel);
    const body = h.slack.submissionBody(
      U.police,
      vote,
      { outcome: 'lcspr', rationale: 'Police rationale.' },
      'VVOTE0001',
    );
    await Promise.all([h.slack.post(body), h.slack.post(body)]);
    await h.slack.post(body);
    const events = await eventTypes(await onlyCase());
    expect(events.filter((t) => t === 'vote.cast')).toHaveLength(1);
  });

  it('a notification that failed half-way is finished by the repeated delivery, not duplicated', async () => {
    h.fake.fail('conversations.create', { status: 500 }, 4); // the first attempt and its 3 retries
    const { view, viewId } = await notify(h);
    await failureDm(U.la);
    expect((await onlyCase()).channels).toHaveLength(0);
    await h.slack.submit(U.la, view, NOTIFICATION, viewId); // Slack delivers the same submission again
    const { c } = await channelOf();
    expect(c.ref).toBe('LINCS-2026-001');
    expect(await allCases(h)).toHaveLength(1);
  });
});

describe('Slack: Web API failures are told in plain words, recorded, and can be retried', () => {
  it('a name clash with an unrecorded channel the bot is in: the channel is reused', async () => {
    const existing = h.fake.addChannel('cspr-lincs-2026-001', { botIsMember: true });
    await notify(h);
    const { c, channel } = await channelOf();
    expect(channel).toBe(existing);
    expect(h.fake.callsTo('conversations.list').length).toBeGreaterThan(0);
    expect(h.fake.callsTo('conversations.invite')[0]!.args.channel).toBe(existing);
    expect(await eventTypes(c)).toEqual(['case.notified', 'channel.opened']);
  });

  it('a name clash with a channel the bot cannot see: reported, recorded, and retried once fixed', async () => {
    const existing = h.fake.addChannel('cspr-lincs-2026-001', { botIsMember: false });
    await notify(h);
    const dm = await failureDm(U.la);
    expect(textOf(dm)).toContain('#cspr-lincs-2026-001 already exists');
    expect(textOf(dm)).toContain('nothing is lost');
    let c = await onlyCase();
    expect(c.state).toBe('notified');
    const failed = (await h.bot.service.repo.events(c.id)).find((e) => e.type === 'step.failed');
    expect(failed?.data).toMatchObject({ step: 'channel.create', code: 'name_taken' });

    h.fake.channels.get(existing)!.members.add(BOT_USER); // an admin adds the bot to it
    await clickRetry(U.la, c.id);
    ({ c } = await channelOf());
    expect(c.channels[0]!.id).toBe(existing);
    await h.fake.waitFor(
      () =>
        h.fake
          .callsTo('chat.postMessage')
          .find((m) => m.args.channel === U.la && textOf(m).includes('Done')),
      'the done DM',
    );
  });

  it('a name clash with another case’s channel is refused, never reused', async () => {
    await notify(h);
    const first = await channelOf();
    h.fake.channels.get(first.channel)!.name = 'cspr-lincs-2026-002'; // someone renamed case 1's channel
    await notify(h);
    await failureDm(U.la);
    const dm = (
      await h.fake.waitFor(
        () => h.fake.callsTo('chat.postMessage').filter((m) => m.args.channel === U.la),
        'dm',
      )
    )[0];
    expect(textOf(dm)).toContain('already belongs to another case');
    const second = (await h.bot.service.repo.findByRef('lincs', 'LINCS-2026-002'))!;
    expect(second.channels).toHaveLength(0);
    expect((await h.bot.service.repo.events(second.id)).map((e) => e.type)).toEqual([
      'case.notified',
      'step.failed',
    ]);
  });

  it('a failed invite: the channel and message are there, the notifier is told who is missing, and Try again adds them', async () => {
    h.fake.users.delete(U.member); // not (yet) a member of the workspace
    await notify(h);
    const dm = await failureDm(U.la);
    expect(textOf(dm)).toContain('I couldn’t add Mo Ahmed');
    const { c, channel } = await channelOf();
    expect(h.fake.channels.get(channel)!.members.has(U.police)).toBe(true);
    expect(h.fake.channels.get(channel)!.members.has(U.member)).toBe(false);
    const failed = (await h.bot.service.repo.events(c.id)).find((e) => e.type === 'step.failed');
    expect(failed?.data).toMatchObject({ step: 'channel.invite', code: 'invite_failed' });

    h.fake.users.add(U.member);
    await clickRetry(U.la, c.id);
    await h.fake.waitFor(
      () => h.fake.channels.get(channel)!.members.has(U.member),
      'the member invited',
    );
    expect(h.fake.callsTo('conversations.create')).toHaveLength(1);
  });

  it('Slack answering 500: retried, then reported; Try again posts the case message', async () => {
    h.fake.fail('chat.postMessage', { status: 500 }, 4);
    await notify(h);
    const dm = await failureDm(U.la);
    expect(textOf(dm)).toContain('Slack did not answer properly');
    expect(
      h.fake.callsTo('chat.postMessage').filter((m) => String(m.args.channel).startsWith('G')),
    ).toHaveLength(4);
    const c = await onlyCase();
    expect(
      (await h.bot.service.repo.events(c.id)).find((e) => e.type === 'step.failed')?.data,
    ).toMatchObject({ step: 'message.post', code: 'http_500' });
    await clickRetry(U.la, c.id);
    const { ts, channel } = await channelOf();
    expect(h.fake.messages.get(`${channel}:${ts}`)).toBeDefined();
    // The channel made on the first attempt is found again (name_taken → conversations.list) and reused.
    expect(h.fake.channels.size).toBe(1);
    expect(h.fake.callsTo('conversations.list').length).toBeGreaterThan(0);
    expect((await onlyCase()).channels).toHaveLength(1);
  });

  it('a failed case message update is reported to the person who changed the case, and recorded', async () => {
    await notify(h);
    const { c, channel } = await channelOf();
    h.fake.fail('chat.update', { status: 500 }, 4);
    await h.slack.submit(
      U.bm,
      await openForm(h, U.bm, ACTION_IDS.facts, c.id, channel),
      FACTS,
      'VFACTS0003',
    );
    const dm = await failureDm(U.bm);
    expect(textOf(dm)).toContain('I couldn’t update the case message in #cspr-lincs-2026-001');
    const after = await onlyCase();
    expect(after.facts).toBeDefined(); // the facts are saved all the same
    expect(await eventTypes(after)).toEqual([
      'case.notified',
      'channel.opened',
      'facts.recorded',
      'step.failed',
    ]);
    expect(h.logs.join('\n')).toContain('slack step failed');
    await clickRetry(U.bm, c.id);
    await h.fake.waitFor(() => h.fake.callsTo('chat.update').length >= 5, 'the retried update');
    expect(textOf(h.fake.callsTo('chat.update')[4])).toContain('Facts: recorded');
  });

  it('a rate limit (429 with Retry-After) is waited out and the work completes', async () => {
    h.fake.fail('conversations.create', { status: 429, retryAfter: 1 }, 1);
    const started = Date.now();
    await notify(h);
    await channelOf();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(h.fake.callsTo('conversations.create')).toHaveLength(2);
    expect(h.fake.channels.size).toBe(1);
  });

  it('a deleted case message is posted again and the new ts recorded', async () => {
    await notify(h);
    const { c, channel, ts } = await channelOf();
    h.fake.messages.delete(`${channel}:${ts}`);
    await h.slack.submit(
      U.bm,
      await openForm(h, U.bm, ACTION_IDS.facts, c.id, channel),
      FACTS,
      'VFACTS0002',
    );
    for (let i = 0; i < 200; i++) {
      const now = await h.bot.service.repo.load(c.id);
      if (now!.channels[0]!.meta!.messageTs !== ts) break;
      await h.bot.idle();
    }
    const after = (await h.bot.service.repo.load(c.id))!;
    expect(after.channels[0]!.meta!.messageTs).not.toBe(ts);
    expect((await eventTypes(after)).slice(-1)).toEqual(['channel.updated']);
  });

  it('a form that cannot be opened (views.open fails) is explained to the person', async () => {
    h.fake.fail('views.open', { error: 'internal_error' }, 2);
    await h.slack.command(U.la, 'notify');
    const [reply] = await h.fake.waitForCalls('response_url');
    expect(textOf(reply)).toContain('I couldn’t open the form');
  });
});

describe('Slack: invalid input comes back as field errors and nothing is stored', () => {
  it('the notification form', async () => {
    const bad = {
      ...NOTIFICATION,
      awareOn: '2027-01-05',
      child1Pseudonym: 'Jane Smith',
      child2Pseudonym: '',
      child2Age: '7',
      summary: '',
    };
    const { answer } = await notify(h, U.la, bad);
    expect(answer.json?.response_action).toBe('errors');
    const errors = answer.json?.errors as Record<string, string>;
    expect(errors.awareOn).toContain('cannot be in the future');
    expect(errors.child1Pseudonym).toContain('never the child’s name');
    expect(errors.child2Pseudonym).toContain('pseudonym');
    expect(errors.summary).toContain('required');
    const view = h.fake.callsTo('views.open')[0]!.args.view as {
      blocks: { block_id?: string; type: string }[];
    };
    const inputs = new Set(view.blocks.filter((b) => b.type === 'input').map((b) => b.block_id));
    for (const id of Object.keys(errors)) expect(inputs.has(id)).toBe(true); // each names a field of the modal
    await h.bot.idle();
    expect(await allCases(h)).toHaveLength(0);
    expect(h.fake.callsTo('conversations.create')).toHaveLength(0);
    expect(await h.bot.service.repo.nextRef('lincs', 'LINCS', 2026)).toBe('LINCS-2026-001'); // no reference used up
  });

  it('the facts and vote forms', async () => {
    await notify(h);
    const { c, channel } = await channelOf();
    const facts = await openForm(h, U.bm, ACTION_IDS.facts, c.id, channel);
    const answer = await h.slack.submit(
      U.bm,
      facts,
      { ...FACTS, immediateActionDetail: '', agencies: [] },
      'VFACTSBAD',
    );
    expect(answer.json).toMatchObject({ response_action: 'errors' });
    expect(Object.keys(answer.json!.errors as object).sort()).toEqual([
      'agencies',
      'immediateActionDetail',
    ]);
    await h.slack.submit(U.bm, facts, FACTS, 'VFACTSOK1');
    const vote = await openForm(h, U.health, ACTION_IDS.vote, c.id, channel);
    const noRationale = await h.slack.submit(
      U.health,
      vote,
      { outcome: 'lcspr', rationale: '   ' },
      'VVOTEBAD1',
    );
    expect(noRationale.json).toMatchObject({
      response_action: 'errors',
      errors: { rationale: 'Rationale is required.' },
    });
    expect((await onlyCase()).votes).toEqual({});
  });
});

/**
 * The escalation over Slack tells whom the core says (INFORMED_OF_DECISIONS, listed by
 * src/app/announcements): the fake Web API records a direct message to the chair and to the
 * scrutineer, with the reference only; one with no Slack id is named to the business manager.
 */
import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  decisionAnnouncements,
  escalationAnnouncements,
  toPeople,
} from '../../../src/app/announcements.js';
import { deliverAnnouncements } from '../../../src/bots/slack/announce.js';
import { ACTION_IDS } from '../../../src/cards/slack/case-message.js';
import { parsePartnerships } from '../../../src/config.js';
import type { Case } from '../../../src/domain/case.js';
import { createLogger } from '../../../src/logger.js';
import { decidedCase } from '../../domain/helpers.js';
import { FakeSlack } from './fake-slack.js';
import {
  FACTS,
  notify,
  openForm,
  PARTNERSHIPS_YAML,
  settledChannel,
  startHarness,
  textOf,
  U,
  type Harness,
} from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  if (!h) return;
  expect(h!.fake.problems, 'every Block Kit payload is within Slack’s limits').toEqual([]);
  await h.stop();
  h = undefined;
});

async function submitForm(
  user: string,
  action: string,
  caseId: string,
  channel: string,
  answers: Record<string, string | string[]>,
) {
  const view = await openForm(h!, user, action, caseId, channel);
  return h!.slack.submit(
    user,
    view,
    answers,
    `V${Math.random().toString(36).slice(2, 10).toUpperCase()}`,
  );
}

/** Notifies, records the facts and casts three differing votes over Slack; returns the escalated case and its channel. */
async function escalate(): Promise<{ c: Case; channel: string }> {
  await notify(h!);
  await h!.fake.waitForCalls('chat.postMessage');
  const { c, channel } = await settledChannel(h!);
  await submitForm(U.bm, ACTION_IDS.facts, c.id, channel, FACTS);
  await h!.fake.waitFor(
    () => h!.fake.callsTo('chat.update').length >= 1 || undefined,
    'the facts on the case message',
  );
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
    outcome: 'no-further-review',
    rationale: 'Health view.',
    criteria: [],
  });
  const escalated = (await h!.bot.service.repo.load(c.id))!;
  expect(escalated.state).toBe('escalated');
  return { c: escalated, channel };
}

const dmsTo = (user: string) =>
  h!.fake.callsTo('chat.postMessage').filter((m) => m.args.channel === user);

describe('Slack: an escalation is announced as the core says', () => {
  beforeEach(async () => {
    h = await startHarness();
  });

  it('direct messages the scrutineer and the chair (reference only); the channel post says both were told', async () => {
    const { c, channel } = await escalate();
    for (const u of [U.scrutineer, U.chair]) {
      const dm = await h!.fake.waitFor(
        () => dmsTo(u).find((m) => textOf(m).includes('escalated to you')),
        `the escalation DM to ${u}`,
      );
      expect(textOf(dm)).toContain(`The partners’ votes on *${c.ref}* differ`);
      expect(textOf(dm)).toContain(`<#${channel}>`);
      expect(textOf(dm)).not.toMatch(/Child A|Sibling B|Health view/);
    }
    // Exactly the people of the core's list: no one else is told by direct message.
    const p = h!.bot.service.partnership(c.partnershipId);
    const listed = toPeople(escalationAnnouncements(c, p)).map(
      (a) => p.holders.find((x) => x.id === a.to.holderId)!.slackUserId,
    );
    const told = h!.fake
      .callsTo('chat.postMessage')
      .filter((m) => textOf(m).includes('escalated to you'))
      .map((m) => m.args.channel);
    expect(told.sort()).toEqual([...listed].sort());
    const post = h!.fake
      .callsTo('chat.postMessage')
      .find((m) => m.args.channel === channel && textOf(m).includes('votes differ'));
    expect(textOf(post)).toContain('the chair and the independent scrutineer have been told');
    expect(dmsTo(U.bm).filter((m) => textOf(m).includes('could not reach'))).toEqual([]);
  });
});

describe('Slack: a person the core names who cannot be reached', () => {
  beforeEach(async () => {
    h = await startHarness({
      partnershipsYaml: PARTNERSHIPS_YAML.replace(
        `roles: [scrutineer], slackUserId: ${U.scrutineer} `,
        'roles: [scrutineer] ',
      ),
    });
  });

  it('names a scrutineer with no Slack id to the business manager, so that someone tells them another way', async () => {
    const { c } = await escalate();
    const notice = await h!.fake.waitFor(
      () => dmsTo(U.bm).find((m) => textOf(m).includes('could not reach')),
      'the business manager told',
    );
    expect(textOf(notice)).toContain(
      `I could not reach Sam Okafor in Slack about the escalation on *${c.ref}*. Please let them know another way.`,
    );
    expect(
      await h!.fake.waitFor(
        () => dmsTo(U.chair).find((m) => textOf(m).includes('escalated to you')),
        'the chair DM',
      ),
    ).toBeDefined();
    expect(dmsTo(U.scrutineer)).toEqual([]);
  });
});

describe('Slack: a direct message Slack refuses', () => {
  it('names that person to the business manager; the others of the list are told', async () => {
    const fake = new FakeSlack();
    await fake.start();
    try {
      const [p] = parsePartnerships(PARTNERSHIPS_YAML, 'test').partnerships;
      const web = new webApi.WebClient('xoxb-test-token', {
        slackApiUrl: fake.apiUrl,
        retryConfig: { retries: 0 },
      });
      const c = { ...decidedCase().case, partnershipId: 'lincs' };
      fake.fail('chat.postMessage', { error: 'user_disabled' }); // the first direct message: the chair's
      const failed: unknown[] = [];
      const list = decisionAnnouncements(c, p!);
      await deliverAnnouncements(
        {
          web,
          log: createLogger(),
          partnership: p!,
          case: c,
          occasion: 'decision',
          postFailed: async (e) => void failed.push(e),
        },
        list,
      );
      expect(toPeople(list).map((a) => a.to.holderId)).toEqual(['chair', 'scrutineer']);
      const sent = fake.callsTo('chat.postMessage');
      expect(sent.map((m) => m.args.channel)).toEqual([U.chair, U.scrutineer, U.bm]);
      expect(textOf(sent[1])).toContain(`Decision recorded on *${c.ref}*`);
      expect(textOf(sent[2])).toContain(
        `I could not reach Chris Patel in Slack about the decision recorded on *${c.ref}*`,
      );
      expect(failed).toEqual([]); // no case channel here: no channel post to fail
    } finally {
      await fake.stop();
    }
  });
});

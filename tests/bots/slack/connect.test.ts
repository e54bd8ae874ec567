/**
 * Slack Connect: partners of other organisations' workspaces named by email in the partnership
 * file. When the case channel opens, holders of this workspace are invited as always (one found by
 * users.lookupByEmail too) and the others through conversations.inviteShared by email; the case
 * message lists who has not accepted yet. Once the invitation is accepted
 * (shared_channel_invite_accepted), the partner's user id — from their own workspace — votes like
 * any holder, and is remembered across a restart. Anyone else of that workspace gets the same plain
 * refusal as anyone without a role.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NO_ROLE } from '../../../src/app/messages.js';
import { instantAt } from '../../../src/domain/calendar.js';
import { sensitive } from '../../support/log-sink.js';
import { ACTION_IDS } from '../../../src/cards/slack/case-message.js';
import {
  commandReply,
  FACTS,
  notify,
  openForm,
  openedView,
  PARTNERSHIPS_YAML,
  settledChannel,
  startHarness,
  U,
  type Harness,
} from './harness.js';

const POLICE_EMAIL = 'priya.shah@police.example.org';
const HEALTH_EMAIL = 'hannah.jones@icb.example.org';
sensitive(POLICE_EMAIL, HEALTH_EMAIL); // personal data: never in a log line

/** The police lead's id in the police force's own workspace. */
const EXT = { id: 'U0EXTPOL1', team: 'T0POLICE9' };
/** Someone else of that workspace, in the shared channel but holding no role. */
const EXT_OTHER = 'U0EXTOTH1';

const YAML = PARTNERSHIPS_YAML.replace(
  `{ id: police-lead, name: Priya Shah, roles: [police], slackUserId: ${U.police} }`,
  `{ id: police-lead, name: Priya Shah, roles: [police], slackEmail: ${POLICE_EMAIL} }`,
).replace(
  `{ id: health-lead, name: Hannah Jones, roles: [health], slackUserId: ${U.health} }`,
  `{ id: health-lead, name: Hannah Jones, roles: [health], slackEmail: ${HEALTH_EMAIL} }`,
);

let h: Harness;
beforeEach(async () => {
  expect(YAML).toContain(POLICE_EMAIL);
  expect(YAML).toContain(HEALTH_EMAIL);
  h = await startHarness({ partnershipsYaml: YAML });
  h.fake.emails.set(HEALTH_EMAIL, { id: U.health, team: 'T0LINCS01' }); // a member of this workspace
});
afterEach(async () => {
  expect(h.fake.problems).toEqual([]);
  h.slack.team = 'T0LINCS01';
  await h.stop();
});

const cardText = (channel: string, ts: string) =>
  JSON.stringify(h.fake.messages.get(`${channel}:${ts}`)?.blocks ?? []);

/** Waits until the police vote is recorded on the case; returns the case. */
async function voteRecorded(caseId: string) {
  for (let i = 0; i < 300; i++) {
    const x = await h.bot.service.repo.load(caseId);
    if (x?.votes.police) return x;
    await h.bot.idle();
  }
  throw new Error('the police vote was never recorded');
}

async function asExternal<T>(user: string, run: () => Promise<T>): Promise<T> {
  h.slack.team = EXT.team;
  try {
    return await run();
  } finally {
    h.slack.team = 'T0LINCS01';
  }
}

describe('Slack Connect', () => {
  it('invites this workspace’s holders as always and the other workspace’s by email; the card lists who has not accepted', async () => {
    await notify(h);
    const { c, channel, ts } = await settledChannel(h);
    const invited = h.fake
      .callsTo('conversations.invite')
      .flatMap((x) => String(x.args.users).split(','));
    expect(invited.sort()).toEqual([U.bm, U.chair, U.health, U.la, U.member, U.scrutineer].sort()); // health found by email
    const shared = h.fake.callsTo('conversations.inviteShared');
    expect(shared).toHaveLength(1);
    expect(shared[0]!.args).toMatchObject({
      channel,
      emails: [POLICE_EMAIL],
      external_limited: 'false',
    });
    expect(cardText(channel, ts)).toContain(
      'Invited through Slack Connect, not yet accepted: Priya Shah',
    );
    const events = await h.bot.service.repo.events(c.id);
    const recorded = events.find((e) => e.type === 'channel.opened')!.data as unknown as {
      channel: { meta: { connect: Record<string, { invite: string }> } };
    };
    expect(Object.keys(recorded.channel.meta.connect)).toEqual(['police-lead']);
  });

  it('before acceptance the partner is nobody to the bot; once accepted, the card updates and their own workspace’s id votes', async () => {
    await notify(h);
    const { c, channel, ts } = await settledChannel(h);
    const facts = await openForm(h, U.bm, ACTION_IDS.facts, c.id, channel);
    await h.slack.submit(U.bm, facts, FACTS, 'VFACTSCON1');

    const before = await asExternal(EXT.id, () => commandReply(h, EXT.id, 'status', channel));
    expect(before).toContain(NO_ROLE.slice(0, 60));

    const [inviteId] = [...h.fake.invites.keys()];
    const accepted = h.fake.acceptInvite(inviteId!, EXT);
    expect((await h.slack.event(accepted)).status).toBe(200);
    await h.fake.waitFor(
      () => !cardText(channel, ts).includes('not yet accepted'),
      'the card without the pending partner',
    );
    const noted = (await h.bot.service.repo.events(c.id))
      .filter((e) => e.type === 'channel.updated')
      .map((e) => JSON.stringify(e.data));
    expect(noted.some((d) => d.includes(`"acceptedBy":"${EXT.id}"`))).toBe(true);

    const opened = h.fake.callsTo('views.open').length;
    await asExternal(EXT.id, () => h.slack.click(EXT.id, ACTION_IDS.vote, c.id, { channel, ts }));
    const vote = await openedView(h, opened + 1);
    expect(vote.callback_id).toBe('cspr_vote');
    await asExternal(EXT.id, () =>
      h.slack.submit(
        EXT.id,
        vote,
        { outcome: 'lcspr', rationale: 'Agencies did not share concerns.', criteria: [] },
        'VVOTEEXT01',
      ),
    );
    const reloaded = await voteRecorded(c.id);
    expect(reloaded.votes.police?.by.id).toBe('police-lead');
    // Their Home is in their own workspace, not this one: none is published for them.
    expect(h.fake.callsTo('views.publish').filter((p) => p.args.user_id === EXT.id)).toHaveLength(
      0,
    );
    expect(h.fake.callsTo('views.publish').some((p) => p.args.user_id === U.la)).toBe(true);
  });

  it('remembers the learned id across a restart; others of that workspace get the same plain refusal', async () => {
    await notify(h);
    const { channel } = await settledChannel(h);
    const [inviteId] = [...h.fake.invites.keys()];
    await h.slack.event(h.fake.acceptInvite(inviteId!, EXT));
    await h.fake.waitFor(() => h.fake.callsTo('chat.update').length > 0, 'the card updated');
    await h.restart();
    const status = await asExternal(EXT.id, () => commandReply(h, EXT.id, 'status', channel));
    expect(status).toContain('LINCS-2026-001');
    h.fake.users.add(EXT_OTHER);
    const other = await asExternal(EXT_OTHER, () => commandReply(h, EXT_OTHER, 'status', channel));
    const outsider = await commandReply(h, U.outsider, 'status', channel);
    const words = (reply: string) => JSON.parse(reply).text as string;
    expect(words(other)).toBe(words(outsider));
    expect(words(other)).toBe(NO_ROLE);
  });

  it('a refused Slack Connect invitation is reported with Try again; the retried invitation is recorded and its acceptance counts', async () => {
    h.fake.fail('conversations.inviteShared', { error: 'restricted_action' });
    await notify(h);
    const { c, channel, ts } = await settledChannel(h);
    const report = await h.fake.waitFor(
      () =>
        h.fake
          .callsTo('chat.postMessage')
          .find(
            (m) =>
              m.args.channel === U.la && JSON.stringify(m.args).includes('through Slack Connect'),
          ),
      'the failure report',
    );
    expect(JSON.stringify(report.args)).toContain(ACTION_IDS.retry);
    expect(h.fake.invites.size).toBe(0);
    await h.slack.click(U.la, ACTION_IDS.retry, c.id, { channel: 'D0LALEAD1' });
    await h.fake.waitFor(
      () =>
        h.fake.invites.size === 1 && cardText(channel, ts).includes('not yet accepted: Priya Shah'),
      'the retried invitation on the card',
    );
    await h.slack.event(h.fake.acceptInvite([...h.fake.invites.keys()][0]!, EXT));
    await h.fake.waitFor(
      () => !cardText(channel, ts).includes('not yet accepted'),
      'the acceptance on the card',
    );
    const status = await asExternal(EXT.id, () => commandReply(h, EXT.id, 'status', channel));
    expect(status).toContain('LINCS-2026-001');
  });

  it('reminds the partner at their own workspace’s id once accepted', async () => {
    await notify(h);
    const { c, channel } = await settledChannel(h);
    const facts = await openForm(h, U.bm, ACTION_IDS.facts, c.id, channel);
    await h.slack.submit(U.bm, facts, FACTS, 'VFACTSCON2');
    await h.slack.event(h.fake.acceptInvite([...h.fake.invites.keys()][0]!, EXT));
    await h.fake.waitFor(
      () =>
        h.fake
          .callsTo('chat.update')
          .some((u) => !JSON.stringify(u.args).includes('not yet accepted')),
      'the acceptance noted',
    );
    h.clock.set(instantAt('2027-01-13', '09:00', 'Europe/London')); // the rapid review (and the police vote) due in 2 working days
    await h.bot.scheduler.tick();
    const dms = h.fake.callsTo('chat.postMessage').filter((m) => m.args.channel === EXT.id);
    expect(dms.length).toBeGreaterThan(0);
    expect(JSON.stringify(dms.map((d) => d.args))).toContain('LINCS-2026-001');
  });

  it('an acceptance of an invitation the bot did not send changes nothing', async () => {
    await notify(h);
    const { c, channel } = await settledChannel(h);
    const forged = {
      ...h.fake.acceptInvite([...h.fake.invites.keys()][0]!, EXT),
      invite: { id: 'I0FORGED1' },
    };
    await h.slack.event(forged);
    await h.slack.event({
      type: 'app_home_opened',
      user: U.outsider,
      channel: 'D0NOROLE1',
      tab: 'home',
    }); // handled after the forged one
    await h.fake.waitFor(() => h.fake.homes.has(U.outsider), 'the outsider’s Home');
    expect((await h.bot.service.repo.events(c.id)).some((e) => e.type === 'channel.updated')).toBe(
      false,
    );
    const status = await asExternal(EXT.id, () => commandReply(h, EXT.id, 'status', channel));
    expect(status).toContain(NO_ROLE.slice(0, 60));
  });
});

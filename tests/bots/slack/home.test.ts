/**
 * The App Home, "My work", end to end: signed `app_home_opened` events to the running bot, the
 * fake Slack recording each `views.publish`. Each role sees its own pending actions (overdue
 * first, with the button that opens the form), its cases and its reminder mutes; the Home is
 * published again for the people concerned when a case changes (a vote), not on every view;
 * someone with no role sees one plain line, and no Home shows a pseudonym.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../../src/cards/slack/case-message.js';
import { HOME_ACTION_IDS } from '../../../src/cards/slack/home.js';
import { NO_ROLE } from '../../../src/app/messages.js';
import {
  FACTS,
  NOTIFICATION,
  notify,
  openForm,
  openedView,
  settledChannel,
  startHarness,
  U,
  type Harness,
} from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  expect(h.fake.problems, 'every Home is within Slack’s limits').toEqual([]);
  await h.stop();
});

type Block = {
  type: string;
  text?: { text: string };
  accessory?: { action_id: string; value: string; text: { text: string } };
};

const homeOf = (user: string) =>
  h.fake.homes.get(user) as { type: string; blocks: Block[] } | undefined;
const homeText = (user: string) => JSON.stringify(homeOf(user) ?? {});
/** The "Due from you" items: each section between the heading and the first divider. */
function dueItems(
  user: string,
): { text: string; button?: { action_id: string; value: string; text: string } }[] {
  const blocks = homeOf(user)?.blocks ?? [];
  const start = blocks.findIndex((b) => b.text?.text === '*Due from you*');
  const end = blocks.findIndex((b, i) => i > start && b.type === 'divider');
  return blocks
    .slice(start + 1, end)
    .filter((b) => b.type === 'section')
    .map((b) => ({
      text: b.text!.text,
      ...(b.accessory
        ? {
            button: {
              action_id: b.accessory.action_id,
              value: b.accessory.value,
              text: b.accessory.text.text,
            },
          }
        : {}),
    }));
}

/**
 * Opens the Home as Slack does (with the view it shows, once there is one) and waits until the Home
 * is published and `ready` holds of it (it may have been published already, after a case change).
 */
async function openHome(user: string, ready: () => boolean = () => true): Promise<void> {
  const event = {
    type: 'app_home_opened',
    user,
    channel: `D${user.slice(1)}`,
    tab: 'home',
    ...(homeOf(user) ? { view: { id: 'V0HOME', type: 'home', hash: 'x' } } : {}),
  };
  expect((await h.slack.event(event)).status).toBe(200);
  await h.fake.waitFor(() => homeOf(user) !== undefined && ready(), `the Home of ${user}`);
}

async function notifiedCase() {
  await notify(h);
  return settledChannel(h);
}

describe('App Home: My work', () => {
  it('someone with no role sees one plain line, nothing of any case', async () => {
    await notifiedCase();
    await openHome(U.outsider);
    expect(homeOf(U.outsider)).toEqual({
      type: 'home',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: NO_ROLE } }],
    });
  });

  it('each role sees its own pending actions with the button that opens the form, its cases, and no pseudonym', async () => {
    const { c } = await notifiedCase();
    await openHome(U.la, () => dueItems(U.la).length === 4);
    for (const u of [U.police, U.chair, U.member, U.scrutineer])
      await openHome(u, () => homeText(u).includes('LINCS-2026-001'));

    const la = dueItems(U.la);
    expect(la.map((i) => i.text.split('\n')[0])).toEqual([
      '*Notify the Panel* · LINCS-2026-001',
      '*Report to the safeguarding partners* · LINCS-2026-001',
      '*Record the rapid-review facts* · LINCS-2026-001',
      '*Assess the criteria* · LINCS-2026-001',
    ]);
    expect(la[0]!.text).toContain('due Thu 31 Dec 2026 (4 working days left)');
    expect(la[0]!.button).toEqual({
      action_id: ACTION_IDS.notified,
      value: c.id,
      text: 'Record notification',
    });
    expect(la[1]!.button).toEqual({
      action_id: ACTION_IDS.notified,
      value: c.id,
      text: 'Record notification',
    });
    expect(la[2]!.button).toEqual({
      action_id: ACTION_IDS.facts,
      value: c.id,
      text: 'Record facts',
    });
    expect(la[3]!.button).toEqual({
      action_id: ACTION_IDS.criteria,
      value: c.id,
      text: 'Assess criteria',
    });

    expect(dueItems(U.police).map((i) => i.button?.action_id)).toEqual([
      ACTION_IDS.facts,
      ACTION_IDS.criteria,
    ]);
    for (const u of [U.chair, U.member, U.scrutineer])
      expect(homeText(u)).toContain('Nothing is waiting for you');
    for (const u of [U.la, U.police, U.chair, U.member, U.scrutineer]) {
      expect(homeText(u)).toContain(
        '*LINCS-2026-001*: Notified · Lincolnshire Safeguarding Children Partnership',
      );
      for (const secret of [
        NOTIFICATION.child1Pseudonym,
        NOTIFICATION.child2Pseudonym,
        NOTIFICATION.summary,
      ])
        expect(homeText(u)).not.toContain(secret);
    }
    expect(homeText(U.scrutineer)).toContain('your role: Independent scrutineer');
    expect(homeText(U.la)).toContain('Personal reminders: on');
  });

  it('puts overdue actions first, in words', async () => {
    await notifiedCase();
    await openHome(U.la, () => dueItems(U.la).length === 4);
    h.clock.set('2027-01-12T10:00:00Z'); // Panel and partners were due Thu 31 Dec; the rapid review is due Fri 15 Jan
    await openHome(U.la, () => homeText(U.la).includes('overdue')); // a new day: opening it publishes it again
    const la = dueItems(U.la);
    expect(la[0]!.text).toMatch(
      /^\*Notify the Panel\* · LINCS-2026-001\n⚠️ due Thu 31 Dec 2026 \(\*\d+ working days overdue\*\)/,
    );
    expect(la[1]!.text).toContain('overdue');
    expect(la[2]!.text).toContain('3 working days left');
  });

  it('is published again for the people concerned after a vote, and not on every view', async () => {
    const { c, channel } = await notifiedCase();
    const facts = await openForm(h, U.bm, ACTION_IDS.facts, c.id, channel);
    await h.slack.submit(U.bm, facts, FACTS, 'VFACTS0001');
    // The facts open the vote: each partner's Home gets its vote button without opening it again.
    await h.fake.waitFor(
      () => dueItems(U.police).some((i) => i.button?.action_id === ACTION_IDS.vote),
      'the police Home with a vote button',
    );
    expect(dueItems(U.police).find((i) => i.button?.action_id === ACTION_IDS.vote)!.text).toContain(
      '*Vote for Police*',
    );
    await h.fake.waitFor(
      () => dueItems(U.la).some((i) => i.text.startsWith('*Vote for Local authority*')),
      'the LA Home with its vote',
    );

    // The police vote from the Home button: the modal opens with no channel.
    const before = h.fake.callsTo('views.open').length;
    expect((await h.slack.clickInHome(U.police, ACTION_IDS.vote, c.id)).status).toBe(200);
    const vote = await openedView(h, before + 1);
    expect(vote.callback_id).toBe('cspr_vote');
    await h.slack.submit(
      U.police,
      vote,
      { outcome: 'lcspr', rationale: 'Agencies did not share concerns.', criteria: [] },
      'VVOTE00001',
    );
    await h.fake.waitFor(
      () => !homeText(U.police).includes('Vote for Police'),
      'the police Home without its vote',
    );
    expect(homeText(U.la)).toContain('Vote for Local authority'); // still theirs to do

    // Opening an up-to-date Home publishes nothing more.
    const policePublishes = () =>
      h.fake.callsTo('views.publish').filter((p) => p.args.user_id === U.police).length;
    const published = policePublishes();
    await h.slack.event({
      type: 'app_home_opened',
      user: U.police,
      channel: 'D0POLICE1',
      tab: 'home',
      view: { id: 'V0HOME', type: 'home', hash: 'x' },
    });
    await h.slack.event({
      type: 'app_home_opened',
      user: U.police,
      channel: 'D0POLICE1',
      tab: 'messages',
    });
    await openHome(U.outsider); // handled after the two above: once it is published, they have been handled
    expect(policePublishes()).toBe(published);
  });

  it('shows the reminder mutes the person set, refreshed when they change them', async () => {
    await notifiedCase();
    await openHome(U.la, () => homeText(U.la).includes('LINCS-2026-001'));
    expect(homeText(U.la)).toContain('Personal reminders: on');
    await h.slack.command(U.la, 'mute personal');
    await h.fake.waitFor(
      () => homeText(U.la).includes('Personal reminders: *muted*'),
      'the mute on the Home',
    );
    expect(homeText(U.la)).toContain('Escalations: on');
  });

  it('a post-decision step button on the Home opens that step’s form for the business manager', async () => {
    const { c, channel } = await notifiedCase();
    const facts = await openForm(h, U.bm, ACTION_IDS.facts, c.id, channel);
    await h.slack.submit(U.bm, facts, FACTS, 'VFACTS0002');
    const votes: [string, string][] = [
      [U.la, 'VV1'],
      [U.police, 'VV2'],
      [U.health, 'VV3'],
    ];
    for (const [u, id] of votes) {
      const v = await openForm(h, u, ACTION_IDS.vote, c.id, channel);
      await h.slack.submit(
        u,
        v,
        {
          outcome: 'no-further-review',
          rationale: 'No learning beyond what is known.',
          criteria: [],
        },
        `${id}AAAAAA`,
      );
    }
    await h.fake.waitFor(
      () => dueItems(U.bm).some((i) => i.button?.action_id === HOME_ACTION_IDS.step),
      'the business manager’s step button',
    );
    const item = dueItems(U.bm).find((i) => i.button?.action_id === HOME_ACTION_IDS.step)!;
    expect(item.text).toContain('*Send the rapid review to the Panel*');
    expect(item.button!.value).toBe(`${c.id}|send-to-panel`);
    const before = h.fake.callsTo('views.open').length;
    await h.slack.clickInHome(U.bm, HOME_ACTION_IDS.step, item.button!.value);
    expect((await openedView(h, before + 1)).callback_id).toBe('cspr_step');
  });
});

/**
 * A case notified with no Panel date, completed entirely in Slack: the Record notification button
 * on the case message, `/cspr notified REF`, and the button in a personal reminder each open the
 * one notification form; each saved date closes its deadline, updates the case message in place,
 * is on the timeline, and its reminders stop.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../../src/cards/slack/case-message.js';
import { instantAt } from '../../../src/domain/calendar.js';
import {
  commandReply,
  NOTIFICATION,
  notify,
  openedView,
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
  expect(h.fake.problems, 'every Block Kit payload is within Slack’s limits').toEqual([]);
  await h.stop();
});

/** A looked-after child's death in the area, neglect suspected: Panel, partners, Secretary of State and Ofsted. */
const LOOKED_AFTER = { ...NOTIFICATION, child1Status: 'looked-after', child1Age: '15' };
const viewId = () => `V${Math.random().toString(36).slice(2, 10).toUpperCase()}`;
const load = async (id: string) => (await h.bot.service.repo.load(id))!;

/** The case message's buttons, from its latest post or update in the channel. */
function caseMessageButtons(channel: string): string[] {
  const calls = h.fake.calls.filter(
    (c) =>
      (c.method === 'chat.update' || c.method === 'chat.postMessage') && c.args.channel === channel,
  );
  const blocks = (calls.at(-1)?.args.blocks ?? []) as {
    type: string;
    elements?: { action_id?: string }[];
  }[];
  return blocks
    .filter((b) => b.type === 'actions')
    .flatMap((b) => (b.elements ?? []).map((e) => e.action_id ?? ''));
}

async function waitForUpdate(channel: string, count: number) {
  return h.fake.waitFor(() => {
    const u = h.fake.calls.filter((c) => c.method === 'chat.update' && c.args.channel === channel);
    return u.length >= count ? u : undefined;
  }, `${count} case message updates`);
}

describe('Slack: recording what was notified, when', () => {
  it('completes every notification duty from the card, the command and the reminder; then no more notification reminders', async () => {
    await notify(h, U.la, LOOKED_AFTER);
    const { c, channel, ts } = await settledChannel(h);
    expect(c.duties).toMatchObject({ notifyPanel: true, notifySosOfsted: true });
    expect(caseMessageButtons(channel)).toContain(ACTION_IDS.notified);

    // 1. The card: a future date and a date before awareness are field errors; nothing is stored.
    const form = await openForm(h, U.la, ACTION_IDS.notified, c.id, channel);
    expect(form.callback_id).toBe('cspr_record_notification');
    expect(JSON.stringify(form)).toContain('Date the Secretary of State and Ofsted were told');
    const future = await h.slack.submit(U.la, form, { panelNotifiedOn: '2026-12-24' }, viewId());
    expect(future.json).toMatchObject({
      response_action: 'errors',
      errors: { panelNotifiedOn: expect.stringContaining('cannot be in the future') },
    });
    const early = await h.slack.submit(
      U.la,
      form,
      { panelNotifiedOn: '2026-12-23', sosOfstedNotifiedOn: '2026-12-21' },
      viewId(),
    );
    expect(early.json).toMatchObject({
      response_action: 'errors',
      errors: {
        sosOfstedNotifiedOn: expect.stringContaining('before the local authority became aware'),
      },
    });
    expect((await load(c.id)).dates.panelNotifiedOn).toBeUndefined();
    const updates = h.fake.calls.filter(
      (x) => x.method === 'chat.update' && x.args.channel === channel,
    ).length;
    const saved = await h.slack.submit(
      U.la,
      form,
      { panelNotifiedOn: '2026-12-22', panelReference: 'CSPRP-2026-0042' },
      viewId(),
    );
    expect(saved.status).toBe(200);
    expect(saved.json?.response_action).toBeUndefined();
    expect((await load(c.id)).dates.panelNotifiedOn).toBe('2026-12-22');
    const [update] = (await waitForUpdate(channel, updates + 1)).slice(-1);
    expect(update!.args.ts).toBe(ts); // the same message, edited in place
    expect(textOf(update)).toContain('done on 2026-12-22');

    // 2. The command, by the business manager: the same form for the same case.
    const opened = h.fake.callsTo('views.open').length;
    expect((await h.slack.command(U.bm, `notified ${c.ref}`)).status).toBe(200);
    const byCommand = await openedView(h, opened + 1);
    expect(byCommand.callback_id).toBe('cspr_record_notification');
    expect(
      (await h.slack.submit(U.bm, byCommand, { partnersNotifiedOn: '2026-12-23' }, viewId()))
        .status,
    ).toBe(200);
    expect((await load(c.id)).dates.partnersNotifiedOn).toBe('2026-12-23');
    expect(await commandReply(h, U.police, `notified ${c.ref}`)).toContain(
      'Your role does not allow this: record when the Panel',
    );

    // 3. The reminder: Monday 4 January 2027, the Secretary of State and Ofsted duty is overdue.
    h.clock.set(instantAt('2027-01-04', '09:05', 'Europe/London'));
    await h.bot.scheduler.tick();
    const dm = h.fake
      .callsTo('chat.postMessage')
      .filter((x) => x.args.channel === U.la)
      .at(-1);
    expect(textOf(dm)).toContain('Notify the Secretary of State and Ofsted');
    expect(textOf(dm)).toContain(ACTION_IDS.notified);
    const escalation = h.fake
      .callsTo('chat.postMessage')
      .filter((x) => x.args.channel === U.chair)
      .at(-1);
    expect(textOf(escalation)).toContain(ACTION_IDS.notified);
    const fromDm = await openForm(h, U.la, ACTION_IDS.notified, c.id, U.la);
    expect(fromDm.callback_id).toBe('cspr_record_notification');
    expect(
      (await h.slack.submit(U.la, fromDm, { sosOfstedNotifiedOn: '2027-01-04' }, viewId())).status,
    ).toBe(200);
    const done = await load(c.id);
    expect(done.dates.sosOfstedNotifiedOn).toBe('2027-01-04');

    // Every duty recorded: no button on the card, the command says so, no notification reminder the next day.
    await h.fake.waitFor(
      () => (caseMessageButtons(channel).includes(ACTION_IDS.notified) ? undefined : true),
      'the card without the button',
    );
    expect(await commandReply(h, U.la, `notified ${c.ref}`)).toContain('nothing left to record');
    const before = h.fake.callsTo('chat.postMessage').length;
    h.clock.set(instantAt('2027-01-05', '09:05', 'Europe/London'));
    await h.bot.scheduler.tick();
    const later = h.fake.callsTo('chat.postMessage').slice(before);
    expect(later.map(textOf).join(' ')).not.toMatch(
      /Notify the (Panel|Secretary)|Report to the safeguarding partners/,
    );

    // On the timeline, with the Panel's reference.
    const timeline = await commandReply(h, U.bm, `timeline ${c.ref}`);
    expect(timeline).toContain('Panel notified on');
    expect(timeline).toContain('CSPRP-2026-0042');
    expect(timeline).toContain('Secretary of State and Ofsted notified on');
  });
});

describe('Slack: names where names must not be', () => {
  it('warns before saving a summary with what looks like a name, naming the words; a confirmed override is on the timeline', async () => {
    const named = {
      ...NOTIFICATION,
      summary: 'Jessica Smith was found at home by her mother Karen Smith.',
    };
    const { answer, view } = await notify(h, U.la, named);
    expect(answer.json).toMatchObject({
      response_action: 'errors',
      errors: {
        summary: expect.stringContaining('“Jessica”, “Smith”, “Karen”'),
        namesConfirmed: expect.any(String),
      },
    });
    expect(await h.bot.service.repo.list(['lincs'])).toHaveLength(0);
    const confirmed = await h.slack.submit(
      U.la,
      view,
      { ...named, namesConfirmed: 'yes' },
      viewId(),
    );
    expect(confirmed.json?.response_action).toBe('update');
    const { c } = await settledChannel(h);
    expect(await commandReply(h, U.bm, `timeline ${c.ref}`)).toContain(
      'look like names; confirmed they are not names',
    );
  });
});

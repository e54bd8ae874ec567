/**
 * Shortcuts, as Slack sends them (signed `shortcut` and `message_action` payloads): "Notify an
 * incident" opens the notification modal from anywhere for those who notify; "Add to a case's
 * facts" opens the facts form with the message's text added, for the one case at the rapid review
 * or for the case chosen among several. Refusals come as a direct message; nobody without a role
 * sees a modal or a case.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NO_ROLE } from '../../../src/app/messages.js';
import { SHORTCUTS } from '../../../src/bots/slack/shortcuts.js';
import { ACTION_IDS } from '../../../src/cards/slack/case-message.js';
import {
  allCases,
  FACTS,
  NOTIFICATION,
  notify,
  openForm,
  openedView,
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
  expect(h.fake.problems, 'every modal is within Slack’s limits').toEqual([]);
  await h.stop();
});

type Block = {
  block_id?: string;
  element?: { initial_value?: string; options?: { value: string; text: { text: string } }[] };
  elements?: { text: string }[];
};
const field = (view: Record<string, unknown>, id: string) =>
  (view.blocks as Block[]).find((b) => b.block_id === id)?.element;

/** The direct message the bot sent the person last (chat.postMessage to the user id). */
async function lastDm(user: string, count = 1): Promise<string> {
  const dms = await h.fake.waitFor(() => {
    const to = h.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === user);
    return to.length >= count ? to : undefined;
  }, `a direct message to ${user}`);
  return textOf(dms.at(-1));
}

const MESSAGE = 'Health visitor: the October visit was missed and not followed up.';

describe('global shortcut: Notify an incident', () => {
  it('opens the notification modal from anywhere, and its submission records the case', async () => {
    expect((await h.slack.shortcut(U.bm, SHORTCUTS.notify)).status).toBe(200);
    const view = await openedView(h, 1);
    expect(view.callback_id).toBe('cspr_notification');
    const answer = await h.slack.submit(U.bm, view, NOTIFICATION, 'VSHORTCUT1');
    expect(answer.json?.response_action).toBe('update');
    expect((await allCases(h)).map((c) => c.ref)).toEqual(['LINCS-2026-001']);
  });

  it('tells a partner who does not notify why, and someone with no role the plain line; no modal', async () => {
    await h.slack.shortcut(U.police, SHORTCUTS.notify);
    expect(await lastDm(U.police)).toContain('Your role does not allow this: notify an incident.');
    await h.slack.shortcut(U.outsider, SHORTCUTS.notify);
    expect(await lastDm(U.outsider)).toContain(NO_ROLE.slice(0, 60));
    expect(h.fake.callsTo('views.open')).toHaveLength(0);
  });
});

describe('message shortcut: Add to a case’s facts', () => {
  it('one case at the rapid review: the facts form opens with the message in the key practice episodes, and saves it', async () => {
    const { c } = await (async () => (await notify(h), settledChannel(h)))();
    const before = h.fake.callsTo('views.open').length;
    expect(
      (await h.slack.messageShortcut(U.police, SHORTCUTS.addToFacts, { text: MESSAGE })).status,
    ).toBe(200);
    const view = await openedView(h, before + 1);
    expect(view.callback_id).toBe('cspr_facts');
    expect(JSON.parse(view.private_metadata as string)).toEqual({ caseId: c.id });
    expect(field(view, 'keyEpisodes')?.initial_value).toBe(MESSAGE);
    expect(JSON.stringify(view)).toContain('LINCS-2026-001');
    await h.slack.submit(U.police, view, { ...FACTS, keyEpisodes: MESSAGE }, 'VADDFACTS1');
    expect((await h.bot.service.repo.load(c.id))!.facts?.keyEpisodes).toBe(MESSAGE);
  });

  it('facts already recorded: kept in the form, the message added after the episodes', async () => {
    const { c, channel } = await (async () => (await notify(h), settledChannel(h)))();
    const facts = await openForm(h, U.bm, ACTION_IDS.facts, c.id, channel);
    await h.slack.submit(U.bm, facts, FACTS, 'VFACTSBM01');
    const before = h.fake.callsTo('views.open').length;
    await h.slack.messageShortcut(U.la, SHORTCUTS.addToFacts, { text: MESSAGE });
    const view = await openedView(h, before + 1);
    expect(field(view, 'keyEpisodes')?.initial_value).toBe(`${FACTS.keyEpisodes}\n\n${MESSAGE}`);
    expect(field(view, 'summary')?.initial_value).toBe(FACTS.summary);
  });

  it('several cases: “which case?” first (references only), then the facts form of the chosen case', async () => {
    await notify(h);
    await notify(h, U.la, {
      ...NOTIFICATION,
      child1Pseudonym: 'Child C',
      child2Pseudonym: '',
      child2Age: '',
    });
    const cases = await allCases(h);
    expect(cases).toHaveLength(2);
    const chosen = cases.find((c) => c.ref === 'LINCS-2026-002')!;
    const before = h.fake.callsTo('views.open').length;
    await h.slack.messageShortcut(U.health, SHORTCUTS.addToFacts, { text: MESSAGE });
    const chooser = await openedView(h, before + 1);
    expect(chooser.callback_id).toBe('cspr_case_choice');
    expect(
      field(chooser, 'caseId')
        ?.options?.map((o) => o.text.text)
        .sort(),
    ).toEqual(['LINCS-2026-001', 'LINCS-2026-002']);
    expect(JSON.stringify(chooser)).not.toMatch(/Child A|Child C|Sibling B/);
    const answer = await h.slack.submit(U.health, chooser, { caseId: chosen.id }, 'VCHOOSE001');
    expect(answer.json?.response_action).toBe('update');
    const facts = answer.json!.view as Record<string, unknown>;
    expect(facts.callback_id).toBe('cspr_facts');
    expect(JSON.parse(facts.private_metadata as string)).toEqual({ caseId: chosen.id });
    expect(field(facts, 'keyEpisodes')?.initial_value).toBe(MESSAGE);
  });

  it('no case at the rapid review, a role that records no facts, no role: a direct message and no modal', async () => {
    await h.slack.messageShortcut(U.police, SHORTCUTS.addToFacts, { text: MESSAGE });
    expect(await lastDm(U.police)).toContain('None of your cases is at the rapid review');
    await h.slack.messageShortcut(U.scrutineer, SHORTCUTS.addToFacts, { text: MESSAGE });
    expect(await lastDm(U.scrutineer)).toContain(
      'Your role does not allow this: record the rapid-review facts.',
    );
    await notify(h);
    const opened = h.fake.callsTo('views.open').length;
    await h.slack.messageShortcut(U.outsider, SHORTCUTS.addToFacts, { text: MESSAGE });
    const said = await lastDm(U.outsider);
    expect(said).toContain(NO_ROLE.slice(0, 60));
    expect(said).not.toContain('LINCS-2026');
    expect(h.fake.callsTo('views.open')).toHaveLength(opened);
  });

  it('a forged choice of another partnership’s case is refused plainly, and nothing opens', async () => {
    await notify(h);
    const [lincs] = await allCases(h);
    const chooser = {
      type: 'modal',
      callback_id: 'cspr_case_choice',
      private_metadata: JSON.stringify({ arg: MESSAGE }),
      blocks: [
        {
          type: 'input',
          block_id: 'caseId',
          label: { type: 'plain_text', text: 'Case' },
          element: {
            type: 'static_select',
            action_id: 'caseId',
            options: [{ value: lincs!.id, text: { type: 'plain_text', text: 'x' } }],
          },
        },
      ],
    };
    const answer = await h.slack.submit(U.portsLa, chooser, { caseId: lincs!.id }, 'VFORGED001');
    expect(JSON.stringify(answer.json)).not.toContain('LINCS-2026');
    expect(answer.json?.response_action).not.toBe('update');
  });
});

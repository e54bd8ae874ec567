/**
 * Help that teaches: `/cspr help` groups the verbs (a case, the forms, after the decision,
 * reminders), says which work in a case channel without a reference, and shows every verb the
 * command parser knows; the manifest's usage hint shows the common verbs, each a real one.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { HELP_LINES, VERBS } from '../../../src/app/commands.js';
import { CASE_IMPLIED_VERBS, helpGroups } from '../../../src/app/help.js';
import { commandReply, startHarness, U, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  expect(h.fake.problems).toEqual([]);
  await h.stop();
});

/** The help as the person sees it: the text of each block, in order. */
async function helpBlocks(text: string): Promise<string[]> {
  const before = h.fake.callsTo('response_url').length;
  await commandReply(h, U.member, text);
  const blocks = h.fake.callsTo('response_url')[before]!.args.blocks as {
    text?: { text: string };
    elements?: { text: string }[];
  }[];
  return blocks.map((b) => b.text?.text ?? b.elements?.map((e) => e.text).join(' ') ?? '');
}

describe('/cspr help', () => {
  it('groups the commands in the order people use them, each verb once', async () => {
    const blocks = await helpBlocks('help');
    const titles = blocks.map((b) => /^\*([^*]+)\*\n/.exec(b)?.[1]).filter(Boolean);
    expect(titles).toEqual([
      'A case',
      'The rapid-review forms',
      'After the decision',
      'Reminders',
      'Oversight',
      'Help',
    ]);
    const all = blocks.join('\n');
    // Every verb is shown (unmute within mute's line: "`unmute` to undo").
    for (const verb of VERBS) expect(all, verb).toMatch(new RegExp(`/cspr ${verb}\\b|\`${verb}\``));
    expect(blocks.find((b) => b.startsWith('*The rapid-review forms*'))).toMatch(
      /facts[\s\S]*criteria[\s\S]*vote/,
    );
    expect(blocks.find((b) => b.startsWith('*After the decision*'))).toMatch(/step[\s\S]*actions/);
  });

  it('says which commands need no reference in a case channel', async () => {
    const all = (await helpBlocks('help')).join('\n');
    expect(all).toMatch(
      /In a case channel\* the case is implied, so `notified`, `status`, .*`vote`.* need no reference there/,
    );
    const marked = (verb: string) => new RegExp(`/cspr ${verb}[^\\n]*⌂`).test(all);
    for (const verb of [
      'notified',
      'status',
      'facts',
      'criteria',
      'vote',
      'timeline',
      'export',
      'step',
      'actions',
      'remind',
    ])
      expect(marked(verb), verb).toBe(true);
    for (const verb of ['notify', 'list', 'deadlines', 'roles', 'mute', 'help'])
      expect(marked(verb), verb).toBe(false);
  });

  it('points to the Home tab and the two shortcuts', async () => {
    const all = (await helpBlocks('help')).join('\n');
    expect(all).toContain('*Home* tab shows what is due from you');
    expect(all).toContain('*Notify an incident*');
    expect(all).toContain('*Add to a case’s facts*');
  });

  it('answers an unknown verb with the same help, saying so first', async () => {
    const blocks = await helpBlocks('frobnicate');
    expect(blocks[0]).toMatch(/I don’t know that command/);
    expect(blocks.join('\n')).toContain('*After the decision*');
  });
});

describe('helpGroups', () => {
  it('shows a verb no group names yet under "More", and a platform’s subset only', () => {
    const groups = helpGroups(undefined, [...HELP_LINES, ['frobnicate', 'A verb no group names']]);
    expect(groups.at(-1)).toEqual({
      title: 'More',
      lines: [{ usage: 'frobnicate', what: 'A verb no group names', caseImplied: false }],
    });
    const subset = helpGroups(new Set(['status', 'vote']));
    expect(subset.map((g) => g.title)).toEqual(['A case', 'The rapid-review forms']);
    expect(
      subset
        .flatMap((g) => g.lines)
        .every((l) => l.caseImplied === CASE_IMPLIED_VERBS.has(l.usage.split(' ')[0]!)),
    ).toBe(true);
  });
});

describe('the slash command’s usage hint', () => {
  it('shows the common verbs, each one the parser knows', () => {
    for (const file of ['manifest.yaml', 'manifest.socket.yaml']) {
      const m = parse(
        readFileSync(join(import.meta.dirname, '../../../manifest/slack', file), 'utf8'),
      ) as { features: { slash_commands: { usage_hint: string }[] } };
      const hint = m.features.slash_commands[0]!.usage_hint;
      const verbs = hint.split('|').map((part) => part.trim().split(' ')[0]!);
      for (const v of verbs) expect(VERBS as readonly string[], `${file}: ${v}`).toContain(v);
      for (const common of ['notify', 'status', 'facts', 'criteria', 'vote', 'help'])
        expect(verbs, file).toContain(common);
      expect(hint.length).toBeLessThanOrEqual(100);
    }
  });
});

/**
 * `timeline` and `export` over real Bot Framework activities against the fake Bot Connector: the
 * audit trail in pages (plain sentences, hidden votes), and the rapid review record as a summary
 * card with the .docx beside it (inline). Refusals for a role without permission and for another
 * partnership are plain and carry nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOT_FOUND } from '../../../src/app/messages.js';
import { SECTION_HEADINGS, SECTION_IDS } from '../../../src/app/report.js';
import { DOCX_MIME } from '../../../src/app/report-docx.js';
import { systemActor } from '../../../src/domain/roles.js';
import { docxText } from '../../app/docx-text.js';
import type { Call } from './fake-teams.js';
import {
  cardOf,
  cardText,
  Harness,
  inChannel,
  notifyCase,
  personal,
  toRapidReview,
  USERS,
  vote,
  type Opened,
  type User,
  type Where,
} from './harness.js';

const h = new Harness();
let o: Opened;

beforeAll(async () => {
  await h.start();
  h.fake.members = Object.values(USERS).map((u) => ({
    id: u.mri,
    aadObjectId: u.aad,
    name: u.name,
  }));
  o = await notifyCase(h);
  await toRapidReview(h, o);
});
afterAll(async () => {
  h.checkAllCards();
  h.checkLogs();
  await h.stop();
});

/** Says `text` and returns the bot's whole answer (the connector call). */
async function answer(u: User, text: string, where: Where = personal(u)): Promise<Call> {
  const before = h.fake.sent(where.conversationId).length;
  await h.say(u, text, where);
  const sent = h.fake.sent(where.conversationId);
  expect(sent.length, `an answer to "${text}"`).toBeGreaterThan(before);
  return sent.at(-1)!;
}
const said = async (u: User, text: string, where?: Where) =>
  cardText(cardOf(await answer(u, text, where)));
const filesOf = (call: Call) =>
  (
    (call.body as { attachments?: { contentType: string; contentUrl?: string; name?: string }[] })
      .attachments ?? []
  ).filter((a) => a.contentType !== 'application/vnd.microsoft.card.adaptive');

describe('Teams: timeline', () => {
  it('pages the audit trail: who, what, when (Europe/London), failures included; REF implied in the case channel', async () => {
    await h.bot.service.run(systemActor('north'), o.caseId, {
      type: 'record-failure',
      step: 'graph.createChannel',
      code: 'throttled',
      message: 'Microsoft Graph asked me to slow down.',
    });
    const bm = {
      id: 'bm',
      name: USERS.bm.name,
      partnershipId: 'north',
      roles: ['business-manager' as const],
    };
    for (let i = 0; i < 8; i++) {
      await h.bot.service.run(bm, o.caseId, { type: 'pause-reminders' });
      await h.bot.service.run(bm, o.caseId, { type: 'resume-reminders' });
    }
    const total = await h.bot.service.repo.countEvents(o.caseId);
    expect(total).toBeGreaterThan(20);
    const first = await said(USERS.chair, 'timeline', o.where);
    expect(first).toContain(`Audit trail: ${o.ref}`);
    expect(first).toContain(`Events 1–20 of ${total} (page 1 of 2)`);
    expect(first).toContain('23 Dec 2026, 10:00 GMT');
    expect(first).toContain('Serious incident notified by Children’s social care: a child’s death');
    expect(first).toContain('(Alex Morgan (Local authority))');
    expect(first).toContain('Case channel opened in Teams');
    expect(first).toContain(
      '⚠ Failed: graph.createChannel (throttled): Microsoft Graph asked me to slow down.',
    );
    expect(first).toContain(`timeline ${o.ref} page 2`);
    expect(first).not.toContain('Child A');
    const second = await said(USERS.scrutineer, `timeline ${o.ref} page 2`);
    expect(second).toContain('(page 2 of 2)');
    expect(second).toContain('Reminders resumed');
    expect(await said(USERS.chair, `timeline ${o.ref} page 9`)).toContain('has 2 pages of events');
  });

  it('hides a partner’s vote before all three voted: in the channel from everyone, in a personal chat from the others', async () => {
    await vote(h, USERS.police, o, 'lcspr');
    const inTheChannel = await said(USERS.police, 'timeline page last', o.where);
    expect(inTheChannel).toContain('Vote cast for Police (outcome hidden until all three voted)');
    expect(inTheChannel).toContain('Votes stay hidden until all three partners have voted.');
    expect(await said(USERS.police, `timeline ${o.ref} page last`)).toContain(
      'Vote cast for Police: Local child safeguarding practice review',
    );
    const la = await said(USERS.la, `timeline ${o.ref} page last`);
    expect(la).toContain('outcome hidden');
    expect(la).not.toContain('Local child safeguarding practice review');
  });

  it('refuses a member and another partnership, the same whether the case exists or not', async () => {
    const member = await said(USERS.member, `timeline ${o.ref}`);
    expect(member).not.toContain('Audit trail');
    expect(member.replace(o.ref, 'X')).toBe(
      (await said(USERS.member, 'timeline NORTH-2026-999')).replace('NORTH-2026-999', 'X'),
    );
    const south = await said(USERS.southLa, `timeline ${o.ref}`);
    expect(south).toContain(NOT_FOUND);
    expect(south).toBe(await said(USERS.southLa, 'timeline NORTH-2026-999'));
  });
});

describe('Teams: export', () => {
  it('in a personal chat: the summary card and the .docx inline beside it, with every section and pseudonyms only', async () => {
    const before = (await h.caseByRef(o.ref)).votes;
    expect(Object.keys(before)).toEqual(['police']);
    const call = await answer(USERS.bm, `export ${o.ref}`);
    const card = cardText(cardOf(call));
    expect(card).toContain(`Rapid review record: ${o.ref}`);
    expect(card).toContain('Voted (hidden until all three voted)');
    expect(card).toContain('Notify the Child Safeguarding Practice Review Panel');
    expect(card).toContain(`rapid-review-${o.ref}.docx`);
    const [file] = filesOf(call);
    expect(file).toMatchObject({ contentType: DOCX_MIME, name: `rapid-review-${o.ref}.docx` });
    expect(file!.contentUrl!.startsWith(`data:${DOCX_MIME};base64,`)).toBe(true);
    const bytes = Buffer.from(file!.contentUrl!.split(',')[1]!, 'base64');
    const { text } = await docxText(bytes);
    SECTION_IDS.forEach((sid, i) => expect(text).toContain(`${i + 1}. ${SECTION_HEADINGS[sid]}`));
    expect(text).not.toContain('rationale-marker');
    const mentions = [...text.matchAll(/\b(Child|Sibling|Baby) [A-Z]\w*/g)]
      .map((m) => m[0])
      .filter((m) => m !== 'Child Safeguarding');
    expect(new Set(mentions)).toEqual(new Set(['Child A', 'Sibling B']));
  });

  it('in the case channel once decided (rationales in); refused in another channel', async () => {
    await vote(h, USERS.la, o, 'lcspr');
    await vote(h, USERS.health, o, 'lcspr');
    expect((await h.caseByRef(o.ref)).state).toBe('decided');
    const call = await answer(USERS.chair, 'export', o.where);
    expect(cardText(cardOf(call))).toContain('Local child safeguarding practice review');
    expect(cardText(cardOf(call))).toContain("into this channel's Files");
    // No inline file in the channel: the .docx goes into the channel's Files (Graph upload session) …
    expect(filesOf(call)).toEqual([]);
    await h.bot.idle();
    const stored = [...h.fake.files.values()].find((f) => f.item.name.endsWith('.docx'))!;
    expect(stored.channelId).toBe(o.where.channelId);
    const { text } = await docxText(stored.bytes);
    expect(text).toContain('rationale-marker health');
    expect(text).toContain('Decision recorded: Local child safeguarding practice review');
    // … and a file card linking to it follows in the channel.
    const fileCard = h.fake.sent(o.where.conversationId).at(-1)!;
    expect(filesOf(fileCard)).toEqual([
      {
        contentType: 'application/vnd.microsoft.teams.card.file.info',
        contentUrl: stored.item.webUrl,
        name: stored.item.name,
        content: { uniqueId: stored.item.eTag.slice(2, 38), fileType: 'docx' },
      },
    ]);
    const elsewhere = await answer(
      USERS.chair,
      `export ${o.ref}`,
      inChannel('19:general0000@thread.tacv2'),
    );
    expect(cardText(cardOf(elsewhere))).toContain(
      'ask me for it in the case’s own channel, or in a personal chat',
    );
    expect(filesOf(elsewhere)).toEqual([]);
  });

  it('refuses a member and another partnership; no file', async () => {
    const member = await answer(USERS.member, `export ${o.ref}`);
    expect(cardText(cardOf(member))).not.toContain('Rapid review record');
    expect(filesOf(member)).toEqual([]);
    const south = await answer(USERS.southLa, `export ${o.ref}`);
    expect(cardText(cardOf(south))).toContain(NOT_FOUND);
    expect(filesOf(south)).toEqual([]);
    expect(cardText(cardOf(south))).toBe(await said(USERS.southLa, 'export NORTH-2026-999'));
  });
});

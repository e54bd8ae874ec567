/**
 * `/cspr timeline` and `/cspr export` over real HTTP against the fake Slack: the audit trail in
 * pages with plain sentences and hidden votes, and the rapid review record uploaded as a .docx into
 * the private case channel through files.getUploadURLExternal → upload → completeUploadExternal.
 * Refusals (no permission, another partnership) are plain and upload nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NOT_FOUND } from '../../../src/app/messages.js';
import { SECTION_HEADINGS, SECTION_IDS } from '../../../src/app/report.js';
import { ACTION_IDS } from '../../../src/cards/slack/case-message.js';
import { systemActor } from '../../../src/domain/roles.js';
import { docxText } from '../../app/docx-text.js';
import {
  allCases,
  CRITERIA,
  FACTS,
  notify,
  openForm,
  startHarness,
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
  // No pseudonym and no typed text in any log line.
  const logs = h.logs.join('\n');
  for (const secret of ['Child A', 'Sibling B', 'rationale-marker'])
    expect(logs).not.toContain(secret);
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

const reply = (user: string, text: string, channel?: string) =>
  commandReply(h, user, text, channel);

async function submit(
  user: string,
  action: string,
  caseId: string,
  channel: string,
  answers: Record<string, string | string[]>,
) {
  const view = await openForm(h, user, action, caseId, channel);
  const ack = await h.slack.submit(
    user,
    view,
    answers,
    `V${Math.random().toString(36).slice(2, 10).toUpperCase()}`,
  );
  expect(ack.status).toBe(200);
}

async function rapidReview(caseId: string, channel: string) {
  await submit(U.bm, ACTION_IDS.facts, caseId, channel, FACTS);
  await submit(U.bm, ACTION_IDS.criteria, caseId, channel, CRITERIA);
}

const vote = (user: string, caseId: string, channel: string, outcome: string) =>
  submit(user, ACTION_IDS.vote, caseId, channel, {
    outcome,
    rationale: `rationale-marker ${user}: the criteria are met.`,
  });

describe('Slack: /cspr timeline', () => {
  it('pages the audit trail with who, what and when (Europe/London), failures included, REF implied in the channel', async () => {
    const { c, channel } = await caseWithChannel();
    await rapidReview(c.id, channel);
    const bm = h.bot.service.partnership('lincs').holders.find((x) => x.id === 'bm')!;
    const actor = { id: bm.id, name: bm.name, partnershipId: 'lincs', roles: [...bm.roles] };
    for (let i = 0; i < 10; i++) {
      await h.bot.service.run(actor, c.id, { type: 'pause-reminders' });
      await h.bot.service.run(actor, c.id, { type: 'resume-reminders' });
    }
    await h.bot.service.run(systemActor('lincs'), c.id, {
      type: 'record-failure',
      step: 'chat.update',
      code: 'ratelimited',
      message: 'The case message could not be updated.',
    });
    const total = await h.bot.service.repo.countEvents(c.id);
    expect(total).toBeGreaterThan(20);

    const first = await reply(U.chair, 'timeline', channel);
    expect(first).toContain(`LINCS-2026-001: audit trail*, events 1–20 of ${total} (page 1 of 2)`);
    expect(first).toContain('23 Dec 2026, 10:00 GMT');
    expect(first).toContain('Alex Morgan (Local authority)');
    expect(first).toContain('Serious incident notified by Children’s social care: a child’s death');
    expect(first).toContain('Case channel opened in Slack');
    expect(first).toContain('Rapid-review facts recorded');
    expect(first).toContain('/cspr timeline LINCS-2026-001 page 2');
    expect(first).not.toContain('Child A');
    const second = await reply(U.scrutineer, 'timeline LINCS-2026-001 page 2', 'C0GENERAL1');
    expect(second).toContain('(page 2 of 2)');
    expect(second).toContain('⚠️');
    expect(second).toContain(
      'Failed: chat.update (ratelimited): The case message could not be updated.',
    );
    expect(await reply(U.chair, 'timeline page 3', channel)).toContain(
      'has 2 pages of events: ask for a page from 1 to 2',
    );
    expect(await reply(U.chair, 'timeline page two', channel)).toContain('Give a page number');
  });

  it('never shows another partner’s vote before all three voted; the voter sees their own', async () => {
    const { c, channel } = await caseWithChannel();
    await rapidReview(c.id, channel);
    await vote(U.police, c.id, channel, 'lcspr');
    const la = await reply(U.la, 'timeline page last', channel);
    expect(la).toContain('Vote cast for Police (outcome hidden until all three voted)');
    expect(la).toContain('Votes stay hidden until all three partners have voted.');
    expect(la).not.toContain('Local child safeguarding practice review');
    const police = await reply(U.police, 'timeline page last', channel);
    expect(police).toContain('Vote cast for Police: Local child safeguarding practice review');
    await vote(U.la, c.id, channel, 'lcspr');
    await vote(U.health, c.id, channel, 'lcspr');
    const after = await reply(U.la, 'timeline page last', channel);
    expect(after).toContain('Vote cast for Police: Local child safeguarding practice review');
    expect(after).toContain('Decision recorded: Local child safeguarding practice review');
  });

  it('refuses a member (no view-timeline) and another partnership, revealing nothing', async () => {
    const { channel } = await caseWithChannel();
    const member = await reply(U.member, 'timeline LINCS-2026-001', 'C0GENERAL1');
    expect(member).toBe(await reply(U.member, 'timeline LINCS-2026-999', 'C0GENERAL1'));
    expect(member).not.toContain('audit trail');
    expect(await reply(U.member, 'timeline', channel)).not.toContain('audit trail');
    const other = await reply(U.portsLa, 'timeline LINCS-2026-001');
    expect(other).toContain(NOT_FOUND);
    expect(other).toBe(await reply(U.portsLa, 'timeline LINCS-2026-999'));
  });
});

describe('Slack: /cspr export', () => {
  it('uploads the rapid review record (.docx) into the private case channel and says so privately', async () => {
    const { c, channel } = await caseWithChannel();
    await rapidReview(c.id, channel);
    for (const u of [U.la, U.police, U.health]) await vote(u, c.id, channel, 'lcspr');
    const started = Date.now();
    const answer = await reply(U.bm, 'export', channel);
    const ms = Date.now() - started;
    expect(answer).toContain(
      `The rapid review record for *LINCS-2026-001* is in <#${channel}> as \`rapid-review-LINCS-2026-001.docx\``,
    );
    const [get] = h.fake.callsTo('files.getUploadURLExternal');
    expect(get!.args).toMatchObject({ filename: 'rapid-review-LINCS-2026-001.docx' });
    expect(h.fake.callsTo('upload')).toHaveLength(1);
    const [complete] = h.fake.callsTo('files.completeUploadExternal');
    expect(complete!.args).toMatchObject({
      channel_id: channel,
      initial_comment: 'Rapid review record for LINCS-2026-001, exported by Ben Carter.',
    });
    const [file] = [...h.fake.files.values()];
    expect(file).toMatchObject({
      channel,
      filename: 'rapid-review-LINCS-2026-001.docx',
      title: 'Rapid review record: LINCS-2026-001',
    });
    expect(file!.bytes!.length).toBe(file!.length);
    const { text } = await docxText(file!.bytes!);
    SECTION_IDS.forEach((sid, i) => expect(text).toContain(`${i + 1}. ${SECTION_HEADINGS[sid]}`));
    expect(text).toContain('rationale-marker U0HEALTH1');
    expect(text).toContain('Decision recorded: Local child safeguarding practice review');
    const mentions = [...text.matchAll(/\b(Child|Sibling|Baby) [A-Z]\w*/g)]
      .map((m) => m[0])
      .filter((m) => m !== 'Child Safeguarding');
    expect(new Set(mentions)).toEqual(new Set(['Child A', 'Sibling B']));
    console.info(
      `Slack export of a decided case: ${file!.bytes!.length} bytes, ${ms} ms from /cspr export to the reply`,
    );

    // Asked from another channel with REF: the file still goes only to the private case channel.
    await reply(U.chair, 'export LINCS-2026-001', 'C0GENERAL1');
    expect([...h.fake.files.values()].map((f) => f.channel)).toEqual([channel, channel]);
  });

  it('refuses a member and another partnership; nothing is uploaded', async () => {
    const { channel } = await caseWithChannel();
    const member = await reply(U.member, 'export', channel);
    expect(member).not.toContain('rapid review record for');
    expect(await reply(U.member, 'export LINCS-2026-001', 'C0GENERAL1')).toBe(
      await reply(U.member, 'export LINCS-2026-999', 'C0GENERAL1'),
    );
    const other = await reply(U.portsLa, 'export LINCS-2026-001');
    expect(other).toContain(NOT_FOUND);
    expect(other).toBe(await reply(U.portsLa, 'export LINCS-2026-999'));
    expect(h.fake.callsTo('files.getUploadURLExternal')).toHaveLength(0);
    expect(h.fake.files.size).toBe(0);
  });

  it('says in plain words when Slack refuses or the upload fails, and shares nothing', async () => {
    const { channel } = await caseWithChannel();
    h.fake.fail('files.getUploadURLExternal', { error: 'missing_scope' });
    const scope = await reply(U.bm, 'export', channel);
    expect(scope).toContain(
      'I couldn’t put the rapid review record for *LINCS-2026-001* in the case channel: the Slack app is not allowed to do this',
    );
    expect(scope).toContain('Nothing was shared.');
    h.fake.fail('upload', { status: 500 }, 2);
    const upload = await reply(U.bm, 'export', channel);
    expect(upload).toContain('Slack did not answer properly');
    expect(h.fake.callsTo('files.completeUploadExternal')).toHaveLength(0);
    expect([...h.fake.files.values()].filter((f) => f.channel)).toHaveLength(0);
    // And it works again once Slack does.
    expect(await reply(U.bm, 'export', channel)).toContain('is in <#');
  });
});

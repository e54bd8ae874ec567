/**
 * Block Kit for everything the bot says besides the case message: command replies, the
 * notification result, the decision and escalation posts, direct messages and failure reports.
 * Pseudonyms never appear here except in what is posted inside the private case channel.
 */
import type { types } from '@slack/bolt';
import type { CaseLine, DueLine } from '../../app/commands.js';
import { helpGroups } from '../../app/help.js';
import type { TimelinePage } from '../../app/timeline.js';
import { dueSentence } from '../../app/due-words.js';
import {
  decisionPost,
  escalationPost,
  toldInWords,
  toldSentence,
  type Said,
} from '../../app/announcements.js';
import type { IsoDate } from '../../domain/calendar.js';
import { OUTCOME_LABELS, type Case } from '../../domain/case.js';
import type { Notifiability } from '../../domain/criteria.js';
import { PARTNER_LABELS, PARTNERS } from '../../domain/roles.js';
import {
  ACTION_IDS,
  esc,
  mrkdwnSection,
  mrkdwnSections,
  niceDate,
  type SlackMessage,
} from './case-message.js';
import { noticeModal } from './form-modal.js';
import { clip, SLACK_LIMITS } from './limits.js';

type KnownBlock = types.KnownBlock;

/** A plain reply: one or more sections of mrkdwn (each within Slack's section limit). */
export function textMessage(text: string, fallback = text): SlackMessage {
  const blocks = mrkdwnSections(text);
  if (blocks.length > SLACK_LIMITS.messageBlocks) {
    blocks.length = SLACK_LIMITS.messageBlocks - 1;
    blocks.push(mrkdwnSection('_…and more: the list is too long for one message._'));
  }
  return { text: clip(fallback, 3000), blocks };
}

/** `/cspr help`: the commands by group, and which of them need no reference in a case channel. */
export function helpMessage(prefix?: string): SlackMessage {
  // The same every time (the one command list): built once per prefix, so `help` costs no work per request.
  const key = prefix ?? '';
  let msg = helpCache.get(key);
  if (!msg) helpCache.set(key, (msg = buildHelp(prefix)));
  return msg;
}
const helpCache = new Map<string, SlackMessage>();

function buildHelp(prefix?: string): SlackMessage {
  const groups = helpGroups();
  const implied = groups.flatMap((g) =>
    g.lines.filter((l) => l.caseImplied).map((l) => `\`${l.usage.split(' ')[0]}\``),
  );
  const blocks: KnownBlock[] = [];
  if (prefix) blocks.push(mrkdwnSection(prefix));
  blocks.push({ type: 'header', text: { type: 'plain_text', text: 'CSPR bot commands' } });
  blocks.push(
    mrkdwnSection(
      `Type \`/cspr <command>\`. *In a case channel* the case is implied, so ${implied.join(', ')} need no reference there; elsewhere add it, e.g. \`/cspr status LINCS-2026-007\`.`,
    ),
  );
  for (const g of groups)
    blocks.push(
      ...mrkdwnSections(
        [
          `*${g.title}*`,
          ...g.lines.map((l) => `• \`/cspr ${l.usage}\`: ${l.what}${l.caseImplied ? ' ⌂' : ''}`),
        ].join('\n'),
      ),
    );
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: '⌂ works in a case channel without a reference.' }],
  });
  blocks.push(
    mrkdwnSection(
      '*Without typing*: the app’s *Home* tab shows what is due from you, with the buttons that do it. Shortcuts: *Notify an incident* (from the shortcuts menu, anywhere) and, on any message, *Add to a case’s facts*.',
    ),
  );
  return { text: 'CSPR bot commands', blocks };
}

/** A page of the list (`total` cases in all; `more`: the line saying what is on the other pages). */
export function listMessage(
  lines: CaseLine[],
  page: { total: number; more?: string } = { total: lines.length },
): SlackMessage {
  if (page.total === 0) return textMessage('No cases yet.');
  const body = lines.map(
    (l) => `• *${l.ref}*: ${esc(l.state)}${l.next ? `\n      next: ${esc(l.next)}` : ''}`,
  );
  const more = page.more
    ? [`_${esc(page.more.replace(/: (list page \d+)$/, ': `/cspr $1`'))}_`]
    : [];
  return textMessage(
    [`*Your partnership’s cases* (${page.total})`, ...body, ...more].join('\n'),
    `${page.total} case${page.total === 1 ? '' : 's'}`,
  );
}

export function deadlinesMessage(lines: DueLine[]): SlackMessage {
  if (lines.length === 0)
    return textMessage('Nothing is due in the next 10 working days, and nothing is overdue.');
  const body = lines.map((d) => `• *${niceDate(d.due)}* ${d.ref}: ${esc(d.label)} (${d.status})`);
  return textMessage(
    ['*Due in the next 10 working days or overdue*', ...body].join('\n'),
    `${lines.length} deadline${lines.length === 1 ? '' : 's'}`,
  );
}

export function rolesMessage(groups: { partnership: string; lines: string[] }[]): SlackMessage {
  const text = groups
    .map((g) => [`*${esc(g.partnership)}*`, ...g.lines.map((l) => `• ${esc(l)}`)].join('\n'))
    .join('\n\n');
  return textMessage(text, 'Role holders');
}

/** One page of the audit timeline: who, what, when; the command for the next page. */
export function timelineMessage(t: TimelinePage): SlackMessage {
  const first = (t.page - 1) * t.pageSize + 1;
  const head = `*${t.ref}: audit trail*, events ${first}–${first + t.entries.length - 1} of ${t.total} (page ${t.page} of ${t.pages})`;
  const lines = t.entries.map(
    (e) => `• ${e.failed ? '⚠️ ' : ''}*${esc(e.when)}* · ${esc(e.who)}\n      ${esc(e.what)}`,
  );
  const foot: string[] = [];
  if (t.votesHidden) foot.push('_Votes stay hidden until all three partners have voted._');
  if (t.page < t.pages)
    foot.push(
      `_Next: \`/cspr timeline ${t.ref} page ${t.page + 1}\`${t.pages > 2 ? ` · latest: \`/cspr timeline ${t.ref} page last\`` : ''}_`,
    );
  else if (t.pages > 1) foot.push(`_First page: \`/cspr timeline ${t.ref} page 1\`_`);
  return textMessage(
    [head, ...lines, ...foot].join('\n'),
    `${t.ref} audit trail, page ${t.page} of ${t.pages}`,
  );
}

/** The notifier's answer on submit: is s16C met, and what is due by when. */
export function notifiedLines(
  c: Case,
  a: Notifiability,
  channelName: string,
  today?: IsoDate,
): string[] {
  return [
    `*${c.ref}* is recorded.`,
    a.s16cMet
      ? '✅ *The s16C(1) criteria are met*: the Panel must be notified.'
      : '*The s16C(1) criteria are not met.*',
    ...a.reasons.map((r) => `• ${esc(r)}`),
    a.deadlines.length
      ? `*Due*\n${a.deadlines.map((d) => (today ? `• ${esc(dueSentence(d, today))}` : `• ${esc(d.label)}: *${niceDate(d.due)}*`)).join('\n')}`
      : 'No statutory deadline applies.',
    `I’m opening the private channel #${channelName} and adding the partnership’s role holders.`,
  ];
}

export function notifiedModal(c: Case, a: Notifiability, channelName: string, today?: IsoDate) {
  return noticeModal('Incident notified', notifiedLines(c, a, channelName, today), {
    callbackId: 'cspr_notified',
  });
}

/** Posted in the case channel when three matching votes record the decision (kept on a case for the block checks). */
export function decisionMessage(c: Case): SlackMessage {
  return decisionPostMessage(decisionPost(c));
}

/** Posted in the case channel when the votes differ. */
export function escalationMessage(c: Case): SlackMessage {
  return escalationPostMessage(escalationPost(c));
}

/** The decision in the case channel: the outcome, each partner's rationale, and who was told (as the core says). */
export function decisionPostMessage(what: Said & { kind: 'decision.posted' }): SlackMessage {
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: clip(`${what.ref} · Decision recorded`, SLACK_LIMITS.headerText),
      },
    },
    mrkdwnSection(`The three safeguarding partners agreed: *${OUTCOME_LABELS[what.outcome]}*.`),
  ];
  for (const v of what.votes)
    blocks.push(
      ...mrkdwnSections(`*${PARTNER_LABELS[v.partner]}* (${esc(v.by)})\n${esc(v.rationale)}`),
    );
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: toldSentence(what.told, 'informed') }],
  });
  return { text: `${what.ref}: decision recorded (${OUTCOME_LABELS[what.outcome]})`, blocks };
}

/** The escalation in the case channel: each partner's vote so far, and who was told. */
export function escalationPostMessage(what: Said & { kind: 'escalation.posted' }): SlackMessage {
  const lines = PARTNERS.map((p) => {
    const v = what.votes.find((x) => x.partner === p);
    return `• ${PARTNER_LABELS[p]}: *${v ? OUTCOME_LABELS[v.outcome] : 'not voted'}*${v ? `\n      ${esc(clip(v.rationale, 600))}` : ''}`;
  });
  const told = `${toldInWords(what.told)} ${what.told.length > 1 ? 'have' : 'has'} been told`;
  return textMessage(
    [
      `*${what.ref}: the partners’ votes differ.* The case is escalated and ${told}. Partners may revise their votes; the decision is recorded when all three agree.`,
      ...lines,
    ].join('\n'),
    `${what.ref}: votes differ, escalated to the chair`,
  );
}

/** Direct messages to those told of a decision or an escalation: reference and outcome only, with a link to the case channel. */
export function decisionNotice(
  what: Said & { kind: 'decision.told' },
  channelId: string | undefined,
): SlackMessage {
  const where = channelId ? ` The partners’ rationales are in <#${channelId}>.` : '';
  return textMessage(
    `Decision recorded on *${what.ref}*: *${OUTCOME_LABELS[what.outcome]}*.${where}`,
    `${what.ref}: decision recorded`,
  );
}

export function escalationNotice(
  what: Said & { kind: 'escalation.told' },
  channelId: string | undefined,
): SlackMessage {
  const where = channelId ? ` See <#${channelId}>.` : '';
  return textMessage(
    `The partners’ votes on *${what.ref}* differ: the case is escalated to you.${where}`,
    `${what.ref}: escalated`,
  );
}

/** To a business manager: who could not be reached in Slack, so that someone tells them another way. */
export function notReachedNotice(what: Said & { kind: 'not-reached' }): SlackMessage {
  const about = what.about === 'decision' ? 'the decision recorded' : 'the escalation';
  return textMessage(
    `I could not reach ${what.names.map(esc).join(' and ')} in Slack about ${about} on *${what.ref}*. Please let them know another way.`,
    `Not told: ${what.ref}`,
  );
}

/** A failed Slack step, in plain words, with a button to try it again. */
export function failureMessage(caseId: string, ref: string, sentence: string): SlackMessage {
  return {
    text: `${ref}: ${clip(sentence, 200)}`,
    blocks: [
      mrkdwnSection(`*${ref}*: ${sentence}\nThe case itself is saved and nothing is lost.`),
      {
        type: 'actions',
        block_id: 'retry',
        elements: [
          {
            type: 'button',
            action_id: ACTION_IDS.retry,
            value: caseId,
            text: { type: 'plain_text', text: 'Try again' },
          },
        ],
      },
    ],
  };
}

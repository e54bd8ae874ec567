/**
 * The case message in Block Kit, drawn from the platform-neutral CaseView: reference and state,
 * children by pseudonym, what was notified when, the deadlines with dates, whose action is pending,
 * the votes (hidden until all three voted) and the buttons for facts, criteria and vote.
 *
 * The header and the fallback `text` (which Slack shows in notifications) carry the reference and
 * state only — never a pseudonym.
 */
import type { types } from '@slack/bolt';
import { DateTime } from 'luxon';
import type { CaseView } from '../../app/case-view.js';
import { clip, SLACK_LIMITS } from './limits.js';

type KnownBlock = types.KnownBlock;

export const ACTION_IDS = {
  facts: 'case_facts',
  criteria: 'case_criteria',
  vote: 'case_vote',
  /** The notification form (dates the Panel, partners, Secretary of State and Ofsted were told). */
  notified: 'case_notified',
  retry: 'case_retry_channel',
  /** A select of the post-decision steps open now; each option's value is `<caseId>|<step>`. */
  step: 'case_step',
  /** The action plan of the case (ephemeral list with add / update buttons). */
  actions: 'case_action_plan',
  actionAdd: 'case_action_add',
  /** Value `<caseId>|<item id>`. */
  actionEdit: 'case_action_edit',
} as const;

/** The select of post-decision steps (value of each option: `<caseId>|<step>`). */
export function stepSelect(caseId: string, steps: { step: string; label: string }[]) {
  return {
    type: 'static_select' as const,
    action_id: ACTION_IDS.step,
    placeholder: { type: 'plain_text' as const, text: 'Record a step…' },
    options: steps.map((s) => ({
      text: { type: 'plain_text' as const, text: clip(s.label, SLACK_LIMITS.optionText) },
      value: `${caseId}|${s.step}`,
    })),
  };
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * "Wed 23 Dec 2026". A plain date (nearly every one) is worded here, as luxon's
 * `ccc d LLL yyyy` in English would (a case card has a dozen dates, and luxon's formatter cost
 * more than the rest of the card); anything else goes through luxon.
 */
export function niceDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const day = new Date(Date.UTC(y, mo - 1, d));
    if (day.getUTCFullYear() === y && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d)
      return `${WEEKDAYS[day.getUTCDay()]} ${d} ${MONTHS[mo - 1]} ${m[1]}`;
  }
  const dt = DateTime.fromISO(iso, { zone: 'utc' });
  return dt.isValid ? dt.toFormat('ccc d LLL yyyy') : iso;
}

export const mrkdwnSection = (text: string): KnownBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: clip(text, SLACK_LIMITS.sectionText) },
});

/** Long text as as many sections as it needs (cut at a line break where possible), never truncated. */
export function mrkdwnSections(text: string): KnownBlock[] {
  const out: KnownBlock[] = [];
  let rest = text;
  while (rest.length > 0) {
    let cut =
      rest.length <= SLACK_LIMITS.sectionText
        ? rest.length
        : rest.lastIndexOf('\n', SLACK_LIMITS.sectionText);
    if (cut <= 0) cut = SLACK_LIMITS.sectionText;
    out.push(mrkdwnSection(rest.slice(0, cut)));
    rest = rest.slice(cut).replace(/^\n/, '');
  }
  return out;
}

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export interface CaseMessageOptions {
  /** The buttons belong on the case message; a status reply has none. */
  buttons: boolean;
  /** Pseudonyms and the summary appear only inside the private case channel. */
  inCaseChannel: boolean;
  /** Partners of other workspaces invited through Slack Connect who have not accepted yet (names). */
  awaitingConnect?: string[];
}

export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

function deadlineLines(v: CaseView): string {
  if (v.deadlines.length === 0) return '_No statutory deadline applies._';
  return v.deadlines
    .map((d) => {
      const mark = d.done ? '✓' : d.overdue ? '⚠️' : '•';
      const status = d.overdue ? `*${d.status}*` : d.status;
      const when = d.dueTime ? `by ${niceDate(d.due)} ${d.dueTime}` : niceDate(d.due);
      return `${mark} ${esc(d.label)}: *${when}* (${status})\n      _${esc(d.basis)}_`;
    })
    .join('\n');
}

function pendingLines(v: CaseView): string {
  if (v.pending.length === 0) return '_Nothing pending._';
  return v.pending
    .map((a) => `• ${esc(a.label)}: ${esc(a.who)}${a.due ? ` (by ${niceDate(a.due)})` : ''}`)
    .join('\n');
}

function voteLines(v: CaseView): string {
  const lines = v.votes.map((line) => {
    if (!line.voted) return `• ${line.partnerLabel}: not voted yet`;
    if (!line.outcome) return `• ${line.partnerLabel}: voted`;
    return `• ${line.partnerLabel}: *${esc(line.outcome)}* (${esc(line.by ?? '')})`;
  });
  if (v.voteNote) lines.push(`_${esc(v.voteNote)}_`);
  if (v.votesHidden) lines.push('_Votes stay hidden until all three partners have voted._');
  return lines.join('\n');
}

export function caseMessage(v: CaseView, opts: CaseMessageOptions): SlackMessage {
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: clip(`${v.ref} · ${v.stateLabel}`, SLACK_LIMITS.headerText),
        emoji: false,
      },
    },
  ];
  const fields: string[] = [
    `*Partnership*\n${esc(v.partnershipName)}`,
    `*Procedure*\n${esc(v.procedure)}`,
  ];
  if (opts.inCaseChannel && v.children) fields.push(`*Children*\n${esc(v.children)}`);
  if (v.notified) {
    fields.push(`*Notified*\n${v.notified.harm}`);
    fields.push(`*Local authority aware*\n${niceDate(v.notified.awareOn)}`);
    if (v.notified.incidentOn) fields.push(`*Incident*\n${niceDate(v.notified.incidentOn)}`);
    fields.push(
      `*Panel notified*\n${v.notified.panelNotifiedOn ? niceDate(v.notified.panelNotifiedOn) : 'not yet'}`,
    );
  }
  blocks.push({
    type: 'section',
    fields: fields
      .slice(0, SLACK_LIMITS.sectionFields)
      .map((t) => ({ type: 'mrkdwn' as const, text: clip(t, SLACK_LIMITS.sectionFieldText) })),
  });
  if (opts.inCaseChannel && v.notified?.summary)
    blocks.push(mrkdwnSection(`*Summary*\n${esc(v.notified.summary)}`));
  if (v.reasons.length)
    blocks.push(
      mrkdwnSection(`*Notification assessment*\n${v.reasons.map((r) => `• ${esc(r)}`).join('\n')}`),
    );
  blocks.push({ type: 'divider' });
  blocks.push(mrkdwnSection(`*Deadlines*\n${deadlineLines(v)}`));
  blocks.push(mrkdwnSection(`*Waiting for*\n${pendingLines(v)}`));
  blocks.push(
    mrkdwnSection(
      `*Rapid review*\nFacts: ${v.factsRecorded ? 'recorded' : 'not yet'} · Criteria: ${v.criteriaAssessed ? 'assessed' : 'not yet'}\n${voteLines(v)}`,
    ),
  );
  if (v.decision) {
    const corrected = v.decision.corrections
      ? ` (${v.decision.corrections} correction${v.decision.corrections === 1 ? '' : 's'} recorded)`
      : '';
    blocks.push(
      mrkdwnSection(
        `*Decision*: ${esc(v.decision.outcome)}, recorded ${niceDate(v.decision.recordedOn)}${corrected}`,
      ),
    );
  }
  if (v.review.length)
    blocks.push(
      mrkdwnSection(
        `*After the decision*\n${v.review.map((l) => `• ${esc(l.label)}: ${esc(l.value)}`).join('\n')}`,
      ),
    );
  if (v.actionPlan.length)
    blocks.push(
      mrkdwnSection(
        `*Action plan*\n${v.actionPlan.map((a) => `${a.overdue ? '⚠️' : '•'} ${a.id} ${esc(a.agency)}: due ${niceDate(a.due)} (${a.overdue ? `*${esc(a.status)}*` : esc(a.status)})`).join('\n')}`,
      ),
    );
  if (opts.awaitingConnect?.length)
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: clip(
            `Invited through Slack Connect, not yet accepted: ${opts.awaitingConnect.map(esc).join(', ')}`,
            SLACK_LIMITS.contextText,
          ),
        },
      ],
    });
  if (opts.buttons) {
    const buttons = [];
    if (v.can.notified)
      buttons.push({
        type: 'button' as const,
        action_id: ACTION_IDS.notified,
        value: v.caseId,
        text: { type: 'plain_text' as const, text: 'Record notification' },
      });
    if (v.can.facts)
      buttons.push({
        type: 'button' as const,
        action_id: ACTION_IDS.facts,
        value: v.caseId,
        text: {
          type: 'plain_text' as const,
          text: v.factsRecorded ? 'Update facts' : 'Record facts',
        },
      });
    if (v.can.criteria)
      buttons.push({
        type: 'button' as const,
        action_id: ACTION_IDS.criteria,
        value: v.caseId,
        text: {
          type: 'plain_text' as const,
          text: v.criteriaAssessed ? 'Update criteria' : 'Assess criteria',
        },
      });
    if (v.can.vote)
      buttons.push({
        type: 'button' as const,
        action_id: ACTION_IDS.vote,
        value: v.caseId,
        style: 'primary' as const,
        text: { type: 'plain_text' as const, text: 'Vote' },
      });
    if (v.can.actions)
      buttons.push({
        type: 'button' as const,
        action_id: ACTION_IDS.actions,
        value: v.caseId,
        text: { type: 'plain_text' as const, text: 'Action plan' },
      });
    const elements = [...buttons, ...(v.can.step ? [stepSelect(v.caseId, v.steps)] : [])];
    if (elements.length) blocks.push({ type: 'actions', block_id: 'case_actions', elements });
  }
  return { text: `${v.ref}: ${v.stateLabel}`, blocks };
}

/**
 * Block Kit for what follows the decision: the step chooser, the action plan list (with add and
 * update buttons for those who may change it) and the weekly oversight digest.
 */
import type { types } from '@slack/bolt';
import type { ActionLine } from '../../app/post-decision-view.js';
import { digestText, type OversightDigest } from '../../app/oversight.js';
import {
  ACTION_IDS,
  esc,
  mrkdwnSection,
  niceDate,
  stepSelect,
  type SlackMessage,
} from './case-message.js';
import { textMessage } from './replies.js';
import { clip, SLACK_LIMITS } from './limits.js';

type KnownBlock = types.KnownBlock;

/** "Which step?": the steps open now on the case, as a select that opens the step's form. */
export function stepChooserMessage(
  ref: string,
  caseId: string,
  steps: { step: string; label: string }[],
): SlackMessage {
  if (steps.length === 0)
    return textMessage(`No post-decision step can be recorded on *${ref}* now.`);
  return {
    text: `${ref}: record a step`,
    blocks: [
      mrkdwnSection(
        `*${ref}*: which step do you want to record? (\`/cspr step <step>\` opens one directly: ${steps.map((s) => `\`${s.step}\``).join(', ')})`,
      ),
      { type: 'actions', block_id: 'step_choose', elements: [stepSelect(caseId, steps)] },
    ],
  };
}

/** The action plan: each item with agency, owner, due date, status and what is required. */
export function actionsMessage(
  ref: string,
  caseId: string,
  lines: ActionLine[],
  canEdit: boolean,
  canAdd: boolean,
): SlackMessage {
  const blocks: KnownBlock[] = [
    mrkdwnSection(
      `*${ref}: action plan* (${lines.length} item${lines.length === 1 ? '' : 's'}, ${lines.filter((l) => l.open).length} open)`,
    ),
  ];
  if (lines.length === 0) blocks.push(mrkdwnSection('_No recommendations recorded yet._'));
  for (const l of lines.slice(0, 40)) {
    const mark = l.overdue ? '⚠️' : l.open ? '•' : '✓';
    const text = clip(
      `${mark} *${l.id}* ${esc(l.agency)} (reminded: ${esc(l.owner)}) · due *${niceDate(l.due)}* · ${l.overdue ? `*${esc(l.status)}*` : esc(l.status)}\n${esc(l.recommendation)}\n_Required:_ ${esc(l.required)}`,
      SLACK_LIMITS.sectionText,
    );
    blocks.push(
      canEdit
        ? {
            type: 'section',
            text: { type: 'mrkdwn', text },
            accessory: {
              type: 'button',
              action_id: ACTION_IDS.actionEdit,
              value: `${caseId}|${l.id}`,
              text: { type: 'plain_text', text: 'Update' },
            },
          }
        : mrkdwnSection(text),
    );
  }
  if (canAdd)
    blocks.push({
      type: 'actions',
      block_id: 'action_plan',
      elements: [
        {
          type: 'button',
          action_id: ACTION_IDS.actionAdd,
          value: caseId,
          text: { type: 'plain_text', text: 'Add a recommendation' },
        },
      ],
    });
  return { text: `${ref}: action plan`, blocks };
}

/** The weekly oversight digest: references, states, dates and agencies only. */
export function digestMessage(d: OversightDigest, late: boolean): SlackMessage {
  const t = digestText(d, late);
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(t.title, SLACK_LIMITS.headerText) } },
    mrkdwnSection(esc(t.intro)),
  ];
  const room = SLACK_LIMITS.messageBlocks - blocks.length - 1;
  for (const s of t.sections.slice(0, room))
    blocks.push(
      mrkdwnSection(
        clip(
          `*${esc(s.heading)}*\n${s.lines.map((l) => `• ${esc(l)}`).join('\n')}`,
          SLACK_LIMITS.sectionText,
        ),
      ),
    );
  if (t.sections.length > room)
    blocks.push(
      mrkdwnSection(
        `_…and ${t.sections.length - room} more open cases: \`/cspr list\` shows them all._`,
      ),
    );
  return { text: clip(t.title, 3000), blocks };
}

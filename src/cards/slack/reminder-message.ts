/**
 * A reminder in Block Kit: the case reference, each action with its due date and working days
 * left or overdue, and a button that opens the action's form (or the status hint). No pseudonym:
 * reminders also go to direct messages.
 */
import type { types } from '@slack/bolt';
import type { ReminderText } from '../../app/reminder-text.js';
import { ACTION_IDS, esc, mrkdwnSection, type SlackMessage } from './case-message.js';
import { clip } from './limits.js';

type KnownBlock = types.KnownBlock;

const BUTTONS: Partial<Record<ReminderText['action'], { id: string; label: string }>> = {
  facts: { id: ACTION_IDS.facts, label: 'Record facts' },
  criteria: { id: ACTION_IDS.criteria, label: 'Assess criteria' },
  vote: { id: ACTION_IDS.vote, label: 'Vote' },
  notified: { id: ACTION_IDS.notified, label: 'Record notification' },
};

export function reminderMessage(t: ReminderText, caseId: string, ref: string): SlackMessage {
  const blocks: KnownBlock[] = [
    mrkdwnSection(`*${esc(t.title)}*\n${t.lines.map((l) => `• ${esc(l)}`).join('\n')}`),
  ];
  const button = BUTTONS[t.action];
  if (button) {
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: button.id,
          value: caseId,
          text: { type: 'plain_text', text: button.label },
        },
      ],
    });
  } else {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `\`/cspr status ${ref}\` shows the whole case.` }],
    });
  }
  return { text: clip(`${t.title}: ${t.lines[0] ?? ''}`, 3000), blocks };
}

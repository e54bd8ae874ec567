/**
 * The words of a reminder, platform-neutral: the case reference, the action, the due date and the
 * working days left or overdue. Never a child's pseudonym: reminders also go to direct messages.
 */
import type { PlannedReminder } from '../domain/reminders.js';

export interface ReminderText {
  title: string;
  lines: string[];
  /** The verb of the button that does the (first) action: 'facts', 'criteria', 'vote', 'notified' or 'status'. */
  action: 'facts' | 'criteria' | 'vote' | 'notified' | 'status';
}

function longDate(iso: string): string {
  const d = new Date(`${iso}T12:00:00Z`);
  return d.toLocaleDateString('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** The pending actions of the notification duties: their reminders and escalations open the notification form. */
const NOTIFICATION_ACTIONS = new Set(['notify-panel', 'notify-partners', 'notify-sos-ofsted']);

function actionVerb(action: string): ReminderText['action'] {
  if (action === 'facts' || action === 'criteria') return action;
  if (action.startsWith('vote-') || action === 'resolve-escalation') return 'vote';
  if (NOTIFICATION_ACTIONS.has(action)) return 'notified';
  return 'status';
}

export function reminderText(r: PlannedReminder, late: boolean): ReminderText {
  const lines = r.items.map((i) => `${i.label} — due ${longDate(i.due)} (${i.status})`);
  if (late) lines.push('Sent late: the bot could not send this at the usual time.');
  const first = r.items[0];
  const action = first ? actionVerb(first.action) : 'status';
  switch (r.kind) {
    case 'digest':
      return { title: `Daily deadlines for ${r.ref}`, lines, action: 'status' };
    case 'personal':
      return {
        title:
          r.stage === 'overdue'
            ? `Overdue on ${r.ref}`
            : r.stage === 'due'
              ? `Due today on ${r.ref}`
              : `Coming up on ${r.ref}`,
        lines,
        action,
      };
    case 'escalation':
      return {
        title: `Escalation: ${r.ref} is overdue`,
        lines: [...lines, 'As chair you are told once an action is a working day overdue.'],
        action: action === 'notified' ? 'notified' : 'status',
      };
  }
}

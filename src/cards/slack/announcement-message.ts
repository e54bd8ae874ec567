/**
 * Any announcement of src/app (./announcements, ./scheduled-announcements) in Block Kit: the one
 * place Slack turns "what is said" into a message. `channelId`: the case channel, linked from
 * direct messages when there is one.
 */
import type { Said } from '../../app/announcements.js';
import type { SlackMessage } from './case-message.js';
import { digestMessage } from './post-decision-messages.js';
import { reminderMessage } from './reminder-message.js';
import {
  decisionNotice,
  decisionPostMessage,
  escalationNotice,
  escalationPostMessage,
  notReachedNotice,
} from './replies.js';

export function announcementMessage(what: Said, channelId?: string): SlackMessage {
  switch (what.kind) {
    case 'decision.posted':
      return decisionPostMessage(what);
    case 'escalation.posted':
      return escalationPostMessage(what);
    case 'decision.told':
      return decisionNotice(what, channelId);
    case 'escalation.told':
      return escalationNotice(what, channelId);
    case 'not-reached':
      return notReachedNotice(what);
    case 'duty':
      return reminderMessage(what.text, what.caseId, what.ref);
    case 'oversight':
      return digestMessage(what.digest, what.late);
  }
}

/**
 * Any announcement of src/app (./announcements, ./scheduled-announcements) as an Adaptive Card, with
 * the activity's summary: the one place Teams turns "what is said" into a message.
 */
import { toldSentence, type Occasion, type Said, type VoteFacts } from '../../app/announcements.js';
import { digestText } from '../../app/oversight.js';
import { OUTCOME_LABELS } from '../../domain/case.js';
import { CIRCUMSTANCES, CRITERIA } from '../../domain/criteria.js';
import { PARTNER_LABELS, PARTNERS } from '../../domain/roles.js';
import type { CardVerb } from './action-data.js';
import { messageCard } from './message-card.js';
import type { AdaptiveCard } from './template.js';

/** The button a reminder's card opens its action's form with (none: the status hint). */
const OPEN: Partial<Record<string, { title: string; verb: CardVerb }>> = {
  facts: { title: 'Record facts', verb: 'facts.open' },
  criteria: { title: 'Assess criteria', verb: 'criteria.open' },
  vote: { title: 'Vote', verb: 'vote.open' },
  notified: { title: 'Record notification', verb: 'notified.open' },
};

const CRITERION_SHORT = new Map<string, string>(
  [...CRITERIA, ...CIRCUMSTANCES].map((c) => [c.key, c.short]),
);

/** Each partner's vote and rationale, once all three have voted (before that nothing is shown). */
function voteSections(votes: VoteFacts[]) {
  if (votes.length < PARTNERS.length) return [];
  return votes.map((v) => ({
    heading: PARTNER_LABELS[v.partner],
    lines: [`${OUTCOME_LABELS[v.outcome]} (${v.by})`, v.rationale],
    facts: v.criteria.length
      ? [
          {
            title: 'Criteria relied on',
            value: v.criteria.map((k) => CRITERION_SHORT.get(k) ?? k).join(', '),
          },
        ]
      : [],
  }));
}

/** The title of a person's message about an occasion (also named in "Not told in Teams: …"). */
function personTitle(about: Occasion, ref: string): string {
  return about === 'decision' ? `Decision recorded on ${ref}` : `Escalated: ${ref}`;
}

/** One announcement as a Teams card, with the activity's summary. */
export function announcementCard(what: Said): { card: AdaptiveCard; summary: string } {
  switch (what.kind) {
    case 'decision.posted':
      return {
        summary: `Case ${what.ref}`,
        card: messageCard({
          title: `Decision recorded: ${what.ref}`,
          notice: `The three partners agreed: ${OUTCOME_LABELS[what.outcome]}.`,
          noticeStyle: 'good',
          lines: [`Each partner’s rationale is below. ${toldSentence(what.told, 'told')}`],
          sections: voteSections(what.votes),
        }),
      };
    case 'escalation.posted':
      return {
        summary: `Case ${what.ref}`,
        card: messageCard({
          title: `Votes differ: ${what.ref} is escalated`,
          notice: `The partners’ votes differ. ${toldSentence(what.told, 'told')} Partners may revise their votes; the decision is recorded when all three agree.`,
          noticeStyle: 'warning',
          sections: voteSections(what.votes),
        }),
      };
    case 'decision.told': {
      const title = personTitle('decision', what.ref);
      return {
        summary: title,
        card: messageCard({
          title,
          lines: [
            `The partners agreed: ${OUTCOME_LABELS[what.outcome]}. The rationales are posted in the case channel.`,
          ],
        }),
      };
    }
    case 'escalation.told': {
      const title = personTitle('escalation', what.ref);
      return {
        summary: title,
        card: messageCard({
          title,
          lines: [
            'The partners’ votes differ, so the case is escalated to you. Partners may revise their votes; the decision is recorded when all three agree.',
          ],
        }),
      };
    }
    case 'not-reached':
      return {
        summary: `Not told: ${what.ref}`,
        card: messageCard({
          title: `Not told in Teams: ${personTitle(what.about, what.ref)}`,
          lines: [
            `I could not reach ${what.names.join(' and ')} in Teams about ${what.ref}. Please let them know another way.`,
          ],
        }),
      };
    case 'duty': {
      const t = what.text;
      const open = OPEN[t.action];
      return {
        summary: t.title,
        card: messageCard({
          title: t.title,
          lines: [
            ...t.lines,
            ...(open ? [] : [`Type \`status ${what.ref}\` to me for the whole case.`]),
          ],
          ...(open ? { actions: [{ ...open, caseId: what.caseId }] } : {}),
        }),
      };
    }
    case 'oversight': {
      const t = digestText(what.digest, what.late);
      return {
        summary: t.title,
        card: messageCard({
          title: t.title,
          lines: [t.intro],
          sections: t.sections.slice(0, 40).map((s) => ({ heading: s.heading, lines: s.lines })),
        }),
      };
    }
  }
}

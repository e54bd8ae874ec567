/**
 * Text commands to the bot (`status NORTH-2026-001`, `vote`, …), parsed by the shared command
 * parser and answered with cards. In a case channel the reference is implied. Answers posted in a
 * shared conversation never reveal a partner's vote early (the shared case view).
 */
import { refusalText, roleRefusal } from '../../app/case-action.js';
import { caseListPage, listPageArg, moreLine } from '../../app/case-list.js';
import { caseView } from '../../app/case-view.js';
import { dueSoon, HELP_LINES, parseCommand, roleLines, type Verb } from '../../app/commands.js';
import { NO_ROLE, userMessage } from '../../app/messages.js';
import { MUTE_USAGE, REMIND_USAGE } from '../../app/reminder-controls.js';
import { calendarReply, dashboardReply } from '../../app/web-access.js';
import { isDomainError } from '../../domain/errors.js';
import { can, type Action } from '../../domain/roles.js';
import {
  caseCard,
  formCard,
  messageCard,
  noticeCard,
  type AdaptiveCard,
} from '../../cards/teams/index.js';
import { caseFormCard, notificationFormFor, TEAMS_FORMS } from './actions.js';
import { caseStep } from './case-step.js';
import { exportReply, timelineCard, type CardWithFiles } from './records.js';
import type { TeamsRuntime, Turn } from './runtime.js';
import { personalCaseCard, refreshUserIds } from './case-cards.js';
import { actionsCard, stepFormCard } from './post-decision.js';

const TEAMS_VERBS = new Set([
  'help',
  'notify',
  'notified',
  'status',
  'list',
  'deadlines',
  'roles',
  'facts',
  'criteria',
  'vote',
  'timeline',
  'export',
  'remind',
  'mute',
  'unmute',
  'step',
  'actions',
  'dashboard',
  'calendar',
]);

export function helpCard(): AdaptiveCard {
  return messageCard({
    title: 'CSPR bot: what you can ask',
    lines: [
      'Type one of these to me (in a channel, @mention me first). In a case channel the case reference is implied.',
    ],
    sections: [
      {
        facts: HELP_LINES.filter(([cmd]) => TEAMS_VERBS.has(cmd.split(' ')[0]!)).map(
          ([title, value]) => ({ title, value }),
        ),
      },
    ],
  });
}

/** The answer to a typed command, as a card. */
export async function answerText(
  rt: TeamsRuntime,
  turn: Turn,
  text: string,
): Promise<AdaptiveCard | CardWithFiles> {
  const cmd = parseCommand(text);
  if (!cmd || cmd.verb === 'help') return helpCard();
  if (!TEAMS_VERBS.has(cmd.verb))
    return noticeCard(`${cmd.verb}`, 'That command is not available in Teams yet.', 'warning');
  if (turn.actors.length === 0) return noticeCard('No role', NO_ROLE);
  const shared = turn.kind !== 'personal';
  switch (cmd.verb) {
    case 'notify': {
      const refused = roleRefusal(turn.actors, 'notify');
      if (refused) return noticeCard('Notify a serious incident', refusalText(refused));
      const actors = turn.actors.filter((a) => can(a, 'notify', a.partnershipId));
      return formCard(notificationFormFor(rt, actors), { verb: 'notify.submit' });
    }
    case 'list': {
      const page = await caseListPage(
        rt.service,
        turn.actors,
        rt.partnerships,
        listPageArg(cmd.args),
        rt.service.clock.now(),
      );
      const lines = page.lines;
      const more = moreLine(page);
      return messageCard({
        title: page.total ? `Your partnership’s cases (${page.total})` : 'Your partnership’s cases',
        lines: page.total ? (more ? [more] : []) : ['No cases yet.'],
        sections: lines.map((l) => ({
          heading: l.ref,
          facts: [
            { title: 'State', value: l.state },
            // Pseudonyms only in a personal chat: a channel may be wider than the case's people.
            ...(shared ? [] : [{ title: 'Children', value: l.children }]),
            ...(l.next ? [{ title: 'Next', value: l.next }] : []),
          ],
        })),
      });
    }
    case 'deadlines': {
      const due = dueSoon(
        await rt.service.list(turn.actors),
        rt.partnerships,
        rt.service.clock.now(),
      );
      return messageCard({
        title: 'Due in the next 10 working days',
        lines: due.length ? [] : ['Nothing is due in the next 10 working days.'],
        sections: due.length
          ? [
              {
                facts: due.map((d) => ({
                  title: `${d.ref}: ${d.label}`,
                  value: `${d.due} · ${d.status}`,
                })),
              },
            ]
          : [],
      });
    }
    case 'roles':
      return messageCard({
        title: 'Role holders',
        sections: roleLines(turn.actors, rt.partnerships).map((r) => ({
          heading: r.partnership,
          lines: r.lines,
        })),
      });
    case 'mute':
    case 'unmute':
      return messageCard({
        title: 'Reminders',
        lines: [
          rt.controls
            ? await rt.controls.setMuted(turn.actors, cmd.args[0], cmd.verb === 'mute')
            : MUTE_USAGE,
        ],
      });
    case 'dashboard':
    case 'calendar': {
      // A sign-in link or feed URL is for this person alone: only in the personal chat with the bot.
      const title = cmd.verb === 'dashboard' ? 'Review group dashboard' : 'Your calendar feed';
      if (shared)
        return noticeCard(
          title,
          'Ask me in our personal chat: this link is for you alone.',
          'warning',
        );
      try {
        return messageCard({
          title,
          lines: [
            cmd.verb === 'dashboard'
              ? await dashboardReply(rt.access, turn.actors)
              : await calendarReply(rt.access, turn.actors, cmd.args),
          ],
        });
      } catch (err) {
        if (isDomainError(err)) return noticeCard(title, userMessage(err), 'warning');
        throw err;
      }
    }
    default:
      break;
  }
  // The case action step: the permission table first, from the roles alone (the same refusal whether the case exists or not), then the case.
  const what = isFormVerb(cmd.verb)
    ? TEAMS_FORMS[cmd.verb].spec
    : (VERB_ACTION[cmd.verb] ?? 'view');
  const step = await caseStep(rt, turn, { ref: cmd.ref }, what, cmd.verb, 'warning');
  if ('refused' in step) return step.card;
  const { case: c, actor } = step.ok;
  switch (cmd.verb) {
    case 'status': {
      if (!shared) return personalCaseCard(rt, c, actor);
      const p = rt.partnerships.get(c.partnershipId)!;
      return caseCard(caseView(c, p, rt.service.clock.now()), {
        refreshUserIds: await refreshUserIds(rt, c),
      });
    }
    case 'facts':
      return caseFormCard(rt, TEAMS_FORMS.facts, c, actor);
    case 'criteria':
      return caseFormCard(rt, TEAMS_FORMS.criteria, c, actor);
    case 'notified':
      return caseFormCard(rt, TEAMS_FORMS.notified, c, actor);
    case 'vote':
      // In a shared conversation the reply is seen by all: it refreshes to the voter's own controls.
      return shared
        ? caseCard(caseView(c, rt.partnerships.get(c.partnershipId)!, rt.service.clock.now()), {
            refreshUserIds: await refreshUserIds(rt, c),
          })
        : caseFormCard(rt, TEAMS_FORMS.vote, c, actor);
    case 'timeline':
      return timelineCard(rt, turn, c, actor, cmd.args);
    case 'export':
      return exportReply(rt, turn, c, actor);
    case 'step':
      return stepFormCard(rt, c, actor, cmd.args[0]);
    case 'actions':
      return actionsCard(rt, c, actor);
    case 'remind': {
      const choice = cmd.args[0]?.toLowerCase();
      if (!rt.controls || (choice !== 'pause' && choice !== 'resume'))
        return messageCard({ title: 'Reminders', lines: [REMIND_USAGE] });
      try {
        return messageCard({
          title: `Reminders for ${c.ref}`,
          lines: [await rt.controls.setPaused(actor, c.id, choice === 'pause')],
        });
      } catch (err) {
        if (isDomainError(err))
          return noticeCard(`Reminders for ${c.ref}`, userMessage(err), 'warning');
        throw err;
      }
    }
    default:
      return helpCard();
  }
}

/** The action of the permission table each case command is for (the forms: their own, from the form spec). */
const VERB_ACTION: Partial<Record<Verb, Action>> = {
  status: 'view',
  timeline: 'view-timeline',
  export: 'export',
  remind: 'pause-reminders',
  step: 'post-decision',
  actions: 'view',
};

const isFormVerb = (verb: Verb): verb is keyof typeof TEAMS_FORMS => verb in TEAMS_FORMS;

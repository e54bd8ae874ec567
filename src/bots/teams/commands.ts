/**
 * Text commands to the bot (`status NORTH-2026-001`, `vote`, …), parsed by the shared command
 * parser and answered with cards. In a case channel the reference is implied. Answers posted in a
 * shared conversation never reveal a partner's vote early (the shared case view).
 */
import { caseListPage, listPageArg, moreLine } from '../../app/case-list.js';
import { caseView } from '../../app/case-view.js';
import { dueSoon, HELP_LINES, parseCommand, roleLines, type Verb } from '../../app/commands.js';
import { NO_ROLE, NOT_FOUND, userMessage } from '../../app/messages.js';
import { MUTE_USAGE, REMIND_USAGE } from '../../app/reminder-controls.js';
import { calendarReply, dashboardReply } from '../../app/web-access.js';
import type { Case } from '../../domain/case.js';
import { isDomainError } from '../../domain/errors.js';
import { can, permittedActors, type Action, type Actor } from '../../domain/roles.js';
import { caseCard, formCard, messageCard, noticeCard, type AdaptiveCard } from '../../cards/teams/index.js';
import { CASE_FORMS, caseFormCard, notificationFormFor, ONLY_PARTNERS, refusalFor, voteFormCard } from './actions.js';
import { exportReply, timelineCard, type CardWithFiles } from './records.js';
import type { TeamsRuntime, Turn } from './runtime.js';
import { partnersOf, personalCaseCard, refreshUserIds } from './views.js';
import { actionsCard, stepFormCard } from './post-decision.js';

const TEAMS_VERBS = new Set(['help', 'notify', 'notified', 'status', 'list', 'deadlines', 'roles', 'facts', 'criteria', 'vote', 'timeline', 'export', 'remind', 'mute', 'unmute', 'step', 'actions', 'dashboard', 'calendar']);

export function helpCard(): AdaptiveCard {
  return messageCard({
    title: 'CSPR bot: what you can ask',
    lines: ['Type one of these to me (in a channel, @mention me first). In a case channel the case reference is implied.'],
    sections: [{ facts: HELP_LINES.filter(([cmd]) => TEAMS_VERBS.has(cmd.split(' ')[0]!)).map(([title, value]) => ({ title, value })) }],
  });
}

/** The answer to a typed command, as a card. */
export async function answerText(rt: TeamsRuntime, turn: Turn, text: string): Promise<AdaptiveCard | CardWithFiles> {
  const cmd = parseCommand(text);
  if (!cmd || cmd.verb === 'help') return helpCard();
  if (!TEAMS_VERBS.has(cmd.verb)) return noticeCard(`${cmd.verb}`, 'That command is not available in Teams yet.', 'warning');
  if (turn.actors.length === 0) return noticeCard('No role', NO_ROLE);
  const shared = turn.kind !== 'personal';
  switch (cmd.verb) {
    case 'notify': {
      const actors = turn.actors.filter((a) => can(a, 'notify', a.partnershipId));
      if (actors.length === 0) return noticeCard('Notify a serious incident', 'Only the local authority or the business manager can notify an incident.');
      return formCard(notificationFormFor(rt, actors), { verb: 'notify.submit' });
    }
    case 'list': {
      const page = await caseListPage(rt.service, turn.actors, rt.partnerships, listPageArg(cmd.args), rt.service.clock.now());
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
      const due = dueSoon(await rt.service.list(turn.actors), rt.partnerships, rt.service.clock.now());
      return messageCard({
        title: 'Due in the next 10 working days',
        lines: due.length ? [] : ['Nothing is due in the next 10 working days.'],
        sections: due.length ? [{ facts: due.map((d) => ({ title: `${d.ref}: ${d.label}`, value: `${d.due} · ${d.status}` })) }] : [],
      });
    }
    case 'roles':
      return messageCard({
        title: 'Role holders',
        sections: roleLines(turn.actors, rt.partnerships).map((r) => ({ heading: r.partnership, lines: r.lines })),
      });
    case 'mute':
    case 'unmute':
      return messageCard({ title: 'Reminders', lines: [rt.controls ? await rt.controls.setMuted(turn.actors, cmd.args[0], cmd.verb === 'mute') : MUTE_USAGE] });
    case 'dashboard':
    case 'calendar': {
      // A sign-in link or feed URL is for this person alone: only in the personal chat with the bot.
      const title = cmd.verb === 'dashboard' ? 'Review group dashboard' : 'Your calendar feed';
      if (shared) return noticeCard(title, 'Ask me in our personal chat: this link is for you alone.', 'warning');
      try {
        return messageCard({ title, lines: [cmd.verb === 'dashboard' ? await dashboardReply(rt.access, turn.actors) : await calendarReply(rt.access, turn.actors, cmd.args)] });
      } catch (err) {
        if (isDomainError(err)) return noticeCard(title, userMessage(err), 'warning');
        throw err;
      }
    }
    default:
      break;
  }
  // The permission table first, from the roles alone: the same refusal whether the case exists or not.
  const action = VERB_ACTION[cmd.verb] ?? 'view';
  if (permittedActors(turn.actors, action).length === 0) return noticeCard(cmd.verb, refusalFor(action), 'warning');
  const found = await caseOf(rt, turn, cmd.ref, action);
  if ('problem' in found) return noticeCard(cmd.verb, found.problem, 'warning');
  const { c, actor } = found;
  switch (cmd.verb) {
    case 'status': {
      if (!shared) return personalCaseCard(rt, c, actor);
      const p = rt.partnerships.get(c.partnershipId)!;
      return caseCard(caseView(c, p, rt.service.clock.now()), { refreshUserIds: await refreshUserIds(rt, c) });
    }
    case 'facts':
      return caseFormCard(rt, CASE_FORMS.facts, c, actor);
    case 'criteria':
      return caseFormCard(rt, CASE_FORMS.criteria, c, actor);
    case 'notified':
      return caseFormCard(rt, CASE_FORMS.notified, c, actor);
    case 'vote':
      if (partnersOf(actor).length === 0) return noticeCard(`Vote on ${c.ref}`, ONLY_PARTNERS);
      // In a shared conversation the reply is seen by all: it refreshes to the voter's own controls.
      return shared ? caseCard(caseView(c, rt.partnerships.get(c.partnershipId)!, rt.service.clock.now()), { refreshUserIds: await refreshUserIds(rt, c) }) : voteFormCard(rt, c, actor);
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
      if (!rt.controls || (choice !== 'pause' && choice !== 'resume')) return messageCard({ title: 'Reminders', lines: [REMIND_USAGE] });
      try {
        return messageCard({ title: `Reminders for ${c.ref}`, lines: [await rt.controls.setPaused(actor, c.id, choice === 'pause')] });
      } catch (err) {
        if (isDomainError(err)) return noticeCard(`Reminders for ${c.ref}`, userMessage(err), 'warning');
        throw err;
      }
    }
    default:
      return helpCard();
  }
}

/** The action of the permission table each case command is for. */
const VERB_ACTION: Partial<Record<Verb, Action>> = {
  status: 'view',
  facts: 'record-facts',
  criteria: 'assess-criteria',
  notified: 'record-notification',
  vote: 'vote',
  timeline: 'view-timeline',
  export: 'export',
  remind: 'pause-reminders',
  step: 'post-decision',
  actions: 'view',
};

/** The case named by REF, or the case of this channel, among the person's partnerships whose roles allow `action`. */
async function caseOf(rt: TeamsRuntime, turn: Turn, ref: string | undefined, action: Action = 'view'): Promise<{ c: Case; actor: Actor } | { problem: string }> {
  try {
    if (ref) {
      const found = await rt.service.byRef(turn.actors, ref, action);
      return { c: found.case, actor: found.actor };
    }
  } catch (err) {
    if (isDomainError(err)) return { problem: err.code === 'action.not_permitted' || err.code === 'vote.not_your_role' ? refusalFor(action) : NOT_FOUND };
    throw err;
  }
  if (turn.channelId) {
    const allowed = permittedActors(turn.actors, action);
    const ids = allowed.map((a) => a.partnershipId);
    const c = await rt.service.caseInChannel({ id: turn.channelId }, ids);
    const actor = c && allowed.find((a) => a.partnershipId === c.partnershipId);
    if (c && actor && can(actor, action, c.partnershipId)) return { c: await rt.service.visible(actor, c.id, action), actor };
  }
  return { problem: 'Say which case, for example `status NORTH-2026-001`, or ask in the case’s channel.' };
}

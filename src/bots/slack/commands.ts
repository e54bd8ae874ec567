/**
 * `/cspr <verb>`: acknowledge at once, then answer ephemerally through the response_url.
 * Verbs are parsed by the shared command parser; REF is implied in a case channel. Only people with
 * a role in a case's partnership see it; anyone else gets the same plain refusal.
 */
import type { App, SlashCommand } from '@slack/bolt';
import type { webApi } from '@slack/bolt';
import { safeError } from '../../logger.js';
import { caseListPage, listPageArg, moreLine } from '../../app/case-list.js';
import { caseView } from '../../app/case-view.js';
import { CASE_FORMS, type CaseFormGate } from '../../app/case-forms.js';
import { dueSoon, parseCommand, roleLines } from '../../app/commands.js';
import { NO_ROLE, userMessage } from '../../app/messages.js';
import { MUTE_USAGE, REMIND_USAGE } from '../../app/reminder-controls.js';
import { pageArg, timelinePage } from '../../app/timeline.js';
import { calendarReply, dashboardReply } from '../../app/web-access.js';
import type { PartnershipConfig } from '../../config.js';
import type { Action } from '../../domain/roles.js';
import { caseMessage, type SlackMessage } from '../../cards/slack/case-message.js';
import {
  deadlinesMessage,
  helpMessage,
  listMessage,
  rolesMessage,
  textMessage,
  timelineMessage,
} from '../../cards/slack/replies.js';
import { caseStep } from './case-step.js';
import { actorsFor, type SlackDeps } from './context.js';
import { exportToCaseChannel } from './export.js';
import { openCaseForm, openNotification } from './modals.js';
import { actionsReply, openStepForm } from './post-decision.js';

type WebClient = webApi.WebClient;

export function registerCommands(app: App, deps: SlackDeps): void {
  app.command('/cspr', async ({ command: posted, ack, respond, client }) => {
    await ack();
    const command = plainCommand(posted);
    const reply = async (msg: SlackMessage) => {
      try {
        await respond({
          response_type: 'ephemeral',
          replace_original: false,
          text: msg.text,
          blocks: msg.blocks,
        });
      } catch (err) {
        deps.log.warn({ err: safeError(err), step: 'respond' }, 'command reply failed');
      }
    };
    try {
      const answer = await answerCommand(command, client, deps);
      if (answer) await reply(answer);
    } catch (err) {
      deps.log.warn(
        { err: safeError(err), verb: parseCommand(command.text)?.verb ?? 'unknown' },
        'command refused or failed',
      );
      await reply(textMessage(userMessage(err)));
    }
  });
}

/**
 * The command as posted, with every field we read a plain string: a form field sent twice arrives
 * as a list, and a list is no text, user or channel (it becomes '' and is refused as such).
 */
function plainCommand(posted: SlashCommand): SlashCommand {
  const str = (x: unknown) => (typeof x === 'string' ? x : '');
  return {
    ...posted,
    text: str(posted.text),
    user_id: str(posted.user_id),
    channel_id: str(posted.channel_id),
    team_id: str(posted.team_id),
    trigger_id: str(posted.trigger_id),
  };
}

async function answerCommand(
  command: SlashCommand,
  client: WebClient,
  deps: SlackDeps,
): Promise<SlackMessage | undefined> {
  const parsed = parseCommand(command.text ?? '');
  if (!parsed) return helpMessage('I don’t know that command. Here is what I can do:');
  if (parsed.verb === 'help') return helpMessage();
  const actors = actorsFor(deps.service, command.user_id, command.team_id);
  if (actors.length === 0) return textMessage(NO_ROLE);
  const { service, clock } = deps;
  const byId = new Map<string, PartnershipConfig>(service.partnerships.map((p) => [p.id, p]));
  /** The case the command is about (REF, or this case channel), through the case action step; a refusal is the reply. */
  const about = (what: Action | CaseFormGate) =>
    caseStep(
      deps,
      { userId: command.user_id, teamId: command.team_id },
      { ref: parsed.ref, channelId: command.channel_id },
      what,
    );
  switch (parsed.verb) {
    case 'notify':
      return openNotification(client, deps, actors, command.trigger_id, command.channel_id);
    case 'facts':
    case 'criteria':
    case 'vote':
    case 'notified': {
      const step = await about(CASE_FORMS[parsed.verb]);
      if ('refused' in step) return step.message;
      return openCaseForm(
        parsed.verb,
        client,
        deps,
        step.ok,
        command.trigger_id,
        step.ok.inChannel ? command.channel_id : undefined,
      );
    }
    case 'status': {
      const step = await about('view');
      if ('refused' in step) return step.message;
      const { case: c, actor, inChannel } = step.ok;
      return caseMessage(caseView(c, byId.get(c.partnershipId)!, clock.now(), actor), {
        buttons: false,
        inCaseChannel: inChannel,
      });
    }
    case 'list': {
      const page = await caseListPage(service, actors, byId, listPageArg(parsed.args), clock.now());
      const more = moreLine(page);
      return listMessage(page.lines, { total: page.total, ...(more ? { more } : {}) });
    }
    case 'deadlines':
      return deadlinesMessage(dueSoon(await service.list(actors), byId, clock.now()));
    case 'roles':
      return rolesMessage(roleLines(actors, byId));
    case 'timeline': {
      const page = pageArg(parsed.args);
      const step = await about('view-timeline');
      if ('refused' in step) return step.message;
      // Answered only to the person who asked: their own partner's vote may show.
      return timelineMessage(
        await timelinePage(service, step.ok.actor, step.ok.case.id, {
          ...(page ? { page } : {}),
          viewer: step.ok.actor,
        }),
      );
    }
    case 'step': {
      const step = await about('post-decision');
      if ('refused' in step) return step.message;
      return openStepForm(
        client,
        deps,
        step.ok,
        parsed.args[0],
        command.trigger_id,
        step.ok.inChannel ? command.channel_id : undefined,
      );
    }
    case 'actions': {
      const step = await about('view');
      return 'refused' in step ? step.message : actionsReply(deps, step.ok);
    }
    case 'export': {
      const step = await about('export');
      return 'refused' in step ? step.message : exportToCaseChannel(client, deps, step.ok);
    }
    case 'remind': {
      const choice = parsed.args[0]?.toLowerCase();
      if (!deps.controls || (choice !== 'pause' && choice !== 'resume'))
        return textMessage(REMIND_USAGE);
      const step = await about('pause-reminders');
      if ('refused' in step) return step.message;
      return textMessage(
        await deps.controls.setPaused(step.ok.actor, step.ok.case.id, choice === 'pause'),
      );
    }
    case 'mute':
    case 'unmute':
      if (!deps.controls) return textMessage(MUTE_USAGE);
      try {
        return textMessage(
          await deps.controls.setMuted(actors, parsed.args[0], parsed.verb === 'mute'),
        );
      } finally {
        deps.home?.refresh(command.user_id, command.team_id); // the Home lists the person's mutes
      }
    case 'dashboard': // answered ephemerally: the link is for this person alone
      return textMessage(await dashboardReply(deps.access, actors));
    case 'calendar':
      return textMessage(await calendarReply(deps.access, actors, parsed.args));
  }
}

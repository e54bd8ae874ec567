/**
 * Buttons: facts, criteria, vote and notification dates on the case message open their modals,
 * after the case action step (case-step.ts: the vote only for a holder of la, police or health;
 * anyone else gets the core's refusal, ephemerally); "Try again" on a failure report re-runs the
 * channel step. Each acknowledges first.
 */
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { safeError } from '../../logger.js';
import { CASE_FORMS } from '../../app/case-forms.js';
import { userMessage } from '../../app/messages.js';
import { ACTION_IDS } from '../../cards/slack/case-message.js';
import { textMessage } from '../../cards/slack/replies.js';
import { caseStep } from './case-step.js';
import { ephemeral, type SlackDeps, type SlackEffectsPort } from './context.js';
import { openCaseForm, type CaseFormKind } from './modals.js';

const FORM_BUTTONS: [string, CaseFormKind][] = [
  [ACTION_IDS.facts, 'facts'],
  [ACTION_IDS.criteria, 'criteria'],
  [ACTION_IDS.vote, 'vote'],
  [ACTION_IDS.notified, 'notified'],
];

export function registerActions(app: App, deps: SlackDeps, effects: SlackEffectsPort): void {
  for (const [actionId, kind] of FORM_BUTTONS) {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, client }) => {
      await ack();
      const user = body.user.id;
      const channel = body.channel?.id;
      try {
        const step = await caseStep(
          deps,
          { userId: user, teamId: body.team?.id ?? body.user.team_id },
          { caseId: action.value },
          CASE_FORMS[kind],
        );
        const reply =
          'ok' in step
            ? await openCaseForm(kind, client, deps, step.ok, body.trigger_id, channel)
            : step.message;
        if (reply) await ephemeral(client, deps.log, channel, user, reply);
      } catch (err) {
        deps.log.warn({ err: safeError(err), action: actionId }, 'button failed');
        await ephemeral(client, deps.log, channel, user, textMessage(userMessage(err)));
      }
    });
  }

  app.action<BlockAction<ButtonAction>>(ACTION_IDS.retry, async ({ ack, body, action, client }) => {
    await ack();
    const user = body.user.id;
    const step = await caseStep(
      deps,
      { userId: user, teamId: body.team?.id ?? body.user.team_id },
      { caseId: action.value },
      'view',
    );
    if ('refused' in step)
      return void (await ephemeral(client, deps.log, body.channel?.id, user, step.message));
    effects.sync(step.ok.case.id, user, { invite: true, confirm: true });
  });
}

/**
 * Buttons: facts, criteria and vote on the case message open their modals (the vote only for a
 * holder of la, police or health; anyone else gets an ephemeral explanation); "Try again" on a
 * failure report re-runs the channel step. Each acknowledges first.
 */
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { safeError } from '../../app/case-service.js';
import { NO_ROLE, NOT_FOUND, userMessage } from '../../app/messages.js';
import { ACTION_IDS } from '../../cards/slack/case-message.js';
import { textMessage } from '../../cards/slack/replies.js';
import { actorsFor, ephemeral, type SlackDeps, type SlackEffectsPort } from './context.js';
import { FORM_ACTION, formRefusal, openCaseForm, visibleCase, type CaseFormKind } from './modals.js';

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
        const actors = actorsFor(deps.service, user, body.team?.id ?? body.user.team_id);
        if (actors.length === 0) return void (await ephemeral(client, deps.log, channel, user, textMessage(NO_ROLE)));
        const refused = formRefusal(kind, actors); // from the roles alone, before the case is looked up
        if (refused) return void (await ephemeral(client, deps.log, channel, user, refused));
        const found = await visibleCase(deps.service, actors, action.value, FORM_ACTION[kind]);
        const refusal = await openCaseForm(kind, client, deps, found, body.trigger_id, channel);
        if (refusal) await ephemeral(client, deps.log, channel, user, refusal);
      } catch (err) {
        deps.log.warn({ err: safeError(err), action: actionId }, 'button failed');
        await ephemeral(client, deps.log, channel, user, textMessage(userMessage(err)));
      }
    });
  }

  app.action<BlockAction<ButtonAction>>(ACTION_IDS.retry, async ({ ack, body, action, client }) => {
    await ack();
    const user = body.user.id;
    const channel = body.channel?.id;
    const actors = actorsFor(deps.service, user, body.team?.id ?? body.user.team_id);
    if (actors.length === 0) return void (await ephemeral(client, deps.log, channel, user, textMessage(NO_ROLE)));
    const found = await visibleCase(deps.service, actors, action.value).catch(() => undefined);
    if (!found) return void (await ephemeral(client, deps.log, channel, user, textMessage(NOT_FOUND)));
    effects.sync(found.case.id, user, { invite: true, confirm: true });
  });
}

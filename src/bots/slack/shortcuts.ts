/**
 * Shortcuts: the global "Notify an incident" opens the notification modal from anywhere; the
 * message shortcut "Add to a case's facts" opens the facts form with the message's text added to
 * the key practice episodes (and the facts already recorded kept), for a case chosen from the
 * person's cases whose facts can still be recorded — at once when there is one, after a "which
 * case?" modal when there are several. Refusals go to the person as a direct message (a shortcut
 * has no channel to answer in); the roles are checked before any case is read.
 */
import type { App, MessageShortcut, ViewSubmitAction } from '@slack/bolt';
import { safeError } from '../../logger.js';
import { roleRefusal } from '../../app/case-action.js';
import { FACTS_FORM } from '../../app/case-forms.js';
import { userMessage } from '../../app/messages.js';
import { can } from '../../domain/roles.js';
import { caseChoiceForm, factsValues, parseCaseChoice } from '../../cards/forms/index.js';
import { formModal, slackErrors } from '../../cards/slack/form-modal.js';
import { textMessage } from '../../cards/slack/replies.js';
import { actorsFor, decodeMeta, dm, encodeMeta, type SlackDeps } from './context.js';
import { caseStep, slackRefusal } from './case-step.js';
import { CALLBACK, caseFormModal, openModal, openNotification } from './modals.js';
import { notice, rawOf } from './submissions.js';

export const SHORTCUTS = {
  notify: 'cspr_notify_incident',
  addToFacts: 'cspr_add_to_facts',
} as const;

/** The message text carried through the "which case?" modal's metadata (3000 characters in all). */
const CARRIED = 2500;

export function registerShortcuts(app: App, deps: SlackDeps): void {
  app.shortcut(SHORTCUTS.notify, async ({ ack, body, client }) => {
    await ack();
    const user = body.user.id;
    try {
      const actors = actorsFor(deps.service, user, body.team?.id ?? body.user.team_id);
      const refused = await openNotification(client, deps, actors, body.trigger_id, undefined);
      if (refused) await dm(client, deps.log, user, refused);
    } catch (err) {
      deps.log.warn({ err: safeError(err), shortcut: SHORTCUTS.notify }, 'shortcut failed');
      await dm(client, deps.log, user, textMessage(userMessage(err)));
    }
  });

  app.shortcut<MessageShortcut>(SHORTCUTS.addToFacts, async ({ ack, body, client }) => {
    await ack();
    const user = body.user.id;
    const say = (text: string) => dm(client, deps.log, user, textMessage(text));
    try {
      const person = { userId: user, teamId: body.team?.id ?? body.user.team_id };
      const actors = actorsFor(deps.service, person.userId, person.teamId);
      // The roles first (the same refusal as the case action step gives), then the cases whose facts are open.
      const refused = roleRefusal(actors, FACTS_FORM.permission);
      if (refused) return void (await dm(client, deps.log, user, slackRefusal(refused)));
      const text = typeof body.message?.text === 'string' ? body.message.text : '';
      const open = (await deps.service.list(actors)).filter((c) => {
        const actor = actors.find((a) => a.partnershipId === c.partnershipId);
        return actor && can(actor, FACTS_FORM.permission, c.partnershipId) && FACTS_FORM.open(c);
      });
      if (open.length === 0)
        return void (await say(
          'None of your cases is at the rapid review, so there are no facts to add to.',
        ));
      let view;
      if (open.length === 1) {
        const step = await caseStep(deps, person, { caseId: open[0]!.id }, FACTS_FORM);
        if ('refused' in step) return void (await dm(client, deps.log, user, step.message));
        view = await caseFormModal(
          'facts',
          deps,
          step.ok,
          undefined,
          factsValues(step.ok.case.facts, text),
        );
      } else {
        const form = caseChoiceForm(
          open.map((c) => ({ value: c.id, label: c.ref })),
          'Add to a case’s facts',
        );
        view = formModal(form, {
          callbackId: CALLBACK['case-choice'],
          privateMetadata: encodeMeta({ arg: text.slice(0, CARRIED) }),
          context: 'Which case do these facts belong to?',
        });
      }
      const notOpened = await openModal(client, deps.log, body.trigger_id, view);
      if (notOpened) await say(notOpened.text);
    } catch (err) {
      deps.log.warn({ err: safeError(err), shortcut: SHORTCUTS.addToFacts }, 'shortcut failed');
      await say(userMessage(err));
    }
  });

  // The case chosen: the same modal becomes the facts form, prefilled (response_action update).
  app.view<ViewSubmitAction>(CALLBACK['case-choice'], async ({ ack, body, view }) => {
    const person = { userId: body.user.id, teamId: body.team?.id ?? body.user.team_id };
    const actors = actorsFor(deps.service, person.userId, person.teamId);
    const refused = roleRefusal(actors, FACTS_FORM.permission);
    if (refused) return ack(notice('Not saved', slackRefusal(refused).text));
    const choices = (await deps.service.list(actors)).map((c) => ({ value: c.id, label: c.ref }));
    const form = caseChoiceForm(choices);
    const parsed = parseCaseChoice(form, rawOf(form, view));
    if (!parsed.ok) return ack(slackErrors(form, parsed.errors));
    const step = await caseStep(deps, person, { caseId: parsed.value }, FACTS_FORM);
    if ('refused' in step) return ack(notice('Not saved', step.message.text));
    await ack({
      response_action: 'update',
      view: await caseFormModal(
        'facts',
        deps,
        step.ok,
        undefined,
        factsValues(step.ok.case.facts, decodeMeta(view.private_metadata).arg),
      ),
    });
  });
}

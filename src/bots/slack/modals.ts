/**
 * Opening the forms as modals, for a command or a button: `views.open` with the trigger (which
 * expires 3 seconds after the click) of a form the case action step (case-step.ts) found the person
 * may open on the case. A failure to open comes back as a message for the caller to show.
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { roleRefusal } from '../../app/case-action.js';
import { safeError } from '../../logger.js';
import { CASE_FORMS, type CaseFormKind } from '../../app/case-forms.js';
import { earlierCasesWithThemes } from '../../app/post-decision-view.js';
import type { Case } from '../../domain/case.js';
import { can, type Actor } from '../../domain/roles.js';
import { criteriaForm, notificationForm, type RawValues } from '../../cards/forms/index.js';
import type { SlackMessage } from '../../cards/slack/case-message.js';
import { formModal } from '../../cards/slack/form-modal.js';
import { textMessage } from '../../cards/slack/replies.js';
import { slackCode, why } from './case-channel.js';
import { slackRefusal } from './case-step.js';
import { encodeMeta, type SlackDeps } from './context.js';

type WebClient = webApi.WebClient;

export const CALLBACK = {
  notification: 'cspr_notification',
  facts: 'cspr_facts',
  criteria: 'cspr_criteria',
  vote: 'cspr_vote',
  /** The post-decision step form and the action plan form (src/bots/slack/post-decision.ts). */
  step: 'cspr_step',
  action: 'cspr_action',
  /** "Which case?" before the facts form, from the "Add to a case's facts" message shortcut (shortcuts.ts). */
  'case-choice': 'cspr_case_choice',
  notified: 'cspr_record_notification',
} as const;

export { partnersOf, type CaseFormKind } from '../../app/case-forms.js';

/** `views.open` with the trigger; a failure comes back as the message to show the person. */
export async function openModal(
  client: WebClient,
  log: Logger,
  triggerId: string,
  view: ReturnType<typeof formModal>,
): Promise<SlackMessage | undefined> {
  try {
    await client.views.open({ trigger_id: triggerId, view });
    return undefined;
  } catch (err) {
    log.warn({ err: safeError(err), step: 'views.open' }, 'could not open a modal');
    return textMessage(`I couldn’t open the form: ${why(slackCode(err))}`);
  }
}

/** `/cspr notify`: the notification form for a holder who may notify. */
export async function openNotification(
  client: WebClient,
  deps: SlackDeps,
  actors: Actor[],
  triggerId: string,
  channelId: string | undefined,
): Promise<SlackMessage | undefined> {
  // The same refusal, in the same words, as every case action (src/app/case-action.ts).
  const refused = roleRefusal(actors, 'notify');
  if (refused) return slackRefusal(refused);
  const notifiers = actors.filter((a) => can(a, 'notify', a.partnershipId));
  const partnerships = notifiers.map((a) => ({
    id: a.partnershipId,
    name: deps.service.partnership(a.partnershipId).name,
  }));
  const form = notificationForm({ partnerships });
  return openModal(
    client,
    deps.log,
    triggerId,
    formModal(form, {
      callbackId: CALLBACK.notification,
      privateMetadata: encodeMeta(channelId ? { channelId } : {}),
    }),
  );
}

/** Facts, criteria or vote on a case the case action step found open for this person (case-step.ts). */
export async function openCaseForm(
  kind: CaseFormKind,
  client: WebClient,
  deps: SlackDeps,
  found: { case: Case; actor: Actor },
  triggerId: string,
  channelId: string | undefined,
  initial?: RawValues,
): Promise<SlackMessage | undefined> {
  return openModal(
    client,
    deps.log,
    triggerId,
    await caseFormModal(kind, deps, found, channelId, initial),
  );
}

/** The modal of a case form (with `initial` values, e.g. a message added to the facts). */
export async function caseFormModal(
  kind: CaseFormKind,
  deps: SlackDeps,
  found: { case: Case; actor: Actor },
  channelId: string | undefined,
  initial?: RawValues,
): Promise<ReturnType<typeof formModal>> {
  const { case: c, actor } = found;
  // Against "recurrent themes" and "improvements previously identified": the partnership's earlier cases with the same themes.
  const form =
    kind === 'criteria'
      ? criteriaForm(await earlierCasesWithThemes(deps.service, actor, c, deps.clock.now()))
      : CASE_FORMS[kind].form(actor, c);
  return formModal(form, {
    callbackId: CALLBACK[kind],
    privateMetadata: encodeMeta({ caseId: c.id, ...(channelId ? { channelId } : {}) }),
    context: `*${c.ref}*`,
    ...(initial ? { initial } : {}),
  });
}

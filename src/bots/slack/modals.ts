/**
 * Opening the forms as modals, for a command or a button: who may open which form on which case,
 * then `views.open` with the trigger (which expires 3 seconds after the click). A refusal comes
 * back as a message for the caller to show ephemerally.
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { safeError, type CaseService } from '../../app/case-service.js';
import { caseView, VOTING_OPENS } from '../../app/case-view.js';
import { earlierCasesWithThemes } from '../../app/post-decision-view.js';
import { NO_ROLE, NOT_FOUND } from '../../app/messages.js';
import type { Case } from '../../domain/case.js';
import { can, permittedActors, ROLE_LABELS, VOTE_REFUSAL, type Action, type Actor } from '../../domain/roles.js';
import { criteriaForm, factsForm, notificationForm, voteForm, type FormDef, type RawValues } from '../../cards/forms/index.js';
import type { SlackMessage } from '../../cards/slack/case-message.js';
import { formModal } from '../../cards/slack/form-modal.js';
import { textMessage } from '../../cards/slack/replies.js';
import { slackCode, why } from './channel.js';
import { encodeMeta, type SlackDeps } from './context.js';

import { FORM_ACTION, NOTIFIED_FORM, partnersOf, type CaseFormKind } from '../../app/case-forms.js';

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

export { VOTE_REFUSAL };

export { FORM_ACTION, partnersOf, type CaseFormKind } from '../../app/case-forms.js';

/** What a case id looks like (a UUID; tests and imports may use other plain ids). */
const CASE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** The case by id, with the actor (of the person's partnerships) whose roles allow `action` on it. */
export async function visibleCase(service: CaseService, actors: Actor[], caseId: string | undefined, action: Action = 'view'): Promise<{ case: Case; actor: Actor } | undefined> {
  if (typeof caseId !== 'string' || !CASE_ID.test(caseId)) return undefined; // a button's value is whatever was posted
  return service.byCaseId(actors, caseId, action).catch(() => undefined);
}

/**
 * The refusal for someone whose roles do not allow a form, decided from the roles alone — before
 * any case is looked up — so it is the same whether the case exists or not.
 */
export function formRefusal(kind: CaseFormKind, actors: Actor[]): SlackMessage | undefined {
  if (permittedActors(actors, FORM_ACTION[kind]).length > 0) return undefined;
  if (kind === 'vote') return textMessage(`${VOTE_REFUSAL} Your role: ${roleNames(actors)}.`);
  return textMessage(`Your role (${roleNames(actors)}) does not ${DOES[kind]}.`);
}

const DOES: Record<Exclude<CaseFormKind, 'vote'>, string> = {
  facts: 'record the facts',
  criteria: 'assess the criteria',
  notified: 'record notifications: the local authority or the partnership’s business manager does',
};

async function open(client: WebClient, log: Logger, triggerId: string, view: ReturnType<typeof formModal>): Promise<SlackMessage | undefined> {
  try {
    await client.views.open({ trigger_id: triggerId, view });
    return undefined;
  } catch (err) {
    log.warn({ err: safeError(err), step: 'views.open' }, 'could not open a modal');
    return textMessage(`I couldn’t open the form: ${why(slackCode(err))}`);
  }
}

/** `/cspr notify`: the notification form for a holder who may notify. */
export async function openNotification(client: WebClient, deps: SlackDeps, actors: Actor[], triggerId: string, channelId: string | undefined): Promise<SlackMessage | undefined> {
  if (actors.length === 0) return textMessage(NO_ROLE);
  const notifiers = actors.filter((a) => can(a, 'notify', a.partnershipId));
  if (notifiers.length === 0)
    return textMessage(`Your role (${roleNames(actors)}) does not notify incidents: the local authority or the partnership’s business manager does.`);
  const partnerships = notifiers.map((a) => ({ id: a.partnershipId, name: deps.service.partnership(a.partnershipId).name }));
  const form = notificationForm({ partnerships });
  return open(client, deps.log, triggerId, formModal(form, { callbackId: CALLBACK.notification, privateMetadata: encodeMeta(channelId ? { channelId } : {}) }));
}

/** Facts, criteria or vote on a case the person may see and act on. */
export async function openCaseForm(
  kind: CaseFormKind,
  client: WebClient,
  deps: SlackDeps,
  found: { case: Case; actor: Actor } | undefined,
  triggerId: string,
  channelId: string | undefined,
  initial?: RawValues,
): Promise<SlackMessage | undefined> {
  const built = await caseFormModal(kind, deps, found, channelId, initial);
  return 'refusal' in built ? built.refusal : open(client, deps.log, triggerId, built.modal);
}

/** The modal of a case form (with `initial` values, e.g. a message added to the facts), or why not. */
export async function caseFormModal(
  kind: CaseFormKind,
  deps: SlackDeps,
  found: { case: Case; actor: Actor } | undefined,
  channelId: string | undefined,
  initial?: RawValues,
): Promise<{ modal: ReturnType<typeof formModal> } | { refusal: SlackMessage }> {
  const refusal = (msg: SlackMessage) => ({ refusal: msg });
  if (!found) return refusal(textMessage(NOT_FOUND));
  const { case: c, actor } = found;
  const view = caseView(c, deps.service.partnership(c.partnershipId), deps.clock.now(), actor);
  let form: FormDef;
  if (kind === 'vote') {
    const partners = partnersOf(actor);
    if (partners.length === 0 || !can(actor, 'vote', c.partnershipId)) return refusal(textMessage(`${VOTE_REFUSAL} Your role: ${roleNames([actor])}.`));
    if (!view.can.vote) return refusal(textMessage(c.decision ? `The decision on *${c.ref}* is recorded: votes can no longer change.` : `*${c.ref}* is ${view.stateLabel.toLowerCase()}: ${VOTING_OPENS.charAt(0).toLowerCase()}${VOTING_OPENS.slice(1)}`));
    form = voteForm(partners);
  } else if (kind === 'notified') {
    if (!can(actor, 'record-notification', c.partnershipId)) return refusal(textMessage(`Your role (${roleNames([actor])}) does not ${DOES.notified}.`));
    if (!view.can.notified) return refusal(textMessage(`Every notification duty of *${c.ref}* is recorded: there is nothing left to record.`));
    form = NOTIFIED_FORM.form(actor, c);
  } else {
    const action = kind === 'facts' ? 'record-facts' : 'assess-criteria';
    if (!can(actor, action, c.partnershipId)) return refusal(textMessage(`Your role (${roleNames([actor])}) does not ${kind === 'facts' ? 'record the facts' : 'assess the criteria'}.`));
    if (!view.can[kind]) return refusal(textMessage(`*${c.ref}* is ${view.stateLabel.toLowerCase()}: the ${kind} can no longer change.`));
    // Against "recurrent themes" and "improvements previously identified": the partnership's earlier cases with the same themes.
    form = kind === 'facts' ? factsForm() : criteriaForm(await earlierCasesWithThemes(deps.service, actor, c, deps.clock.now()));
  }
  const modal = formModal(form, { callbackId: CALLBACK[kind], privateMetadata: encodeMeta({ caseId: c.id, ...(channelId ? { channelId } : {}) }), context: `*${c.ref}*`, ...(initial ? { initial } : {}) });
  return { modal };
}

function roleNames(actors: Actor[]): string {
  const names = [...new Set(actors.flatMap((a) => a.roles.map((r) => ROLE_LABELS[r])))];
  return names.join(', ') || 'none';
}

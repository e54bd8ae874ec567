/**
 * The one step before a person acts on a case, on every platform: their roles against the
 * permission table (once, before any case is read, so a refusal names no case and is the same
 * whether the case exists or not), then the case among their own partnerships, then — for a form —
 * whether the case has that form open. Each refusal has a stable code and ONE sentence
 * (`refusalText`); the platforms only draw it (Slack: an ephemeral or a modal notice; Teams: a card).
 *
 * A store that fails to answer is no "I can't find that case": it is logged by kind (safeError) and
 * the person is told that nothing was changed and to try again.
 */
import type { Logger } from 'pino';
import type { Case } from '../domain/case.js';
import { isDomainError } from '../domain/errors.js';
import { caseErased } from '../domain/lifecycle.js';
import { notPermitted, permittedActors, type Action, type Actor } from '../domain/roles.js';
import type { CaseFormGate } from './case-forms.js';
import { type CaseService } from './case-service.js';
import { safeError } from '../logger.js';
import { NO_ROLE, NOT_FOUND, STORE_DOWN } from './messages.js';

/**
 * Which case: an id a button or a form carried (whatever was posted), or a reference typed and/or
 * the channel the person is in (a reference wins over the channel; the channel's case otherwise).
 */
export type CaseTarget =
  | { caseId: unknown }
  | {
      ref?: string | undefined;
      channel?: { platform?: 'slack' | 'teams'; id: string } | undefined;
    };

export type Refusal =
  /** The person holds no role in any partnership this bot serves. */
  | { code: 'person.no_role' }
  /** Their roles do not allow the action (decided from the roles alone). */
  | { code: 'action.not_permitted'; action: Action }
  /** A vote by someone who holds no partner role (decided from the roles alone). */
  | { code: 'vote.not_your_role' }
  /** No such case among their partnerships (or it exists elsewhere: the same answer). */
  | { code: 'case.not_found' }
  /** A command with neither a reference nor a case channel: the platform says how to name one. */
  | { code: 'case.unnamed' }
  /** The form is not open on this case now. */
  | { code: 'form.closed'; form: CaseFormGate['kind']; sentence: string; case: Case; actor: Actor }
  /** The store did not answer: nothing was read or changed. */
  | { code: 'store.unavailable' };

export type CaseStep =
  { ok: { case: Case; actor: Actor; inChannel: boolean } } | { refused: Refusal };

export interface CaseActionDeps {
  service: CaseService;
  log?: Logger;
}

/** What a case id looks like (a UUID; tests and imports may use other plain ids): only such a value is looked up. */
const CASE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

const NOT_FOUND_REFUSAL: Refusal = { code: 'case.not_found' };

/** The refusal the person's roles alone give for `action`, before any case is read (undefined: allowed somewhere). */
export function roleRefusal(actors: readonly Actor[], action: Action): Refusal | undefined {
  if (actors.length === 0) return { code: 'person.no_role' };
  if (permittedActors(actors, action).length > 0) return undefined;
  return action === 'vote'
    ? { code: 'vote.not_your_role' }
    : { code: 'action.not_permitted', action };
}

/**
 * The case action step: who (the actors the platform resolved), which case, for what (an action of
 * the permission table, or a form, whose permission and open states it carries).
 */
export async function caseAction(
  deps: CaseActionDeps,
  actors: readonly Actor[],
  target: CaseTarget,
  what: Action | CaseFormGate,
): Promise<CaseStep> {
  const form = typeof what === 'string' ? undefined : what;
  const action = form ? form.permission : (what as Action);
  const refused = roleRefusal(actors, action);
  if (refused) return { refused };
  let found: { case: Case; actor: Actor; inChannel: boolean } | undefined;
  try {
    found = await locate(deps.service, [...actors], target, action);
  } catch (err) {
    if (isDomainError(err)) {
      if (err.code === 'case.not_found') return { refused: NOT_FOUND_REFUSAL };
      if (err.code === 'store.unavailable') return { refused: { code: 'store.unavailable' } };
      throw err;
    }
    deps.log?.error({ err: safeError(err), action }, 'store read failed');
    return { refused: { code: 'store.unavailable' } };
  }
  if (!found) return { refused: 'caseId' in target ? NOT_FOUND_REFUSAL : { code: 'case.unnamed' } };
  // An erased case takes no form at all (the core's words); otherwise the form's own states.
  const c = found.case;
  if (form && (c.erased || !form.open(c)))
    return {
      refused: {
        code: 'form.closed',
        form: form.kind,
        sentence: c.erased ? caseErased(c).message : form.closed(c),
        case: c,
        actor: found.actor,
      },
    };
  return { ok: found };
}

async function locate(
  service: CaseService,
  actors: Actor[],
  target: CaseTarget,
  action: Action,
): Promise<{ case: Case; actor: Actor; inChannel: boolean } | undefined> {
  if ('caseId' in target) {
    if (typeof target.caseId !== 'string' || !CASE_ID.test(target.caseId)) return undefined; // a button's value is whatever was posted
    return { ...(await service.byCaseId(actors, target.caseId, action)), inChannel: false };
  }
  const { ref, channel } = target;
  if (ref) {
    const found = await service.byRef(actors, ref, action);
    const inChannel = Boolean(
      channel &&
      found.case.channels.some(
        (ch) => ch.id === channel.id && (!channel.platform || ch.platform === channel.platform),
      ),
    );
    return { ...found, inChannel };
  }
  if (!channel) return undefined;
  const ids = service.permitted(actors, action).map((a) => a.partnershipId);
  const here = await service.caseInChannel(channel, ids);
  return here
    ? { ...(await service.byCaseId(actors, here.id, action)), inChannel: true }
    : undefined;
}

/** The one sentence of each refusal, the same on every platform. `unnamed`: how this platform names a case. */
export function refusalText(
  r: Refusal,
  unnamed = 'Which case? Give its reference, or ask in the case’s channel.',
): string {
  switch (r.code) {
    case 'person.no_role':
      return NO_ROLE;
    case 'action.not_permitted':
      return notPermitted(r.action).message;
    case 'vote.not_your_role':
      return notPermitted('vote').message;
    case 'case.not_found':
      return NOT_FOUND;
    case 'case.unnamed':
      return unnamed;
    case 'form.closed':
      return r.sentence;
    case 'store.unavailable':
      return STORE_DOWN;
  }
}

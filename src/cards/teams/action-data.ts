/**
 * What every Action.Execute (and its Action.Submit fallback) carries besides the inputs: under a
 * single `cspr` key so that it never collides with a form field id. `requestId` makes a repeated
 * submission of the same card recognisable (a double click, a client retry).
 */
import { randomUUID } from 'node:crypto';

export const VERBS = [
  'notify.submit',
  'facts.open',
  'facts.submit',
  'criteria.open',
  'criteria.submit',
  'vote.open',
  'vote.submit',
  'case.refresh',
  'channel.retry',
  'step.choose',
  'step.open',
  'step.submit',
  'actions.list',
  'action.open',
  'action.submit',
  'notified.open',
  'notified.submit',
] as const;
export type CardVerb = (typeof VERBS)[number];

export interface ActionData {
  verb: CardVerb;
  requestId?: string;
  caseId?: string;
  /** Which post-decision step, or which action plan item, the action is about. */
  arg?: string;
}

export function isVerb(value: unknown): value is CardVerb {
  return typeof value === 'string' && (VERBS as readonly string[]).includes(value);
}

/** The `data` object of an action: `{ cspr: { verb, requestId, caseId } }`. */
export function actionData(
  verb: CardVerb,
  extra: { caseId?: string; requestId?: string | true; arg?: string } = {},
): { cspr: ActionData } {
  const requestId = extra.requestId === true ? randomUUID() : extra.requestId;
  return {
    cspr: {
      verb,
      ...(requestId ? { requestId } : {}),
      ...(extra.caseId ? { caseId: extra.caseId } : {}),
      ...(extra.arg ? { arg: extra.arg } : {}),
    },
  };
}

const ID = /^[A-Za-z0-9-]{1,64}$/;

/** Reads our control data from a submission; undefined when it is not one of our cards. */
export function readActionData(data: unknown, verbHint?: unknown): ActionData | undefined {
  const raw = data && typeof data === 'object' ? (data as Record<string, unknown>).cspr : undefined;
  const c = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const verb = isVerb(verbHint) ? verbHint : c.verb;
  if (!isVerb(verb)) return undefined;
  const out: ActionData = { verb };
  if (typeof c.requestId === 'string' && ID.test(c.requestId)) out.requestId = c.requestId;
  if (typeof c.caseId === 'string' && ID.test(c.caseId)) out.caseId = c.caseId;
  if (typeof c.arg === 'string' && ID.test(c.arg)) out.arg = c.arg;
  return out;
}

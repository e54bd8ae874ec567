/**
 * The message extension of the compose box (manifest `composeExtensions`):
 * - the action command **Notify an incident** opens the notification form as a dialog
 *   (`composeExtension/fetchTask`); its submission (`composeExtension/submitAction`) runs the same
 *   route as the card's button, and the dialog continues with the form again (errors) or the
 *   confirmation;
 * - the search command **Find a case** (`composeExtension/query`) finds the person's cases by
 *   reference; the card it inserts names the case and its state only (it may be posted anywhere),
 *   never a child.
 * Dialogs take Action.Submit, not Action.Execute, so our cards' buttons are turned into submits
 * carrying the same data (the verb is in `data.cspr`).
 */
import { refusalText, roleRefusal } from '../../app/case-action.js';
import { STATE_LABELS } from '../../domain/case.js';
import { can } from '../../domain/roles.js';
import {
  ADAPTIVE_CARD_CONTENT_TYPE,
  formCard,
  messageCard,
  type AdaptiveCard,
} from '../../cards/teams/index.js';
import { notificationFormFor } from './actions.js';
import type { TeamsRuntime, Turn } from './runtime.js';

export const NOTIFY_COMMAND = 'notifyIncident';
export const FIND_COMMAND = 'findCase';
const MAX_RESULTS = 10;

export interface InvokeAnswer {
  status: number;
  body?: unknown;
}

/** The same card with every Action.Execute as an Action.Submit (data kept), for a dialog. */
export function forDialog(card: AdaptiveCard): AdaptiveCard {
  const walk = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(walk);
    if (!x || typeof x !== 'object') return x;
    const o = x as Record<string, unknown>;
    if (o.type === 'Action.Execute') {
      const { verb: _verb, type: _type, ...rest } = o;
      return { ...(walk(rest) as Record<string, unknown>), type: 'Action.Submit' };
    }
    if ('refresh' in o && o.type === 'AdaptiveCard') {
      const { refresh: _refresh, ...rest } = o;
      return walk(rest);
    }
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, walk(v)]));
  };
  return walk(card) as AdaptiveCard;
}

const dialog = (title: string, card: AdaptiveCard): InvokeAnswer => ({
  status: 200,
  body: {
    task: {
      type: 'continue',
      value: {
        title,
        width: 'large',
        height: 'large',
        card: { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: forDialog(card) },
      },
    },
  },
});

const message = (text: string): InvokeAnswer => ({
  status: 200,
  body: { task: { type: 'message', value: text } },
});

export async function fetchTask(
  rt: TeamsRuntime,
  turn: Turn,
  commandId: unknown,
): Promise<InvokeAnswer> {
  if (commandId !== NOTIFY_COMMAND) return { status: 400 };
  const actors = turn.actors.filter((a) => can(a, 'notify', a.partnershipId));
  const refused = roleRefusal(turn.actors, 'notify');
  if (refused) return message(refusalText(refused));
  return dialog(
    'Notify a serious incident',
    formCard(notificationFormFor(rt, actors), { verb: 'notify.submit' }),
  );
}

/** The dialog's submission, through the same routes as the card buttons (`run`). */
export async function submitAction(
  turn: Turn,
  commandId: unknown,
  data: unknown,
  run: (turn: Turn, data: unknown) => Promise<AdaptiveCard>,
): Promise<InvokeAnswer> {
  if (commandId !== NOTIFY_COMMAND) return { status: 400 };
  return dialog('Notify a serious incident', await run(turn, data));
}

/** The person's cases whose reference contains the text typed (all visible ones when empty). */
export async function query(rt: TeamsRuntime, turn: Turn, value: unknown): Promise<InvokeAnswer> {
  const v = (value && typeof value === 'object' ? value : {}) as {
    commandId?: unknown;
    parameters?: { name?: unknown; value?: unknown }[];
  };
  if (v.commandId !== FIND_COMMAND) return { status: 400 };
  const typed = Array.isArray(v.parameters)
    ? v.parameters.find((p) => p && typeof p.value === 'string')?.value
    : undefined;
  const text = typeof typed === 'string' ? typed.trim().toUpperCase().slice(0, 40) : '';
  const cases = (await rt.service.list(turn.actors))
    .filter((c) => c.ref.includes(text))
    .slice(0, MAX_RESULTS);
  const attachments = cases.map((c) => {
    const card = messageCard({
      title: `Case ${c.ref}`,
      subtitle: rt.partnerships.get(c.partnershipId)?.name ?? '',
      lines: [STATE_LABELS[c.state]],
    });
    return {
      contentType: ADAPTIVE_CARD_CONTENT_TYPE,
      content: card,
      preview: {
        contentType: 'application/vnd.microsoft.card.thumbnail',
        content: { title: c.ref, text: STATE_LABELS[c.state] },
      },
    };
  });
  return {
    status: 200,
    body: { composeExtension: { type: 'result', attachmentLayout: 'list', attachments } },
  };
}

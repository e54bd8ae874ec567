/**
 * One bolt listener per kind of interaction (block action, view submission, shortcut) that finds
 * its handler by id in a map, instead of one bolt listener per id. Bolt runs the middleware chain
 * of every listener for every request it receives (23 of them for a slash command), which was
 * most of the bot's own CPU per request (`/cspr help` under load). Matching stays bolt's: a block
 * action by its action_id, a view submission by its view's callback_id, a shortcut by its
 * callback_id; the handlers registered here take plain ids (no patterns or constraint objects).
 * Commands and events are few and stay bolt's own listeners.
 */
import type { App } from '@slack/bolt';

type Kind = 'action' | 'view' | 'shortcut';

/** The id a request of each kind is routed by (bolt's own matchers have checked its shape). */
const idOf: Record<Kind, (args: { payload?: unknown; body?: unknown }) => unknown> = {
  action: ({ payload }) => (payload as { action_id?: unknown }).action_id,
  view: ({ body }) => (body as { view?: { callback_id?: unknown } }).view?.callback_id,
  shortcut: ({ payload }) => (payload as { callback_id?: unknown }).callback_id,
};

/** Every id (the whole string) matches; bolt still checks the kind of payload. */
const ANY = /^.*$/s;

/** `app` with `action`, `view` and `shortcut` routed through one listener each; everything else is `app`'s own. */
export function dispatchingApp(app: App): App {
  const tables = new Map<Kind, Map<string, (args: never) => unknown>>();
  const route =
    (kind: Kind) =>
    (id: unknown, ...handlers: unknown[]): void => {
      if (typeof id !== 'string' || handlers.length !== 1 || typeof handlers[0] !== 'function')
        throw new Error(`slack ${kind}: give one id and one handler`);
      let table = tables.get(kind);
      if (!table) {
        const found = new Map<string, (args: never) => unknown>();
        tables.set(kind, (table = found));
        const dispatch = async (args: { payload?: unknown; body?: unknown }) => {
          const key = idOf[kind](args);
          const handler = typeof key === 'string' ? found.get(key) : undefined;
          if (handler) await handler(args as never);
        };
        if (kind === 'action') app.action(ANY, dispatch);
        else if (kind === 'view') app.view(ANY, dispatch);
        else app.shortcut(ANY, dispatch);
      }
      if (table.has(id)) throw new Error(`slack ${kind} ${id} has a handler already`);
      table.set(id, handlers[0] as (args: never) => unknown);
    };
  return new Proxy(app, {
    get(target, prop) {
      if (prop === 'action' || prop === 'view' || prop === 'shortcut') return route(prop);
      const value: unknown = Reflect.get(target, prop);
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}

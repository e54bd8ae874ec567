/**
 * The Slack platform: a bolt App whose ExpressReceiver router is mounted on the bot's own express
 * app at `POST /slack/events` (slash commands, interactivity and events on one URL). The receiver
 * verifies Slack's request signature (missing, wrong, older than 5 minutes or more than 5 minutes in
 * the future (timestamp.ts) → 401, nothing runs)
 * and, with `processBeforeResponse: false`, answers as soon as a handler calls `ack`.
 *
 * With SLACK_APP_TOKEN set, the same App runs on bolt's SocketModeReceiver instead: it opens a
 * WebSocket to Slack (`apps.connections.open` with the app-level token) and acknowledges each
 * envelope on it, so no request URL, tunnel or signing secret is needed. The handlers are the same.
 *
 * Replies to a response_url (bolt's `respond`) go over node:http(s), not the global fetch
 * (reply-transport.ts). Two Web API clients, both on SLACK_API_URL: the handlers' (bolt's, per
 * request) fails fast so a modal opens within the trigger's 3 seconds; the effects' retries with
 * back-off and honours Slack's Retry-After, as its work runs after the request was answered.
 */
import {
  App,
  ExpressReceiver,
  LogLevel,
  SocketModeReceiver,
  webApi,
  type Logger as BoltLogger,
} from '@slack/bolt';
import type { Logger } from 'pino';
import { type CaseService } from '../../app/case-service.js';
import { safeError } from '../../logger.js';
import type { ReminderControls } from '../../app/reminder-controls.js';
import { SlackConnectDirectory } from '../../app/slack-connect.js';
import type { WebAccess } from '../../app/web-access.js';
import { ConfigError, type SlackEnv } from '../../config.js';
import type { Clock } from '../../domain/clock.js';
import type { Mount } from '../../http/server.js';
import { registerActions } from './actions.js';
import { slackFetch } from './reply-transport.js';
import { registerConnect } from './connect.js';
import { SlackHome } from './home.js';
import { slackCode } from './case-channel.js';
import { registerCommands } from './commands.js';
import { dispatchingApp } from './dispatch.js';
import type { SlackDeps } from './context.js';
import { SlackEffects } from './effects.js';
import { REMINDER_CLIENT, SlackReminderNotifier } from './reminders.js';
import { registerViews } from './submissions.js';
import { SlackDigestNotifier } from './oversight.js';
import { registerPostDecision } from './post-decision.js';
import { registerShortcuts } from './shortcuts.js';
import { refuseFutureTimestamps } from './timestamp.js';

export const SLACK_EVENTS_PATH = '/slack/events';

export interface SlackMountDeps {
  slack: SlackEnv;
  service: CaseService;
  clock: Clock;
  log: Logger;
  controls?: ReminderControls;
  access?: WebAccess;
  /** Partners of other workspaces (Slack Connect): their learned ids, loaded at start. */
  connect?: SlackConnectDirectory;
}

/** Handlers' calls (views.open, postEphemeral): one quick retry, no waiting out a rate limit. */
const INTERACTIVE_CLIENT = {
  retryConfig: { retries: 1, minTimeout: 100, maxTimeout: 200 },
  rejectRateLimitedCalls: true,
  timeout: 2500,
};
/** Effects' calls (channel, invites, case message): a few retries with back-off; Retry-After is honoured. */
const EFFECTS_CLIENT = {
  retryConfig: { retries: 3, factor: 2, minTimeout: 200, maxTimeout: 2000, randomize: false },
  timeout: 10_000,
};

export interface SlackPlatform {
  mount: Mount;
  effects: SlackEffects;
}

export function slackPlatform(deps: SlackMountDeps): SlackPlatform {
  const log = deps.log.child({ platform: 'slack' });
  const logger = boltLogger(log);
  const socket = deps.slack.appToken
    ? new SocketModeReceiver({
        appToken: deps.slack.appToken,
        logger,
        installerOptions: { clientOptions: { slackApiUrl: deps.slack.apiUrl } },
      })
    : undefined;
  const receiver = socket ? undefined : httpReceiver(log, logger, deps.slack.signingSecret);
  const app = new App({
    receiver: socket ?? receiver!,
    logger,
    authorize: async () => ({ botToken: deps.slack.botToken }),
    clientOptions: {
      slackApiUrl: deps.slack.apiUrl,
      fetch: slackFetch(deps.slack.apiUrl), // replies to a response_url without the global fetch
      ...INTERACTIVE_CLIENT,
    },
    // No conversation store: nothing here keeps state per conversation in bolt, and its default
    // in-memory store creates (and throws away) an Error on every request that has no state.
    convoStore: false,
  });
  const web = new webApi.WebClient(deps.slack.botToken, {
    slackApiUrl: deps.slack.apiUrl,
    logger,
    ...EFFECTS_CLIENT,
  });
  const handlerDeps: SlackDeps = {
    service: deps.service,
    clock: deps.clock,
    log,
    ...(deps.controls ? { controls: deps.controls } : {}),
    ...(deps.access ? { access: deps.access } : {}),
  };
  const connect = deps.connect ?? new SlackConnectDirectory(deps.service.partnerships);
  const effects = new SlackEffects(handlerDeps, web, connect);
  const reminders = new SlackReminderNotifier(
    new webApi.WebClient(deps.slack.botToken, {
      slackApiUrl: deps.slack.apiUrl,
      logger,
      ...REMINDER_CLIENT,
    }),
  );
  // Handlers still running after their ack (the work after the answer), for `idle()`.
  const handling = new Set<Promise<void>>();
  app.use(async ({ next }) => {
    const running = next();
    handling.add(running);
    try {
      await running;
    } finally {
      handling.delete(running);
    }
  });
  effects.attach();
  const home = new SlackHome(handlerDeps, web, connect);
  home.attach();
  // Actions, views and shortcuts through one bolt listener each (dispatch.ts): bolt runs every listener for every request.
  const routes = dispatchingApp(app);
  home.register(routes);
  handlerDeps.home = home;
  registerCommands(routes, handlerDeps);
  registerActions(routes, handlerDeps, effects);
  registerViews(routes, handlerDeps, effects);
  registerPostDecision(routes, handlerDeps);
  registerShortcuts(routes, handlerDeps);
  registerConnect(routes, handlerDeps, connect, effects);
  app.error(async (err) => {
    log.error({ err: safeError(err) }, 'slack handler failed');
  });
  return {
    effects,
    mount: {
      describe: socket ? 'Slack Socket Mode' : `POST ${SLACK_EVENTS_PATH}`,
      notifier: reminders,
      digest: new SlackDigestNotifier(
        new webApi.WebClient(deps.slack.botToken, {
          slackApiUrl: deps.slack.apiUrl,
          logger,
          ...REMINDER_CLIENT,
        }),
      ),
      attach(express) {
        if (!receiver) return; // in Socket Mode nothing arrives over HTTP
        express.post(SLACK_EVENTS_PATH, refuseFutureTimestamps(log));
        express.use(receiver.router);
      },
      start: async () => {
        await connect.load(); // the user ids learned for partners of other workspaces
        if (!socket) return;
        // Resolves once Slack's `hello` arrives on the WebSocket; the client reconnects by itself after that.
        try {
          await app.start();
        } catch (err) {
          // A wrong, revoked or user-level token: one clear line at start, naming the variable, never the token.
          throw new ConfigError([
            `SLACK_APP_TOKEN: Slack refused the Socket Mode connection (“${slackCode(err)}”). Use an app-level token (xapp-…) with the connections:write scope.`,
          ]);
        }
      },
      ...(socket ? { stop: async () => void (await app.stop()) } : {}),
      // Resolves when handlers, the case-channel steps they queued and the App Home publishes they
      // caused are done (tests wait on it rather than sleeping; stop() waits on it before the store closes).
      idle: async () => {
        do {
          await Promise.allSettled([...handling]);
          await effects.idle();
          await home.idle();
        } while (handling.size);
      },
    },
  };
}

/** HTTP mode: signed requests at POST /slack/events, answered as soon as a handler acks. */
function httpReceiver(log: Logger, logger: BoltLogger, signingSecret: string): ExpressReceiver {
  return new ExpressReceiver({
    signingSecret,
    endpoints: SLACK_EVENTS_PATH,
    processBeforeResponse: false,
    logger,
    // A signed request bolt itself cannot process (a payload Slack would never send, e.g. an
    // interaction without a user) is refused as a bad request, not answered as a server error.
    processEventErrorHandler: async ({ error, response }) => {
      log.warn(
        { err: safeError(error), kind: 'payload.unprocessable' },
        'slack request could not be processed',
      );
      if (!response.headersSent) {
        response.writeHead(400);
        response.end();
      }
      return false;
    },
  });
}

/** The Mount for the bot's HTTP server (see src/bot.ts). */
export function slackMount(deps: SlackMountDeps): Mount {
  return slackPlatform(deps).mount;
}

/**
 * bolt's and the Web API client's log lines, through pino. Debug lines are dropped: the Web API
 * client prints request bodies there, and request bodies hold what people typed. Bolt's own lines
 * keep their words but lose the error they quote, e.g. "Parsing request body failed (error:
 * SyntaxError: Unexpected token …, "<the start of the body>" is not valid JSON)": a parse error
 * quotes the request, and anything in double quotes may be what someone typed.
 */
export function boltLogLine(args: unknown[]): string {
  const clean = (s: string) =>
    s
      .replace(/ \((?:error|code): [\s\S]*$/, '')
      .replace(/"[^"]*"?/g, '"…"')
      .slice(0, 300);
  return args
    .map((a) =>
      typeof a === 'string'
        ? clean(a)
        : a instanceof Error
          ? a instanceof SyntaxError
            ? a.name
            : `${safeError(a).type}: ${clean(safeError(a).message)}`
          : typeof a,
    )
    .join(' ');
}

function boltLogger(log: Logger): BoltLogger {
  const line = boltLogLine;
  return {
    debug: () => undefined,
    info: (...args: unknown[]) => log.info({ from: 'bolt' }, line(args)),
    warn: (...args: unknown[]) => log.warn({ from: 'bolt' }, line(args)),
    error: (...args: unknown[]) => log.error({ from: 'bolt' }, line(args)),
    setLevel: () => undefined,
    getLevel: () => LogLevel.INFO,
    setName: () => undefined,
  };
}

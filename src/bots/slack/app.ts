/**
 * The Slack platform: a bolt App whose ExpressReceiver router is mounted on the bot's own express
 * app at `POST /slack/events` (slash commands, interactivity and events on one URL). The receiver
 * verifies Slack's request signature (missing, wrong, older than 5 minutes or more than 5 minutes in
 * the future (timestamp.ts) → 401, nothing runs)
 * and, with `processBeforeResponse: false`, answers as soon as a handler calls `ack`.
 *
 * Two Web API clients, both on SLACK_API_URL: the handlers' (bolt's, per request) fails fast so a
 * modal opens within the trigger's 3 seconds; the effects' retries with back-off and honours
 * Slack's Retry-After, as its work runs after the request was answered.
 */
import { App, ExpressReceiver, LogLevel, webApi, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from 'pino';
import { safeError, type CaseService } from '../../app/case-service.js';
import type { ReminderControls } from '../../app/reminder-controls.js';
import type { WebAccess } from '../../app/web-access.js';
import type { SlackEnv } from '../../config.js';
import type { Clock } from '../../domain/clock.js';
import type { Mount } from '../../http/server.js';
import { registerActions } from './actions.js';
import { registerCommands } from './commands.js';
import type { SlackDeps } from './context.js';
import { SlackEffects } from './effects.js';
import { REMINDER_CLIENT, SlackReminderNotifier } from './reminders.js';
import { registerViews } from './views.js';
import { SlackDigestNotifier } from './oversight.js';
import { registerPostDecision } from './post-decision.js';
import { refuseFutureTimestamps } from './timestamp.js';

export const SLACK_EVENTS_PATH = '/slack/events';

export interface SlackMountDeps {
  slack: SlackEnv;
  service: CaseService;
  clock: Clock;
  log: Logger;
  controls?: ReminderControls;
  access?: WebAccess;
}

/** Handlers' calls (views.open, postEphemeral): one quick retry, no waiting out a rate limit. */
const INTERACTIVE_CLIENT = { retryConfig: { retries: 1, minTimeout: 100, maxTimeout: 200 }, rejectRateLimitedCalls: true, timeout: 2500 };
/** Effects' calls (channel, invites, case message): a few retries with back-off; Retry-After is honoured. */
const EFFECTS_CLIENT = { retryConfig: { retries: 3, factor: 2, minTimeout: 200, maxTimeout: 2000, randomize: false }, timeout: 10_000 };

export interface SlackPlatform {
  mount: Mount;
  effects: SlackEffects;
}

export function slackPlatform(deps: SlackMountDeps): SlackPlatform {
  const log = deps.log.child({ platform: 'slack' });
  const logger = boltLogger(log);
  const receiver = new ExpressReceiver({
    signingSecret: deps.slack.signingSecret,
    endpoints: SLACK_EVENTS_PATH,
    processBeforeResponse: false,
    logger,
    // A signed request bolt itself cannot process (a payload Slack would never send, e.g. an
    // interaction without a user) is refused as a bad request, not answered as a server error.
    processEventErrorHandler: async ({ error, response }) => {
      log.warn({ err: safeError(error), kind: 'payload.unprocessable' }, 'slack request could not be processed');
      if (!response.headersSent) {
        response.writeHead(400);
        response.end();
      }
      return false;
    },
  });
  const app = new App({
    receiver,
    logger,
    authorize: async () => ({ botToken: deps.slack.botToken }),
    clientOptions: { slackApiUrl: deps.slack.apiUrl, ...INTERACTIVE_CLIENT },
  });
  const web = new webApi.WebClient(deps.slack.botToken, { slackApiUrl: deps.slack.apiUrl, logger, ...EFFECTS_CLIENT });
  const handlerDeps: SlackDeps = { service: deps.service, clock: deps.clock, log, ...(deps.controls ? { controls: deps.controls } : {}), ...(deps.access ? { access: deps.access } : {}) };
  const effects = new SlackEffects(handlerDeps, web);
  const reminders = new SlackReminderNotifier(new webApi.WebClient(deps.slack.botToken, { slackApiUrl: deps.slack.apiUrl, logger, ...REMINDER_CLIENT }));
  effects.attach();
  registerCommands(app, handlerDeps);
  registerActions(app, handlerDeps, effects);
  registerViews(app, handlerDeps, effects);
  registerPostDecision(app, handlerDeps);
  app.error(async (err) => {
    log.error({ err: safeError(err) }, 'slack handler failed');
  });
  return {
    effects,
    mount: {
      describe: `POST ${SLACK_EVENTS_PATH}`,
      notifier: reminders,
      digest: new SlackDigestNotifier(new webApi.WebClient(deps.slack.botToken, { slackApiUrl: deps.slack.apiUrl, logger, ...REMINDER_CLIENT })),
      attach(express) {
        express.post(SLACK_EVENTS_PATH, refuseFutureTimestamps(log));
        express.use(receiver.router);
      },
    },
  };
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
  const clean = (s: string) => s.replace(/ \((?:error|code): [\s\S]*$/, '').replace(/"[^"]*"?/g, '"…"').slice(0, 300);
  return args
    .map((a) => (typeof a === 'string' ? clean(a) : a instanceof Error ? (a instanceof SyntaxError ? a.name : `${safeError(a).type}: ${clean(safeError(a).message)}`) : typeof a))
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

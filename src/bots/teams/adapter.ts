/**
 * The Teams endpoint: `POST /api/messages` on the Agents SDK's CloudAdapter. The SDK's JWT
 * middleware (`authorizeJWT`, through the adapter) checks every activity's token first (signature against the issuer's signing keys,
 * audience = our app id, issuer, expiry): anything else is a 401 and nothing runs. Without
 * MicrosoftAppId the bot runs in local mode (anonymous, no Graph).
 */
import { Activity } from '@microsoft/agents-activity';
import {
  CloudAdapter,
  type AuthProvider,
  type Request as AgentsRequest,
} from '@microsoft/agents-hosting';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { type CaseService } from '../../app/case-service.js';
import { safeError } from '../../logger.js';
import type { ReminderControls } from '../../app/reminder-controls.js';
import type { WebAccess } from '../../app/web-access.js';
import type { AppConfig } from '../../config.js';
import type { Mount } from '../../http/server.js';
import { authConfigOf, graphTokensFrom, singleConnection } from './auth.js';
import { Background } from './background.js';
import { CsprTeamsBot } from './bot.js';
import { CaseChannels } from './case-channel.js';
import { Connector } from './connector.js';
import { subscribeEffects } from './effects.js';
import { GraphClient, type TokenProvider } from './graph.js';
import { MemberDirectory } from './members.js';
import { reconcileCaseChannels } from './membership.js';
import { installForHolders } from './install.js';
import { TeamsReminderNotifier } from './reminders.js';
import { TeamsDigestNotifier } from './oversight.js';
import type { TeamsRuntime } from './runtime.js';

export interface TeamsMountDeps {
  config: AppConfig;
  service: CaseService;
  log: Logger;
  /** Reminder controls (pause/resume, mute) for the `remind` and `mute` commands. */
  controls?: ReminderControls;
  /** Dashboard sign-in links and calendar feeds. */
  access?: WebAccess;
  /** Replaces the Graph token provider (tests; another credential source). Turns channel creation on. */
  graphTokens?: TokenProvider;
  /** Replaces the SDK's MSAL token provider for the Bot Connector (tests' local token source). */
  connectorTokens?: AuthProvider;
}

/**
 * The shape every Bot Framework activity has: a type, a service URL, and (when given) a sender,
 * recipient and conversation whose ids and names are strings. Anything else is refused with a 400
 * before it reaches the adapter (whose replies would fail to serialise half-way through the turn).
 */
function isActivity(a: unknown): boolean {
  if (!a || typeof a !== 'object') return false;
  const o = a as Record<string, unknown>;
  const textOrNothing = (v: unknown) => v === undefined || v === null || typeof v === 'string';
  const account = (x: unknown) => {
    if (x === undefined) return true;
    if (!x || typeof x !== 'object') return false;
    const fields = x as Record<string, unknown>;
    return ['id', 'name', 'aadObjectId', 'role', 'tenantId', 'conversationType'].every((k) =>
      textOrNothing(fields[k]),
    );
  };
  if (!(
    typeof o.type === 'string' &&
    typeof o.serviceUrl === 'string' &&
    account(o.from) &&
    account(o.recipient) &&
    account(o.conversation)
  ))
    return false;
  // The SDK's own schema (run again by the adapter): an activity it cannot read is a 400 here, not a 500 there.
  try {
    Activity.fromObject(o);
    return true;
  } catch {
    return false;
  }
}

export function teamsMount(deps: TeamsMountDeps): Mount {
  const { config, service } = deps;
  const log = deps.log.child({ platform: 'teams' });
  const env = config.teams;
  const adapter = new CloudAdapter(authConfigOf(env));
  const authConfig = adapter.connectionManager.getDefaultConnectionConfiguration();
  if (deps.connectorTokens)
    adapter.connectionManager = singleConnection(deps.connectorTokens, authConfig);
  const tokens =
    deps.graphTokens ??
    (env.appId
      ? graphTokensFrom(adapter.connectionManager.getDefaultConnection(), authConfig)
      : undefined);
  const rt: TeamsRuntime = {
    config,
    service,
    log,
    connector: new Connector(env.appId ? adapter.connectionManager : undefined, env.appId ?? ''),
    ...(tokens ? { graph: new GraphClient({ baseUrl: env.graphApiUrl, tokens, log }) } : {}),
    directory: new MemberDirectory(),
    partnerships: new Map(config.partnerships.map((p) => [p.id, p])),
    ...(deps.controls ? { controls: deps.controls } : {}),
    ...(deps.access ? { access: deps.access } : {}),
    background: new Background(log),
  };
  const channels = new CaseChannels(rt);
  const bot = new CsprTeamsBot(rt, channels);
  subscribeEffects(rt);
  adapter.onTurnError = async (_ctx, err) => {
    log.error({ err: safeError(err) }, 'teams turn failed');
  };
  if (!rt.graph)
    log.info(
      'Teams channel creation is off (no credentials): case cards go to the current conversation',
    );

  const json = express.json({ limit: '512kb' });
  /** The SDK's token check; its 401 (any token problem) is logged by kind only, never the token. */
  const checkToken = async (req: Request, res: Response, next: NextFunction) => {
    let passed = false;
    try {
      await adapter.authorizeRequest(req as unknown as AgentsRequest, res, () => {
        passed = true;
      });
    } catch (err) {
      log.warn({ kind: 'auth.failed', err: safeError(err) }, 'token check failed');
      if (!res.headersSent) res.status(401).json({ error: 'unauthorized' });
      return;
    }
    if (passed) return next();
    if (!res.headersSent) res.status(401).json({ error: 'unauthorized' });
    log.warn(
      { kind: 'auth.rejected', status: res.statusCode },
      'activity without a valid Bot Framework token',
    );
  };
  const handler = async (req: Request, res: Response) => {
    if (!isActivity(req.body)) {
      res.status(400).json({ error: 'not a Bot Framework activity' });
      return;
    }
    try {
      await adapter.process(req as unknown as AgentsRequest, res, (ctx) => bot.run(ctx));
    } catch (err) {
      log.error({ err: safeError(err) }, 'teams activity failed');
      if (!res.headersSent) res.status(500).json({ error: 'internal error' });
    }
  };
  return {
    describe: 'POST /api/messages',
    notifier: new TeamsReminderNotifier(rt),
    digest: new TeamsDigestNotifier(rt),
    start() {
      rt.background.run('teams.members', () => reconcileCaseChannels(rt));
      rt.background.run('teams.install', () => installForHolders(rt));
    },
    idle: () => rt.background.idle(),
    attach(app: Express) {
      app.post(
        '/api/messages',
        checkToken,
        (req, res, next) =>
          json(req, res, (err?: unknown) =>
            err ? res.status(400).json({ error: 'invalid JSON' }) : next(),
          ),
        handler,
      );
    },
  };
}

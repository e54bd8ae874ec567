/**
 * The Bot Framework endpoint: `POST /api/messages` on a CloudAdapter with
 * ConfigurationBotFrameworkAuthentication. With MicrosoftAppId set every activity must carry a
 * valid Bot Framework token (else 401); without it the bot runs in local mode (no auth, no Graph).
 */
import express, { type Express, type Request, type Response } from 'express';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { safeError, type CaseService } from '../../app/case-service.js';
import type { ReminderControls } from '../../app/reminder-controls.js';
import type { WebAccess } from '../../app/web-access.js';
import type { AppConfig, TeamsEnv } from '../../config.js';
import type { Mount } from '../../http/server.js';
import { CsprTeamsBot } from './bot.js';
import { CaseChannels } from './case-channel.js';
import { Connector } from './connector.js';
import { subscribeEffects } from './effects.js';
import { ClientCredentialsTokenProvider, GraphClient, type TokenProvider } from './graph.js';
import { MemberDirectory } from './members.js';
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
}

/** CloudAdapter with a way to run an activity and get its invoke response without its console logging. */
class TeamsAdapter extends CloudAdapter {
  handle(authHeader: string, activity: Activity, logic: (ctx: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

export function botFrameworkAuth(env: TeamsEnv): ConfigurationBotFrameworkAuthentication {
  return new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: env.appId ?? '',
    MicrosoftAppPassword: env.appPassword ?? '',
    MicrosoftAppType: env.appType,
    MicrosoftAppTenantId: env.tenantId ?? '',
  });
}

/**
 * The shape every Bot Framework activity has: a type, a service URL, and (when given) a sender,
 * recipient and conversation whose ids and names are strings. Anything else is refused with a 400
 * before it reaches the adapter (whose replies would fail to serialise half-way through the turn).
 */
function isActivity(a: unknown): a is Activity {
  if (!a || typeof a !== 'object') return false;
  const o = a as Record<string, unknown>;
  const textOrNothing = (v: unknown) => v === undefined || v === null || typeof v === 'string';
  const account = (x: unknown) => {
    if (x === undefined) return true;
    if (!x || typeof x !== 'object') return false;
    const fields = x as Record<string, unknown>;
    return ['id', 'name', 'aadObjectId', 'role', 'tenantId', 'conversationType'].every((k) => textOrNothing(fields[k]));
  };
  return typeof o.type === 'string' && typeof o.serviceUrl === 'string' && account(o.from) && account(o.recipient) && account(o.conversation);
}

export function teamsMount(deps: TeamsMountDeps): Mount {
  const { config, service } = deps;
  const log = deps.log.child({ platform: 'teams' });
  const env = config.teams;
  const auth = botFrameworkAuth(env);
  const adapter = new TeamsAdapter(auth);
  const tokens =
    deps.graphTokens ??
    (env.appId && env.appPassword ? new ClientCredentialsTokenProvider({ appId: env.appId, appPassword: env.appPassword, ...(env.tenantId ? { tenantId: env.tenantId } : {}) }) : undefined);
  const rt: TeamsRuntime = {
    config,
    service,
    log,
    connector: new Connector(auth, env.appId ?? ''),
    ...(tokens ? { graph: new GraphClient({ baseUrl: env.graphApiUrl, tokens, log }) } : {}),
    directory: new MemberDirectory(),
    partnerships: new Map(config.partnerships.map((p) => [p.id, p])),
    ...(deps.controls ? { controls: deps.controls } : {}),
    ...(deps.access ? { access: deps.access } : {}),
  };
  const channels = new CaseChannels(rt);
  const bot = new CsprTeamsBot(rt, channels);
  subscribeEffects(rt);
  adapter.onTurnError = async (_ctx, err) => {
    log.error({ err: safeError(err) }, 'teams turn failed');
  };
  if (!rt.graph) log.info('Teams channel creation is off (no credentials): case cards go to the current conversation');

  const json = express.json({ limit: '512kb' });
  const handler = async (req: Request, res: Response) => {
    const activity: unknown = req.body;
    if (!isActivity(activity)) {
      res.status(400).json({ error: 'not a Bot Framework activity' });
      return;
    }
    try {
      const result = await adapter.handle(req.headers.authorization ?? '', activity as Activity, (ctx) => bot.run(ctx));
      res.status(result?.status ?? 200);
      if (result?.body !== undefined) res.json(result.body);
      else res.end();
    } catch (err) {
      if ((err as { statusCode?: unknown }).statusCode === 401) {
        log.warn({ kind: 'auth.rejected' }, 'activity without a valid Bot Framework token');
        res.status(401).json({ error: 'unauthorized' });
        return;
      }
      log.error({ err: safeError(err) }, 'teams activity failed');
      res.status(500).json({ error: 'internal error' });
    }
  };
  return {
    describe: 'POST /api/messages',
    notifier: new TeamsReminderNotifier(rt),
    digest: new TeamsDigestNotifier(rt),
    attach(app: Express) {
      app.post('/api/messages', (req, res, next) => json(req, res, (err?: unknown) => (err ? res.status(400).json({ error: 'invalid JSON' }) : next())), handler);
    },
  };
}

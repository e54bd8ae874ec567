/** Composition root: config → store → service → platforms → HTTP, as one running bot. */
import { createServer, type Server } from 'node:http';
import { CaseService } from './app/case-service.js';
import { safeError } from './logger.js';
import { ReminderControls } from './app/reminder-controls.js';
import { SlackConnectDirectory } from './app/slack-connect.js';
import { slackMount } from './bots/slack/app.js';
import type { TokenProvider } from './bots/teams/graph.js';
import type { AuthProvider } from '@microsoft/agents-hosting';
import type { AppConfig } from './config.js';
import { systemClock, type Clock } from './domain/clock.js';
import { buildHttpApp, type Mount } from './http/server.js';
import { createLogger, type Logger } from './logger.js';
import { CaseRepository } from './store/case-repository.js';
import { dataCipherFor } from './store/data-keys.js';
import { openStore } from './store/open.js';
import type { StorePort } from './store/port.js';
import { slackIdStore } from './store/slack-ids.js';
import { ReminderClaims } from './scheduler/reminder-claims.js';
import { reminderIndexer, ReminderScheduler } from './scheduler/reminder-scheduler.js';
import { RetentionJob } from './scheduler/retention.js';
import { OversightScheduler } from './scheduler/oversight-scheduler.js';
import { WebAccess } from './app/web-access.js';
import { PortWebAccessStore } from './store/web-access-store.js';
import { webMount } from './web/mount.js';

export interface RunningBot {
  server: Server;
  port: number;
  service: CaseService;
  store: StorePort;
  scheduler: ReminderScheduler;
  /** The daily retention job (erases closed cases past their retention period). */
  retention: RetentionJob;
  /** The weekly oversight digest to each chair and the review group (tests tick it themselves). */
  oversight: OversightScheduler;
  /** Dashboard sign-in links, sessions and calendar feeds. */
  access: WebAccess;
  /** Resolves when the platforms' background work is done (tests wait on it rather than sleeping). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the whole bot on a configuration; used by `main` and by the end-to-end tests. */
export async function startBot(
  config: AppConfig,
  options: {
    log?: Logger;
    clock?: Clock;
    store?: StorePort;
    teams?: { graphTokens?: TokenProvider; connectorTokens?: AuthProvider };
    /** Start the reminder cron (off unless asked, so tests drive `scheduler.tick()` themselves). */ scheduler?: boolean;
  } = {},
): Promise<RunningBot> {
  const log = options.log ?? createLogger();
  const clock = options.clock ?? systemClock;
  const cipher = dataCipherFor(config); // before the store opens: a key problem fails fast
  const store = options.store ?? (await openStore(config));
  // Whatever fails from here on, the store this call opened is closed again (its file lock released).
  try {
    return await startOn(config, options, { log, clock, cipher, store });
  } catch (err) {
    if (!options.store) await store.close().catch(() => undefined);
    throw err;
  }
}

/** The port could not be listened on (one plain line: which port, and why). */
export class ListenError extends Error {
  override readonly name = 'ListenError';
}

async function startOn(
  config: AppConfig,
  options: {
    teams?: { graphTokens?: TokenProvider; connectorTokens?: AuthProvider };
    scheduler?: boolean;
  },
  {
    log,
    clock,
    cipher,
    store,
  }: { log: Logger; clock: Clock; cipher: ReturnType<typeof dataCipherFor>; store: StorePort },
): Promise<RunningBot> {
  const repo = new CaseRepository(store, reminderIndexer(config.partnerships), {
    cipher,
    onSnapshotLag: (caseId, err) =>
      log.warn(
        { caseId, err: safeError(err) },
        'case snapshot behind its commits: repaired at the next load',
      ),
  });
  await repo.init(); // refuses a store sealed with a key the ring lacks
  const service = new CaseService(repo, config.partnerships, clock, log);
  const claims = new ReminderClaims(store);
  const controls = new ReminderControls(service, claims);
  // The dashboard and calendar feeds (sign-in links, sessions and feed tokens, stored hashed).
  const accessStore = new PortWebAccessStore(store);
  await accessStore.init();
  let listeningOn = config.port;
  const access = new WebAccess(
    accessStore,
    config.partnerships,
    clock,
    () => config.publicUrl ?? `http://localhost:${listeningOn}`,
  );
  // Platform endpoints: each platform module adds its Mount here (Slack: POST /slack/events, Teams: POST /api/messages).
  const mounts: Mount[] = [];
  if (config.slack)
    mounts.push(
      slackMount({
        slack: config.slack,
        service,
        clock,
        log,
        controls,
        access,
        connect: new SlackConnectDirectory(config.partnerships, slackIdStore(store)),
      }),
    );
  if (!config.teams.off) {
    // Loaded only when Teams is served: the Agents SDK is most of the bot's start-up time (a Slack-only deployment skips it).
    const { teamsMount } = await import('./bots/teams/adapter.js');
    mounts.push(
      teamsMount({
        config,
        service,
        log,
        controls,
        access,
        ...(options.teams?.graphTokens ? { graphTokens: options.teams.graphTokens } : {}),
        ...(options.teams?.connectorTokens
          ? { connectorTokens: options.teams.connectorTokens }
          : {}),
      }),
    );
  }
  // The tab's token check (jose) is loaded only when it is configured.
  const sso = config.teamsSso
    ? new (await import('./web/teams-sso.js')).TeamsSsoVerifier(
        config.teamsSso,
        config.partnerships,
        config.teams.tenantId,
        () => clock.now(),
      )
    : undefined;
  mounts.push(webMount({ service, access, log, ...(sso ? { sso } : {}) }));
  const scheduler = new ReminderScheduler(
    repo,
    claims,
    config.partnerships,
    mounts.flatMap((m) => m.notifier ?? []),
    clock,
    log,
  );
  await scheduler.init();
  const retention = new RetentionJob(service, store, clock, log);
  const oversight = new OversightScheduler(
    repo,
    store,
    config.partnerships,
    mounts.flatMap((m) => m.digest ?? []),
    clock,
    log,
  );
  await oversight.init();
  const app = buildHttpApp({ store, log, mounts });
  const server = await listen(app, config.port);
  try {
    for (const m of mounts) await m.start?.(); // e.g. Slack's Socket Mode connection
  } catch (err) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw err; // startBot closes the store it opened
  }
  if (options.scheduler) {
    // main.ts turns them on once the port is ours; tests tick them themselves
    scheduler.start();
    retention.start();
    oversight.start();
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  listeningOn = port;
  const idle = async () => {
    await Promise.all(mounts.map((m) => m.idle?.()));
  };
  let stopped = false;
  return {
    server,
    port,
    service,
    store,
    scheduler,
    retention,
    oversight,
    access,
    idle,
    async stop() {
      if (stopped) return;
      stopped = true;
      await idle();
      for (const m of mounts)
        await m
          .stop?.()
          .catch((err: unknown) =>
            log.warn({ err: safeError(err) }, 'platform connection did not close cleanly'),
          );
      await scheduler.stop();
      await oversight.stop();
      await retention.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      await store.close();
    },
  };
}

/** Listens on `port`, or fails with a ListenError (nothing is left listening). */
function listen(app: Parameters<typeof createServer>[1], port: number): Promise<Server> {
  return new Promise<Server>((resolve, reject) => {
    const server = createServer(app);
    server.once('error', (err: NodeJS.ErrnoException) => {
      server.close();
      const why =
        err.code === 'EADDRINUSE'
          ? 'is in use by another process'
          : err.code === 'EACCES'
            ? 'needs privileges this process does not have'
            : `cannot be listened on (${err.code ?? err.message})`;
      reject(
        new ListenError(`port ${port} ${why}: stop the other process or set PORT to a free port`),
      );
    });
    server.listen(port, () => resolve(server));
  });
}

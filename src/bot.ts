/** Composition root: config → store → service → platforms → HTTP, as one running bot. */
import type { Server } from 'node:http';
import { CaseService, safeError } from './app/case-service.js';
import { ReminderControls } from './app/reminder-controls.js';
import { slackMount } from './bots/slack/app.js';
import { teamsMount } from './bots/teams/adapter.js';
import type { TokenProvider } from './bots/teams/graph.js';
import type { AuthProvider } from '@microsoft/agents-hosting';
import type { AppConfig } from './config.js';
import { systemClock, type Clock } from './domain/clock.js';
import { buildHttpApp, type Mount } from './http/server.js';
import { createLogger, type Logger } from './logger.js';
import { CaseRepository } from './store/case-repository.js';
import type { StoreEngine } from './store/collection.js';
import { dataCipherFor } from './store/data-keys.js';
import { openStore } from './store/open.js';
import { ReminderClaims } from './scheduler/reminder-claims.js';
import { reminderIndexer, ReminderScheduler } from './scheduler/reminder-scheduler.js';
import { RetentionJob } from './scheduler/retention.js';
import { OversightScheduler } from './scheduler/oversight-scheduler.js';

export interface RunningBot {
  server: Server;
  port: number;
  service: CaseService;
  engine: StoreEngine;
  scheduler: ReminderScheduler;
  /** The daily retention job (erases closed cases past their retention period). */
  retention: RetentionJob;
  /** The weekly oversight digest to each chair and the review group (tests tick it themselves). */
  oversight: OversightScheduler;
  /** Resolves when the platforms' background work is done (tests wait on it rather than sleeping). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the whole bot on a configuration; used by `main` and by the end-to-end tests. */
export async function startBot(config: AppConfig, options: { log?: Logger; clock?: Clock; engine?: StoreEngine; teams?: { graphTokens?: TokenProvider; connectorTokens?: AuthProvider }; /** Start the reminder cron (off unless asked, so tests drive `scheduler.tick()` themselves). */ scheduler?: boolean } = {}): Promise<RunningBot> {
  const log = options.log ?? createLogger();
  const clock = options.clock ?? systemClock;
  const cipher = dataCipherFor(config); // before the store opens: a key problem fails fast
  const engine = options.engine ?? (await openStore(config));
  const repo = new CaseRepository(engine, reminderIndexer(config.partnerships), {
    cipher,
    onSnapshotLag: (caseId, err) => log.warn({ caseId, err: safeError(err) }, 'case snapshot behind its commits: repaired at the next load'),
  });
  try {
    await repo.init(); // refuses a store sealed with a key the ring lacks
  } catch (err) {
    if (!options.engine) await engine.close();
    throw err;
  }
  const service = new CaseService(repo, config.partnerships, clock, log);
  const claims = new ReminderClaims(engine);
  const controls = new ReminderControls(service, claims);
  // Platform endpoints: each platform module adds its Mount here (Slack: POST /slack/events, Teams: POST /api/messages).
  const mounts: Mount[] = [];
  if (config.slack) mounts.push(slackMount({ slack: config.slack, service, clock, log, controls }));
  mounts.push(teamsMount({ config, service, log, controls, ...(options.teams?.graphTokens ? { graphTokens: options.teams.graphTokens } : {}), ...(options.teams?.connectorTokens ? { connectorTokens: options.teams.connectorTokens } : {}) }));
  const scheduler = new ReminderScheduler(repo, claims, config.partnerships, mounts.flatMap((m) => m.notifier ?? []), clock, log);
  await scheduler.init();
  const retention = new RetentionJob(service, engine, clock, log);
  const oversight = new OversightScheduler(repo, engine, config.partnerships, mounts.flatMap((m) => m.digest ?? []), clock, log);
  await oversight.init();
  if (options.scheduler) {
    // main.ts turns them on; tests tick them themselves
    scheduler.start();
    retention.start();
    oversight.start();
  }
  const app = buildHttpApp({ engine, log, mounts });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(config.port, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  for (const m of mounts) m.start?.();
  const idle = async () => {
    await Promise.all(mounts.map((m) => m.idle?.()));
  };
  let stopped = false;
  return {
    server,
    port,
    service,
    engine,
    scheduler,
    retention,
    oversight,
    idle,
    async stop() {
      if (stopped) return;
      stopped = true;
      await idle();
      await scheduler.stop();
      await oversight.stop();
      await retention.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      await engine.close();
    },
  };
}

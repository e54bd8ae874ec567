/** Composition root: config → store → service → platforms → HTTP, as one running bot. */
import type { Server } from 'node:http';
import { CaseService } from './app/case-service.js';
import type { AppConfig } from './config.js';
import { systemClock, type Clock } from './domain/clock.js';
import { buildHttpApp, type Mount } from './http/server.js';
import { createLogger, type Logger } from './logger.js';
import { CaseRepository } from './store/case-repository.js';
import type { StoreEngine } from './store/collection.js';
import { openStore } from './store/open.js';

export interface RunningBot {
  server: Server;
  port: number;
  service: CaseService;
  engine: StoreEngine;
  stop(): Promise<void>;
}

/** Starts the whole bot on a configuration; used by `main` and by the end-to-end tests. */
export async function startBot(config: AppConfig, options: { log?: Logger; clock?: Clock; engine?: StoreEngine } = {}): Promise<RunningBot> {
  const log = options.log ?? createLogger();
  const clock = options.clock ?? systemClock;
  const engine = options.engine ?? (await openStore(config));
  const repo = new CaseRepository(engine);
  await repo.init();
  const service = new CaseService(repo, config.partnerships, clock, log);
  // Platform endpoints: each platform module adds its Mount here (Slack: POST /slack/events, Teams: POST /api/messages).
  const mounts: Mount[] = [];
  const app = buildHttpApp({ engine, log, mounts });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(config.port, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  let stopped = false;
  return {
    server,
    port,
    service,
    engine,
    async stop() {
      if (stopped) return;
      stopped = true;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      await engine.close();
    },
  };
}

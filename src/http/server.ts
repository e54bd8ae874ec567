/**
 * The HTTP app: health check, and a mount point for each platform's endpoint
 * (`POST /slack/events`, `POST /api/messages`). One error handler logs the error's kind and tells
 * the caller only what is safe.
 */
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { StorePort } from '../store/port.js';
import { safeError } from '../logger.js';
import type { Notifier } from '../scheduler/notifier.js';
import type { DigestNotifier } from '../scheduler/oversight-scheduler.js';

export interface Mount {
  /** e.g. 'POST /slack/events' */
  describe: string;
  attach(app: Express): void;
  /** The platform's reminder delivery, when it has one. */
  notifier?: Notifier;
  /** The platform's delivery of the weekly oversight digest, when it has one. */
  digest?: DigestNotifier;
  /**
   * Work to begin once the server listens: connections the platform opens itself (Slack's Socket
   * Mode, awaited), or background work it starts (Teams: case channel members in step with the
   * partnership file).
   */
  start?(): void | Promise<void>;
  stop?(): Promise<void>;
  /** Resolves when the platform's background work (begun so far) is done. */
  idle?(): Promise<void>;
}

export function buildHttpApp(deps: { store: StorePort; log: Logger; mounts?: Mount[] }): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', async (_req, res) => {
    const ok = await deps.store.ping().catch(() => false);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable', store: deps.store.kind });
  });
  for (const m of deps.mounts ?? []) m.attach(app);
  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    deps.log.error({ err: safeError(err) }, 'request failed');
    if (!res.headersSent) res.status(500).json({ error: 'internal error' });
  });
  return app;
}

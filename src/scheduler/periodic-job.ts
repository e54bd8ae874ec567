/**
 * What every background job of the bot shares (reminders, the oversight digest, retention): a
 * croner schedule whose overlapping runs are skipped, a `tick()` that tests call directly with an
 * injected clock, and a stop that waits for the tick in progress. Exactly-once work is each job's
 * own business (claims in the store).
 */
import { Cron } from 'croner';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { safeError } from '../logger.js';

export abstract class PeriodicJob<Report> {
  readonly instanceId: string;
  private cron: Cron | undefined;
  private running: Promise<Report> | undefined;

  protected constructor(
    /** For log lines: "reminder", "oversight", "retention". */
    private readonly jobName: string,
    protected readonly log: Logger | undefined,
    instanceId?: string,
  ) {
    this.instanceId = instanceId ?? randomUUID();
  }

  /** Runs `tick` on the schedule until stopped; a run still going when the next is due is skipped. */
  start(pattern: string): void {
    this.cron = new Cron(pattern, { protect: true }, async () => {
      await this.tick().catch((err: unknown) =>
        this.log?.error({ err: safeError(err) }, `${this.jobName} tick failed`),
      );
    });
  }

  async stop(): Promise<void> {
    this.cron?.stop();
    await this.running?.catch(() => undefined);
  }

  tick(): Promise<Report> {
    const run = this.runTick();
    this.running = run;
    return run;
  }

  protected abstract runTick(): Promise<Report>;
}

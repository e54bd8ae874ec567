/**
 * Work the bot does after answering (a channel and its members after a notification, the start-up
 * membership check): tracked, so that `idle()` resolves once everything started so far, and
 * everything that started meanwhile, is done. Tests wait on it instead of sleeping; `stop()` waits
 * on it before the store closes. A task's failure is its own to report (logged here as a fallback).
 */
import type { Logger } from 'pino';
import { safeError } from '../../logger.js';

export class Background {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly log: Logger) {}

  run(name: string, task: () => Promise<unknown>): void {
    const p: Promise<void> = Promise.resolve()
      .then(task)
      .then(
        () => undefined,
        (err: unknown) =>
          this.log.error({ err: safeError(err), task: name }, 'teams background task failed'),
      )
      .finally(() => this.running.delete(p));
    this.running.add(p);
  }

  async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running]);
  }
}

/**
 * Delivery: wakes regularly (croner), plans each partnership's reminders from the cases whose next
 * reminder day has come (an indexed query, not a scan of every case), claims each one in the
 * store, and sends it through every platform it applies to. Failed sends are retried with back-off
 * (Retry-After honoured) and never dropped; a reminder sent after its time is marked late.
 */
import type { Logger } from 'pino';
import { PeriodicJob } from './periodic-job.js';
import type { PartnershipConfig } from '../config.js';
import { dateIn, instantAt, isWorkingDay } from '../domain/calendar.js';
import type { Clock } from '../domain/clock.js';
import { nextReminderOn, planReminders, type PlannedReminder, type ReminderSettings } from '../domain/reminders.js';
import { safeError } from '../app/case-service.js';
import type { Case } from '../domain/case.js';
import type { CaseRepository } from '../store/case-repository.js';
import { DeliveryError, type Notifier } from './notifier.js';
import type { ReminderClaims } from './reminder-claims.js';

export interface SchedulerOptions {
  instanceId?: string;
  /** How long a claim protects a send in progress before another instance may take it over. */
  leaseMs?: number;
  /** A reminder sent more than this after its time is marked late. */
  lateAfterMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
}

export interface TickReport {
  casesRead: number;
  planned: number;
  sent: number;
  failed: number;
  muted: number;
  late: number;
  retried: number;
}

export function reminderSettings(p: PartnershipConfig): ReminderSettings {
  return { timeZone: p.timeZone, reminderTime: p.reminderTime, timescales: p.timescales, holders: p.holders };
}

/** The snapshot field the scheduler's query reads (stored under `index.` by the repository). */
export function reminderIndexer(partnerships: PartnershipConfig[]) {
  const byId = new Map(partnerships.map((p) => [p.id, p]));
  return (c: Case): Record<string, unknown> => {
    const p = byId.get(c.partnershipId);
    const next = p ? nextReminderOn(c, reminderSettings(p)) : undefined;
    return next ? { nextReminderOn: next } : {};
  };
}

export class ReminderScheduler extends PeriodicJob<TickReport> {
  private readonly opts: Required<Omit<SchedulerOptions, 'instanceId'>>;

  constructor(
    private readonly repo: CaseRepository,
    private readonly claims: ReminderClaims,
    private readonly partnerships: PartnershipConfig[],
    private readonly notifiers: Notifier[],
    private readonly clock: Clock,
    log?: Logger,
    options: SchedulerOptions = {},
  ) {
    super('reminder', log, options.instanceId);
    this.opts = {
      leaseMs: options.leaseMs ?? 5 * 60_000,
      lateAfterMs: options.lateAfterMs ?? 15 * 60_000,
      backoffBaseMs: options.backoffBaseMs ?? 30_000,
      backoffMaxMs: options.backoffMaxMs ?? 30 * 60_000,
    };
  }

  async init(): Promise<void> {
    await this.claims.init();
    await this.repo.engine.collection('cases').createIndex({ 'index.nextReminderOn': 1 }, { name: 'case_next_reminder' });
  }

  /** Ticks on `pattern` until stopped. */
  override start(pattern = '* * * * *'): void {
    super.start(pattern);
  }

  protected override async runTick(): Promise<TickReport> {
    const now = this.clock.now();
    const report: TickReport = { casesRead: 0, planned: 0, sent: 0, failed: 0, muted: 0, late: 0, retried: 0 };
    for (const claim of await this.claims.takeOverDue(this.instanceId, now, this.opts.leaseMs)) {
      report.retried++;
      const c = await this.repo.load(claim.reminder.caseId);
      const notifier = this.notifiers.find((n) => n.platform === claim.platform);
      if (!c || !notifier) continue;
      await this.send(claim._id, notifier, claim.reminder, c, claim.attempts, claim.late, report);
    }
    for (const p of this.partnerships) {
      const today = dateIn(now, p.timeZone);
      if (!isWorkingDay(today) || now < instantAt(today, p.reminderTime, p.timeZone)) continue;
      const cases = await this.repo.query({ partnershipId: p.id, 'index.nextReminderOn': { $lte: today } });
      report.casesRead += cases.length;
      const settings = reminderSettings(p);
      const muted = await this.claims.mutedKinds(p.id);
      for (const c of cases) {
        const planned = planReminders(c, settings, now);
        report.planned += planned.length;
        const taken = await this.claims.taken(planned.flatMap((r) => this.notifiers.map((n) => `${r.key}@${n.platform}`)));
        for (const r of planned) {
          const holder = r.holderId ? p.holders.find((h) => h.id === r.holderId) : undefined;
          if (holder && muted.get(holder.id)?.has(r.kind)) {
            report.muted++;
            continue;
          }
          // Late only if it could have gone at the usual time: not for a case notified (or changed) since then, whose reminder is new.
          const late = now.getTime() - new Date(r.dueAt).getTime() > this.opts.lateAfterMs && c.updatedAt <= r.dueAt;
          for (const n of this.notifiers) {
            if (taken.has(`${r.key}@${n.platform}`)) continue;
            if (!n.applies({ reminder: r, case: c, partnership: p, ...(holder ? { holder } : {}) })) continue;
            if (!(await this.claims.claim(r, n.platform, this.instanceId, now, this.opts.leaseMs, late))) continue;
            if (late) report.late++;
            await this.send(`${r.key}@${n.platform}`, n, r, c, 0, late, report);
          }
        }
      }
    }
    return report;
  }

  private async send(claimId: string, n: Notifier, r: PlannedReminder, c: Case, attempts: number, late: boolean, report: TickReport): Promise<void> {
    const p = this.partnerships.find((x) => x.id === r.partnershipId);
    if (!p) return;
    const holder = r.holderId ? p.holders.find((h) => h.id === r.holderId) : undefined;
    try {
      await n.deliver({ reminder: r, case: c, partnership: p, late, ...(holder ? { holder } : {}) });
      await this.claims.markSent(claimId, this.instanceId, this.clock.now());
      report.sent++;
    } catch (err) {
      report.failed++;
      const wait =
        err instanceof DeliveryError && err.retryAfterMs !== undefined
          ? err.retryAfterMs
          : Math.min(this.opts.backoffMaxMs, this.opts.backoffBaseMs * 2 ** attempts);
      await this.claims.markRetry(claimId, this.instanceId, new Date(this.clock.now().getTime() + wait), safeError(err).message);
      this.log?.warn({ reminder: r.key, platform: n.platform, attempts: attempts + 1, retryInMs: wait }, 'reminder delivery failed; will retry');
    }
  }
}

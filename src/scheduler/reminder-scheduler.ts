/**
 * Delivery: wakes regularly (croner), plans each partnership's reminders from the cases whose next
 * reminder day has come (an indexed query, not a scan of every case), claims them in the store in
 * one batch, and sends it through every platform it applies to. Failed sends are retried with back-off
 * (Retry-After honoured) and never dropped; a reminder sent after its time is marked late.
 */
import type { Logger } from 'pino';
import { PeriodicJob } from './periodic-job.js';
import type { PartnershipConfig } from '../config.js';
import { dateIn, instantAt, isWorkingDay } from '../domain/calendar.js';
import type { Clock } from '../domain/clock.js';
import {
  nextReminderOn,
  planReminders,
  type PlannedReminder,
  type ReminderSettings,
} from '../domain/reminders.js';
import { safeError } from '../logger.js';
import type { Case } from '../domain/case.js';
import type { CaseRepository } from '../store/case-repository.js';
import { DeliveryError, type Notifier } from './notifier.js';
import type { ClaimRequest, ReminderClaims } from './reminder-claims.js';

/** Reminders claimed per round trip. */
const CLAIM_BATCH = 500;
/**
 * Sent reminders marked sent per round trip: one, so a crash re-sends at most the one reminder in
 * flight (nothing sent twice matters more here than the tick's CPU; a larger batch would re-send
 * every sent-but-unmarked reminder of the batch once its lease runs out).
 */
const MARK_BATCH = 1;

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
  /** CPU time of this process in each phase of the tick, in ms (the benchmark prints them; a log line may). */
  cpuMs: TickCpu;
  casesRead: number;
  planned: number;
  sent: number;
  failed: number;
  muted: number;
  late: number;
  retried: number;
}

/**
 * A tick's phases: reading the due cases and planning their reminders; looking up and taking the
 * claims; delivering each reminder and marking it sent (retries of earlier claims included).
 */
export interface TickCpu {
  plan: number;
  claim: number;
  deliver: number;
}

/** Adds the CPU time since the last lap to a phase (process.cpuUsage: user + system). */
function phaseTimer(into: TickCpu): (phase: keyof TickCpu) => void {
  let last = process.cpuUsage();
  return (phase) => {
    const now = process.cpuUsage();
    into[phase] += (now.user - last.user + now.system - last.system) / 1000;
    last = now;
  };
}

export function reminderSettings(p: PartnershipConfig): ReminderSettings {
  return {
    timeZone: p.timeZone,
    reminderTime: p.reminderTime,
    timescales: p.timescales,
    holders: p.holders,
  };
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
  /**
   * Per partnership, the day and the cases (id → version) whose reminders for that day were all
   * claimed (by this instance or another) by an earlier tick: a case unchanged since plans the same
   * reminders again, so the ticks after the first of the day skip it instead of planning it anew.
   * A case with a muted reminder is not kept (an unmute the same day sends it).
   */
  private readonly handled = new Map<string, { day: string; cases: Map<string, number> }>();

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

  /** Nothing to prepare: the store indexes `index.nextReminderOn` itself. */
  async init(): Promise<void> {
    await this.claims.init();
  }

  /** Ticks on `pattern` until stopped. */
  override start(pattern = '* * * * *'): void {
    super.start(pattern);
  }

  protected override async runTick(): Promise<TickReport> {
    const now = this.clock.now();
    const report: TickReport = {
      cpuMs: { plan: 0, claim: 0, deliver: 0 },
      casesRead: 0,
      planned: 0,
      sent: 0,
      failed: 0,
      muted: 0,
      late: 0,
      retried: 0,
    };
    const lap = phaseTimer(report.cpuMs);
    for (const claim of await this.claims.takeOverDue(this.instanceId, now, this.opts.leaseMs)) {
      report.retried++;
      const c = await this.repo.load(claim.reminder.caseId);
      const notifier = this.notifiers.find((n) => n.platform === claim.platform);
      if (!c || !notifier) continue;
      await this.send(claim._id, notifier, claim.reminder, c, claim.attempts, claim.late, report);
    }
    lap('deliver');
    for (const p of this.partnerships) {
      const today = dateIn(now, p.timeZone);
      if (!isWorkingDay(today) || now < instantAt(today, p.reminderTime, p.timeZone)) continue;
      let handled = this.handled.get(p.id);
      if (handled?.day !== today)
        this.handled.set(p.id, (handled = { day: today, cases: new Map() }));
      // The cases handled earlier today and unchanged since are left out before they are opened:
      // the ticks after the first of the day decrypt only what changed.
      const known = handled.cases;
      const cases = await this.repo.find(
        { partnershipIds: [p.id], reminderDueBy: today },
        (id, version) => known.get(id) === version,
      );
      report.casesRead += cases.length;
      const settings = reminderSettings(p);
      const muted = await this.claims.mutedKinds(p.id);
      const settled: Case[] = [];
      // Plan every case first, then one lookup of the claims already taken and one batch of claims.
      const wanted: { r: PlannedReminder; c: Case; n: Notifier; late: boolean }[] = [];
      for (const c of cases) {
        const planned = planReminders(c, settings, now);
        report.planned += planned.length;
        let anyMuted = false;
        for (const r of planned) {
          const holder = r.holderId ? p.holders.find((h) => h.id === r.holderId) : undefined;
          if (holder && muted.get(holder.id)?.has(r.kind)) {
            report.muted++;
            anyMuted = true;
            continue;
          }
          // Late only if it could have gone at the usual time: not for a case notified (or changed) since then, whose reminder is new.
          const late =
            now.getTime() - new Date(r.dueAt).getTime() > this.opts.lateAfterMs &&
            c.updatedAt <= r.dueAt;
          for (const n of this.notifiers) {
            if (!n.applies({ reminder: r, case: c, partnership: p, ...(holder ? { holder } : {}) }))
              continue;
            wanted.push({ r, c, n, late });
          }
        }
        if (!anyMuted) settled.push(c);
      }
      lap('plan');
      const taken = await this.claims.taken(wanted.map((w) => `${w.r.key}@${w.n.platform}`));
      const fresh = wanted.filter((w) => !taken.has(`${w.r.key}@${w.n.platform}`));
      // Claimed a batch at a time just before sending, so that a lease covers its own sends only.
      for (let i = 0; i < fresh.length; i += CLAIM_BATCH) {
        const batch = fresh
          .slice(i, i + CLAIM_BATCH)
          .map((w) => ({ ...w, request: { reminder: w.r, platform: w.n.platform, late: w.late } }));
        const won = await this.claims.claimAll(
          batch.map((w) => w.request),
          this.instanceId,
          now,
          this.opts.leaseMs,
        );
        lap('claim');
        // Each successful send is marked sent before the next is sent (MARK_BATCH): a crash part way
        // re-sends at most the one in flight, once its lease runs out.
        let sent: ClaimRequest[] = [];
        const flush = async () => {
          await this.claims.markAllSent(
            sent,
            this.instanceId,
            now,
            this.opts.leaseMs,
            this.clock.now(),
          );
          sent = [];
        };
        for (const w of batch) {
          if (!won.has(`${w.r.key}@${w.n.platform}`)) continue;
          if (w.late) report.late++;
          await this.send(`${w.r.key}@${w.n.platform}`, w.n, w.r, w.c, 0, w.late, report, () =>
            sent.push(w.request),
          );
          if (sent.length >= MARK_BATCH) await flush();
        }
        await flush();
        lap('deliver');
      }
      // Every reminder of these cases is claimed now (sent, retrying, or another instance's).
      for (const c of settled) handled.cases.set(c.id, c.version);
      lap('plan');
    }
    return report;
  }

  /** Delivers one reminder; marks its claim sent (or, given `delivered`, leaves that to the caller's batch) or due for a retry. */
  private async send(
    claimId: string,
    n: Notifier,
    r: PlannedReminder,
    c: Case,
    attempts: number,
    late: boolean,
    report: TickReport,
    delivered?: () => void,
  ): Promise<void> {
    const p = this.partnerships.find((x) => x.id === r.partnershipId);
    if (!p) return;
    const holder = r.holderId ? p.holders.find((h) => h.id === r.holderId) : undefined;
    try {
      await n.deliver({
        reminder: r,
        case: c,
        partnership: p,
        late,
        ...(holder ? { holder } : {}),
      });
      if (delivered) delivered();
      else await this.claims.markSent(claimId, this.instanceId, this.clock.now());
      report.sent++;
    } catch (err) {
      report.failed++;
      const wait =
        err instanceof DeliveryError && err.retryAfterMs !== undefined
          ? err.retryAfterMs
          : Math.min(this.opts.backoffMaxMs, this.opts.backoffBaseMs * 2 ** attempts);
      await this.claims.markRetry(
        claimId,
        this.instanceId,
        new Date(this.clock.now().getTime() + wait),
        safeError(err).message,
      );
      this.log?.warn(
        { reminder: r.key, platform: n.platform, attempts: attempts + 1, retryInMs: wait },
        'reminder delivery failed; will retry',
      );
    }
  }
}

/**
 * The daily retention job: erases the personal fields of closed cases whose retention period
 * (`retentionMonths` of the partnership, counted from the day the case closed) has ended. Runs in
 * the scheduler process on a croner tick; each partnership's run of a day is claimed in the store
 * (`daily_jobs`, one document per partnership and day), so it happens once however many instances
 * tick; a run whose instance died is taken over when its lease expires. Each erasure is an ordinary
 * `erase` command by the bot (a `case.erased` event on the audit trail, with the reason), so the
 * store also destroys the earlier events' personal data (see CaseRepository.eraseHistory).
 */
import type { Logger } from 'pino';
import { PeriodicJob } from './periodic-job.js';
import { type CaseService } from '../app/case-service.js';
import { safeError } from '../logger.js';
import type { PartnershipConfig } from '../config.js';
import { addCalendarDays, addMonths, dateIn, instantAt } from '../domain/calendar.js';
import type { Clock } from '../domain/clock.js';
import { closedOn, retentionExpired } from '../domain/erasure.js';
import { systemActor, type Actor } from '../domain/roles.js';
import type { SideRecords, StorePort } from '../store/port.js';

export interface DailyJobDoc {
  _id: string; // `retention:<partnershipId>:<day>`
  job: 'retention';
  partnershipId: string;
  day: string;
  state: 'running' | 'done';
  owner: string;
  leaseUntil: string;
  startedAt: string;
  finishedAt?: string;
  erased?: number;
  failed?: number;
}

export interface RetentionReport {
  /** Partnerships whose run of the day this instance claimed. */
  claimed: string[];
  /** References of the cases erased. */
  erased: string[];
  failed: number;
}

export interface RetentionOptions {
  instanceId?: string;
  /** Local time (partnership's zone) from which the day's run may start; default 01:00. */
  runAfter?: string;
  leaseMs?: number;
}

/** The actor the job erases as: the bot, named for the audit trail. */
export function retentionActor(partnershipId: string): Actor {
  return { ...systemActor(partnershipId), name: 'CSPR bot (retention schedule)' };
}

export class RetentionJob extends PeriodicJob<RetentionReport> {
  private readonly runs: SideRecords<DailyJobDoc>;
  private readonly runAfter: string;
  private readonly leaseMs: number;

  constructor(
    private readonly service: CaseService,
    store: StorePort,
    private readonly clock: Clock,
    log?: Logger,
    options: RetentionOptions = {},
  ) {
    super('retention', log, options.instanceId);
    this.runs = store.records<DailyJobDoc>('daily_jobs');
    this.runAfter = options.runAfter ?? '01:00';
    this.leaseMs = options.leaseMs ?? 30 * 60_000;
  }

  /** Ticks on `pattern` until stopped. */
  override start(pattern = '*/15 * * * *'): void {
    super.start(pattern);
  }

  protected override async runTick(): Promise<RetentionReport> {
    const now = this.clock.now();
    const report: RetentionReport = { claimed: [], erased: [], failed: 0 };
    for (const p of this.service.partnerships) {
      const today = dateIn(now, p.timeZone);
      if (now < instantAt(today, this.runAfter, p.timeZone)) continue;
      const id = `retention:${p.id}:${today}`;
      if (!(await this.claim(id, p.id, today, now))) continue;
      report.claimed.push(p.id);
      await this.service.repo.finishErasures(); // an erasure a store failure left half done
      let erased = 0;
      let failed = 0;
      for (const c of await this.expired(p, today)) {
        const reason = `Retention period ended: ${p.retentionMonths} months after the case closed on ${closedOn(c, p.timeZone)}.`;
        try {
          await this.service.run(
            retentionActor(p.id),
            c.id,
            { type: 'erase', reason },
            `retention:${c.id}`,
          );
          report.erased.push(c.ref);
          erased++;
        } catch (err) {
          failed++;
          this.log?.error(
            { err: safeError(err), caseId: c.id },
            'retention: erasure failed; retried on the next day',
          );
        }
      }
      report.failed += failed;
      const rec = await this.runs.get(id);
      if (rec && rec.value.owner === this.instanceId)
        await this.runs.replaceIf(
          id,
          rec.rev,
          {
            ...rec.value,
            state: 'done',
            finishedAt: this.clock.now().toISOString(),
            erased,
            failed,
          },
          { owner: p.id },
        );
      if (erased || failed)
        this.log?.info(
          { partnershipId: p.id, erased, failed },
          'retention: closed cases past their retention period erased',
        );
    }
    return report;
  }

  /** Closed, not yet erased cases of the partnership whose retention period has ended by `today`. */
  async expired(p: PartnershipConfig, today: string) {
    // A coarse filter in the store (a few days' margin for month ends), then the exact rule.
    const cutoff = instantAt(
      addCalendarDays(addMonths(today, -p.retentionMonths), 4),
      '00:00',
      p.timeZone,
    ).toISOString();
    const cases = await this.service.repo.find({ partnershipIds: [p.id], closedBefore: cutoff });
    return cases.filter((c) => retentionExpired(c, p.retentionMonths, p.timeZone, today));
  }

  /** True when this instance won the day's run of the partnership (or took over one whose lease ran out). */
  private async claim(id: string, partnershipId: string, day: string, now: Date): Promise<boolean> {
    const leaseUntil = new Date(now.getTime() + this.leaseMs).toISOString();
    const run: DailyJobDoc = {
      _id: id,
      job: 'retention',
      partnershipId,
      day,
      state: 'running',
      owner: this.instanceId,
      leaseUntil,
      startedAt: now.toISOString(),
    };
    if (await this.runs.insertIfAbsent(id, run, { owner: partnershipId })) return true;
    const rec = await this.runs.get(id);
    if (!rec || rec.value.state !== 'running' || !(rec.value.leaseUntil < now.toISOString()))
      return false;
    return this.runs.replaceIf(
      id,
      rec.rev,
      { ...rec.value, owner: this.instanceId, leaseUntil },
      { owner: partnershipId },
    );
  }
}

/**
 * The weekly oversight digest: on the first working day of each ISO week, from the partnership's
 * reminder time (or later that week if the bot was down, marked late), one digest of the
 * partnership's open cases to each chair (direct message) and to the review group's channel when
 * configured. Each delivery is claimed in the store under `oversight:<partnership>:<ISO week>:<to>@<platform>`
 * before it is sent, as reminders are, so it goes out exactly once however many instances tick;
 * a failed send is retried with back-off during that week.
 */
import type { Logger } from 'pino';
import { PeriodicJob } from './periodic-job.js';
import { safeError } from '../logger.js';
import { person, type Recipient } from '../app/announcements.js';
import {
  firstWorkingDayOfWeek,
  isoWeek,
  oversightDigest,
  type OversightDigest,
} from '../app/oversight.js';
import { digestRecipients } from '../app/scheduled-announcements.js';
import type { Holder, PartnershipConfig } from '../config.js';
import { dateIn, instantAt, isWorkingDay } from '../domain/calendar.js';
import type { Case } from '../domain/case.js';
import type { Clock } from '../domain/clock.js';
import type { CaseRepository } from '../store/case-repository.js';
import type { SideRecords, StorePort } from '../store/port.js';
import { DeliveryError } from './notifier.js';

/** Who receives a digest: a chair (by holder id) or the review group's channel. */
export type DigestTarget = { kind: 'chair'; holder: Holder } | { kind: 'group' };

export interface DigestDelivery {
  digest: OversightDigest;
  partnership: PartnershipConfig;
  /** The partnership's open cases (a platform may need one for its service URL). */
  cases: Case[];
  target: DigestTarget;
  late: boolean;
}

/** What each platform implements to deliver the digest. */
export interface DigestNotifier {
  readonly platform: 'slack' | 'teams';
  targets(p: PartnershipConfig, cases: Case[]): DigestTarget[];
  deliver(d: DigestDelivery): Promise<void>;
}

interface DigestClaim {
  _id: string;
  partnershipId: string;
  week: string;
  platform: 'slack' | 'teams';
  state: 'sending' | 'retry' | 'sent';
  owner: string;
  leaseUntil: string;
  attempts: number;
  nextAttemptAt?: string;
  sentAt?: string;
  lastError?: string;
}

export interface OversightReport {
  partnerships: number;
  sent: number;
  failed: number;
  skipped: number;
}

/**
 * The digest's recipients (src/app says who) that a platform can reach, as the scheduler's targets:
 * a holder of OVERSEES_OPEN_CASES (kept as `chair` in the claim ids) or the review group.
 */
export function digestTargets(
  p: PartnershipConfig,
  reachable: (to: Recipient) => boolean,
): DigestTarget[] {
  return digestRecipients(p)
    .filter(reachable)
    .flatMap((to): DigestTarget[] => {
      if (to.kind === 'review-group') return [{ kind: 'group' }];
      const holder = to.kind === 'person' ? p.holders.find((h) => h.id === to.holderId) : undefined;
      return holder ? [{ kind: 'chair', holder }] : [];
    });
}

/** A target as the recipient of the digest's announcement. */
export function recipientOf(t: DigestTarget): Recipient {
  return t.kind === 'chair' ? person(t.holder) : { kind: 'review-group' };
}

const targetId = (t: DigestTarget) => (t.kind === 'chair' ? `chair-${t.holder.id}` : 'group');

export class OversightScheduler extends PeriodicJob<OversightReport> {
  private readonly claims: SideRecords<DigestClaim>;
  /**
   * Per partnership, the week and its open cases (id → version) at the tick that found every
   * digest target's claim of that week sent. The ticks after it (one a minute) compare the cases'
   * versions, read without opening them, and skip the partnership while nothing changed: with the
   * same cases the targets are the same and there is nothing left to send. (Opening every open
   * case each minute was a second of CPU at 10,000 cases, stalling the requests meanwhile.)
   */
  private readonly settled = new Map<string, { week: string; versions: Map<string, number> }>();

  constructor(
    private readonly repo: CaseRepository,
    store: StorePort,
    private readonly partnerships: PartnershipConfig[],
    private readonly notifiers: DigestNotifier[],
    private readonly clock: Clock,
    log?: Logger,
    private readonly opts: {
      instanceId?: string;
      leaseMs?: number;
      backoffBaseMs?: number;
      backoffMaxMs?: number;
    } = {},
  ) {
    super('oversight', log, opts.instanceId);
    this.claims = store.records<DigestClaim>('oversight_claims');
  }

  /** Nothing to prepare (kept for symmetry with the other jobs). */
  async init(): Promise<void> {}

  /** Ticks on `pattern` until stopped. */
  override start(pattern = '* * * * *'): void {
    super.start(pattern);
  }

  protected override async runTick(): Promise<OversightReport> {
    const now = this.clock.now();
    const report: OversightReport = { partnerships: 0, sent: 0, failed: 0, skipped: 0 };
    for (const p of this.partnerships) {
      const today = dateIn(now, p.timeZone);
      const first = firstWorkingDayOfWeek(today);
      if (!first || today < first || !isWorkingDay(today)) continue;
      if (today === first && now < instantAt(today, p.reminderTime, p.timeZone)) continue;
      const week = isoWeek(today);
      const query = { partnershipIds: [p.id], notStates: ['closed' as const] };
      const versions = await this.repo.versions(query); // reads no case
      const settled = this.settled.get(p.id);
      if (settled?.week === week && sameVersions(settled.versions, versions)) continue;
      this.settled.delete(p.id);
      let allSent = true;
      // Only this partnership's cases: the digest never mixes partnerships.
      const cases = (await this.repo.find(query)).filter((c) => c.partnershipId === p.id);
      const digest = oversightDigest(p, cases, now);
      report.partnerships++;
      // Late only when the bot was meant to have sent it on the first working day: not for the very
      // first digest of a new install (no digest of an earlier week), which simply starts that week.
      const late =
        today !== first &&
        (await this.claims.listByOwner(p.id)).some(
          (r) => r.value.week < week && r.value.state === 'sent',
        );
      for (const n of this.notifiers) {
        for (const target of n.targets(p, cases)) {
          const id = `oversight:${p.id}:${week}:${targetId(target)}@${n.platform}`;
          if (!(await this.claim(id, p.id, week, n.platform, now))) {
            report.skipped++;
            if ((await this.claims.get(id))?.value.state !== 'sent') allSent = false; // another instance's send in progress, or a retry to come
            continue;
          }
          if (!(await this.send(id, n, { digest, partnership: p, cases, target, late }, report)))
            allSent = false;
        }
      }
      if (allSent) this.settled.set(p.id, { week, versions });
    }
    return report;
  }

  /** True when this instance may send now: a new claim, or one due for retry, or one whose sender vanished. */
  private async claim(
    id: string,
    partnershipId: string,
    week: string,
    platform: 'slack' | 'teams',
    now: Date,
  ): Promise<boolean> {
    const leaseUntil = new Date(now.getTime() + (this.opts.leaseMs ?? 5 * 60_000)).toISOString();
    const fresh: DigestClaim = {
      _id: id,
      partnershipId,
      week,
      platform,
      state: 'sending',
      owner: this.instanceId,
      leaseUntil,
      attempts: 0,
    };
    if (await this.claims.insertIfAbsent(id, fresh, { owner: partnershipId })) return true;
    const at = now.toISOString();
    const rec = await this.claims.get(id);
    const c = rec?.value;
    if (
      !rec ||
      !c ||
      !(
        (c.state === 'retry' && c.nextAttemptAt! <= at) ||
        (c.state === 'sending' && c.leaseUntil < at)
      )
    )
      return false;
    return this.claims.replaceIf(
      id,
      rec.rev,
      { ...c, state: 'sending', owner: this.instanceId, leaseUntil },
      { owner: partnershipId },
    );
  }

  /** Changes the claim only while this instance holds it (compare-and-set on its revision). */
  private async update(
    id: string,
    change: (c: DigestClaim) => DigestClaim,
  ): Promise<DigestClaim | undefined> {
    for (
      let rec = await this.claims.get(id);
      rec && rec.value.owner === this.instanceId;
      rec = await this.claims.get(id)
    ) {
      const next = change(rec.value);
      if (await this.claims.replaceIf(id, rec.rev, next, { owner: next.partnershipId }))
        return rec.value;
    }
    return undefined;
  }

  /** Delivers one digest; true once it is marked sent. */
  private async send(
    id: string,
    n: DigestNotifier,
    d: DigestDelivery,
    report: OversightReport,
  ): Promise<boolean> {
    try {
      await n.deliver(d);
      const marked = await this.update(id, (c) => ({
        ...c,
        state: 'sent',
        sentAt: this.clock.now().toISOString(),
        attempts: c.attempts + 1,
      }));
      report.sent++;
      return marked !== undefined; // false when another instance took the claim over meanwhile
    } catch (err) {
      report.failed++;
      const attempts = (await this.claims.get(id))?.value.attempts ?? 0;
      const wait =
        err instanceof DeliveryError && err.retryAfterMs !== undefined
          ? err.retryAfterMs
          : Math.min(
              this.opts.backoffMaxMs ?? 30 * 60_000,
              (this.opts.backoffBaseMs ?? 30_000) * 2 ** attempts,
            );
      const next = new Date(this.clock.now().getTime() + wait).toISOString();
      const lastError = safeError(err).message.slice(0, 200);
      await this.update(id, (c) => ({
        ...c,
        state: 'retry',
        nextAttemptAt: next,
        leaseUntil: next,
        lastError,
        attempts: c.attempts + 1,
      }));
      this.log?.warn(
        { digest: id, platform: n.platform, attempts: attempts + 1, retryInMs: wait },
        'oversight digest delivery failed; will retry',
      );
      return false;
    }
  }
}

function sameVersions(a: Map<string, number>, b: Map<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, v] of a) if (b.get(id) !== v) return false;
  return true;
}

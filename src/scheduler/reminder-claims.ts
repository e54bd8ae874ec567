/**
 * Claims in the store make each reminder go out exactly once per platform, however many bot
 * instances tick at once: the claim's id is the reminder's unique key, so only one insert wins.
 * A tick claims all of its reminders in one batch (one round trip). A failed send is kept with
 * its next attempt time; a claim whose sender vanished (a crash) is taken over once its lease
 * expires. Stored as side records (port.ts): `due` is the lease end or the next attempt, so one
 * indexed query finds every claim to take over.
 */
import type { PlannedReminder } from '../domain/reminders.js';
import type { SideRecord, SideRecords, StorePort } from '../store/port.js';

export type ClaimState = 'sending' | 'retry' | 'sent';

export interface ClaimDoc {
  _id: string;
  platform: 'slack' | 'teams';
  reminder: PlannedReminder;
  state: ClaimState;
  owner: string;
  leaseUntil: string;
  attempts: number;
  late: boolean;
  claimedAt: string;
  nextAttemptAt?: string;
  sentAt?: string;
  lastError?: string;
}

export interface MuteDoc {
  _id: string; // `${partnershipId}:${holderId}:${kind}`
  partnershipId: string;
  holderId: string;
  kind: string;
}

export interface ClaimRequest {
  reminder: PlannedReminder;
  platform: 'slack' | 'teams';
  late: boolean;
}

/** A claim's place in the due index: when it may be taken over (never once sent). */
const dueOf = (c: ClaimDoc) =>
  c.state === 'sent' ? {} : { dueAt: c.state === 'retry' ? c.nextAttemptAt! : c.leaseUntil };
const metaOf = (c: ClaimDoc) => ({ owner: c.reminder.caseId, ...dueOf(c) });
/** Where a claim is listed (its case) and when it is due for attention: for `cspr migrate-store`. */
export const claimMeta = metaOf;

/** A claim as `claimAll` writes it. */
function claimDoc(
  { reminder, platform, late }: ClaimRequest,
  owner: string,
  now: Date,
  leaseMs: number,
): ClaimDoc {
  return {
    _id: `${reminder.key}@${platform}`,
    platform,
    reminder,
    state: 'sending',
    owner,
    leaseUntil: new Date(now.getTime() + leaseMs).toISOString(),
    attempts: 0,
    late,
    claimedAt: now.toISOString(),
  };
}

export class ReminderClaims {
  readonly claims: SideRecords<ClaimDoc>;
  readonly mutes: SideRecords<MuteDoc>;

  constructor(store: StorePort) {
    this.claims = store.records<ClaimDoc>('reminder_claims');
    this.mutes = store.records<MuteDoc>('reminder_mutes');
  }

  /** Kept for callers that initialised the claims' indexes: the store creates them itself. */
  async init(): Promise<void> {}

  /** True when this caller won the claim and must send. */
  async claim(
    r: PlannedReminder,
    platform: 'slack' | 'teams',
    owner: string,
    now: Date,
    leaseMs: number,
    late: boolean,
  ): Promise<boolean> {
    return (await this.claimAll([{ reminder: r, platform, late }], owner, now, leaseMs)).size === 1;
  }

  /** Claims many reminders in one round trip; returns the claim ids this caller won. */
  async claimAll(
    requests: readonly ClaimRequest[],
    owner: string,
    now: Date,
    leaseMs: number,
  ): Promise<Set<string>> {
    const docs = requests.map((r) => claimDoc(r, owner, now, leaseMs));
    return this.claims.insertManyIfAbsent(docs.map((d) => ({ id: d._id, value: d, ...metaOf(d) })));
  }

  /**
   * Marks sent, in one round trip, reminders this caller claimed with `claimAll(requests, owner,
   * claimedAt, leaseMs)` and has just sent: each claim is still as claimAll wrote it (revision 1),
   * unless another instance took it over meanwhile. Any claim not as written is marked one by one
   * (markSent: only while this caller still holds it).
   */
  async markAllSent(
    requests: readonly ClaimRequest[],
    owner: string,
    claimedAt: Date,
    leaseMs: number,
    sentAt: Date,
  ): Promise<void> {
    if (requests.length === 0) return;
    const items = requests.map((r) => {
      const { nextAttemptAt: _next, ...claimed } = claimDoc(r, owner, claimedAt, leaseMs);
      const sent: ClaimDoc = {
        ...claimed,
        state: 'sent',
        sentAt: sentAt.toISOString(),
        attempts: claimed.attempts + 1,
      };
      return { id: sent._id, rev: 1, value: sent, ...metaOf(sent) };
    });
    const done = await this.claims.replaceManyIf(items);
    for (const it of items) if (!done.has(it.id)) await this.markSent(it.id, owner, sentAt);
  }

  /** Takes over claims due for another attempt, or whose sender's lease ran out. */
  async takeOverDue(owner: string, now: Date, leaseMs: number, limit = 100): Promise<ClaimDoc[]> {
    const at = now.toISOString();
    const won: ClaimDoc[] = [];
    for (const rec of await this.claims.due(at, limit)) {
      const c = rec.value;
      // A sender's lease must have run out (strictly); a retry is due at its time.
      if (c.state === 'sent' || (c.state === 'sending' && !(c.leaseUntil < at))) continue;
      const taken: ClaimDoc = {
        ...c,
        state: 'sending',
        owner,
        leaseUntil: new Date(now.getTime() + leaseMs).toISOString(),
      };
      if (await this.claims.replaceIf(rec.id, rec.rev, taken, metaOf(taken))) won.push(taken);
    }
    return won;
  }

  async markSent(id: string, owner: string, now: Date): Promise<void> {
    await this.update(id, owner, (c) => {
      const { nextAttemptAt: _next, ...rest } = c;
      return { ...rest, state: 'sent', sentAt: now.toISOString(), attempts: c.attempts + 1 };
    });
  }

  async markRetry(id: string, owner: string, nextAttemptAt: Date, error: string): Promise<void> {
    const next = nextAttemptAt.toISOString();
    await this.update(id, owner, (c) => ({
      ...c,
      state: 'retry',
      nextAttemptAt: next,
      leaseUntil: next,
      lastError: error.slice(0, 200),
      late: true,
      attempts: c.attempts + 1,
    }));
  }

  /** A claim as stored (for the scheduler's tests and the operators' tools). */
  async get(id: string): Promise<ClaimDoc | undefined> {
    return (await this.claims.get(id))?.value;
  }

  /** Of these claim ids, the ones already taken (one indexed lookup instead of one insert each). */
  async taken(ids: string[]): Promise<Set<string>> {
    return ids.length ? this.claims.existing(ids) : new Set();
  }

  /** Muted kinds of every holder of a partnership: holder id → kinds. */
  async mutedKinds(partnershipId: string): Promise<Map<string, Set<string>>> {
    const out = new Map<string, Set<string>>();
    for (const { value: d } of await this.mutes.listByOwner(partnershipId)) {
      const kinds = out.get(d.holderId) ?? new Set<string>();
      kinds.add(d.kind);
      out.set(d.holderId, kinds);
    }
    return out;
  }

  async setMuted(
    partnershipId: string,
    holderId: string,
    kind: string,
    muted: boolean,
  ): Promise<void> {
    const _id = `${partnershipId}:${holderId}:${kind}`;
    if (muted)
      await this.mutes.put(_id, { _id, partnershipId, holderId, kind }, { owner: partnershipId });
    else await this.mutes.delete(_id);
  }

  /** Changes the claim only while `owner` holds it (compare-and-set on its revision). */
  private async update(
    id: string,
    owner: string,
    change: (c: ClaimDoc) => ClaimDoc,
  ): Promise<void> {
    for (
      let rec: SideRecord<ClaimDoc> | undefined = await this.claims.get(id);
      rec && rec.value.owner === owner;
      rec = await this.claims.get(id)
    ) {
      const next = change(rec.value);
      if (await this.claims.replaceIf(id, rec.rev, next, metaOf(next))) return;
    }
  }
}

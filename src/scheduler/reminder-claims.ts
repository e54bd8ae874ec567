/**
 * Claims in the store make each reminder go out exactly once per platform, however many bot
 * instances tick at once: the claim's `_id` is the reminder's unique key, so only one insert wins.
 * A failed send is kept with its next attempt time; a claim whose sender vanished (a crash) is
 * taken over once its lease expires.
 */
import type { PlannedReminder } from '../domain/reminders.js';
import { isDuplicateKeyError, type Doc, type StoreCollection, type StoreEngine } from '../store/collection.js';

export type ClaimState = 'sending' | 'retry' | 'sent';

export interface ClaimDoc extends Doc {
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

export interface MuteDoc extends Doc {
  _id: string; // `${partnershipId}:${holderId}:${kind}`
  partnershipId: string;
  holderId: string;
  kind: string;
}

export class ReminderClaims {
  readonly claims: StoreCollection<ClaimDoc>;
  readonly mutes: StoreCollection<MuteDoc>;

  constructor(engine: StoreEngine) {
    this.claims = engine.collection<ClaimDoc>('reminder_claims');
    this.mutes = engine.collection<MuteDoc>('reminder_mutes');
  }

  async init(): Promise<void> {
    await this.claims.createIndex({ state: 1 }, { name: 'claim_state' });
    await this.claims.createIndex({ 'reminder.caseId': 1 }, { name: 'claim_case' });
    await this.mutes.createIndex({ partnershipId: 1 }, { name: 'mute_partnership' });
  }

  /** True when this caller won the claim and must send. */
  async claim(r: PlannedReminder, platform: 'slack' | 'teams', owner: string, now: Date, leaseMs: number, late: boolean): Promise<boolean> {
    try {
      await this.claims.insertOne({
        _id: `${r.key}@${platform}`,
        platform,
        reminder: r,
        state: 'sending',
        owner,
        leaseUntil: new Date(now.getTime() + leaseMs).toISOString(),
        attempts: 0,
        late,
        claimedAt: now.toISOString(),
      });
      return true;
    } catch (err) {
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
  }

  /** Takes over claims due for another attempt, or whose sender's lease ran out. */
  async takeOverDue(owner: string, now: Date, leaseMs: number, limit = 100): Promise<ClaimDoc[]> {
    const at = now.toISOString();
    const candidates = [
      ...(await this.claims.find({ state: 'retry', nextAttemptAt: { $lte: at } }, { limit }).toArray()),
      ...(await this.claims.find({ state: 'sending', leaseUntil: { $lt: at } }, { limit }).toArray()),
    ];
    const won: ClaimDoc[] = [];
    for (const c of candidates) {
      const taken = await this.claims.findOneAndUpdate(
        { _id: c._id, state: c.state, leaseUntil: c.leaseUntil },
        { $set: { state: 'sending', owner, leaseUntil: new Date(now.getTime() + leaseMs).toISOString() } },
        { returnDocument: 'after' },
      );
      if (taken) won.push(taken);
    }
    return won;
  }

  async markSent(id: string, owner: string, now: Date): Promise<void> {
    await this.claims.updateOne({ _id: id, owner }, { $set: { state: 'sent', sentAt: now.toISOString() }, $inc: { attempts: 1 }, $unset: { nextAttemptAt: '' } });
  }

  async markRetry(id: string, owner: string, nextAttemptAt: Date, error: string): Promise<void> {
    await this.claims.updateOne(
      { _id: id, owner },
      { $set: { state: 'retry', nextAttemptAt: nextAttemptAt.toISOString(), leaseUntil: nextAttemptAt.toISOString(), lastError: error.slice(0, 200), late: true }, $inc: { attempts: 1 } },
    );
  }

  /** Of these claim ids, the ones already taken (one indexed lookup instead of one insert each). */
  async taken(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const docs = await this.claims.find({ _id: { $in: ids } }, { projection: { _id: 1 } }).toArray();
    return new Set(docs.map((d) => d._id));
  }

  /** Muted kinds of every holder of a partnership: holder id → kinds. */
  async mutedKinds(partnershipId: string): Promise<Map<string, Set<string>>> {
    const out = new Map<string, Set<string>>();
    for (const d of await this.mutes.find({ partnershipId }).toArray()) {
      const kinds = out.get(d.holderId) ?? new Set<string>();
      kinds.add(d.kind);
      out.set(d.holderId, kinds);
    }
    return out;
  }

  async setMuted(partnershipId: string, holderId: string, kind: string, muted: boolean): Promise<void> {
    const _id = `${partnershipId}:${holderId}:${kind}`;
    if (muted) await this.mutes.updateOne({ _id }, { $set: { partnershipId, holderId, kind } }, { upsert: true });
    else await this.mutes.deleteOne({ _id });
  }
}

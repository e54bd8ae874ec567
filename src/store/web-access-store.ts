/**
 * `WebAccessStore` (src/app/web-access.ts) on the store port's side records: three kinds keyed by a
 * token's SHA-256 (never the token). A feed is listed by its holder (one per person and
 * partnership). Links and sessions carry their expiry as the record's due time, so the sweep reads
 * only what has expired; whether a link or session is still valid is decided by `WebAccess` on the
 * bot's clock, not by the store's.
 */
import type { Expiring, HolderRef, WebAccessStore } from '../app/web-access.js';
import type { SideRecords, StorePort } from './port.js';

const SWEEP_BATCH = 500;

export class PortWebAccessStore implements WebAccessStore {
  private readonly links: SideRecords<Expiring>;
  private readonly sessions: SideRecords<Expiring>;
  private readonly feeds: SideRecords<HolderRef>;

  constructor(store: StorePort) {
    this.links = store.records<Expiring>('web_sign_in_links');
    this.sessions = store.records<Expiring>('web_sessions');
    this.feeds = store.records<HolderRef>('calendar_feeds');
  }

  async init(): Promise<void> {
    // The port's records need no set-up of their own: kept for the composition root's order.
  }

  async deleteExpired(now: Date): Promise<void> {
    const at = now.toISOString();
    for (const kind of [this.links, this.sessions]) {
      for (;;) {
        const expired = (await kind.due(at, SWEEP_BATCH)).filter((r) => r.value.expiresAt < at);
        for (const r of expired) await kind.delete(r.id);
        if (expired.length < SWEEP_BATCH) break;
      }
    }
  }

  async saveSignInLink(hash: string, link: Expiring): Promise<void> {
    await this.links.put(hash, pick(link), { dueAt: link.expiresAt });
  }

  async findSignInLink(hash: string): Promise<Expiring | undefined> {
    return (await this.links.get(hash))?.value;
  }

  async consumeSignInLink(hash: string): Promise<boolean> {
    return this.links.delete(hash);
  }

  async saveSession(hash: string, session: Expiring): Promise<void> {
    await this.sessions.put(hash, pick(session), { dueAt: session.expiresAt });
  }

  async findSession(hash: string): Promise<Expiring | undefined> {
    return (await this.sessions.get(hash))?.value;
  }

  async deleteSession(hash: string): Promise<void> {
    await this.sessions.delete(hash);
  }

  async saveFeedToken(hash: string, h: HolderRef): Promise<void> {
    await this.revokeFeedToken(h);
    await this.feeds.put(
      hash,
      { partnershipId: h.partnershipId, holderId: h.holderId },
      { owner: holderKey(h) },
    );
  }

  async findFeedToken(hash: string): Promise<HolderRef | undefined> {
    const r = await this.feeds.get(hash);
    return r ? { partnershipId: r.value.partnershipId, holderId: r.value.holderId } : undefined;
  }

  async revokeFeedToken(h: HolderRef): Promise<boolean> {
    let any = false;
    for (const r of await this.feeds.listByOwner(holderKey(h)))
      any = (await this.feeds.delete(r.id)) || any;
    return any;
  }
}

const holderKey = (h: HolderRef): string => `${h.partnershipId}:${h.holderId}`;

function pick(x: Expiring): Expiring {
  return { partnershipId: x.partnershipId, holderId: x.holderId, expiresAt: x.expiresAt };
}

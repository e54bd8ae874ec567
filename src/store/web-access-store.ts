/**
 * `WebAccessStore` (src/app/web-access.ts) on the store engine: three small collections keyed by a
 * token's SHA-256 (never the token). Lookups are by key, or by one field (the holder of a feed, the
 * expiry of links and sessions).
 */
import type { Expiring, HolderRef, WebAccessStore } from '../app/web-access.js';
import type { Doc, StoreCollection, StoreEngine } from './collection.js';

interface ExpiringDoc extends Doc, Expiring {
  _id: string;
}
interface FeedDoc extends Doc, HolderRef {
  _id: string;
  /** `${partnershipId}:${holderId}`: one feed per person and partnership. */
  holder: string;
}

const expiring = (d: ExpiringDoc | null): Expiring | undefined => (d ? pick(d) : undefined);

export class EngineWebAccessStore implements WebAccessStore {
  private readonly links: StoreCollection<ExpiringDoc>;
  private readonly sessions: StoreCollection<ExpiringDoc>;
  private readonly feeds: StoreCollection<FeedDoc>;

  constructor(engine: StoreEngine) {
    this.links = engine.collection<ExpiringDoc>('web_sign_in_links');
    this.sessions = engine.collection<ExpiringDoc>('web_sessions');
    this.feeds = engine.collection<FeedDoc>('calendar_feeds');
  }

  async init(): Promise<void> {
    await this.feeds.createIndex({ holder: 1 }, { name: 'feed_holder', unique: true });
    await this.links.createIndex({ expiresAt: 1 }, { name: 'link_expiry' });
    await this.sessions.createIndex({ expiresAt: 1 }, { name: 'session_expiry' });
  }

  async deleteExpired(now: Date): Promise<void> {
    const before = { expiresAt: { $lt: now.toISOString() } };
    await this.links.deleteMany(before);
    await this.sessions.deleteMany(before);
  }

  async saveSignInLink(hash: string, link: Expiring): Promise<void> {
    await this.links.insertOne({ _id: hash, ...pick(link) });
  }

  async findSignInLink(hash: string): Promise<Expiring | undefined> {
    return expiring(await this.links.findOne({ _id: hash }));
  }

  async consumeSignInLink(hash: string): Promise<boolean> {
    return (await this.links.deleteOne({ _id: hash })).deletedCount === 1;
  }

  async saveSession(hash: string, session: Expiring): Promise<void> {
    await this.sessions.insertOne({ _id: hash, ...pick(session) });
  }

  async findSession(hash: string): Promise<Expiring | undefined> {
    return expiring(await this.sessions.findOne({ _id: hash }));
  }

  async deleteSession(hash: string): Promise<void> {
    await this.sessions.deleteOne({ _id: hash });
  }

  async saveFeedToken(hash: string, h: HolderRef): Promise<void> {
    const holder = `${h.partnershipId}:${h.holderId}`;
    await this.feeds.deleteMany({ holder });
    await this.feeds.insertOne({ _id: hash, holder, partnershipId: h.partnershipId, holderId: h.holderId });
  }

  async findFeedToken(hash: string): Promise<HolderRef | undefined> {
    const d = await this.feeds.findOne({ _id: hash });
    return d ? { partnershipId: d.partnershipId, holderId: d.holderId } : undefined;
  }

  async revokeFeedToken(h: HolderRef): Promise<boolean> {
    return (await this.feeds.deleteMany({ holder: `${h.partnershipId}:${h.holderId}` })).deletedCount > 0;
  }
}

function pick(x: Expiring): Expiring {
  return { partnershipId: x.partnershipId, holderId: x.holderId, expiresAt: x.expiresAt };
}

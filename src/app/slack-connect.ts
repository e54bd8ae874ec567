/**
 * Partners of other organisations' Slack workspaces (Slack Connect). A holder may carry
 * `slackEmail` instead of a `slackUserId`: the bot invites them to each case channel by email and
 * learns their user id when they accept (or when Slack can look the email up). A learned id is
 * kept (SlackIdStore) and set on the holder, so votes, reminders and direct messages find them
 * like anyone else; `external` says whether they are of another workspace (invited through Slack
 * Connect rather than conversations.invite).
 */
import type { Holder, PartnershipConfig } from '../config.js';

export interface LearnedSlackId {
  partnershipId: string;
  holderId: string;
  userId: string;
  /** Of another workspace than the partnership's own. */
  external: boolean;
}

/** Where learned ids are kept (src/store/slack-ids.ts). */
export interface SlackIdStore {
  all(): Promise<LearnedSlackId[]>;
  save(id: LearnedSlackId): Promise<void>;
}

export class SlackConnectDirectory {
  private readonly external = new Set<string>();
  /** Holders whose id the partnership file gives: never replaced by a learned one. */
  private readonly configured = new Set<Holder>();

  constructor(
    private readonly partnerships: PartnershipConfig[],
    private readonly store?: SlackIdStore,
  ) {
    for (const p of partnerships)
      for (const h of p.holders) if (h.slackUserId) this.configured.add(h);
  }

  /** Applies the ids learned before (at start). */
  async load(): Promise<void> {
    if (!this.store) return;
    for (const id of await this.store.all()) this.apply(id);
  }

  /** The holders invited by email whose user id is not known yet. */
  unresolved(p: PartnershipConfig): Holder[] {
    return p.holders.filter((h) => h.slackEmail && !h.slackUserId);
  }

  /** Holders of other workspaces (known by id or not yet): invited through Slack Connect, not conversations.invite. */
  isExternal(p: PartnershipConfig, h: Holder): boolean {
    if (this.configured.has(h) || !h.slackEmail) return false;
    return !h.slackUserId || this.external.has(key(p.id, h.id));
  }

  async learn(id: LearnedSlackId): Promise<void> {
    const p = this.partnerships.find((x) => x.id === id.partnershipId);
    const h = p?.holders.find((x) => x.id === id.holderId);
    if (!h || this.configured.has(h) || !h.slackEmail) return;
    if (
      h.slackUserId === id.userId &&
      this.external.has(key(id.partnershipId, id.holderId)) === id.external
    )
      return;
    await this.store?.save(id);
    this.apply(id);
  }

  private apply(id: LearnedSlackId): void {
    const h = this.partnerships
      .find((x) => x.id === id.partnershipId)
      ?.holders.find((x) => x.id === id.holderId);
    if (!h || this.configured.has(h) || !h.slackEmail) return; // the file changed since: the file wins
    h.slackUserId = id.userId;
    if (id.external) this.external.add(key(id.partnershipId, id.holderId));
    else this.external.delete(key(id.partnershipId, id.holderId));
  }
}

const key = (partnershipId: string, holderId: string) => `${partnershipId}:${holderId}`;

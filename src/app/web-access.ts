/**
 * Who may open the dashboard and the calendar feeds, outside chat: single-use sign-in links (valid
 * 10 minutes) that start an 8-hour session, and private calendar feed tokens. Every secret is a
 * long random token handed to the person once; only its SHA-256 is stored, so the store (or a copy
 * of it) opens nothing. Every request re-resolves the holder in the partnership file: a person
 * whose role was removed loses their session at their next request.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { PartnershipConfig } from '../config.js';
import { DomainError } from '../domain/errors.js';
import { can, notPermitted, type Action, type Actor } from '../domain/roles.js';
import type { Clock } from '../domain/clock.js';
import { actorOf } from './identity.js';

export const SIGN_IN_LINK_MINUTES = 10;
export const SESSION_HOURS = 8;

/** A holder of a partnership, as stored with a link, session or feed (no platform id, no name). */
export interface HolderRef {
  partnershipId: string;
  holderId: string;
}

export interface Expiring extends HolderRef {
  expiresAt: string; // ISO instant
}

/** The persistence this needs, in its own words (implemented in src/store/web-access-store.ts). */
export interface WebAccessStore {
  saveSignInLink(hash: string, link: Expiring): Promise<void>;
  findSignInLink(hash: string): Promise<Expiring | undefined>;
  /** Removes the link; true only for the one caller that removed it (a link is used once). */
  consumeSignInLink(hash: string): Promise<boolean>;
  saveSession(hash: string, session: Expiring): Promise<void>;
  findSession(hash: string): Promise<Expiring | undefined>;
  deleteSession(hash: string): Promise<void>;
  /** Replaces the holder's feed token (one per person and partnership). */
  saveFeedToken(hash: string, holder: HolderRef): Promise<void>;
  findFeedToken(hash: string): Promise<HolderRef | undefined>;
  /** Revokes the holder's feed; true when there was one. */
  revokeFeedToken(holder: HolderRef): Promise<boolean>;
  /** Removes sign-in links and sessions expired before `now`. */
  deleteExpired(now: Date): Promise<void>;
}

export const hashToken = (token: string): string =>
  createHash('sha256').update(token, 'utf8').digest('hex');
/** 32 random bytes, URL-safe: 256 bits, not guessable. */
export const newToken = (): string => randomBytes(32).toString('base64url');
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** The refusals of this module: 401 (or 404 for a feed) with a plain page; never says which part failed. */
export const signInRefused = () =>
  new DomainError(
    'auth.refused',
    'This link or session is not valid: it may have been used already, have expired, or your role may have changed. Ask the bot for a new link with /cspr dashboard.',
  );
export const feedNotFound = () => new DomainError('case.not_found', 'No such calendar feed.');

export class WebAccess {
  private readonly byId: Map<string, PartnershipConfig>;

  constructor(
    private readonly store: WebAccessStore,
    partnerships: PartnershipConfig[],
    private readonly clock: Clock,
    /** PUBLIC_URL, without a trailing slash (a function: the port may be known only once listening). */
    private readonly publicUrl: () => string,
  ) {
    this.byId = new Map(partnerships.map((p) => [p.id, p]));
  }

  /** The first of the person's actors whose roles allow `action`; else `action.not_permitted`. */
  private allowed(actors: Actor[], action: Action): Actor {
    const a = actors.find((x) => can(x, action, x.partnershipId));
    if (!a) throw notPermitted(action);
    return a;
  }

  /** The holder as an actor today, if they still hold a role allowing `action`. */
  actorFor(ref: HolderRef, action: Action = 'view-dashboard'): Actor | undefined {
    const p = this.byId.get(ref.partnershipId);
    const h = p?.holders.find((x) => x.id === ref.holderId);
    const actor = p && h ? actorOf(p, h) : undefined;
    return actor && can(actor, action, actor.partnershipId) ? actor : undefined;
  }

  /** `/cspr dashboard`: a link for this person alone, usable once within 10 minutes. */
  async signInLink(actors: Actor[]): Promise<{ url: string; expiresAt: string; actor: Actor }> {
    const actor = this.allowed(actors, 'view-dashboard');
    await this.store.deleteExpired(this.clock.now()); // expired links and sessions do not pile up
    const token = newToken();
    const expiresAt = new Date(
      this.clock.now().getTime() + SIGN_IN_LINK_MINUTES * 60_000,
    ).toISOString();
    await this.store.saveSignInLink(hashToken(token), {
      partnershipId: actor.partnershipId,
      holderId: actor.id,
      expiresAt,
    });
    return { url: `${this.publicUrl()}/dashboard/sign-in/${token}`, expiresAt, actor };
  }

  /** Whether a sign-in link is still good (without using it: a link preview must not spend it). */
  async checkSignInLink(token: string): Promise<void> {
    const link = TOKEN.test(token) ? await this.store.findSignInLink(hashToken(token)) : undefined;
    if (!link || this.expired(link) || !this.actorFor(link)) throw signInRefused();
  }

  /** Uses the link (once) and starts a session: returns the session token for the cookie. */
  async redeemSignInLink(token: string): Promise<{ session: string; maxAgeSeconds: number }> {
    const hash = TOKEN.test(token) ? hashToken(token) : undefined;
    const link = hash ? await this.store.findSignInLink(hash) : undefined;
    if (
      !hash ||
      !link ||
      !(await this.store.consumeSignInLink(hash)) ||
      this.expired(link) ||
      !this.actorFor(link)
    )
      throw signInRefused();
    return this.startSession(link);
  }

  /** A session for a holder already proven (a Teams tab's validated SSO token). */
  async startSession(holder: HolderRef): Promise<{ session: string; maxAgeSeconds: number }> {
    if (!this.actorFor(holder)) throw signInRefused();
    const session = newToken();
    const maxAgeSeconds = SESSION_HOURS * 3600;
    const expiresAt = new Date(this.clock.now().getTime() + maxAgeSeconds * 1000).toISOString();
    await this.store.saveSession(hashToken(session), {
      partnershipId: holder.partnershipId,
      holderId: holder.holderId,
      expiresAt,
    });
    return { session, maxAgeSeconds };
  }

  /** The actor of a session cookie; an unknown, expired or no-longer-permitted session is refused (and ended). */
  async sessionActor(token: string | undefined): Promise<Actor> {
    const hash = token && TOKEN.test(token) ? hashToken(token) : undefined;
    const s = hash ? await this.store.findSession(hash) : undefined;
    if (!hash || !s) throw signInRefused();
    const actor = this.expired(s) ? undefined : this.actorFor(s);
    if (!actor) {
      await this.store.deleteSession(hash);
      throw signInRefused();
    }
    return actor;
  }

  async endSession(token: string | undefined): Promise<void> {
    if (token && TOKEN.test(token)) await this.store.deleteSession(hashToken(token));
  }

  /** `/cspr calendar`: a new private feed URL for this person (any earlier one stops working). */
  async feedUrl(actors: Actor[]): Promise<{ url: string; actor: Actor }> {
    const actor = this.allowed(actors, 'view');
    const token = newToken();
    await this.store.saveFeedToken(hashToken(token), {
      partnershipId: actor.partnershipId,
      holderId: actor.id,
    });
    return { url: `${this.publicUrl()}/calendar/${token}.ics`, actor };
  }

  /** `/cspr calendar revoke`: true when a feed was revoked. */
  async revokeFeed(actors: Actor[]): Promise<boolean> {
    const actor = this.allowed(actors, 'view');
    return this.store.revokeFeedToken({ partnershipId: actor.partnershipId, holderId: actor.id });
  }

  /** The feed's holder as an actor today; unknown or revoked (or the role gone): `case.not_found` (404). */
  async feedActor(token: string): Promise<Actor> {
    const ref = TOKEN.test(token) ? await this.store.findFeedToken(hashToken(token)) : undefined;
    const actor = ref && this.actorFor(ref, 'view');
    if (!actor) throw feedNotFound();
    return actor;
  }

  private expired(x: Expiring): boolean {
    return this.clock.now().getTime() >= Date.parse(x.expiresAt);
  }
}

export const CALENDAR_USAGE =
  'Use `calendar` for your private calendar feed URL, or `calendar revoke` to stop it.';
const NO_WEB = 'The dashboard and calendar feeds are not available on this bot.';

/** The answer to `dashboard`, the same on both platforms; only ever shown to the person who asked. */
export async function dashboardReply(
  access: WebAccess | undefined,
  actors: Actor[],
): Promise<string> {
  if (!access) return NO_WEB;
  const link = await access.signInLink(actors);
  return `Your sign-in link to the review group dashboard. It is for you alone, works once and expires at ${link.expiresAt.slice(11, 16)} UTC (in ${SIGN_IN_LINK_MINUTES} minutes): ${link.url}`;
}

/** The answer to `calendar` and `calendar revoke`. */
export async function calendarReply(
  access: WebAccess | undefined,
  actors: Actor[],
  args: string[],
): Promise<string> {
  if (!access) return NO_WEB;
  const choice = args[0]?.toLowerCase();
  if (choice === 'revoke')
    return (await access.revokeFeed(actors))
      ? 'Your calendar feed is revoked: its URL no longer works. Ask `calendar` for a new one.'
      : 'You have no calendar feed to revoke.';
  if (choice !== undefined) return CALENDAR_USAGE;
  const feed = await access.feedUrl(actors);
  return `Your private calendar feed (subscribe to it in Outlook or Google Calendar; keep it to yourself). It shows your pending deadlines by case reference, and replaces any earlier feed URL: ${feed.url}`;
}

/**
 * Use cases shared by every platform: load → decide → append → tell subscribers. Retries on a
 * concurrent write, recognises a repeated delivery by its request key, and hides other
 * partnerships' cases behind `case.not_found`.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { PartnershipConfig } from '../config.js';
import { dateIn } from '../domain/calendar.js';
import type { Case, Notification, Referral } from '../domain/case.js';
import type { Clock } from '../domain/clock.js';
import { assessNotifiability, childFacts, type Notifiability } from '../domain/criteria.js';
import { procedureFor } from '../domain/procedure.js';
import { DomainError } from '../domain/errors.js';
import type { CaseEvent, CaseIdentity } from '../domain/events.js';
import { decide, type Command } from '../domain/lifecycle.js';
import { can, notPermitted, permittedActors, type Action, type Actor } from '../domain/roles.js';
import {
  ConcurrencyError,
  RepeatedRequestError,
  type CaseRepository,
} from '../store/case-repository.js';
import { safeError } from '../logger.js';

export interface CaseChange {
  case: Case;
  events: CaseEvent[];
  actor: Actor;
  /** True when the request had been recorded before: nothing new was written. */
  repeated: boolean;
}

export type ChangeListener = (change: CaseChange) => Promise<void> | void;

const MAX_ATTEMPTS = 8;

export class CaseService {
  private readonly listeners: ChangeListener[] = [];
  private readonly byId: Map<string, PartnershipConfig>;

  constructor(
    readonly repo: CaseRepository,
    readonly partnerships: PartnershipConfig[],
    readonly clock: Clock,
    private readonly log?: Logger,
  ) {
    this.byId = new Map(partnerships.map((p) => [p.id, p]));
  }

  partnership(id: string): PartnershipConfig {
    const p = this.byId.get(id);
    if (!p) throw new DomainError('case.not_found', 'No such partnership.');
    return p;
  }

  subscribe(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  /** What the notification means (s16C and the special rules) and what is due when, before saving. */
  assess(
    partnershipId: string,
    n: Pick<
      Notification,
      | 'awareOn'
      | 'harm'
      | 'abuseOrNeglect'
      | 'location'
      | 'childStatus'
      | 'children'
      | 'panelNotifiedOn'
    >,
  ): Notifiability {
    const p = this.partnership(partnershipId);
    return assessNotifiability(
      { ...n, children: childFacts(n) },
      p.timescales,
      procedureFor(n.awareOn, p.procedure),
    );
  }

  /** Notifies a new incident (or a referred case, when `caseId` is given); `namesConfirmed`: fields whose names warning was overridden. */
  async notify(
    actor: Actor,
    notification: Notification,
    requestKey?: string,
    caseId?: string,
    namesConfirmed?: string[],
  ): Promise<CaseChange> {
    const confirmed = namesConfirmed?.length ? { namesConfirmed } : {};
    if (caseId)
      return this.run(
        actor,
        caseId,
        { type: 'notify', identity: await this.identityOf(caseId), notification, ...confirmed },
        requestKey,
      );
    return this.create(actor, requestKey, (identity) => ({
      type: 'notify',
      identity,
      notification,
      ...confirmed,
    }));
  }

  async refer(actor: Actor, referral: Referral, requestKey?: string): Promise<CaseChange> {
    return this.create(actor, requestKey, (identity) => ({ type: 'refer', identity, referral }));
  }

  private async create(
    actor: Actor,
    requestKey: string | undefined,
    command: (identity: CaseIdentity) => Command,
  ): Promise<CaseChange> {
    const repeated = await this.repeated(actor, requestKey);
    if (repeated) return repeated;
    const p = this.partnership(actor.partnershipId);
    const now = this.clock.now();
    const ctx = {
      actor,
      now,
      timescales: p.timescales,
      zone: p.timeZone,
      ...(p.procedure ? { pinnedProcedure: p.procedure } : {}),
    };
    // A referral takes the edition in force today; a notification, the one of its date of awareness (decide sets it).
    const procedure = procedureFor(dateIn(now, p.timeZone), p.procedure);
    const probe = { caseId: 'new', partnershipId: p.id, ref: `${p.refPrefix}-0000-000`, procedure };
    decide(undefined, command(probe), ctx); // validate and authorise before a reference number is used
    const year = Number(dateIn(now, p.timeZone).slice(0, 4));
    const ref = await this.repo.nextRef(p.id, p.refPrefix, year).catch((err: unknown) => {
      throw this.storeFailure(err);
    });
    const identity = { caseId: randomUUID(), partnershipId: p.id, ref, procedure };
    const events = decide(undefined, command(identity), ctx);
    try {
      const result = await this.repo.append(
        {
          caseId: identity.caseId,
          partnershipId: p.id,
          expectedVersion: 0,
          events,
          actor: actorRef(actor),
          at: now,
          ...(requestKey ? { requestKey } : {}),
        },
        undefined,
      );
      return this.publish({ case: result.case, events: result.events, actor, repeated: false });
    } catch (err) {
      if (err instanceof RepeatedRequestError) return (await this.repeated(actor, requestKey))!;
      throw this.storeFailure(err);
    }
  }

  /** Runs a command on an existing case, retrying when another writer got there first. */
  async run(
    actor: Actor,
    caseId: string,
    command: Command,
    requestKey?: string,
  ): Promise<CaseChange> {
    const repeated = await this.repeated(actor, requestKey);
    if (repeated) return repeated;
    for (let attempt = 1; ; attempt++) {
      const current = await this.visible(actor, caseId);
      const p = this.partnership(current.partnershipId);
      const now = this.clock.now();
      const events = decide(current, command, {
        actor,
        now,
        timescales: p.timescales,
        zone: p.timeZone,
        ...(p.procedure ? { pinnedProcedure: p.procedure } : {}),
      });
      try {
        const result = await this.repo.append(
          {
            caseId,
            partnershipId: p.id,
            expectedVersion: current.version,
            events,
            actor: actorRef(actor),
            at: now,
            ...(requestKey ? { requestKey } : {}),
          },
          current,
        );
        return this.publish({ case: result.case, events: result.events, actor, repeated: false });
      } catch (err) {
        if (err instanceof RepeatedRequestError) return (await this.repeated(actor, requestKey))!;
        if (!(err instanceof ConcurrencyError)) throw this.storeFailure(err);
        if (attempt >= MAX_ATTEMPTS)
          throw new DomainError(
            'store.conflict',
            'Others changed this case at the same moment. Please try again.',
          );
        await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
      }
    }
  }

  /**
   * Every read of a case goes through these three, with the action of the permission table it is
   * for (view, view-timeline, export, record-facts to open a form, …). The order makes a refusal
   * reveal nothing: first the person's roles (`action.not_permitted`, naming no case), then the
   * case among their own partnerships only (`case.not_found`, whether it exists elsewhere or not).
   */
  async visible(actor: Actor, caseId: string, action: Action = 'view'): Promise<Case> {
    const system = actor.id === 'system';
    if (!system && !can(actor, action, actor.partnershipId)) throw notPermitted(action);
    const c = await this.repo.load(caseId);
    if (!c || !(system || can(actor, action, c.partnershipId)))
      throw new DomainError('case.not_found', 'No such case.');
    return c;
  }

  /** A case by id among the partnerships of the given actors (a person may serve several). */
  async byCaseId(
    actors: Actor[],
    caseId: string,
    action: Action = 'view',
  ): Promise<{ case: Case; actor: Actor }> {
    const allowed = this.permitted(actors, action);
    const c = allowed.length ? await this.repo.load(caseId) : undefined;
    const actor = c && allowed.find((a) => can(a, action, c.partnershipId));
    if (!c || !actor) throw new DomainError('case.not_found', 'No such case.');
    return { case: c, actor };
  }

  /** A case by reference among the partnerships of the given actors (a person may serve several). */
  async byRef(
    actors: Actor[],
    ref: string,
    action: Action = 'view',
  ): Promise<{ case: Case; actor: Actor }> {
    const wanted = ref.trim().toUpperCase();
    for (const actor of this.permitted(actors, action)) {
      const c = await this.repo.findByRef(actor.partnershipId, wanted);
      if (c && can(actor, action, c.partnershipId)) return { case: c, actor };
    }
    throw new DomainError('case.not_found', 'No such case.');
  }

  /** The person's actors allowed `action`; none: `action.not_permitted` (before any case is read). */
  permitted(actors: Actor[], action: Action): Actor[] {
    const allowed = permittedActors(actors, action);
    if (actors.length > 0 && allowed.length === 0) throw notPermitted(action);
    return allowed;
  }

  /**
   * The case as recorded, for the bot's own work after a change (posting its card, opening its
   * channel): no person's permission is asked, so never answer a person with it directly.
   */
  async recorded(caseId: string): Promise<Case | undefined> {
    return this.repo.load(caseId);
  }

  /**
   * The one case whose channel (or conversation) this is, among the given partnerships (default:
   * all). A conversation holding several cases' cards (Teams, no cases team) names none of them.
   */
  async caseInChannel(
    channel: { platform?: 'slack' | 'teams'; id: string },
    partnershipIds: readonly string[] = this.partnerships.map((p) => p.id),
  ): Promise<Case | undefined> {
    const found = await this.repo.find({ partnershipIds, channel, limit: 2 });
    return found.length === 1 ? found[0] : undefined;
  }

  /** True when another case of any partnership has this channel recorded (a channel belongs to one case). */
  async channelTakenByAnother(
    channel: { platform?: 'slack' | 'teams'; id: string },
    caseId: string,
  ): Promise<boolean> {
    const found = await this.repo.find({
      partnershipIds: this.partnerships.map((p) => p.id),
      channel,
      excludeId: caseId,
      limit: 1,
    });
    return found.length > 0;
  }

  /** A partnership's cases that are not closed (the bot's own checks at start, e.g. channel members). */
  async openCases(partnershipId: string): Promise<Case[]> {
    return this.repo.find({ partnershipIds: [partnershipId], notStates: ['closed'] });
  }

  /** Open and recent cases the actors may see. */
  async list(actors: Actor[]): Promise<Case[]> {
    const ids = actors.filter((a) => can(a, 'view', a.partnershipId)).map((a) => a.partnershipId);
    return ids.length ? this.repo.list(ids) : [];
  }

  /** A page of the cases the actors may see, newest first, and how many there are in all. */
  async listPage(
    actors: Actor[],
    page: { limit: number; offset: number },
  ): Promise<{ cases: Case[]; total: number }> {
    const ids = actors.filter((a) => can(a, 'view', a.partnershipId)).map((a) => a.partnershipId);
    if (!ids.length) return { cases: [], total: 0 };
    const [cases, total] = await Promise.all([this.repo.list(ids, page), this.repo.count(ids)]);
    return { cases, total };
  }

  async timeline(
    actor: Actor,
    caseId: string,
    page: { skip?: number; limit?: number },
  ): Promise<{ events: CaseEvent[]; total: number }> {
    await this.visible(actor, caseId, 'view-timeline');
    const [events, total] = await Promise.all([
      this.repo.events(caseId, page),
      this.repo.countEvents(caseId),
    ]);
    return { events, total };
  }

  private async identityOf(caseId: string) {
    const c = await this.repo.load(caseId);
    if (!c) throw new DomainError('case.not_found', 'No such case.');
    return { caseId: c.id, partnershipId: c.partnershipId, ref: c.ref, procedure: c.procedure };
  }

  /**
   * A write the store itself failed (a lost connection, a full disk), as opposed to a refusal: the
   * commit is one document, so nothing of the command was recorded, and the person is told so in
   * plain words and asked to try again. The cause is logged by kind.
   */
  private storeFailure(err: unknown): unknown {
    if (
      err instanceof DomainError ||
      err instanceof ConcurrencyError ||
      err instanceof RepeatedRequestError
    )
      return err;
    this.log?.error({ err: safeError(err) }, 'store write failed');
    return new DomainError(
      'store.unavailable',
      'The case store did not answer, so this was not saved. Please try again in a moment.',
    );
  }

  private async repeated(
    actor: Actor,
    requestKey: string | undefined,
  ): Promise<CaseChange | undefined> {
    if (!requestKey) return undefined;
    const caseId = await this.repo.findByRequestKey(requestKey);
    if (!caseId) return undefined;
    const c = await this.repo.load(caseId);
    if (!c) return undefined;
    // A request key names one delivery by one person; another partnership's case is never returned.
    if (c.partnershipId !== actor.partnershipId && actor.id !== 'system')
      throw new DomainError('case.not_found', 'No such case.');
    return { case: c, events: [], actor, repeated: true };
  }

  private async publish(change: CaseChange): Promise<CaseChange> {
    for (const listener of this.listeners) {
      try {
        await listener(change);
      } catch (err) {
        // An effect failed (a platform call): the change itself is recorded; the effect can be retried.
        this.log?.error(
          { err: safeError(err), caseId: change.case.id },
          'case change listener failed',
        );
      }
    }
    return change;
  }
}

function actorRef(a: Actor) {
  return { id: a.id, name: a.name, roles: a.roles };
}

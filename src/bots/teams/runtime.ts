/**
 * What every Teams handler works with: the shared core (CaseService, partnerships, clock), the
 * outgoing connector and Graph, and the current turn translated into our terms (Actors, where).
 */
import type { TurnContext } from '@microsoft/agents-hosting';
import type { Logger } from 'pino';
import { resolveActors } from '../../app/identity.js';
import type { CaseService } from '../../app/case-service.js';
import type { ReminderControls } from '../../app/reminder-controls.js';
import type { WebAccess } from '../../app/web-access.js';
import type { AppConfig, PartnershipConfig } from '../../config.js';
import type { ChannelRef } from '../../domain/case.js';
import type { Actor } from '../../domain/roles.js';
import type { Background } from './background.js';
import type { Connector } from './connector.js';
import type { GraphClient } from './graph.js';
import type { MemberDirectory } from './members.js';

export interface TeamsRuntime {
  config: AppConfig;
  service: CaseService;
  log: Logger;
  connector: Connector;
  /** Present when channel creation is on (credentials or a test's token provider). */
  graph?: GraphClient;
  directory: MemberDirectory;
  partnerships: Map<string, PartnershipConfig>;
  controls?: ReminderControls;
  /** Dashboard sign-in links and calendar feeds (`dashboard`, `calendar`). */
  access?: WebAccess;
  /** Work done after the answer (channel, members, card); `idle()` waits for it. */
  background: Background;
}

export type ConversationKind = 'personal' | 'channel' | 'groupChat';

export interface Turn {
  ctx: TurnContext;
  /** The person's Entra object id, when Teams gave it. */
  aadObjectId?: string;
  /** Every partnership role the person holds (none: they may do nothing). */
  actors: Actor[];
  serviceUrl: string;
  conversationId: string;
  kind: ConversationKind;
  /** The Teams channel id when the message came from a channel. */
  channelId?: string;
  tenantId?: string;
}

interface TeamsChannelData {
  channel?: { id?: string };
  tenant?: { id?: string };
}

/**
 * An id from the activity, only when it is a plain string: the activity is whatever was posted, and
 * these ids reach store queries (the channel id) and comparisons (the tenant).
 */
function idOf(value: unknown): string | undefined {
  return typeof value === 'string' &&
    value.length > 0 &&
    value.length <= 512 &&
    !value.startsWith('$')
    ? value
    : undefined;
}

export function turnOf(rt: TeamsRuntime, ctx: TurnContext): Turn {
  const a = ctx.activity;
  const data = (
    a.channelData && typeof a.channelData === 'object' ? a.channelData : {}
  ) as TeamsChannelData;
  const givenTenant: unknown = data.tenant?.id ?? a.conversation?.tenantId;
  const tenantId = idOf(givenTenant);
  const aadObjectId = idOf(a.from?.aadObjectId);
  const channelId = idOf(data.channel?.id);
  rt.directory.learn(aadObjectId, idOf(a.from?.id));
  const kind: ConversationKind =
    a.conversation?.conversationType === 'channel' || channelId
      ? 'channel'
      : a.conversation?.isGroup === true
        ? 'groupChat'
        : 'personal';
  // The sender's own tenant: Teams names it on the sender in a shared channel (a partner from another
  // organisation); otherwise it is the conversation's.
  const givenUserTenant: unknown =
    a.from && 'tenantId' in a.from && a.from.tenantId !== undefined
      ? (a.from as { tenantId?: unknown }).tenantId
      : givenTenant;
  const userTenant = idOf(givenUserTenant);
  // A holder is recognised only when signed in to their own tenant: the holder's (a partner in another
  // tenant) or else the partnership's, when it names one (a tenant that is not an id is no tenant of ours).
  const actors = resolveActors(rt.config.partnerships, 'teamsAadObjectId', aadObjectId).filter(
    (actor) => {
      const p = rt.partnerships.get(actor.partnershipId);
      const expected =
        p?.holders.find((h) => h.id === actor.id)?.teamsTenantId ?? p?.teams?.tenantId;
      if (!expected || givenUserTenant === undefined || givenUserTenant === null) return true;
      return userTenant !== undefined && expected.toLowerCase() === userTenant.toLowerCase();
    },
  );
  return {
    ctx,
    ...(aadObjectId ? { aadObjectId } : {}),
    actors,
    serviceUrl: a.serviceUrl ?? '',
    conversationId: idOf(a.conversation?.id) ?? '',
    kind,
    ...(channelId ? { channelId } : {}),
    ...(tenantId ? { tenantId } : {}),
  };
}

/** What the bot stores in a case's Teams ChannelRef.meta. */
export interface TeamsChannelMeta {
  /** True when the case lives in the notifier's own conversation (no channel creation). */
  local?: boolean;
  teamId?: string;
  tenantId?: string;
  serviceUrl: string;
  /** The case card's post: conversation (thread) id and activity id, for in-place updates. */
  conversationId?: string;
  activityId?: string;
}

export function teamsChannel(c: {
  channels: ChannelRef[];
}): (ChannelRef & { meta: TeamsChannelMeta }) | undefined {
  const ch = c.channels.find(
    (x) => x.platform === 'teams' && x.meta && typeof x.meta.serviceUrl === 'string',
  );
  return ch as (ChannelRef & { meta: TeamsChannelMeta }) | undefined;
}

/** The request key of a card submission: the card's request id, per person. */
export function requestKeyOf(turn: Turn, requestId: string): string {
  return `teams:${turn.aadObjectId ?? turn.ctx.activity.from?.id ?? 'unknown'}:${requestId}`;
}

/**
 * Outgoing calls to the Bot Connector outside a turn (proactive): a new post in a channel, a 1:1
 * message, an in-place card update, the roster. A ConnectorClient of the Agents SDK with a token
 * from the adapter's own token provider (MSAL in production), so with no app id the calls carry no
 * token (local mode). The Teams roster (`pagedmembers`) is not in the SDK's client: it is one GET
 * through the same authenticated HTTP client.
 */
import { Activity } from '@microsoft/agents-activity';
import { ConnectorClient, type Connections } from '@microsoft/agents-hosting';
import { attachment, type AdaptiveCard } from '../../cards/teams/index.js';
import { BOT_CONNECTOR_SCOPE } from './auth.js';

export interface PostRef {
  conversationId: string;
  activityId: string;
}

export interface Member {
  id: string;
  aadObjectId?: string;
}

/** The fields of an outgoing activity we set. */
export type OutgoingActivity = { type: string } & Record<string, unknown>;

export function cardActivity(card: AdaptiveCard, summary?: string): OutgoingActivity {
  return { type: 'message', attachments: [attachment(card)], ...(summary ? { summary } : {}) };
}

/** An SDK Activity from our plain one (the SDK's clients call its methods). */
export function toActivity(a: OutgoingActivity): Activity {
  return Activity.fromObject(a);
}

/** The HTTP status of a failed connector call (the SDK's HttpError has `status`). */
export function statusOf(err: unknown): number | undefined {
  const e = err as { status?: unknown; statusCode?: unknown } | undefined;
  const s = e?.status ?? e?.statusCode;
  return typeof s === 'number' ? s : undefined;
}

export class Connector {
  constructor(
    /** The adapter's connections; undefined in local mode (no app id: calls carry no token). */
    private readonly connections: Connections | undefined,
    readonly appId: string,
  ) {}

  private async client(serviceUrl: string): Promise<ConnectorClient> {
    const token =
      this.connections && this.appId
        ? await this.connections.getDefaultConnection().getAccessToken(BOT_CONNECTOR_SCOPE)
        : '';
    return ConnectorClient.createClientWithToken(serviceUrl, token);
  }

  /** Starts a new post (thread) in a Teams channel. */
  async postToChannel(
    serviceUrl: string,
    channelId: string,
    tenantId: string | undefined,
    activity: OutgoingActivity,
  ): Promise<PostRef> {
    const client = await this.client(serviceUrl);
    const r = await client.createConversation({
      isGroup: true,
      bot: { id: this.appId, name: 'CSPR bot' },
      channelData: {
        channel: { id: channelId },
        ...(tenantId ? { tenant: { id: tenantId } } : {}),
      },
      activity: toActivity(activity),
      ...(tenantId ? { tenantId } : {}),
    } as unknown as Parameters<ConnectorClient['createConversation']>[0]);
    const activityId = r.activityId || /;messageid=(\d+)/.exec(r.id ?? '')?.[1];
    if (!r.id || !activityId) throw new Error('the connector did not return the new post');
    return { conversationId: r.id, activityId };
  }

  async send(
    serviceUrl: string,
    conversationId: string,
    activity: OutgoingActivity,
  ): Promise<string | undefined> {
    const client = await this.client(serviceUrl);
    const r = await client.sendToConversation(conversationId, toActivity(activity));
    return r.id;
  }

  /** A reply in a post's thread (a decision or escalation under the case card). */
  async reply(
    serviceUrl: string,
    ref: PostRef,
    activity: OutgoingActivity,
  ): Promise<string | undefined> {
    const client = await this.client(serviceUrl);
    const r = await client.replyToActivity(
      ref.conversationId,
      ref.activityId,
      toActivity({ ...activity, replyToId: ref.activityId }),
    );
    return r.id;
  }

  async update(serviceUrl: string, ref: PostRef, activity: OutgoingActivity): Promise<void> {
    const client = await this.client(serviceUrl);
    await client.updateActivity(
      ref.conversationId,
      ref.activityId,
      toActivity({ ...activity, id: ref.activityId }),
    );
  }

  /** Deletes one of the bot's own posts (a case card the case could not record). */
  async delete(serviceUrl: string, ref: PostRef): Promise<void> {
    const client = await this.client(serviceUrl);
    await client.deleteActivity(ref.conversationId, ref.activityId);
  }

  /** Opens (or finds) the 1:1 chat with a user by their Entra object id (the app must be installed for them). */
  async personalChat(
    serviceUrl: string,
    tenantId: string | undefined,
    aadObjectId: string,
  ): Promise<string> {
    const client = await this.client(serviceUrl);
    const conv = await client.createConversation({
      isGroup: false,
      bot: { id: this.appId, name: 'CSPR bot' },
      members: [{ id: aadObjectId, name: '' }],
      channelData: tenantId ? { tenant: { id: tenantId } } : {},
      ...(tenantId ? { tenantId } : {}),
    } as unknown as Parameters<ConnectorClient['createConversation']>[0]);
    return conv.id;
  }

  /** A 1:1 message to a user by their Entra object id (the app must be installed for them). */
  async sendPersonal(
    serviceUrl: string,
    tenantId: string | undefined,
    aadObjectId: string,
    activity: OutgoingActivity,
  ): Promise<void> {
    const conversationId = await this.personalChat(serviceUrl, tenantId, aadObjectId);
    await this.send(serviceUrl, conversationId, activity);
  }

  /** The members of a conversation (a channel gives the team's roster), a few pages at most. */
  async members(serviceUrl: string, conversationId: string): Promise<Member[]> {
    const client = await this.client(serviceUrl);
    const out: Member[] = [];
    let token = '';
    for (let page = 0; page < 10; page++) {
      const r = await client.httpClient.get<{
        members?: { id: string; aadObjectId?: string }[];
        continuationToken?: string;
      }>(`v3/conversations/${encodeURIComponent(conversationId)}/pagedmembers`, {
        params: { pageSize: '500', ...(token ? { continuationToken: token } : {}) },
      });
      for (const m of r.data.members ?? [])
        out.push({ id: m.id, ...(m.aadObjectId ? { aadObjectId: m.aadObjectId } : {}) });
      token = r.data.continuationToken ?? '';
      if (!token) break;
    }
    return out;
  }
}

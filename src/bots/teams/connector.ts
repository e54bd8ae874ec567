/**
 * Outgoing calls to the Bot Connector outside a turn (proactive): a new post in a channel, a 1:1
 * message, an in-place card update, the roster. Uses the same BotFrameworkAuthentication as the
 * adapter, so with no MicrosoftAppId the calls carry no token (local mode).
 */
import type { Activity } from 'botbuilder';
import { AuthenticationConstants, ClaimsIdentity, type BotFrameworkAuthentication, type ConnectorClient } from 'botframework-connector';
import { attachment, type AdaptiveCard } from '../../cards/teams/index.js';

export interface PostRef {
  conversationId: string;
  activityId: string;
}

export interface Member {
  id: string;
  aadObjectId?: string;
}

export function cardActivity(card: AdaptiveCard, summary?: string): Partial<Activity> {
  return { type: 'message', attachments: [attachment(card)], ...(summary ? { summary } : {}) };
}

export class Connector {
  constructor(
    private readonly auth: BotFrameworkAuthentication,
    readonly appId: string,
  ) {}

  private client(serviceUrl: string): Promise<ConnectorClient> {
    const claims = new ClaimsIdentity([
      { type: AuthenticationConstants.AudienceClaim, value: this.appId },
      { type: AuthenticationConstants.AppIdClaim, value: this.appId },
    ]);
    return this.auth.createConnectorFactory(claims).create(serviceUrl, AuthenticationConstants.ToChannelFromBotOAuthScope);
  }

  /** Starts a new post (thread) in a Teams channel. */
  async postToChannel(serviceUrl: string, channelId: string, tenantId: string | undefined, activity: Partial<Activity>): Promise<PostRef> {
    const client = await this.client(serviceUrl);
    const r = await client.conversations.createConversation({
      isGroup: true,
      bot: { id: this.appId, name: 'CSPR bot' },
      channelData: { channel: { id: channelId }, ...(tenantId ? { tenant: { id: tenantId } } : {}) },
      activity: activity as Activity,
      ...(tenantId ? { tenantId } : {}),
    });
    const activityId = r.activityId || /;messageid=(\d+)/.exec(r.id ?? '')?.[1];
    if (!r.id || !activityId) throw new Error('the connector did not return the new post');
    return { conversationId: r.id, activityId };
  }

  async send(serviceUrl: string, conversationId: string, activity: Partial<Activity>): Promise<string | undefined> {
    const client = await this.client(serviceUrl);
    const r = await client.conversations.sendToConversation(conversationId, activity);
    return r.id;
  }

  async update(serviceUrl: string, ref: PostRef, activity: Partial<Activity>): Promise<void> {
    const client = await this.client(serviceUrl);
    await client.conversations.updateActivity(ref.conversationId, ref.activityId, { ...activity, id: ref.activityId });
  }

  /** Deletes one of the bot's own posts (a case card the case could not record). */
  async delete(serviceUrl: string, ref: PostRef): Promise<void> {
    const client = await this.client(serviceUrl);
    await client.conversations.deleteActivity(ref.conversationId, ref.activityId);
  }

  /** A 1:1 message to a user by their Entra object id (the app must be installed for them). */
  async sendPersonal(serviceUrl: string, tenantId: string | undefined, aadObjectId: string, activity: Partial<Activity>): Promise<void> {
    const client = await this.client(serviceUrl);
    const conv = await client.conversations.createConversation({
      isGroup: false,
      bot: { id: this.appId, name: 'CSPR bot' },
      members: [{ id: aadObjectId, name: '' }],
      channelData: tenantId ? { tenant: { id: tenantId } } : {},
      ...(tenantId ? { tenantId } : {}),
    });
    await client.conversations.sendToConversation(conv.id, activity);
  }

  /** The members of a conversation (a channel gives the team's roster), a few pages at most. */
  async members(serviceUrl: string, conversationId: string): Promise<Member[]> {
    const client = await this.client(serviceUrl);
    const out: Member[] = [];
    let token = '';
    for (let page = 0; page < 10; page++) {
      // The typings want a token on the first page too; the service wants none.
      const options = (token ? { pageSize: 500, continuationToken: token } : { pageSize: 500 }) as { pageSize: number; continuationToken: string };
      const r = await client.conversations.getConversationPagedMembers(conversationId, options);
      for (const m of r.members ?? []) out.push({ id: m.id, ...(m.aadObjectId ? { aadObjectId: m.aadObjectId } : {}) });
      token = r.continuationToken ?? '';
      if (!token) break;
    }
    return out;
  }
}

/**
 * Microsoft Graph: the case channel, a private (or shared) channel named by the case reference in
 * the partnership's cases team (`POST /teams/{id}/channels`), and its members
 * (`/teams/{id}/channels/{id}/members`). The app token comes from a TokenProvider
 * (the Agents SDK's MSAL provider for the bot's Entra app, see auth.ts; tests give a local one). Failures become a GraphError
 * with a kind the bot turns into plain words; a name clash reuses the channel when it is the case's.
 */
import type { Logger } from 'pino';

export interface TokenProvider {
  /** An app-only token for Microsoft Graph in the given tenant. */
  getToken(tenantId: string | undefined): Promise<string>;
}

export type GraphErrorKind =
  'consent' | 'conflict' | 'throttled' | 'unavailable' | 'not-found' | 'token' | 'other';

export class GraphError extends Error {
  override readonly name = 'GraphError';
  constructor(
    readonly kind: GraphErrorKind,
    readonly status: number,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
  /** A stable code for the audit trail, e.g. `graph.403`. */
  get code(): string {
    return `graph.${this.status || this.kind}`;
  }
}

export interface GraphChannel {
  id: string;
  displayName: string;
  description?: string;
  webUrl?: string;
}

/** A person to put in a channel: their Entra object id, their home tenant (shared channels), owner or not. */
export interface ChannelPerson {
  aadObjectId: string;
  tenantId?: string;
  owner: boolean;
}

/** A member of a channel as Graph lists it. */
export interface ChannelMember {
  /** The membership id (for removal). */
  id: string;
  userId?: string;
  tenantId?: string;
  displayName?: string;
  roles: string[];
}

export type ChannelMembership = 'private' | 'shared';

/** A file in SharePoint / OneDrive as Graph returns it. */
export interface DriveItem {
  id: string;
  name: string;
  webUrl: string;
  eTag?: string;
}

export interface GraphOptions {
  baseUrl: string;
  tokens: TokenProvider;
  log?: Logger;
  /** Waits up to this long on a 429's Retry-After (and once on a 5xx) before giving up. */
  maxWaitSeconds?: number;
  sleep?: (ms: number) => Promise<void>;
  /** A request Graph has not answered in this long is given up (then tried once more): the work after an answer must end. */
  timeoutMs?: number;
}

const sleepMs = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class GraphClient {
  private readonly maxWait: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly o: GraphOptions) {
    this.maxWait = o.maxWaitSeconds ?? 2;
    this.sleep = o.sleep ?? sleepMs;
  }

  /**
   * Creates the case's channel, or finds it when a channel of that name is already the case's.
   * Graph requires an owner among the members when an app creates a private or shared channel.
   */
  async openCaseChannel(
    tenantId: string | undefined,
    teamId: string,
    c: { id: string; ref: string },
    o: { membershipType: ChannelMembership; owners: ChannelPerson[] },
  ): Promise<GraphChannel & { reused: boolean }> {
    const marker = caseMarker(c.id);
    try {
      const ch = await this.request<GraphChannel>(
        tenantId,
        'POST',
        `teams/${encodeURIComponent(teamId)}/channels`,
        {
          '@odata.type': '#Microsoft.Graph.channel',
          displayName: c.ref,
          description: `CSPR case ${c.ref}. ${marker}`,
          membershipType: o.membershipType,
          members: o.owners.map((p) => this.memberBody({ ...p, owner: true })),
        },
      );
      return { ...ch, reused: false };
    } catch (err) {
      if (!(err instanceof GraphError) || err.kind !== 'conflict') throw err;
      const existing = await this.findChannel(tenantId, teamId, c.ref);
      if (existing?.description?.includes(marker)) return { ...existing, reused: true };
      throw new GraphError(
        'conflict',
        409,
        `A channel named ${c.ref} already exists in the cases team and is not this case's.`,
      );
    }
  }

  async findChannel(
    tenantId: string | undefined,
    teamId: string,
    name: string,
  ): Promise<GraphChannel | undefined> {
    const filter = encodeURIComponent(`displayName eq '${name.replace(/'/g, "''")}'`);
    const page = await this.request<{ value: GraphChannel[] }>(
      tenantId,
      'GET',
      `teams/${encodeURIComponent(teamId)}/channels?$filter=${filter}`,
    );
    return page.value.find((ch) => ch.displayName === name);
  }

  async channelMembers(
    tenantId: string | undefined,
    teamId: string,
    channelId: string,
  ): Promise<ChannelMember[]> {
    const page = await this.request<{ value: ChannelMember[] }>(
      tenantId,
      'GET',
      `${this.channelPath(teamId, channelId)}/members`,
    );
    return page.value.map((m) => ({ ...m, roles: Array.isArray(m.roles) ? m.roles : [] }));
  }

  async addChannelMember(
    tenantId: string | undefined,
    teamId: string,
    channelId: string,
    person: ChannelPerson,
  ): Promise<void> {
    await this.request(
      tenantId,
      'POST',
      `${this.channelPath(teamId, channelId)}/members`,
      this.memberBody(person),
    );
  }

  async removeChannelMember(
    tenantId: string | undefined,
    teamId: string,
    channelId: string,
    membershipId: string,
  ): Promise<void> {
    await this.request(
      tenantId,
      'DELETE',
      `${this.channelPath(teamId, channelId)}/members/${encodeURIComponent(membershipId)}`,
    );
  }

  /** Installs the app for a user (personal scope), so the bot can write to them 1:1; already installed counts as done. */
  async installAppForUser(
    tenantId: string | undefined,
    userId: string,
    catalogAppId: string,
  ): Promise<'installed' | 'already'> {
    try {
      await this.request(
        tenantId,
        'POST',
        `users/${encodeURIComponent(userId)}/teamwork/installedApps`,
        {
          'teamsApp@odata.bind': new URL(
            `appCatalogs/teamsApps/${encodeURIComponent(catalogAppId)}`,
            this.o.baseUrl,
          ).toString(),
        },
      );
      return 'installed';
    } catch (err) {
      if (err instanceof GraphError && err.kind === 'conflict') return 'already';
      throw err;
    }
  }

  /**
   * Puts a file into a channel's Files (its SharePoint folder): the folder (`filesFolder`), an
   * upload session, and the bytes in one range (a .docx is far below the 60 MiB a range may hold).
   * The upload URL is pre-authorised, so no token goes with the bytes.
   */
  async uploadToChannelFiles(
    tenantId: string | undefined,
    teamId: string,
    channelId: string,
    name: string,
    bytes: Buffer,
  ): Promise<DriveItem> {
    const folder = await this.request<{ id: string; parentReference?: { driveId?: string } }>(
      tenantId,
      'GET',
      `${this.channelPath(teamId, channelId)}/filesFolder`,
    );
    const driveId = folder.parentReference?.driveId;
    if (!driveId)
      throw new GraphError('other', 0, 'Microsoft Graph gave no drive for the channel files.');
    const session = await this.request<{ uploadUrl: string }>(
      tenantId,
      'POST',
      `drives/${encodeURIComponent(driveId)}/items/${encodeURIComponent(folder.id)}:/${encodeURIComponent(name)}:/createUploadSession`,
      { item: { '@microsoft.graph.conflictBehavior': 'replace', name } },
    );
    let res: Response;
    try {
      res = await fetch(session.uploadUrl, {
        method: 'PUT',
        headers: { 'content-range': `bytes 0-${bytes.length - 1}/${bytes.length}` },
        body: new Uint8Array(bytes),
      });
    } catch {
      throw new GraphError('unavailable', 0, 'The channel files could not be reached.');
    }
    if (!res.ok) {
      await res.arrayBuffer().catch(() => undefined);
      throw graphError(res);
    }
    return (await res.json()) as DriveItem;
  }

  private channelPath(teamId: string, channelId: string): string {
    return `teams/${encodeURIComponent(teamId)}/channels/${encodeURIComponent(channelId)}`;
  }

  /** An aadUserConversationMember; a partner from another tenant (shared channel) carries their tenant id. */
  private memberBody(p: ChannelPerson): Record<string, unknown> {
    return {
      '@odata.type': '#microsoft.graph.aadUserConversationMember',
      roles: p.owner ? ['owner'] : [],
      'user@odata.bind': new URL(
        `users('${encodeURIComponent(p.aadObjectId)}')`,
        this.o.baseUrl,
      ).toString(),
      ...(p.tenantId ? { tenantId: p.tenantId } : {}),
    };
  }

  private async request<T>(
    tenantId: string | undefined,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T> {
    let token: string;
    try {
      token = await this.o.tokens.getToken(tenantId);
    } catch (err) {
      this.o.log?.warn({ kind: 'graph.token', type: (err as Error).name }, 'graph token failed');
      throw new GraphError('token', 0, 'Could not get a token for Microsoft Graph.');
    }
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(new URL(path, this.o.baseUrl), {
          signal: AbortSignal.timeout(this.o.timeoutMs ?? 30_000),
          method,
          headers: {
            authorization: `Bearer ${token}`,
            accept: 'application/json',
            ...(body ? { 'content-type': 'application/json' } : {}),
          },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
      } catch {
        if (attempt === 1) {
          await this.sleep(500);
          continue;
        }
        throw new GraphError('unavailable', 0, 'Microsoft Graph could not be reached.');
      }
      if (res.status === 204) return undefined as T;
      if (res.ok) return (await res.json()) as T;
      const error = graphError(res);
      await res.arrayBuffer().catch(() => undefined); // drain; the body is not logged
      this.o.log?.warn({ kind: error.code, method, attempt }, 'graph request failed');
      const wait =
        error.kind === 'throttled'
          ? (error.retryAfterSeconds ?? 1)
          : error.kind === 'unavailable'
            ? 0.5
            : undefined;
      if (attempt === 1 && wait !== undefined && wait <= this.maxWait) {
        await this.sleep(wait * 1000);
        continue;
      }
      throw error;
    }
  }
}

export function caseMarker(caseId: string): string {
  return `[cspr:${caseId}]`;
}

function graphError(res: Response): GraphError {
  const s = res.status;
  if (s === 401 || s === 403)
    return new GraphError(
      'consent',
      s,
      'Microsoft Graph refused channel creation (permission or consent missing).',
    );
  if (s === 404)
    return new GraphError('not-found', s, 'Microsoft Graph does not know the cases team.');
  if (s === 409) return new GraphError('conflict', s, 'A channel of that name already exists.');
  if (s === 429) {
    const after = Number(res.headers.get('retry-after'));
    return new GraphError(
      'throttled',
      s,
      'Microsoft Graph asked us to slow down.',
      Number.isFinite(after) && after >= 0 ? after : undefined,
    );
  }
  if (s >= 500) return new GraphError('unavailable', s, 'Microsoft Graph is unavailable.');
  return new GraphError('other', s, `Microsoft Graph answered ${s}.`);
}

/** The failure in plain words for the person, with what to do next. */
export function graphProblemText(err: GraphError, ref: string): string {
  switch (err.kind) {
    case 'consent':
      return `I could not create the channel ${ref}: the bot is not allowed to create channels in the cases team. A Teams administrator must install the app in that team and grant its permissions to create channels and manage their members (Channel.Create.Group for the team, or Channel.Create and ChannelMember.ReadWrite.All for the app; see docs/teams.md). The case is saved; choose Retry once that is done.`;
    case 'conflict':
      return `I could not create the channel ${ref}: a channel with that name already exists in the cases team and does not belong to this case. Rename or delete it, then choose Retry. The case is saved.`;
    case 'throttled':
      return `Microsoft Teams is busy and asked us to wait${err.retryAfterSeconds !== undefined ? ` ${err.retryAfterSeconds} seconds` : ''} before creating the channel ${ref}. The case is saved; choose Retry in a moment.`;
    case 'unavailable':
      return `Microsoft Teams could not be reached to create the channel ${ref}. The case is saved; choose Retry in a moment.`;
    case 'not-found':
      return `I could not create the channel ${ref}: the cases team configured for this partnership was not found. Check the partnership file (teams.casesTeamId). The case is saved.`;
    case 'token':
      return `I could not sign in to Microsoft Graph to create the channel ${ref}: check the bot's app registration (MicrosoftAppId, MicrosoftAppPassword, tenant). The case is saved.`;
    default:
      return `I could not create the channel ${ref} (Microsoft Graph answered ${err.status}). The case is saved; choose Retry.`;
  }
}

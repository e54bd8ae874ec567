/**
 * A local stand-in for the Bot Connector (the `serviceUrl` of the activities) and Microsoft Graph
 * (`GRAPH_API_URL`), on 127.0.0.1, recording every call. Graph answers can be scripted per call to
 * play consent errors, name clashes, throttling and outages.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Call {
  method: string;
  /** Path without the /connector or /graph/v1.0 prefix, decoded. */
  path: string;
  query: URLSearchParams;
  api: 'connector' | 'graph';
  authorization?: string;
  body: unknown;
}

export interface Scripted {
  status: number;
  /** Graph creates the channel all the same (e.g. a gateway timeout after the work was done). */
  create?: boolean;
  headers?: Record<string, string>;
  body?: unknown;
}

/** A member of a private or shared channel, as Graph lists it. */
export interface GraphChannelMember {
  id: string;
  userId: string;
  tenantId?: string;
  displayName: string;
  roles: string[];
}

export interface TeamsMember {
  id: string;
  aadObjectId: string;
  name: string;
}

let seq = 0;
const next = () => ++seq;

export class FakeTeams {
  readonly calls: Call[] = [];
  /** Answers for the next `POST /teams/{id}/channels` calls, in order; then the channel is created. */
  readonly channelAnswers: Scripted[] = [];
  /** Channels that exist in the teams (as Graph would list them). */
  readonly channels: {
    teamId: string;
    id: string;
    displayName: string;
    description: string;
    membershipType?: string;
    members: GraphChannelMember[];
  }[] = [];
  /** Answers for the next `POST …/channels/{id}/members` calls, in order; then the member is added. */
  readonly memberAnswers: Scripted[] = [];
  /** Display names Graph knows, by Entra object id. */
  readonly people = new Map<string, string>();
  /** Members of every conversation (the team roster). */
  members: TeamsMember[] = [];
  /** Scripted connector failures: the next `times` calls that match answer with `status`. */
  readonly connectorFailures: { match: (c: Call) => boolean; status: number; times: number }[] = [];
  private server?: Server;
  port = 0;
  /** While set, Graph answers nothing (a Graph that takes as long as the test wants); see `holdGraph`. */
  private gate?: { promise: Promise<void>; release: () => void };
  /** Graph requests that arrived while held. */
  heldGraphRequests = 0;

  private heldWaiters: (() => void)[] = [];

  /** Resolves once a Graph request is being held (the bot did ask Graph). */
  graphHeld(): Promise<void> {
    if (this.heldGraphRequests > 0) return Promise.resolve();
    return new Promise((r) => this.heldWaiters.push(r));
  }

  /** Lets every held Graph request through. */
  releaseGraph(): void {
    this.gate?.release();
    this.gate = undefined;
  }

  /** Holds every Graph answer until the returned function is called (or the fake stops). */
  holdGraph(): () => void {
    let release!: () => void;
    const promise = new Promise<void>((r) => (release = r));
    const gate = { promise, release: () => release() };
    this.gate = gate;
    this.heldGraphRequests = 0;
    return () => {
      if (this.gate === gate) this.gate = undefined;
      gate.release();
    };
  }

  get serviceUrl(): string {
    return `http://127.0.0.1:${this.port}/connector/`;
  }

  get graphUrl(): string {
    return `http://127.0.0.1:${this.port}/graph/v1.0/`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        // A file upload is bytes; everything else JSON.
        const json =
          !raw.length ||
          (req.headers['content-type'] ?? '').includes('json') ||
          !req.headers['content-range'];
        this.handle(
          req,
          res,
          !raw.length ? undefined : json ? (JSON.parse(raw.toString('utf8')) as unknown) : raw,
        );
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.port = (this.server!.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    this.gate?.release();
    this.gate = undefined;
    await new Promise<void>((r) => this.server?.close(() => r()));
  }

  graphCalls(method?: string): Call[] {
    return this.calls.filter((c) => c.api === 'graph' && (!method || c.method === method));
  }

  /** Channel creations (`POST /teams/{id}/channels`). */
  channelCreations(): Call[] {
    return this.graphCalls('POST').filter((c) => /^\/teams\/[^/]+\/channels$/.test(c.path));
  }

  connectorCalls(method?: string): Call[] {
    return this.calls.filter((c) => c.api === 'connector' && (!method || c.method === method));
  }

  /** New posts in a channel (createConversation with channelData.channel.id). */
  channelPosts(channelId?: string): Call[] {
    return this.connectorCalls('POST').filter((c) => {
      const b = c.body as { isGroup?: boolean; channelData?: { channel?: { id?: string } } };
      return (
        c.path === '/v3/conversations' &&
        b.isGroup &&
        b.channelData?.channel?.id &&
        (!channelId || b.channelData.channel.id === channelId)
      );
    });
  }

  /** Replies in the threads of a channel (messages sent to `{channelId};messageid=N`). */
  threadReplies(channelId: string | undefined): Call[] {
    return this.sent().filter(
      (c) => channelId && c.path.startsWith(`/v3/conversations/${channelId};messageid=`),
    );
  }

  /** 1:1 conversations opened (createConversation with members), by Entra object id. */
  personalOpened(): string[] {
    return this.connectorCalls('POST')
      .filter(
        (c) =>
          c.path === '/v3/conversations' && (c.body as { isGroup?: boolean }).isGroup === false,
      )
      .map((c) => (c.body as { members: { id: string }[] }).members[0]?.id ?? '');
  }

  /** Messages sent into a conversation (replies and sends), newest last. */
  sent(conversationId?: string): Call[] {
    return this.connectorCalls('POST').filter(
      (c) =>
        /^\/v3\/conversations\/[^/]+\/activities/.test(c.path) &&
        (!conversationId || c.path.startsWith(`/v3/conversations/${conversationId}/`)),
    );
  }

  updates(): Call[] {
    return this.connectorCalls('PUT');
  }

  private handle(req: IncomingMessage, res: ServerResponse, body: unknown): void {
    const url = new URL(req.url ?? '/', 'http://x');
    const api = url.pathname.startsWith('/graph/') ? 'graph' : 'connector';
    const prefix = api === 'graph' ? '/graph/v1.0' : '/connector';
    const path = url.pathname.slice(prefix.length).split('/').map(decodeURIComponent).join('/');
    const call: Call = {
      method: req.method ?? 'GET',
      path,
      query: url.searchParams,
      api,
      body,
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    };
    this.calls.push(call);
    const send = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(payload === undefined ? '' : JSON.stringify(payload));
    };
    if (api === 'graph') {
      const gate = this.gate;
      if (!gate) return this.graph(call, send);
      this.heldGraphRequests++;
      for (const w of this.heldWaiters.splice(0)) w();
      void gate.promise.then(() => this.graph(call, send));
      return;
    }
    const failure = this.connectorFailures.find((f) => f.times > 0 && f.match(call));
    if (failure) {
      failure.times--;
      return send(failure.status, { error: { code: 'ServiceError', message: 'scripted failure' } });
    }
    this.connector(call, send);
  }

  /** A channel by id, for the tests' checks. */
  channel(id: string) {
    return this.channels.find((c) => c.id === id);
  }

  private member(
    teamId: string,
    b: { roles?: string[]; 'user@odata.bind'?: string; tenantId?: string },
  ): GraphChannelMember | undefined {
    const userId = /users\('([^']+)'\)$/.exec(decodeURIComponent(b['user@odata.bind'] ?? ''))?.[1];
    if (!userId) return undefined;
    return {
      id: `mem-${teamId.slice(0, 4)}-${next()}`,
      userId,
      displayName: this.people.get(userId) ?? `User ${userId.slice(-4)}`,
      roles: b.roles ?? [],
      ...(b.tenantId ? { tenantId: b.tenantId } : {}),
    };
  }

  /** Apps installed per user (`POST /users/{id}/teamwork/installedApps`), and scripted refusals by user. */
  readonly installs = new Map<string, string[]>();
  readonly installRefusals = new Map<string, number>();

  /** Files put into channels' Files (upload sessions), by file name. */
  readonly files = new Map<
    string,
    {
      bytes: Buffer;
      item: { id: string; name: string; webUrl: string; eTag: string };
      channelId: string;
    }
  >();
  private readonly sessions = new Map<string, { name: string; channelId: string }>();

  private graphFiles(
    call: Call,
    send: (status: number, payload?: unknown, headers?: Record<string, string>) => void,
  ): boolean {
    const folder = /^\/teams\/([^/]+)\/channels\/([^/]+)\/filesFolder$/.exec(call.path);
    if (folder && call.method === 'GET') {
      if (!this.channels.some((c) => c.id === folder[2]))
        return (send(404, { error: { code: 'NotFound' } }), true);
      return (
        send(200, {
          id: `folder-${folder[2]}`,
          name: 'General',
          parentReference: { driveId: 'drive-cases' },
        }),
        true
      );
    }
    const session = /^\/drives\/([^/]+)\/items\/folder-(.+):\/([^/]+):\/createUploadSession$/.exec(
      call.path,
    );
    if (session && call.method === 'POST') {
      const id = `s${next()}`;
      this.sessions.set(id, { name: session[3]!, channelId: session[2]! });
      return (
        send(200, {
          uploadUrl: `${this.graphUrl}upload/${id}`,
          expirationDateTime: '2026-12-24T00:00:00Z',
        }),
        true
      );
    }
    const upload = /^\/upload\/([^/]+)$/.exec(call.path);
    if (upload && call.method === 'PUT') {
      const s = this.sessions.get(upload[1]!);
      const bytes = Buffer.isBuffer(call.body) ? call.body : Buffer.alloc(0);
      if (!s || !bytes.length) return (send(400, { error: { code: 'BadRequest' } }), true);
      // A pre-authorised URL: Graph refuses a bearer token on it.
      if (call.authorization)
        return (
          send(401, { error: { code: 'Unauthorized', message: 'no token on an upload URL' } }),
          true
        );
      const n = next();
      const item = {
        id: `item-${n}`,
        name: s.name,
        webUrl: `https://sharepoint.example/sites/cases/${encodeURIComponent(s.name)}`,
        eTag: `"{0000${String(n).padStart(4, '0')}-0000-4000-8000-00000000f11e},1"`,
      };
      this.files.set(s.name, { bytes, item, channelId: s.channelId });
      return (send(201, item), true);
    }
    return false;
  }

  private graph(
    call: Call,
    send: (status: number, payload?: unknown, headers?: Record<string, string>) => void,
  ): void {
    if (this.graphFiles(call, send)) return;
    const install = /^\/users\/([^/]+)\/teamwork\/installedApps$/.exec(call.path);
    if (install && call.method === 'POST') {
      const userId = install[1]!;
      const refused = this.installRefusals.get(userId);
      if (refused)
        return send(refused, {
          error: { code: refused === 404 ? 'NotFound' : 'Forbidden', message: 'scripted' },
        });
      const app = /teamsApps\/([^/]+)$/.exec(
        (call.body as { 'teamsApp@odata.bind'?: string })['teamsApp@odata.bind'] ?? '',
      )?.[1];
      if (!app) return send(400, { error: { code: 'BadRequest' } });
      const apps = this.installs.get(userId) ?? [];
      if (apps.includes(app))
        return send(409, { error: { code: 'Conflict', message: 'App is already installed' } });
      this.installs.set(userId, [...apps, app]);
      return send(201, { id: `inst-${next()}` });
    }
    const mm = /^\/teams\/([^/]+)\/channels\/([^/]+)\/members(?:\/([^/]+))?$/.exec(call.path);
    if (mm) return this.graphMembers(call, mm[1]!, mm[2]!, mm[3], send);
    const m = /^\/teams\/([^/]+)\/channels$/.exec(call.path);
    if (!m) return send(404, { error: { code: 'NotFound' } });
    const teamId = m[1]!;
    if (call.method === 'GET') {
      const filter = call.query.get('$filter') ?? '';
      const name = /displayName eq '(.*)'$/.exec(filter)?.[1]?.replace(/''/g, "'");
      return send(200, {
        value: this.channels
          .filter((c) => c.teamId === teamId && (!name || c.displayName === name))
          .map(({ teamId: _t, ...c }) => c),
      });
    }
    const scripted = this.channelAnswers.shift();
    const b = call.body as {
      displayName: string;
      description: string;
      membershipType: string;
      members?: { roles?: string[]; 'user@odata.bind'?: string; tenantId?: string }[];
    };
    const members = (b.members ?? []).map((x) => this.member(teamId, x));
    const newChannel = () => ({
      teamId,
      id: `19:${next().toString(16).padStart(8, '0')}cafe@thread.tacv2`,
      displayName: b.displayName,
      description: b.description,
      membershipType: b.membershipType,
      members: members.filter((x): x is GraphChannelMember => Boolean(x)),
    });
    if (scripted?.create) this.channels.push(newChannel());
    if (scripted)
      return send(
        scripted.status,
        scripted.body ?? { error: { code: 'Scripted', message: 'scripted' } },
        scripted.headers,
      );
    // As Graph: an app creating a private or shared channel must name an owner among its members.
    if (
      (b.membershipType === 'private' || b.membershipType === 'shared') &&
      !members.some((x) => x?.roles.includes('owner'))
    )
      return send(400, {
        error: {
          code: 'BadRequest',
          message: 'An owner is required to create a channel with application permissions.',
        },
      });
    if (members.some((x) => !x))
      return send(400, {
        error: { code: 'BadRequest', message: 'member without user@odata.bind' },
      });
    if (this.channels.some((c) => c.teamId === teamId && c.displayName === b.displayName))
      return send(409, {
        error: { code: 'NameAlreadyExists', message: 'Channel name already existed' },
      });
    const channel = newChannel();
    this.channels.push(channel);
    send(201, {
      id: channel.id,
      displayName: channel.displayName,
      description: channel.description,
      membershipType: b.membershipType,
      webUrl: 'https://teams.example/channel',
    });
  }

  private graphMembers(
    call: Call,
    teamId: string,
    channelId: string,
    membershipId: string | undefined,
    send: (status: number, payload?: unknown, headers?: Record<string, string>) => void,
  ): void {
    const channel = this.channels.find((c) => c.teamId === teamId && c.id === channelId);
    if (!channel) return send(404, { error: { code: 'NotFound', message: 'no such channel' } });
    if (call.method === 'GET' && !membershipId) return send(200, { value: channel.members });
    if (call.method === 'DELETE' && membershipId) {
      const i = channel.members.findIndex((x) => x.id === membershipId);
      if (i < 0) return send(404, { error: { code: 'NotFound' } });
      channel.members.splice(i, 1);
      return send(204);
    }
    if (call.method === 'POST' && !membershipId) {
      const scripted = this.memberAnswers.shift();
      if (scripted)
        return send(
          scripted.status,
          scripted.body ?? { error: { code: 'Scripted', message: 'scripted' } },
          scripted.headers,
        );
      const b = call.body as { roles?: string[]; 'user@odata.bind'?: string; tenantId?: string };
      const member = this.member(teamId, b);
      if (!member) return send(400, { error: { code: 'BadRequest' } });
      // As Graph: people of another tenant can only be in a shared channel.
      if (member.tenantId && channel.membershipType !== 'shared')
        return send(400, {
          error: { code: 'BadRequest', message: 'external users need a shared channel' },
        });
      if (channel.members.some((x) => x.userId === member.userId))
        return send(409, { error: { code: 'Conflict' } });
      channel.members.push(member);
      return send(201, member);
    }
    send(405, { error: { code: 'MethodNotAllowed' } });
  }

  private connector(call: Call, send: (status: number, payload?: unknown) => void): void {
    if (call.method === 'POST' && call.path === '/v3/conversations') {
      const b = call.body as {
        isGroup?: boolean;
        channelData?: { channel?: { id?: string } };
        members?: { id: string }[];
      };
      if (b.isGroup && b.channelData?.channel?.id) {
        const n = next();
        return send(201, {
          id: `${b.channelData.channel.id};messageid=${n}`,
          activityId: String(n),
        });
      }
      return send(201, { id: `a:personal-${b.members?.[0]?.id ?? 'nobody'}` });
    }
    if (/^\/v3\/conversations\/[^/]+\/pagedmembers$/.test(call.path) && call.method === 'GET')
      return send(200, {
        members: this.members.map((m) => ({ id: m.id, aadObjectId: m.aadObjectId, name: m.name })),
      });
    if (/^\/v3\/conversations\/[^/]+\/activities(\/[^/]+)?$/.test(call.path)) {
      if (call.method === 'POST') return send(201, { id: `activity-${next()}` });
      if (call.method === 'PUT') return send(200, { id: call.path.split('/').pop() });
      if (call.method === 'DELETE') return send(200);
    }
    send(404, { error: { code: 'NotFound' } });
  }
}

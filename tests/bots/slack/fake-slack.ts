/**
 * A local HTTP server playing Slack's Web API (at SLACK_API_URL) and response_url endpoints. It
 * records every call, keeps just enough state to answer like Slack (channels, members, messages),
 * checks every Block Kit payload against Slack's documented limits, plays file uploads
 * (files.getUploadURLExternal returns an upload URL on this server; files.completeUploadExternal
 * shares the uploaded bytes into a channel), and fails on request:
 * a Slack error (`ok: false`), an HTTP 500, or a 429 with Retry-After.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkHome, checkMessage, checkModal } from '../../../src/cards/slack/limits.js';

export interface Call {
  method: string;
  args: Record<string, unknown>;
  token?: string;
  at: number;
  /** Set once this server has answered the call (a held call is not). */
  answered?: boolean;
}

export type Failure =
  | { error: string; extra?: Record<string, unknown> }
  | { status: 500 }
  | { status: 429; retryAfter: number };

interface Channel {
  id: string;
  name: string;
  isPrivate: boolean;
  members: Set<string>;
}

interface Message {
  channel: string;
  ts: string;
  text: string;
  blocks: unknown[];
}

export const BOT_USER = 'U0CSPRBOT';
/** The app-level token (Socket Mode): only apps.connections.open takes it. */
export const APP_TOKEN = 'xapp-1-A0CSPRAPP1-test-app-token';
/** Trigger ids carry the time they were issued: views.open refuses them after 3 seconds, like Slack. */
export const triggerId = () => `${Date.now()}.trigger.${Math.random().toString(36).slice(2, 8)}`;

const JSON_ARGS = new Set(['blocks', 'view', 'attachments', 'files', 'emails', 'user_ids']);

/** A file uploaded through files.getUploadURLExternal → POST upload_url → files.completeUploadExternal. */
export interface UploadedFile {
  id: string;
  filename: string;
  /** The length announced to files.getUploadURLExternal. */
  length: number;
  /** The bytes posted to the upload URL (multipart field `body`, as @slack/web-api sends it). */
  bytes?: Buffer;
  /** Set by files.completeUploadExternal. */
  channel?: string;
  title?: string;
  initialComment?: string;
}

export class FakeSlack {
  readonly calls: Call[] = [];
  /** Limit violations found in any payload the bot sent. */
  readonly problems: string[] = [];
  readonly channels = new Map<string, Channel>();
  readonly messages = new Map<string, Message>();
  /** Users that exist in the workspace; inviting anyone else fails with user_not_found. */
  readonly users = new Set<string>();
  /** People users.lookupByEmail finds: this workspace's members by email, and others once connected. */
  readonly emails = new Map<string, { id: string; team: string }>();
  /** Slack Connect invitations (conversations.inviteShared), by invite id. */
  readonly invites = new Map<string, { channel: string; email: string; accepted?: string }>();
  /** Each user's App Home as last published (views.publish). */
  readonly homes = new Map<string, { type: string; blocks: unknown[] }>();
  /** Files by id, from files.getUploadURLExternal on. */
  readonly files = new Map<string, UploadedFile>();
  private readonly failures: { method: string; times: number; failure: Failure }[] = [];
  private readonly delays = new Map<string, number>();
  private readonly holds = new Map<string, Promise<void>>();
  /** waitFor's sleepers, woken at each call and answer. */
  private readonly waiters = new Set<() => void>();
  private server?: Server;
  /** The WebSocket URL apps.connections.open answers (set by FakeSocketMode), for the app-level token only. */
  socketUrl?: string;
  private seq = 0;
  port = 0;

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  responseUrl(id = String(++this.seq)): string {
    return `http://127.0.0.1:${this.port}/respond/${id}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server!.address() as AddressInfo).port;
  }

  /** The HTTP server, for a WebSocket server to share (FakeSocketMode). */
  get http(): Server {
    return this.server!;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** The next `times` calls of `method` fail this way. */
  fail(method: string, failure: Failure, times = 1): void {
    this.failures.push({ method, times, failure });
  }

  /**
   * Calls of `method` get no answer until the returned release is called (a Slack that takes as long
   * as the test wants: what the bot answered meanwhile did not wait for it).
   */
  hold(method: string): () => void {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    this.holds.set(method, held);
    return () => {
      this.holds.delete(method);
      release();
    };
  }

  /** Calls of `method` recorded but not answered yet (held). */
  unanswered(method: string): number {
    return this.calls.filter((c) => c.method === method && !c.answered).length;
  }

  /** Every call of `method` is answered `ms` later (a slow Slack). */
  delay(method: string, ms: number): void {
    this.delays.set(method, ms);
  }

  clearFailures(): void {
    this.failures.length = 0;
  }

  /** A channel that already exists (e.g. for a name clash). */
  addChannel(name: string, opts: { botIsMember: boolean; id?: string }): string {
    const id = opts.id ?? `G${String(++this.seq).padStart(8, '0')}`;
    this.channels.set(id, {
      id,
      name,
      isPrivate: true,
      members: new Set(opts.botIsMember ? [BOT_USER] : []),
    });
    return id;
  }

  /**
   * The invited person accepts a Slack Connect invitation from their own workspace: they join the
   * channel, become findable by email, and Slack sends the bot `shared_channel_invite_accepted`
   * (returned here, for the test to deliver).
   */
  acceptInvite(inviteId: string, user: { id: string; team: string }): Record<string, unknown> {
    const invite = this.invites.get(inviteId);
    if (!invite) throw new Error(`no invitation ${inviteId}`);
    invite.accepted = user.id;
    this.users.add(user.id);
    this.emails.set(invite.email, user);
    this.channels.get(invite.channel)?.members.add(user.id);
    const ch = this.channels.get(invite.channel);
    return {
      type: 'shared_channel_invite_accepted',
      approval_required: false,
      invite: {
        id: inviteId,
        date_created: 1798020000,
        inviting_team: { id: 'T0LINCS01', name: 'Lincs' },
        recipient_email: invite.email,
      },
      channel: { id: invite.channel, is_private: true, is_im: false, name: ch?.name ?? '' },
      teams_in_channel: [{ id: 'T0LINCS01' }, { id: user.team }],
      accepting_user: {
        id: user.id,
        team_id: user.team,
        name: 'partner',
        updated: 1798020000,
        profile: { real_name: 'Partner' },
      },
      event_ts: `${Date.now() / 1000}`,
    };
  }

  callsTo(method: string): Call[] {
    return this.calls.filter((c) => c.method === method);
  }

  /**
   * Resolves with the probe's first truthy value, tried again at every call the bot makes and every
   * answer this server gives (and every 50 ms, for state the probe reads elsewhere).
   */
  async waitFor<T>(probe: () => T | undefined | false, what: string, timeoutMs = 8000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const v = probe();
      if (v) return v;
      if (Date.now() > until)
        throw new Error(
          `timed out waiting for ${what}; calls: ${this.calls.map((c) => c.method).join(', ')}`,
        );
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, 50);
        this.waiters.add(wake);
      });
    }
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }

  /** Waits until `count` calls of `method` have been recorded. */
  async waitForCalls(method: string, count = 1, timeoutMs = 8000): Promise<Call[]> {
    return this.waitFor(
      () => (this.callsTo(method).length >= count ? this.callsTo(method) : undefined),
      `${count} × ${method}`,
      timeoutMs,
    );
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    res.once('finish', () => this.wake());
    const raw = bytes.toString('utf8');
    const url = req.url ?? '';
    if (url.startsWith('/upload/'))
      return this.upload(url.slice('/upload/'.length), bytes, req, res);
    if (url.startsWith('/respond/')) {
      const args = JSON.parse(raw || '{}') as Record<string, unknown>;
      this.record('response_url', args, undefined);
      this.check('response_url', args);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    const method = url.replace(/^\/api\//, '').split('?')[0]!;
    const args = parseArgs(raw, req.headers['content-type']);
    const token =
      (req.headers.authorization ?? '').replace(/^Bearer /, '') ||
      (typeof args.token === 'string' ? args.token : undefined);
    const call = this.record(method, args, token);
    res.once('finish', () => (call.answered = true));
    const wait = this.delays.get(method);
    if (wait) await new Promise((r) => setTimeout(r, wait));
    await this.holds.get(method);
    const failure = this.takeFailure(method);
    if (failure && 'status' in failure) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (failure.status === 429) headers['retry-after'] = String(failure.retryAfter);
      res.writeHead(failure.status, headers).end(
        JSON.stringify({
          ok: false,
          error: failure.status === 429 ? 'ratelimited' : 'internal_error',
        }),
      );
      return;
    }
    const body = failure
      ? { ok: false, error: failure.error, ...(failure.extra ?? {}) }
      : this.answer(method, args, token);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }

  /** The upload URL of files.getUploadURLExternal: a multipart POST whose `body` field is the file. */
  private async upload(
    id: string,
    body: Buffer,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    this.record('upload', { file_id: id, bytes: body.length }, undefined);
    const failure = this.takeFailure('upload');
    const file = this.files.get(id);
    if (failure || !file) {
      res
        .writeHead(failure && 'status' in failure ? failure.status : 404, {
          'content-type': 'text/plain',
        })
        .end('upload failed');
      return;
    }
    const form = await new Response(new Uint8Array(body), {
      headers: { 'content-type': String(req.headers['content-type'] ?? '') },
    }).formData();
    const part = form.get('body');
    file.bytes =
      part && typeof part !== 'string'
        ? Buffer.from(await part.arrayBuffer())
        : Buffer.from(String(part ?? ''));
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${file.bytes.length}`);
  }

  private record(method: string, args: Record<string, unknown>, token: string | undefined): Call {
    const call: Call = { method, args, ...(token ? { token } : {}), at: Date.now() };
    this.calls.push(call);
    this.wake();
    return call;
  }

  private takeFailure(method: string): Failure | undefined {
    const f = this.failures.find((x) => x.method === method && x.times > 0);
    if (!f) return undefined;
    f.times -= 1;
    return f.failure;
  }

  private check(method: string, args: Record<string, unknown>): void {
    const problems =
      method === 'views.publish'
        ? checkHome(args.view)
        : method.startsWith('views.')
          ? checkModal(args.view)
          : checkMessage(args);
    for (const p of problems) this.problems.push(`${method}: ${p}`);
  }

  private answer(
    method: string,
    a: Record<string, unknown>,
    token: string | undefined,
  ): Record<string, unknown> {
    if (method === 'apps.connections.open')
      return token === APP_TOKEN && this.socketUrl
        ? { ok: true, url: this.socketUrl }
        : {
            ok: false,
            error: token?.startsWith('xapp-') ? 'invalid_auth' : 'not_allowed_token_type',
          };
    if (token !== 'xoxb-test-token') return { ok: false, error: 'invalid_auth' };
    const str = (k: string) => (typeof a[k] === 'string' ? (a[k] as string) : '');
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: BOT_USER, bot_id: 'B0CSPRBOT', team_id: 'T0LINCS01' };
      case 'views.open': {
        const issued = Number(str('trigger_id').split('.')[0]);
        if (!issued || Date.now() - issued > 3000)
          return { ok: false, error: 'expired_trigger_id' };
        this.check(method, a);
        return {
          ok: true,
          view: { ...(a.view as object), id: `V${String(++this.seq).padStart(8, '0')}` },
        };
      }
      case 'views.publish': {
        if (!this.users.has(str('user_id'))) return { ok: false, error: 'user_not_found' };
        this.check(method, a);
        this.homes.set(str('user_id'), a.view as { type: string; blocks: unknown[] });
        return {
          ok: true,
          view: {
            ...(a.view as object),
            id: `V${String(++this.seq).padStart(8, '0')}`,
            hash: `${Date.now()}.h${this.seq}`,
          },
        };
      }
      case 'conversations.create': {
        const name = str('name');
        if (!/^[a-z0-9_-]{1,80}$/.test(name)) return { ok: false, error: 'invalid_name_specials' };
        if ([...this.channels.values()].some((c) => c.name === name))
          return { ok: false, error: 'name_taken' };
        const id = this.addChannel(name, { botIsMember: true });
        this.channels.get(id)!.isPrivate = a.is_private === 'true' || a.is_private === true;
        return {
          ok: true,
          channel: {
            id,
            name,
            is_private: this.channels.get(id)!.isPrivate,
            is_channel: false,
            is_group: true,
          },
        };
      }
      case 'conversations.invite': {
        const ch = this.channels.get(str('channel'));
        if (!ch) return { ok: false, error: 'channel_not_found' };
        const users = str('users').split(',').filter(Boolean);
        const unknown = users.filter((u) => !this.users.has(u));
        if (unknown.length)
          return {
            ok: false,
            error: 'user_not_found',
            errors: unknown.map((user) => ({ user, ok: false, error: 'user_not_found' })),
          };
        if (users.length === 1 && ch.members.has(users[0]!))
          return { ok: false, error: 'already_in_channel' };
        for (const u of users) ch.members.add(u);
        return { ok: true, channel: { id: ch.id, name: ch.name } };
      }
      case 'conversations.inviteShared': {
        const ch = this.channels.get(str('channel'));
        if (!ch) return { ok: false, error: 'channel_not_found' };
        const emails = Array.isArray(a.emails)
          ? (a.emails as string[])
          : str('emails').split(',').filter(Boolean);
        if (emails.length !== 1) return { ok: false, error: 'invalid_arguments' };
        const id = `I${String(++this.seq).padStart(8, '0')}`;
        this.invites.set(id, { channel: ch.id, email: emails[0]! });
        return { ok: true, invite_id: id, is_legacy_shared_channel: false };
      }
      case 'users.lookupByEmail': {
        const found = this.emails.get(str('email'));
        return found
          ? { ok: true, user: { id: found.id, team_id: found.team, name: 'someone' } }
          : { ok: false, error: 'users_not_found' };
      }
      case 'conversations.list': {
        const mine = [...this.channels.values()].filter(
          (c) => c.members.has(BOT_USER) && c.isPrivate,
        );
        const limit = Number(str('limit')) || 100;
        const start = Number(str('cursor') || '0');
        const page = mine.slice(start, start + limit);
        const next = start + limit < mine.length ? String(start + limit) : '';
        return {
          ok: true,
          channels: page.map((c) => ({ id: c.id, name: c.name, is_private: true })),
          response_metadata: { next_cursor: next },
        };
      }
      case 'chat.postMessage': {
        const channel = str('channel');
        const dmTo = /^[UW]/.test(channel);
        const ch = this.channels.get(channel);
        if (!dmTo && !ch) return { ok: false, error: 'channel_not_found' };
        if (ch && !ch.members.has(BOT_USER)) return { ok: false, error: 'not_in_channel' };
        this.check(method, a);
        const ts = `${1798020000 + ++this.seq}.000100`;
        const where = dmTo ? `D${channel.slice(1)}` : channel;
        this.messages.set(`${where}:${ts}`, {
          channel: where,
          ts,
          text: str('text'),
          blocks: (a.blocks as unknown[]) ?? [],
        });
        return { ok: true, channel: where, ts, message: { text: str('text'), ts } };
      }
      case 'chat.update': {
        const key = `${str('channel')}:${str('ts')}`;
        const m = this.messages.get(key);
        if (!m) return { ok: false, error: 'message_not_found' };
        this.check(method, a);
        this.messages.set(key, { ...m, text: str('text'), blocks: (a.blocks as unknown[]) ?? [] });
        return { ok: true, channel: m.channel, ts: m.ts, text: str('text') };
      }
      case 'chat.delete': {
        const key = `${str('channel')}:${str('ts')}`;
        if (!this.messages.has(key)) return { ok: false, error: 'message_not_found' };
        this.messages.delete(key);
        return { ok: true, channel: str('channel'), ts: str('ts') };
      }
      case 'chat.postEphemeral': {
        const channel = str('channel');
        const ch = this.channels.get(channel);
        if (!ch && !/^D/.test(channel)) return { ok: false, error: 'channel_not_found' };
        if (ch && !ch.members.has(BOT_USER)) return { ok: false, error: 'not_in_channel' };
        this.check(method, a);
        return { ok: true, message_ts: `${1798020000 + ++this.seq}.000200` };
      }
      case 'files.getUploadURLExternal': {
        const length = Number(str('length'));
        if (!str('filename')) return { ok: false, error: 'invalid_arguments' };
        if (!Number.isInteger(length) || length <= 0)
          return { ok: false, error: 'invalid_arguments' };
        const id = `F${String(++this.seq).padStart(8, '0')}`;
        this.files.set(id, { id, filename: str('filename'), length });
        return { ok: true, upload_url: `http://127.0.0.1:${this.port}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const list = (Array.isArray(a.files) ? a.files : []) as { id: string; title?: string }[];
        const channel = str('channel_id');
        const ch = this.channels.get(channel);
        if (channel && !ch) return { ok: false, error: 'channel_not_found' };
        if (ch && !ch.members.has(BOT_USER)) return { ok: false, error: 'not_in_channel' };
        const files = list.map((f) => this.files.get(f.id));
        if (files.length === 0 || files.some((f) => !f?.bytes))
          return { ok: false, error: 'file_not_found' };
        files.forEach((f, i) =>
          Object.assign(f!, {
            channel,
            title: list[i]!.title,
            initialComment: str('initial_comment'),
          }),
        );
        return {
          ok: true,
          files: files.map((f) => ({ id: f!.id, title: f!.title, name: f!.filename })),
        };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}

function parseArgs(raw: string, contentType: string | undefined): Record<string, unknown> {
  if ((contentType ?? '').includes('application/json'))
    return JSON.parse(raw || '{}') as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) out[k] = JSON_ARGS.has(k) ? JSON.parse(v) : v;
  return out;
}

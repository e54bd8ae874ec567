/**
 * Sends requests to the bot as Slack does: form-encoded slash commands and interactivity
 * payloads, signed with HMAC-SHA256 over `v0:<timestamp>:<body>` with the signing secret.
 */
import { createHmac } from 'node:crypto';
import { triggerId, type FakeSlack } from './fake-slack.js';
import type { FakeSocketMode } from './fake-socket-mode.js';

export const SIGNING_SECRET = 'test-signing-secret-8f2c1d';
export const TEAM = 'T0LINCS01';

export interface Sent {
  status: number;
  text: string;
  json?: Record<string, unknown>;
  /** How long the bot took to answer (ms). */
  ms: number;
}

export function sign(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

type Obj = Record<string, unknown>;

export class SlackSender {
  /** Every answer time, for the report. */
  readonly timings: number[] = [];
  /** The workspace the requests come from (a partner of another workspace sends their own). */
  team: string = TEAM;

  constructor(
    private readonly url: string,
    private readonly fake: FakeSlack,
  ) {}

  async post(
    body: string,
    headers: Record<string, string> | 'signed' = 'signed',
    contentType = 'application/x-www-form-urlencoded',
  ): Promise<Sent> {
    const ts = Math.floor(Date.now() / 1000);
    const h =
      headers === 'signed'
        ? { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(body, ts) }
        : headers;
    const started = performance.now();
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': contentType, ...h },
      body,
    });
    const text = await res.text();
    const ms = performance.now() - started;
    this.timings.push(ms);
    let json: Obj | undefined;
    try {
      json = text ? (JSON.parse(text) as Obj) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, text, ms, ...(json ? { json } : {}) };
  }

  commandBody(user: string, text: string, channel = 'C0GENERAL1', responseId?: string): string {
    return new URLSearchParams({
      token: 'legacy-verification-token',
      team_id: this.team,
      team_domain: 'lincs-scp',
      channel_id: channel,
      channel_name: channel.startsWith('G') ? 'privategroup' : 'general',
      user_id: user,
      user_name: user.toLowerCase(),
      command: '/cspr',
      text,
      api_app_id: 'A0CSPRAPP1',
      is_enterprise_install: 'false',
      response_url: this.fake.responseUrl(responseId),
      trigger_id: triggerId(),
    }).toString();
  }

  command(user: string, text: string, channel?: string): Promise<Sent> {
    return this.post(this.commandBody(user, text, channel));
  }

  payloadBody(payload: Obj): string {
    return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  }

  /** A click on a button of a message (block_actions). */
  click(
    user: string,
    actionId: string,
    value: string,
    where: { channel: string; ts?: string },
  ): Promise<Sent> {
    return this.post(
      this.payloadBody({
        type: 'block_actions',
        team: { id: this.team, domain: 'lincs-scp' },
        user: { id: user, username: user.toLowerCase(), team_id: this.team },
        api_app_id: 'A0CSPRAPP1',
        token: 'legacy-verification-token',
        trigger_id: triggerId(),
        container: {
          type: 'message',
          channel_id: where.channel,
          message_ts: where.ts ?? '1.0',
          is_ephemeral: false,
        },
        channel: { id: where.channel, name: 'privategroup' },
        message: { ts: where.ts ?? '1.0', type: 'message' },
        response_url: this.fake.responseUrl(),
        actions: [
          {
            type: 'button',
            action_id: actionId,
            block_id: 'case_actions',
            value,
            text: { type: 'plain_text', text: 'x' },
            action_ts: `${Date.now() / 1000}`,
          },
        ],
      }),
    );
  }

  /** A click on a button of the person's App Home (no channel: the container is the Home view). */
  clickInHome(user: string, actionId: string, value: string): Promise<Sent> {
    return this.post(
      this.payloadBody({
        type: 'block_actions',
        team: { id: this.team, domain: 'lincs-scp' },
        user: { id: user, username: user.toLowerCase(), team_id: this.team },
        api_app_id: 'A0CSPRAPP1',
        token: 'legacy-verification-token',
        trigger_id: triggerId(),
        container: { type: 'view', view_id: 'V0HOME0001' },
        view: { id: 'V0HOME0001', type: 'home', team_id: this.team, hash: '1.home' },
        actions: [
          {
            type: 'button',
            action_id: actionId,
            block_id: 'home',
            value,
            text: { type: 'plain_text', text: 'x' },
            action_ts: `${Date.now() / 1000}`,
          },
        ],
      }),
    );
  }

  /** The submission of a modal the bot opened (view_submission), with answers by field id. */
  submissionBody(
    user: string,
    opened: Obj,
    answers: Record<string, string | string[]>,
    viewId?: string,
  ): string {
    return this.payloadBody({
      type: 'view_submission',
      team: { id: this.team, domain: 'lincs-scp' },
      user: { id: user, username: user.toLowerCase(), team_id: this.team },
      api_app_id: 'A0CSPRAPP1',
      token: 'legacy-verification-token',
      trigger_id: triggerId(),
      view: {
        ...opened,
        id: viewId ?? (opened.id as string),
        team_id: this.team,
        app_id: 'A0CSPRAPP1',
        bot_id: 'B0CSPRBOT',
        hash: '1.abc',
        state: { values: stateValues(opened, answers) },
      },
      response_urls: [],
    });
  }

  submit(
    user: string,
    opened: Obj,
    answers: Record<string, string | string[]>,
    viewId?: string,
  ): Promise<Sent> {
    return this.post(this.submissionBody(user, opened, answers, viewId));
  }

  /** An Events API delivery (`event_callback`, JSON), e.g. `app_home_opened`. */
  eventBody(event: Obj): string {
    return JSON.stringify({
      token: 'legacy-verification-token',
      team_id: this.team,
      api_app_id: 'A0CSPRAPP1',
      event: { event_ts: `${Date.now() / 1000}`, ...event },
      type: 'event_callback',
      event_id: `Ev${Math.random().toString(36).slice(2, 12).toUpperCase()}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: this.team, user_id: 'U0CSPRBOT', is_bot: true }],
    });
  }

  event(event: Obj): Promise<Sent> {
    return this.post(this.eventBody(event), 'signed', 'application/json');
  }

  /** The person opens the app's Home tab. */
  openHome(user: string): Promise<Sent> {
    return this.event({ type: 'app_home_opened', user, channel: `D${user.slice(1)}`, tab: 'home' });
  }

  /** A global shortcut (callback_id from the manifest). */
  shortcut(user: string, callbackId: string): Promise<Sent> {
    return this.post(
      this.payloadBody({
        type: 'shortcut',
        token: 'legacy-verification-token',
        action_ts: `${Date.now() / 1000}`,
        team: { id: this.team, domain: 'lincs-scp' },
        user: { id: user, username: user.toLowerCase(), team_id: this.team },
        callback_id: callbackId,
        trigger_id: triggerId(),
      }),
    );
  }

  /** A message shortcut on a message in a channel. */
  messageShortcut(
    user: string,
    callbackId: string,
    message: { text: string; ts?: string; user?: string },
    channel = 'C0GENERAL1',
  ): Promise<Sent> {
    const ts = message.ts ?? '1798020000.000300';
    return this.post(
      this.payloadBody({
        type: 'message_action',
        token: 'legacy-verification-token',
        action_ts: `${Date.now() / 1000}`,
        team: { id: this.team, domain: 'lincs-scp' },
        user: { id: user, username: user.toLowerCase(), team_id: this.team },
        channel: { id: channel, name: 'general' },
        callback_id: callbackId,
        trigger_id: triggerId(),
        message_ts: ts,
        message: { type: 'message', user: message.user ?? 'U0MEMBER1', ts, text: message.text },
        response_url: this.fake.responseUrl(),
      }),
    );
  }
}

/**
 * The same requests, delivered as Socket Mode envelopes over the fake's WebSocket instead of signed
 * HTTP: a slash command's form fields become a `slash_commands` payload, an interactivity payload an
 * `interactive` one, an event an `events_api` one. The answer is the envelope's acknowledgement:
 * "status 200" once it is acknowledged, its payload (e.g. a modal's `response_action`) as the JSON.
 */
export class SocketSender extends SlackSender {
  constructor(
    fake: FakeSlack,
    private readonly socket: FakeSocketMode,
  ) {
    super('socket-mode', fake);
  }

  override async post(
    body: string,
    _headers: Record<string, string> | 'signed' = 'signed',
    contentType = 'application/x-www-form-urlencoded',
  ): Promise<Sent> {
    const started = performance.now();
    let ack;
    if (contentType.includes('json'))
      ack = await this.socket.send('events_api', JSON.parse(body) as Obj);
    else {
      const form = new URLSearchParams(body);
      const payload = form.get('payload');
      ack = payload
        ? await this.socket.send('interactive', JSON.parse(payload) as Obj)
        : await this.socket.send('slash_commands', Object.fromEntries(form));
    }
    const ms = performance.now() - started;
    this.timings.push(ms);
    const json = ack.payload && Object.keys(ack.payload).length ? ack.payload : undefined;
    return { status: 200, text: json ? JSON.stringify(json) : '', ms, ...(json ? { json } : {}) };
  }
}

/** Builds `view.state.values` from the modal's own input blocks, as Slack would for these answers. */
export function stateValues(
  view: Obj,
  answers: Record<string, string | string[]>,
): Record<string, Record<string, Obj>> {
  const out: Record<string, Record<string, Obj>> = {};
  for (const b of (view.blocks as Obj[]) ?? []) {
    if (b.type !== 'input') continue;
    const el = b.element as Obj;
    const id = b.block_id as string;
    const answer = answers[id];
    const type = el.type as string;
    const opt = (v: string) => {
      const o = (el.options as { value: string; text: Obj }[]).find((x) => x.value === v);
      return o ?? { value: v, text: { type: 'plain_text', text: v } };
    };
    let value: Obj;
    switch (type) {
      case 'datepicker':
        value = { type, selected_date: answer ?? null };
        break;
      case 'radio_buttons':
      case 'static_select':
        value = { type, selected_option: typeof answer === 'string' ? opt(answer) : null };
        break;
      case 'checkboxes':
      case 'multi_static_select':
        value = {
          type,
          selected_options: (Array.isArray(answer) ? answer : answer ? [answer] : []).map(opt),
        };
        break;
      default:
        value = { type, value: typeof answer === 'string' ? answer : null };
    }
    out[id] = { [el.action_id as string]: value };
  }
  return out;
}

/**
 * Sends requests to the bot as Slack does: form-encoded slash commands and interactivity
 * payloads, signed with HMAC-SHA256 over `v0:<timestamp>:<body>` with the signing secret.
 */
import { createHmac } from 'node:crypto';
import { triggerId, type FakeSlack } from './fake-slack.js';

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

  constructor(
    private readonly url: string,
    private readonly fake: FakeSlack,
  ) {}

  async post(body: string, headers: Record<string, string> | 'signed' = 'signed', contentType = 'application/x-www-form-urlencoded'): Promise<Sent> {
    const ts = Math.floor(Date.now() / 1000);
    const h =
      headers === 'signed'
        ? { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(body, ts) }
        : headers;
    const started = performance.now();
    const res = await fetch(this.url, { method: 'POST', headers: { 'content-type': contentType, ...h }, body });
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
      team_id: TEAM,
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
  click(user: string, actionId: string, value: string, where: { channel: string; ts?: string }): Promise<Sent> {
    return this.post(
      this.payloadBody({
        type: 'block_actions',
        team: { id: TEAM, domain: 'lincs-scp' },
        user: { id: user, username: user.toLowerCase(), team_id: TEAM },
        api_app_id: 'A0CSPRAPP1',
        token: 'legacy-verification-token',
        trigger_id: triggerId(),
        container: { type: 'message', channel_id: where.channel, message_ts: where.ts ?? '1.0', is_ephemeral: false },
        channel: { id: where.channel, name: 'privategroup' },
        message: { ts: where.ts ?? '1.0', type: 'message' },
        response_url: this.fake.responseUrl(),
        actions: [{ type: 'button', action_id: actionId, block_id: 'case_actions', value, text: { type: 'plain_text', text: 'x' }, action_ts: `${Date.now() / 1000}` }],
      }),
    );
  }

  /** The submission of a modal the bot opened (view_submission), with answers by field id. */
  submissionBody(user: string, opened: Obj, answers: Record<string, string | string[]>, viewId?: string): string {
    return this.payloadBody({
      type: 'view_submission',
      team: { id: TEAM, domain: 'lincs-scp' },
      user: { id: user, username: user.toLowerCase(), team_id: TEAM },
      api_app_id: 'A0CSPRAPP1',
      token: 'legacy-verification-token',
      trigger_id: triggerId(),
      view: {
        ...opened,
        id: viewId ?? (opened.id as string),
        team_id: TEAM,
        app_id: 'A0CSPRAPP1',
        bot_id: 'B0CSPRBOT',
        hash: '1.abc',
        state: { values: stateValues(opened, answers) },
      },
      response_urls: [],
    });
  }

  submit(user: string, opened: Obj, answers: Record<string, string | string[]>, viewId?: string): Promise<Sent> {
    return this.post(this.submissionBody(user, opened, answers, viewId));
  }
}

/** Builds `view.state.values` from the modal's own input blocks, as Slack would for these answers. */
export function stateValues(view: Obj, answers: Record<string, string | string[]>): Record<string, Record<string, Obj>> {
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
        value = { type, selected_options: (Array.isArray(answer) ? answer : answer ? [answer] : []).map(opt) };
        break;
      default:
        value = { type, value: typeof answer === 'string' ? answer : null };
    }
    out[id] = { [el.action_id as string]: value };
  }
  return out;
}

/**
 * The private case channel: create it (or reuse it after a name clash, only when it is this
 * case's channel or nobody's), invite the partnership's role holders, post or update the case
 * message, and record the channel with the message ts (`record-channel`, as the system actor).
 * Every Slack failure becomes a SlackStepError with a plain sentence for the person.
 */
import type { webApi } from '@slack/bolt';
import type { CaseService } from '../../app/case-service.js';
import { SlackConnectDirectory } from '../../app/slack-connect.js';
import type { Case, ChannelRef } from '../../domain/case.js';
import { systemActor } from '../../domain/roles.js';
import type { SlackMessage } from '../../cards/slack/case-message.js';
import { slackChannelOf } from './context.js';

type WebClient = webApi.WebClient;

/** `cspr-<ref in lower case>`: the reference only, never a child's pseudonym. */
export const channelName = (ref: string) => `cspr-${ref.toLowerCase()}`;

export class SlackStepError extends Error {
  override readonly name = 'SlackStepError';
  constructor(
    readonly step: string,
    readonly code: string,
    /** A plain sentence for the person: what failed and what to do. */
    readonly sentence: string,
  ) {
    super(`${step}: ${code}`);
  }
}

/** Slack's error code of a failed Web API call ("name_taken", "http_500", "ratelimited", …). */
export function slackCode(err: unknown): string {
  const e = err as { code?: string; data?: { error?: string }; statusCode?: number };
  if (e?.code === 'slack_webapi_platform_error' && e.data?.error) return e.data.error;
  if (e?.code === 'slack_webapi_http_error') return `http_${e.statusCode ?? 'error'}`;
  if (e?.code === 'slack_webapi_rate_limited_error') return 'ratelimited';
  if (e?.code === 'slack_webapi_request_error') return 'request_failed';
  return 'unknown';
}

/** Why Slack refused, in plain words. */
export function why(code: string): string {
  if (
    [
      'missing_scope',
      'not_allowed_token_type',
      'invalid_auth',
      'not_authed',
      'token_revoked',
      'account_inactive',
    ].includes(code)
  )
    return `the Slack app is not allowed to do this (Slack said “${code}”). Ask your Slack admin to reinstall the app from its manifest.`;
  if (code === 'restricted_action')
    return 'your workspace does not let apps do this. Ask your Slack admin.';
  if (code === 'ratelimited') return 'Slack asked me to slow down. Please try again in a minute.';
  if (code.startsWith('http_') || code === 'request_failed')
    return 'Slack did not answer properly (a server or network error). Please try again in a moment.';
  return `Slack refused the request (“${code}”).`;
}

function fail(step: string, err: unknown, what: string): SlackStepError {
  if (err instanceof SlackStepError) return err;
  const code = slackCode(err);
  return new SlackStepError(step, code, `${what}: ${why(code)}`);
}

export interface EnsureResult {
  channel: ChannelRef;
  /** Holders who could not be added (names), empty when all are in. */
  notInvited: string[];
}

/**
 * The Slack Connect invitations of a case channel (in its recorded meta, so on the audit trail):
 * holder id → the invite's id, and the user id that accepted it once it was.
 */
export type ConnectInvites = Record<string, { invite: string; acceptedBy?: string }>;

export function connectInvites(ch: ChannelRef | undefined): ConnectInvites {
  const v = ch?.meta?.connect;
  return typeof v === 'object' && v !== null ? (v as ConnectInvites) : {};
}

export class CaseChannels {
  private hostTeam?: Promise<string | undefined>;

  constructor(
    private readonly web: WebClient,
    private readonly service: CaseService,
    private readonly connect: SlackConnectDirectory = new SlackConnectDirectory([]),
  ) {}

  /**
   * Brings the case's Slack channel up to date: the channel exists (created or reused), the role
   * holders are in it (when `invite`: the host workspace's by conversations.invite, the others
   * invited through Slack Connect by email), and the case message shows `message` (given the
   * names of those invited who have not accepted yet). Throws SlackStepError.
   */
  async ensure(
    c: Case,
    message: SlackMessage | ((awaiting: string[]) => SlackMessage),
    invite: boolean,
  ): Promise<EnsureResult> {
    const recorded = slackChannelOf(c);
    const { id, name, fresh } = recorded
      ? { id: recorded.id, name: recorded.name, fresh: false }
      : { ...(await this.openChannel(c)), fresh: true };
    const before = connectInvites(recorded);
    let invites = before;
    const notInvited: string[] = [];
    if (invite || fresh) {
      await this.resolveByEmail(c);
      notInvited.push(...(await this.invite(c, id, name)));
      const shared = await this.inviteShared(c, id, before);
      invites = shared.invites;
      notInvited.push(...shared.failed);
    }
    const p = this.service.partnership(c.partnershipId);
    const awaiting = Object.entries(invites)
      .filter(([, i]) => !i.acceptedBy)
      .flatMap(([holderId]) => p.holders.filter((h) => h.id === holderId).map((h) => h.name));
    const ts = typeof recorded?.meta?.messageTs === 'string' ? recorded.meta.messageTs : undefined;
    const newTs = await this.showMessage(
      id,
      name,
      ts,
      typeof message === 'function' ? message(awaiting) : message,
    );
    let channel: ChannelRef = recorded ?? { platform: 'slack', id, name };
    if (!recorded || newTs !== ts || invites !== before) {
      channel = {
        platform: 'slack',
        id,
        name,
        meta: {
          ...(recorded?.meta ?? {}),
          messageTs: newTs,
          ...(Object.keys(invites).length ? { connect: invites } : {}),
        },
      };
      try {
        // New Slack Connect invitations make it a new record, even on the same message.
        const connectKey =
          invites !== before
            ? `:connect:${Object.values(invites)
                .map((i) => i.invite)
                .sort()
                .join(',')}`
            : '';
        await this.service.run(
          systemActor(c.partnershipId),
          c.id,
          { type: 'record-channel', channel, isNew: !recorded },
          `slack:channel:${c.id}:${newTs}${connectKey}`,
        );
      } catch (err) {
        // The channel is there but the case does not know it (the store failed). Try again finds the
        // channel by its name and reuses it; the message it cannot record is taken back, so that
        // the next attempt leaves one case message in the channel, not two.
        if (newTs !== ts)
          await this.web.chat.delete({ channel: id, ts: newTs }).catch(() => undefined);
        if (err instanceof SlackStepError) throw err;
        throw new SlackStepError(
          'channel.record',
          'store_unavailable',
          `#${name} is ready, but I couldn’t record it on the case because the case store did not answer. The case itself is saved. Press Try again.`,
        );
      }
    }
    if (notInvited.length)
      throw new SlackStepError(
        'channel.invite',
        'invite_failed',
        `I couldn’t add ${notInvited.join(', ')} to #${name}. Press Try again, or add them to the channel by hand.`,
      );
    return { channel, notInvited };
  }

  /** Creates the private channel; on a name clash, reuses the existing one only if it is this case's or nobody's. */
  private async openChannel(c: Case): Promise<{ id: string; name: string }> {
    const name = channelName(c.ref);
    try {
      const created = await this.web.conversations.create({ name, is_private: true });
      const id = created.channel?.id;
      if (!id)
        throw new SlackStepError(
          'channel.create',
          'no_channel_id',
          `I couldn’t create the private channel #${name}: Slack gave no channel id. Please try again.`,
        );
      return { id, name };
    } catch (err) {
      if (slackCode(err) !== 'name_taken')
        throw fail('channel.create', err, `I couldn’t create the private channel #${name}`);
    }
    const existing = await this.findByName(name);
    if (!existing)
      throw new SlackStepError(
        'channel.create',
        'name_taken',
        `A channel called #${name} already exists and I am not a member of it. If it is this case’s channel, add me to it; otherwise ask a Slack admin to rename or archive it. Then press Try again.`,
      );
    if (await this.service.channelTakenByAnother({ platform: 'slack', id: existing }, c.id))
      throw new SlackStepError(
        'channel.create',
        'name_taken',
        `The channel #${name} already belongs to another case. Ask a Slack admin to rename it, then press Try again.`,
      );
    return { id: existing, name };
  }

  private async findByName(name: string): Promise<string | undefined> {
    let cursor: string | undefined;
    for (let page = 0; page < 50; page++) {
      let res;
      try {
        res = await this.web.conversations.list({
          types: 'private_channel',
          exclude_archived: true,
          limit: 200,
          ...(cursor ? { cursor } : {}),
        });
      } catch (err) {
        throw fail(
          'channel.create',
          err,
          `The name #${name} is taken and I couldn’t look the channel up`,
        );
      }
      const hit = res.channels?.find((ch) => ch.name === name);
      if (hit?.id) return hit.id;
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!cursor) return undefined;
    }
    return undefined;
  }

  /**
   * Holders known by email only: Slack's users.lookupByEmail finds members of this workspace (and
   * people of other workspaces already connected to it). A member found here is invited as anyone
   * else; whoever is not found stays for Slack Connect.
   */
  private async resolveByEmail(c: Case): Promise<void> {
    const p = this.service.partnership(c.partnershipId);
    for (const h of this.connect.unresolved(p)) {
      let user;
      try {
        user = (await this.web.users.lookupByEmail({ email: h.slackEmail! })).user;
      } catch {
        continue; // users_not_found (or no scope): invited by email through Slack Connect
      }
      if (!user?.id) continue;
      const host = p.slack?.teamId ?? (await this.workspace());
      await this.connect.learn({
        partnershipId: p.id,
        holderId: h.id,
        userId: user.id,
        external: Boolean(user.team_id && host && user.team_id !== host),
      });
    }
  }

  /** This workspace's team id (auth.test), when the partnership file does not bind one. */
  private workspace(): Promise<string | undefined> {
    this.hostTeam ??= this.web.auth.test().then(
      (r) => r.team_id,
      () => undefined,
    );
    return this.hostTeam;
  }

  /** Slack Connect invitations by email for the holders of other workspaces not yet invited to this channel. */
  private async inviteShared(
    c: Case,
    channel: string,
    before: ConnectInvites,
  ): Promise<{ invites: ConnectInvites; failed: string[] }> {
    const p = this.service.partnership(c.partnershipId);
    let invites = before;
    const failed: string[] = [];
    for (const h of p.holders.filter(
      (x) => x.slackEmail && this.connect.isExternal(p, x) && !before[x.id],
    )) {
      try {
        const res = await this.web.conversations.inviteShared({
          channel,
          emails: [h.slackEmail!],
          external_limited: false,
        });
        if (!res.invite_id) throw new Error('no invite id');
        invites = { ...invites, [h.id]: { invite: res.invite_id } };
      } catch {
        failed.push(`${h.name} (through Slack Connect)`);
      }
    }
    return { invites, failed };
  }

  /** Invites every role holder of this workspace with a Slack id; returns the names of those who could not be added. */
  private async invite(c: Case, channel: string, name: string): Promise<string[]> {
    const p = this.service.partnership(c.partnershipId);
    const holders = p.holders.filter((h) => h.slackUserId && !this.connect.isExternal(p, h));
    if (holders.length === 0) return [];
    try {
      await this.web.conversations.invite({
        channel,
        users: holders.map((h) => h.slackUserId!).join(','),
      });
      return [];
    } catch (err) {
      const code = slackCode(err);
      if (code !== 'already_in_channel' && !isPerUser(err))
        throw fail('channel.invite', err, `I couldn’t add the role holders to #${name}`);
    }
    // Some users could not be added: invite one by one to learn who.
    const failed: string[] = [];
    for (const h of holders) {
      try {
        await this.web.conversations.invite({ channel, users: h.slackUserId! });
      } catch (err) {
        if (slackCode(err) !== 'already_in_channel') failed.push(h.name);
      }
    }
    return failed;
  }

  /** Updates the case message in place; posts it when there is none (or it was deleted). Returns its ts. */
  private async showMessage(
    channel: string,
    name: string,
    ts: string | undefined,
    message: SlackMessage,
  ): Promise<string> {
    if (ts) {
      try {
        await this.web.chat.update({ channel, ts, text: message.text, blocks: message.blocks });
        return ts;
      } catch (err) {
        const code = slackCode(err);
        if (code !== 'message_not_found' && code !== 'cant_update_message')
          throw fail('message.update', err, `I couldn’t update the case message in #${name}`);
      }
    }
    try {
      const posted = await this.web.chat.postMessage({
        channel,
        text: message.text,
        blocks: message.blocks,
      });
      if (!posted.ts)
        throw new SlackStepError(
          'message.post',
          'no_ts',
          `I couldn’t post the case message in #${name}: Slack gave no message id.`,
        );
      return posted.ts;
    } catch (err) {
      throw fail('message.post', err, `I couldn’t post the case message in #${name}`);
    }
  }
}

/** conversations.invite with several users fails as a whole when some of them cannot be invited. */
function isPerUser(err: unknown): boolean {
  const code = slackCode(err);
  const data = (err as { data?: { errors?: unknown[] } }).data;
  return (
    Array.isArray(data?.errors) ||
    [
      'user_not_found',
      'cant_invite',
      'user_is_restricted',
      'ura_max_channels',
      'user_is_deactivated',
      'cant_invite_self',
    ].includes(code)
  );
}

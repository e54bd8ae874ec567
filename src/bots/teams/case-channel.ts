/**
 * Opening a case's Teams home: a private (or shared) channel named by the reference in the
 * partnership's cases team (Graph), whose members are the case's role holders, with the case card
 * posted there and its conversation reference recorded on the case (`record-channel` as the bot). Without Graph (local mode, or no cases team configured) the card
 * goes into the current conversation. Idempotent and retryable: each step is skipped once recorded.
 */
import { safeError } from '../../logger.js';
import type { Case } from '../../domain/case.js';
import type { Command } from '../../domain/lifecycle.js';
import { systemActor } from '../../domain/roles.js';
import { cardActivity, toActivity } from './connector.js';
import { GraphError, graphProblemText } from './graph.js';
import { channelPeople, syncChannelMembers, type MembershipReport } from './membership.js';
import { teamsChannel, type TeamsChannelMeta, type TeamsRuntime, type Turn } from './runtime.js';
import { sharedCaseCard } from './case-cards.js';
import type { AdaptiveCard } from '../../cards/teams/index.js';

export type ChannelStatus = 'created' | 'reused' | 'exists' | 'local' | 'failed' | 'pending';

export interface ChannelOutcome {
  status: ChannelStatus;
  /** Plain words for the person. */
  text: string;
}

export const LOCAL_MODE_LINE =
  'Channel creation is off (local mode, no Teams credentials): the case card is posted in this conversation.';
export const NO_TEAM_LINE =
  'No cases team is configured for this partnership (teams.casesTeamId), so no channel was created: the case card is posted in this conversation.';

export class CaseChannels {
  private readonly running = new Map<string, Promise<ChannelOutcome>>();

  constructor(private readonly rt: TeamsRuntime) {}

  /** True when opening the case's home goes through Graph (seconds at worst): then it is done after the answer. */
  throughGraph(c: Case): boolean {
    return Boolean(
      this.rt.graph &&
      this.rt.partnerships.get(c.partnershipId)?.teams?.casesTeamId &&
      !teamsChannel(c)?.meta.local,
    );
  }

  /**
   * Opens the channel after the answer (Graph may take seconds, or ask us to wait): the answer is
   * "opening…" at once, and the card the person pressed (the invoke's `replyToId`) is updated with
   * `render` once the channel, its members and the case card are there, or the failure with Retry.
   */
  later(
    turn: Turn,
    caseId: string,
    render: (c: Case, outcome: ChannelOutcome) => Promise<AdaptiveCard> | AdaptiveCard,
  ): void {
    const answerId =
      typeof turn.ctx.activity.replyToId === 'string' && turn.ctx.activity.replyToId
        ? turn.ctx.activity.replyToId
        : undefined;
    const { serviceUrl, conversationId } = turn;
    this.rt.background.run('teams.channel', async () => {
      const outcome = await this.ensure(turn, caseId);
      const c = await this.rt.service.recorded(caseId);
      if (!c) return;
      const card = cardActivity(await render(c, outcome), `Case ${c.ref}`);
      try {
        if (answerId)
          await this.rt.connector.update(
            serviceUrl,
            { conversationId, activityId: answerId },
            card,
          );
        // No card to update (the compose box's dialog): the outcome goes to the person's 1:1 chat, never to a shared conversation.
        else if (turn.kind === 'personal')
          await this.rt.connector.send(serviceUrl, conversationId, card);
        else if (turn.aadObjectId)
          await this.rt.connector.sendPersonal(serviceUrl, turn.tenantId, turn.aadObjectId, card);
      } catch (err) {
        this.rt.log.warn({ err: safeError(err), caseId }, 'teams answer card could not be updated');
      }
    });
  }

  /** Opens the case's channel and posts its card, once; a concurrent call waits for the first. */
  ensure(turn: Turn, caseId: string): Promise<ChannelOutcome> {
    const busy = this.running.get(caseId);
    const next = (busy ?? Promise.resolve(undefined))
      .catch(() => undefined)
      .then(() => this.open(turn, caseId));
    this.running.set(caseId, next);
    return next.finally(() => {
      if (this.running.get(caseId) === next) this.running.delete(caseId);
    });
  }

  private async open(turn: Turn, caseId: string): Promise<ChannelOutcome> {
    const { rt } = this;
    let c = await rt.service.recorded(caseId);
    if (!c) throw new Error('case vanished');
    const existing = teamsChannel(c);
    const p = rt.partnerships.get(c.partnershipId)!;
    const teamId = p.teams?.casesTeamId;
    const tenantId = p.teams?.tenantId ?? turn.tenantId ?? rt.config.teams.tenantId;
    if (existing?.meta.activityId) {
      if (existing.meta.local || !rt.graph || !existing.meta.teamId)
        return {
          status: 'exists',
          text: existing.meta.local
            ? 'The case card is in this conversation.'
            : `The case channel ${c.ref} is open in the cases team.`,
        };
      // Retry after a membership failure: whoever is still missing is added now.
      const missing = await this.addMembers(c, {
        tenantId,
        teamId: existing.meta.teamId,
        channelId: existing.id,
      });
      return (
        missing ?? {
          status: 'exists',
          text: `The case channel ${c.ref} is open in the cases team, with all of the case's role holders as members.`,
        }
      );
    }
    if (!rt.graph || !teamId)
      return this.postHere(turn, c, rt.graph ? NO_TEAM_LINE : LOCAL_MODE_LINE);

    const serviceUrl = existing?.meta.serviceUrl ?? turn.serviceUrl;
    let channelId = existing?.id;
    let reused = false;
    if (!channelId) {
      try {
        const ch = await rt.graph.openCaseChannel(tenantId, teamId, c, {
          membershipType: p.teams?.caseChannel ?? 'private',
          owners: channelPeople(p).filter((x) => x.owner),
        });
        reused = ch.reused;
        channelId = ch.id;
      } catch (err) {
        if (!(err instanceof GraphError)) throw err;
        await this.recordFailure(c, 'teams.channel', err.code, err.message);
        return { status: 'failed', text: graphProblemText(err, c.ref) };
      }
      const meta: TeamsChannelMeta = { teamId, serviceUrl, ...(tenantId ? { tenantId } : {}) };
      try {
        c = await this.record(
          c,
          {
            type: 'record-channel',
            channel: { platform: 'teams', id: channelId, name: c.ref, meta: { ...meta } },
            isNew: true,
          },
          `teams:channel:${c.id}`,
        );
      } catch (err) {
        // The channel exists but the case does not know it: Retry asks Graph again, gets 409 and
        // finds this channel by the case's marker in its description, so no second channel is made.
        return this.notRecorded(
          c,
          err,
          `The channel ${c.ref} is open in the cases team, but I could not record it on the case because the case store did not answer. The case is saved; choose Retry.`,
        );
      }
    }
    // Members before the card, so that the role holders see it arrive; a failure is told with the card posted all the same.
    const membersMissing = await this.addMembers(c, { tenantId, teamId, channelId });
    let post;
    try {
      const card = await sharedCaseCard(rt, c, { serviceUrl, conversationId: channelId });
      post = await rt.connector.postToChannel(
        serviceUrl,
        channelId,
        tenantId,
        cardActivity(card, `Case ${c.ref}`),
      );
    } catch (err) {
      rt.log.warn({ err: safeError(err), caseId: c.id }, 'teams case card post failed');
      await this.recordFailure(
        c,
        'teams.card',
        'connector.failed',
        'The case card could not be posted in the case channel.',
      );
      return {
        status: 'failed',
        text: `The channel ${c.ref} exists but I could not post the case card in it. The case is saved; choose Retry.`,
      };
    }
    const meta: TeamsChannelMeta = {
      teamId,
      serviceUrl,
      ...(tenantId ? { tenantId } : {}),
      ...post,
    };
    try {
      await this.record(
        c,
        {
          type: 'record-channel',
          channel: { platform: 'teams', id: channelId, name: c.ref, meta: { ...meta } },
          isNew: false,
        },
        `teams:card:${c.id}`,
      );
    } catch (err) {
      // A card the case cannot update in place is taken back, so that Retry leaves one case card in the channel.
      await rt.connector.delete(serviceUrl, post).catch(() => undefined);
      return this.notRecorded(
        c,
        err,
        `The channel ${c.ref} is open, but I could not record its case card because the case store did not answer. The case is saved; choose Retry.`,
      );
    }
    if (membersMissing) return membersMissing;
    const kind = p.teams?.caseChannel === 'shared' ? 'shared' : 'private';
    return {
      status: reused ? 'reused' : 'created',
      text: `Case channel ${c.ref} is open in the cases team, with the case card posted there. It is ${kind}: only the case's role holders are members.`,
    };
  }

  /** Adds the holders missing from the channel; an outcome only when some could not be added (recorded on the case). */
  private async addMembers(
    c: Case,
    where: { tenantId: string | undefined; teamId: string; channelId: string },
  ): Promise<ChannelOutcome | undefined> {
    const p = this.rt.partnerships.get(c.partnershipId)!;
    let report: MembershipReport;
    try {
      report = await syncChannelMembers(this.rt, p, where, { remove: false });
    } catch (err) {
      if (!(err instanceof GraphError)) throw err;
      report = { added: [], removed: [], failed: [{ aadObjectId: '', code: err.code }] };
    }
    if (!report.failed.length) return undefined;
    const codes = [...new Set(report.failed.map((f) => f.code))];
    this.rt.log.warn(
      { caseId: c.id, failed: report.failed.length, codes },
      'teams case channel members could not all be added',
    );
    await this.recordFailure(
      c,
      'teams.members',
      codes[0]!,
      'Some role holders could not be added to the case channel.',
    );
    const consent = codes.some((x) => x === 'graph.403' || x === 'graph.401');
    return {
      status: 'failed',
      text: `The channel ${c.ref} is open, but ${report.failed.length === 1 ? 'one role holder' : `${report.failed.length} role holders`} could not be added to it${consent ? ' (the app is not allowed to manage channel members: ChannelMember.ReadWrite.All)' : ''}. The case is saved; choose Retry.`,
    };
  }

  private async postHere(turn: Turn, c: Case, line: string): Promise<ChannelOutcome> {
    const card = await sharedCaseCard(this.rt, c, {
      serviceUrl: turn.serviceUrl,
      conversationId: turn.conversationId,
    });
    const sent = await turn.ctx.sendActivity(toActivity(cardActivity(card, `Case ${c.ref}`)));
    const meta: TeamsChannelMeta = {
      local: true,
      serviceUrl: turn.serviceUrl,
      conversationId: turn.conversationId,
      ...(sent?.id ? { activityId: sent.id } : {}),
      ...(turn.tenantId ? { tenantId: turn.tenantId } : {}),
    };
    try {
      await this.record(
        c,
        {
          type: 'record-channel',
          channel: { platform: 'teams', id: turn.conversationId, name: c.ref, meta: { ...meta } },
          isNew: true,
        },
        `teams:card:${c.id}`,
      );
    } catch (err) {
      if (sent?.id)
        await this.rt.connector
          .delete(turn.serviceUrl, { conversationId: turn.conversationId, activityId: sent.id })
          .catch(() => undefined);
      return this.notRecorded(
        c,
        err,
        `I could not record the case card on the case because the case store did not answer. The case is saved; choose Retry.`,
      );
    }
    return { status: 'local', text: line };
  }

  /** A channel step done on Teams that the store could not record: logged, recorded if the store lets us, and told in plain words with Retry. */
  private async notRecorded(c: Case, err: unknown, text: string): Promise<ChannelOutcome> {
    this.rt.log.warn(
      { err: safeError(err), caseId: c.id },
      'teams case channel could not be recorded',
    );
    await this.recordFailure(
      c,
      'teams.record',
      'store.unavailable',
      'The case channel could not be recorded on the case.',
    );
    return { status: 'failed', text };
  }

  private async record(c: Case, cmd: Command, requestKey: string): Promise<Case> {
    const change = await this.rt.service.run(systemActor(c.partnershipId), c.id, cmd, requestKey);
    return change.case;
  }

  async recordFailure(c: Case, step: string, code: string, message: string): Promise<void> {
    try {
      await this.rt.service.run(systemActor(c.partnershipId), c.id, {
        type: 'record-failure',
        step,
        code,
        message,
      });
    } catch (err) {
      this.rt.log.error(
        { err: safeError(err), caseId: c.id, step },
        'could not record a failed step',
      );
    }
  }
}

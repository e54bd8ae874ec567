/**
 * The Teams ActivityHandler: text commands, card actions (`adaptiveCard/action` invokes, and the
 * Action.Submit fallback that arrives as a message with a value), and a greeting when installed.
 * Logs say what kind of thing happened, never what anyone typed.
 */
import {
  ActivityHandler,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type InvokeResponse,
  type TurnContext,
} from '@microsoft/agents-hosting';
import { safeError } from '../../logger.js';
import { parseCommand } from '../../app/commands.js';
import { FAULT } from '../../app/messages.js';
import {
  ADAPTIVE_CARD_CONTENT_TYPE,
  fitCard,
  noticeCard,
  readActionData,
  type AdaptiveCard,
} from '../../cards/teams/index.js';
import { ROUTES, STALE } from './actions.js';
import type { CaseChannels } from './case-channel.js';
import { answerText, helpCard } from './commands.js';
import { cardActivity, statusOf, toActivity, type OutgoingActivity } from './connector.js';
import { fetchTask, query, submitAction } from './message-extension.js';
import { replyActivity, type CardWithFiles } from './records.js';
import { turnOf, type TeamsRuntime, type Turn } from './runtime.js';

/** Commands whose answer is for everyone in the conversation (the rest go to the person only). */
const FOR_EVERYONE: ReadonlySet<string> = new Set(['help', 'export']);

export class CsprTeamsBot extends ActivityHandler {
  constructor(
    private readonly rt: TeamsRuntime,
    private readonly channels: CaseChannels,
  ) {
    super();
    this.onMessage(async (ctx, next) => {
      await this.message(ctx);
      await next();
    });
    this.onMembersAdded(async (ctx, next) => {
      const me = ctx.activity.recipient?.id;
      if (ctx.activity.membersAdded?.some((m) => m.id === me)) {
        this.rt.log.info(
          {
            teams: 'installed',
            conversationType: ctx.activity.conversation?.conversationType ?? 'personal',
          },
          'teams app installed',
        );
        await ctx.sendActivity(toActivity(cardActivity(helpCard(), 'CSPR bot')));
      }
      await next();
    });
  }

  protected override async onAdaptiveCardInvoke(
    ctx: TurnContext,
    value: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const card = await this.action(turnOf(this.rt, ctx), value.action?.data, value.action?.verb);
    return { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: fitCard(card) };
  }

  /** The message extension's invokes (compose box); everything else as the SDK routes it. */
  protected override async onInvokeActivity(ctx: TurnContext): Promise<InvokeResponse> {
    const name = ctx.activity.name;
    if (typeof name !== 'string' || !name.startsWith('composeExtension/'))
      return super.onInvokeActivity(ctx);
    const turn = turnOf(this.rt, ctx);
    const value = (
      ctx.activity.value && typeof ctx.activity.value === 'object' ? ctx.activity.value : {}
    ) as { commandId?: unknown; data?: unknown };
    this.rt.log.info(
      { teams: 'extension', name: name.slice('composeExtension/'.length, 40) },
      'teams message extension',
    );
    try {
      if (name === 'composeExtension/fetchTask')
        return await fetchTask(this.rt, turn, value.commandId);
      if (name === 'composeExtension/submitAction')
        return await submitAction(turn, value.commandId, value.data, (t, d) =>
          this.action(t, d, undefined),
        );
      if (name === 'composeExtension/query') return await query(this.rt, turn, value);
    } catch (err) {
      this.rt.log.error({ err: safeError(err) }, 'teams message extension failed');
      return { status: 200, body: { task: { type: 'message', value: FAULT } } };
    }
    return { status: 501 };
  }

  private async message(ctx: TurnContext): Promise<void> {
    const turn = turnOf(this.rt, ctx);
    const value: unknown = ctx.activity.value;
    if (value && typeof value === 'object') {
      // Action.Submit fallback (a client without Action.Execute): the same routes, answered as a message.
      await ctx.sendActivity(toActivity(cardActivity(await this.action(turn, value, undefined))));
      return;
    }
    let card: AdaptiveCard | CardWithFiles;
    let verb: string | undefined;
    try {
      const text =
        (ctx.activity.text ? ctx.activity.removeRecipientMention() : '') || ctx.activity.text || '';
      const clean = text.replace(/<[^>]+>/g, ' ').trim();
      verb = parseCommand(clean)?.verb;
      // Only a known verb is logged, never what was typed.
      this.rt.log.info({ teams: 'command', verb: verb ?? 'unknown' }, 'teams command');
      card = await answerText(this.rt, turn, clean);
    } catch (err) {
      this.rt.log.error({ err: safeError(err) }, 'teams command failed');
      card = noticeCard('Something went wrong', FAULT);
    }
    // In a channel the answer is the person's own (status, timeline, forms, refusals), except what is for everyone there.
    if (turn.kind !== 'personal' && !FOR_EVERYONE.has(verb ?? ''))
      await this.toPersonOnly(ctx, turn, replyActivity(card));
    else await ctx.sendActivity(toActivity(replyActivity(card)));
  }

  /**
   * A reply only the person sees: a targeted message in the conversation where Teams offers them
   * (the manifest declares `supportsTargetedMessages`), else their 1:1 chat with the bot, with a
   * word in the conversation that the answer went there.
   */
  private async toPersonOnly(ctx: TurnContext, turn: Turn, reply: OutgoingActivity): Promise<void> {
    try {
      const targeted = toActivity({
        ...reply,
        conversation: ctx.activity.conversation,
        recipient: ctx.activity.from,
      });
      targeted.makeTargetedActivity();
      await ctx.sendActivity(targeted);
      return;
    } catch (err) {
      this.rt.log.info(
        { teams: 'targeted-unavailable', status: statusOf(err) },
        'targeted message refused: answering in the 1:1 chat',
      );
    }
    if (turn.aadObjectId) {
      try {
        await this.rt.connector.sendPersonal(
          turn.serviceUrl,
          turn.tenantId,
          turn.aadObjectId,
          reply,
        );
        await ctx.sendActivity(
          toActivity(
            cardActivity(
              noticeCard(
                'Sent to you',
                'I have answered you in your chat with me, so that only you see it.',
                'accent',
              ),
            ),
          ),
        );
        return;
      } catch (err) {
        this.rt.log.warn({ err: safeError(err) }, 'teams 1:1 answer failed');
      }
    }
    await ctx.sendActivity(toActivity(reply));
  }

  private async action(turn: Turn, data: unknown, verb: unknown): Promise<AdaptiveCard> {
    const action = readActionData(data, verb);
    if (!action) return noticeCard('Unknown action', STALE, 'warning');
    this.rt.log.info(
      { teams: 'action', verb: action.verb, caseId: action.caseId },
      'teams card action',
    );
    try {
      return await ROUTES[action.verb]({
        rt: this.rt,
        channels: this.channels,
        turn,
        action,
        data: data as Record<string, unknown>,
      });
    } catch (err) {
      this.rt.log.error({ err: safeError(err), verb: action.verb }, 'teams card action failed');
      return noticeCard('Something went wrong', FAULT);
    }
  }
}

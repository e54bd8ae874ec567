/**
 * The Teams ActivityHandler: text commands, card actions (`adaptiveCard/action` invokes, and the
 * Action.Submit fallback that arrives as a message with a value), and a greeting when installed.
 * Logs say what kind of thing happened, never what anyone typed.
 */
import { ActivityHandler, type AdaptiveCardInvokeResponse, type AdaptiveCardInvokeValue, type InvokeResponse, type TurnContext } from '@microsoft/agents-hosting';
import { safeError } from '../../app/case-service.js';
import { parseCommand } from '../../app/commands.js';
import { FAULT } from '../../app/messages.js';
import { ADAPTIVE_CARD_CONTENT_TYPE, noticeCard, readActionData, type AdaptiveCard } from '../../cards/teams/index.js';
import { ROUTES, STALE } from './actions.js';
import type { CaseChannels } from './case-channel.js';
import { answerText, helpCard } from './commands.js';
import { cardActivity, toActivity } from './connector.js';
import { fetchTask, query, submitAction } from './message-extension.js';
import { replyActivity, type CardWithFiles } from './records.js';
import { turnOf, type TeamsRuntime, type Turn } from './runtime.js';

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
        this.rt.log.info({ teams: 'installed', conversationType: ctx.activity.conversation?.conversationType ?? 'personal' }, 'teams app installed');
        await ctx.sendActivity(toActivity(cardActivity(helpCard(), 'CSPR bot')));
      }
      await next();
    });
  }

  protected override async onAdaptiveCardInvoke(ctx: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const card = await this.action(turnOf(this.rt, ctx), value.action?.data, value.action?.verb);
    return { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: card };
  }

  /** The message extension's invokes (compose box); everything else as the SDK routes it. */
  protected override async onInvokeActivity(ctx: TurnContext): Promise<InvokeResponse> {
    const name = ctx.activity.name;
    if (typeof name !== 'string' || !name.startsWith('composeExtension/')) return super.onInvokeActivity(ctx);
    const turn = turnOf(this.rt, ctx);
    const value = (ctx.activity.value && typeof ctx.activity.value === 'object' ? ctx.activity.value : {}) as { commandId?: unknown; data?: unknown };
    this.rt.log.info({ teams: 'extension', name: name.slice('composeExtension/'.length, 40) }, 'teams message extension');
    try {
      if (name === 'composeExtension/fetchTask') return await fetchTask(this.rt, turn, value.commandId);
      if (name === 'composeExtension/submitAction') return await submitAction(turn, value.commandId, value.data, (t, d) => this.action(t, d, undefined));
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
    try {
      const text = (ctx.activity.text ? ctx.activity.removeRecipientMention() : '') || ctx.activity.text || '';
      const clean = text.replace(/<[^>]+>/g, ' ').trim();
      // Only a known verb is logged, never what was typed.
      this.rt.log.info({ teams: 'command', verb: parseCommand(clean)?.verb ?? 'unknown' }, 'teams command');
      card = await answerText(this.rt, turn, clean);
    } catch (err) {
      this.rt.log.error({ err: safeError(err) }, 'teams command failed');
      card = noticeCard('Something went wrong', FAULT);
    }
    await ctx.sendActivity(toActivity(replyActivity(card)));
  }

  private async action(turn: Turn, data: unknown, verb: unknown): Promise<AdaptiveCard> {
    const action = readActionData(data, verb);
    if (!action) return noticeCard('Unknown action', STALE, 'warning');
    this.rt.log.info({ teams: 'action', verb: action.verb, caseId: action.caseId }, 'teams card action');
    try {
      return await ROUTES[action.verb]({ rt: this.rt, channels: this.channels, turn, action, data: data as Record<string, unknown> });
    } catch (err) {
      this.rt.log.error({ err: safeError(err), verb: action.verb }, 'teams card action failed');
      return noticeCard('Something went wrong', FAULT);
    }
  }
}

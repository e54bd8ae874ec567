/**
 * What Slack shows after a case changes, whoever changed it: the case channel and its message
 * (updated in place), and the announcements of a decision or an escalation (decided in
 * src/app/announcements, delivered by ./announce). Work for one case runs in order, one step at a time, after
 * the change is recorded and the person's request acknowledged. A Slack failure is recorded as a
 * `step.failed` event and told to the person in plain words, with a button to try again.
 */
import type { webApi } from '@slack/bolt';
import { type CaseChange } from '../../app/case-service.js';
import { safeError } from '../../logger.js';
import type { SlackConnectDirectory } from '../../app/slack-connect.js';
import { caseView } from '../../app/case-view.js';
import type { Case } from '../../domain/case.js';
import type { CaseEventType } from '../../domain/events.js';
import { systemActor } from '../../domain/roles.js';
import { announcementsOf } from '../../app/announcements.js';
import { caseMessage } from '../../cards/slack/case-message.js';
import { failureMessage, textMessage } from '../../cards/slack/replies.js';
import { deliverAnnouncements } from './announce.js';
import { CaseChannels, SlackStepError, slackCode, why } from './case-channel.js';
import { dm, slackChannelOf, slackIdOf, type SlackDeps, type SlackEffectsPort } from './context.js';

type WebClient = webApi.WebClient;

export class SlackEffects implements SlackEffectsPort {
  private readonly queues = new Map<string, Promise<void>>();
  private readonly channels: CaseChannels;

  constructor(
    private readonly deps: SlackDeps,
    private readonly web: WebClient,
    connect?: SlackConnectDirectory,
  ) {
    this.channels = new CaseChannels(web, deps.service, connect);
  }

  attach(): void {
    this.deps.service.subscribe((change) => this.onChange(change));
  }

  /** Resolves when every queued step has run (for a graceful stop). */
  async idle(): Promise<void> {
    while (this.queues.size) await Promise.all([...this.queues.values()]);
  }

  onChange(change: CaseChange): void {
    const c = change.case;
    // An erasure (the retention job is the bot itself): the case message in the channel is redacted in place.
    if (!change.repeated && change.events.some((e) => e.type === 'case.erased'))
      return void (slackChannelOf(c) && this.sync(c.id, undefined));
    if (change.repeated || change.actor.id === 'system') return; // our own records, or nothing new
    const fromSlack = change.events.some((e) => e.requestKey?.startsWith('slack:'));
    if (!slackChannelOf(c) && !fromSlack && !this.deps.service.partnership(c.partnershipId).slack)
      return;
    const userId = slackIdOf(this.deps.service, c.partnershipId, change.actor.id);
    const types = new Set(change.events.map((e) => e.type));
    this.sync(c.id, userId, { invite: types.has('case.notified') || types.has('case.referred') });
    if (types.has('decision.recorded') || types.has('case.escalated'))
      this.enqueue(c.id, () => this.announce(c.id, types, userId));
  }

  sync(
    caseId: string,
    userId: string | undefined,
    options: { invite?: boolean; confirm?: boolean } = {},
  ): void {
    this.enqueue(caseId, async () => {
      const c = await this.deps.service.recorded(caseId);
      if (!c) return;
      const p = this.deps.service.partnership(c.partnershipId);
      const view = caseView(c, p, this.deps.clock.now());
      const message = (awaitingConnect: string[]) =>
        caseMessage(view, { buttons: true, inCaseChannel: true, awaitingConnect });
      try {
        const { channel } = await this.channels.ensure(c, message, options.invite ?? false);
        if (options.confirm && userId)
          await dm(
            this.web,
            this.deps.log,
            userId,
            textMessage(`Done: <#${channel.id}> is up to date for *${c.ref}*.`, `${c.ref}: done`),
          );
      } catch (err) {
        await this.failed(c, err, userId);
      }
    });
  }

  /** The announcements of src/app for this change (who is told what), delivered as Slack messages. */
  private async announce(
    caseId: string,
    types: ReadonlySet<CaseEventType>,
    userId: string | undefined,
  ): Promise<void> {
    const c = await this.deps.service.recorded(caseId);
    if (!c) return;
    const partnership = this.deps.service.partnership(c.partnershipId);
    const said = announcementsOf(c, partnership, types);
    if (!said) return;
    const channel = slackChannelOf(c);
    const what = said.occasion;
    await deliverAnnouncements(
      {
        web: this.web,
        log: this.deps.log,
        partnership,
        case: c,
        occasion: what,
        ...(channel ? { channel } : {}),
        postFailed: async (err) => {
          const code = slackCode(err);
          await this.failed(
            c,
            new SlackStepError(
              `${what}.post`,
              code,
              `I couldn’t post the ${what} in #${channel?.name}: ${why(code)}`,
            ),
            userId,
            false,
          );
        },
      },
      said.messages,
    );
  }

  /** Records a failed step as an event and tells the person (with a Try again button when it can be retried). */
  private async failed(
    c: Case,
    err: unknown,
    userId: string | undefined,
    retry = true,
  ): Promise<void> {
    const step =
      err instanceof SlackStepError
        ? err
        : new SlackStepError(
            'slack',
            slackCode(err),
            `Something went wrong talking to Slack: ${why(slackCode(err))}`,
          );
    this.deps.log.warn(
      {
        caseId: c.id,
        step: step.step,
        code: step.code,
        err: err instanceof SlackStepError ? undefined : safeError(err),
      },
      'slack step failed',
    );
    try {
      await this.deps.service.run(systemActor(c.partnershipId), c.id, {
        type: 'record-failure',
        step: step.step,
        code: step.code,
        message: step.sentence,
      });
    } catch (recordErr) {
      this.deps.log.error(
        { caseId: c.id, err: safeError(recordErr) },
        'could not record the failed step',
      );
    }
    if (userId)
      await dm(
        this.web,
        this.deps.log,
        userId,
        retry
          ? failureMessage(c.id, c.ref, step.sentence)
          : textMessage(`*${c.ref}*: ${step.sentence}`, c.ref),
      );
  }

  private enqueue(caseId: string, work: () => Promise<void>): void {
    const previous = this.queues.get(caseId) ?? Promise.resolve();
    const next = previous
      .then(work)
      .catch((err: unknown) =>
        this.deps.log.error({ caseId, err: safeError(err) }, 'slack effect failed'),
      )
      .finally(() => {
        if (this.queues.get(caseId) === next) this.queues.delete(caseId);
      });
    this.queues.set(caseId, next);
  }
}

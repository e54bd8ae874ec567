/**
 * The App Home tab, "My work": `app_home_opened` → `views.publish` of the person's own work
 * (src/app/my-work.ts). Published again for the people concerned when a case changes (the holders
 * of its partnership), so the Home is current when they open it; opening it only publishes when
 * this process has not published that person's Home today (a restart, a new day's "due in words").
 * A publish that would show exactly what is already there is skipped. One publish per person at a
 * time; asks that arrive meanwhile are folded into one more.
 */
import { createHash } from 'node:crypto';
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { webApi } from '@slack/bolt';
import { type CaseChange } from '../../app/case-service.js';
import { safeError } from '../../logger.js';
import { userMessage } from '../../app/messages.js';
import { myWork } from '../../app/my-work.js';
import type { SlackConnectDirectory } from '../../app/slack-connect.js';
import { dateIn } from '../../domain/calendar.js';
import { homeView, HOME_ACTION_IDS } from '../../cards/slack/home.js';
import { textMessage } from '../../cards/slack/replies.js';
import { actorsFor, ephemeral, SLACK_ID, slackIdOf, type SlackDeps } from './context.js';
import { caseStep } from './case-step.js';
import { openStepForm } from './post-decision.js';

type WebClient = webApi.WebClient;

/** What the handlers can ask of the Home (e.g. after `/cspr mute`). */
export interface HomePort {
  refresh(userId: string, teamId?: string): void;
}

export class SlackHome implements HomePort {
  /** Per person: the hash of the view last published, and the day it was computed. */
  private readonly published = new Map<string, { hash: string; day: string }>();
  private readonly running = new Map<string, { again: boolean; done: Promise<void> }>();

  constructor(
    private readonly deps: SlackDeps,
    private readonly web: WebClient,
    /** Partners of other workspaces have no Home in this one: none is published for them. */
    private readonly connect?: SlackConnectDirectory,
  ) {}

  attach(): void {
    this.deps.service.subscribe((change) => this.onChange(change));
  }

  register(app: App): void {
    app.event('app_home_opened', async ({ event, body }) => {
      if (event.tab !== 'home' || !SLACK_ID.test(event.user)) return;
      const last = this.published.get(event.user);
      // Slack sends the view it shows; none means this Home was never published.
      if (event.view && last && last.day === this.today()) return;
      this.refresh(event.user, typeof body.team_id === 'string' ? body.team_id : undefined);
    });
    // A post-decision step from the Home (the case message offers them as a select).
    app.action<BlockAction<ButtonAction>>(
      HOME_ACTION_IDS.step,
      async ({ ack, body, action, client }) => {
        await ack();
        const user = body.user.id;
        try {
          const [caseId, step] = (typeof action.value === 'string' ? action.value : '').split('|');
          const found = await caseStep(
            this.deps,
            { userId: user, teamId: body.team?.id ?? body.user.team_id },
            { caseId },
            'post-decision',
          );
          const reply =
            'ok' in found
              ? await openStepForm(client, this.deps, found.ok, step, body.trigger_id, undefined)
              : found.message;
          if (reply) await ephemeral(client, this.deps.log, undefined, user, reply);
        } catch (err) {
          this.deps.log.warn(
            { err: safeError(err), action: HOME_ACTION_IDS.step },
            'button failed',
          );
          await ephemeral(client, this.deps.log, undefined, user, textMessage(userMessage(err)));
        }
      },
    );
  }

  /** The holders of the changed case's partnership: their pending actions or cases may have changed. */
  onChange(change: CaseChange): void {
    if (change.repeated) return;
    const p = this.deps.service.partnership(change.case.partnershipId);
    for (const h of p.holders) {
      const id = slackIdOf(this.deps.service, p.id, h.id);
      if (id && !this.connect?.isExternal(p, h)) this.refresh(id, p.slack?.teamId);
    }
  }

  refresh(userId: string, teamId?: string): void {
    const busy = this.running.get(userId);
    if (busy) return void (busy.again = true);
    const state = { again: false, done: Promise.resolve() };
    this.running.set(userId, state);
    state.done = (async () => {
      do {
        state.again = false;
        await this.publish(userId, teamId);
      } while (state.again);
    })()
      .catch((err: unknown) =>
        this.deps.log.warn(
          { err: safeError(err), step: 'views.publish' },
          'home could not be published',
        ),
      )
      .finally(() => this.running.delete(userId));
  }

  /** Resolves when no publish is under way (tests, a graceful stop). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running.values()].map((r) => r.done));
  }

  private async publish(userId: string, teamId: string | undefined): Promise<void> {
    const actors = actorsFor(this.deps.service, userId, teamId);
    const view = homeView(
      await myWork(this.deps.service, actors, this.deps.clock.now(), this.deps.controls),
    );
    const hash = createHash('sha256').update(JSON.stringify(view)).digest('hex');
    const day = this.today();
    if (this.published.get(userId)?.hash === hash)
      return void this.published.set(userId, { hash, day });
    await this.web.views.publish({ user_id: userId, view });
    this.published.set(userId, { hash, day });
  }

  private today(): string {
    return dateIn(this.deps.clock.now(), 'Europe/London');
  }
}

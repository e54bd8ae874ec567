/**
 * The whole lifecycle over Slack (PRODUCT.md: referred → notified → rapid-review → deciding →
 * escalated → decided → sent-to-panel → review-commissioned → report-drafting → report-sent →
 * published → monitoring → closed): signed slash commands, block_actions and view_submissions to
 * the running bot, the fake Web API recording what it does. Every out-of-order step is refused in
 * the core's words and nothing is stored; the action plan, the weekly oversight digest and the
 * earlier cases with the same themes only ever show the user's own partnership.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../../src/cards/slack/case-message.js';
import { instantAt } from '../../../src/domain/calendar.js';
import { CASE_STATES, type Case, type CaseState } from '../../../src/domain/case.js';
import { actorOf } from '../../../src/app/identity.js';
import { sensitive } from '../../support/log-sink.js';
import { triggerId } from './fake-slack.js';
import {
  allCases,
  CRITERIA,
  FACTS,
  notify,
  openForm,
  PARTNERSHIPS_YAML,
  startHarness,
  textOf,
  U,
  type Harness,
  settledChannel,
  commandReply,
} from './harness.js';
import { TEAM } from './slack-sender.js';

const REF = 'LINCS-2026-001';
const SECRET_REC = 'Ports-only recommendation about home visits.';
const LINCS_REC = 'Escalate missed health visits to the named nurse.';
sensitive(
  'Independent reviewer Ruth Bell',
  'Systems methodology with practitioner workshop.',
  SECRET_REC,
  LINCS_REC,
  'Run an audit of referrals.',
);

let h: Harness;
afterEach(async () => {
  expect(h.fake.problems, 'every Block Kit payload is within Slack’s limits').toEqual([]);
  await h.stop();
});

const viewId = () => `V${Math.random().toString(36).slice(2, 10).toUpperCase()}`;

async function load(id: string): Promise<Case> {
  return (await h.bot.service.repo.load(id))!;
}

const reply = (user: string, text: string, channel?: string) =>
  commandReply(h, user, text, channel);

/** `/cspr step <step>` that must be refused: the reply, with no modal opened and nothing stored. */
async function refusedStep(
  user: string,
  step: string,
  channel: string | undefined,
  caseId: string,
  ref = '',
): Promise<string> {
  const opened = h.fake.callsTo('views.open').length;
  const events = await h.bot.service.repo.countEvents(caseId);
  const text = await reply(user, `step ${step}${ref ? ` ${ref}` : ''}`, channel);
  expect(h.fake.callsTo('views.open').length, `no form for ${step}`).toBe(opened);
  expect(await h.bot.service.repo.countEvents(caseId)).toBe(events);
  return text;
}

/** The modal `/cspr step <step>` opens. */
async function stepModal(
  user: string,
  step: string,
  channel?: string,
  ref = '',
): Promise<Record<string, unknown>> {
  const before = h.fake.callsTo('views.open').length;
  expect((await h.slack.command(user, `step ${step}${ref ? ` ${ref}` : ''}`, channel)).status).toBe(
    200,
  );
  const calls = await h.fake.waitForCalls('views.open', before + 1);
  return calls[before]!.args.view as Record<string, unknown>;
}

/** Records a step through its modal; returns the ephemeral confirmation. */
async function step(
  user: string,
  name: string,
  answers: Record<string, string | string[]>,
  channel: string,
): Promise<string> {
  const view = await stepModal(user, name, channel);
  const before = h.fake.callsTo('chat.postEphemeral').length;
  const sent = await h.slack.submit(user, view, answers, viewId());
  expect(sent.status).toBe(200);
  expect(sent.text, `${name} saved: ${sent.text}`).toBe('');
  const calls = await h.fake.waitForCalls('chat.postEphemeral', before + 1);
  return textOf(calls.at(-1));
}

/** A choice in the case message's "Record a step…" select (block_actions, static_select). */
function select(user: string, caseId: string, stepName: string, channel: string) {
  return h.slack.post(
    h.slack.payloadBody({
      type: 'block_actions',
      team: { id: TEAM, domain: 'lincs-scp' },
      user: { id: user, username: user.toLowerCase(), team_id: TEAM },
      api_app_id: 'A0CSPRAPP1',
      token: 'legacy-verification-token',
      trigger_id: triggerId(),
      container: { type: 'message', channel_id: channel, message_ts: '1.0', is_ephemeral: false },
      channel: { id: channel, name: 'privategroup' },
      message: { ts: '1.0', type: 'message' },
      response_url: h.fake.responseUrl(),
      actions: [
        {
          type: 'static_select',
          action_id: ACTION_IDS.step,
          block_id: 'case_actions',
          selected_option: {
            text: { type: 'plain_text', text: stepName },
            value: `${caseId}|${stepName}`,
          },
          action_ts: `${Date.now() / 1000}`,
        },
      ],
    }),
  );
}

async function lastEphemeral(before: number): Promise<string> {
  const calls = await h.fake.waitForCalls('chat.postEphemeral', before + 1);
  return textOf(calls.at(-1));
}

async function voteBy(user: string, caseId: string, channel: string, outcome: string) {
  const view = await openForm(h, user, ACTION_IDS.vote, caseId, channel);
  expect(
    (
      await h.slack.submit(
        user,
        view,
        { outcome, rationale: `Partner view: ${outcome}.`, criteria: [] },
        viewId(),
      )
    ).status,
  ).toBe(200);
}

describe('Slack: every state of the lifecycle', () => {
  it('walks a case from notification to closed, refusing each step out of order; a referral is closed too', async () => {
    h = await startHarness();
    const visited = new Set<CaseState>();
    const at = async (id: string, state: CaseState) => {
      for (let i = 0; i < 100; i++) {
        if ((await load(id)).state === state) break;
        await h.bot.idle();
      }
      expect((await load(id)).state).toBe(state);
      visited.add(state);
    };

    // notified
    await notify(h);
    const { c, channel } = await settledChannel(h, REF);
    await at(c.id, 'notified');
    expect(await refusedStep(U.bm, 'send-to-panel', channel, c.id)).toContain(
      `${REF} is notified: cannot send the rapid review to the Panel now.`,
    );
    expect(await refusedStep(U.bm, 'publish', channel, c.id)).toContain(
      `${REF} is notified: cannot record publication now.`,
    );
    expect(await refusedStep(U.bm, 'frobnicate', channel, c.id)).toContain('I don’t know the step');

    // rapid-review
    const facts = await openForm(h, U.bm, ACTION_IDS.facts, c.id, channel);
    await h.slack.submit(U.bm, facts, FACTS, viewId());
    await at(c.id, 'rapid-review');
    expect(await refusedStep(U.chair, 'close', channel, c.id)).toContain(
      `${REF} is rapid-review: cannot close the case now.`,
    );
    const criteria = await openForm(h, U.bm, ACTION_IDS.criteria, c.id, channel);
    await h.slack.submit(U.bm, criteria, CRITERIA, viewId());

    // deciding → escalated → decided
    await voteBy(U.police, c.id, channel, 'lcspr');
    await at(c.id, 'deciding');
    expect(await refusedStep(U.bm, 'commission', channel, c.id)).toContain(
      `${REF} is deciding: cannot commission a review now.`,
    );
    await voteBy(U.la, c.id, channel, 'lcspr');
    await voteBy(U.health, c.id, channel, 'no-further-review');
    await at(c.id, 'escalated');
    expect(await refusedStep(U.bm, 'send-to-panel', channel, c.id)).toContain(
      `${REF} is escalated: cannot send the rapid review to the Panel now.`,
    );
    await voteBy(U.health, c.id, channel, 'lcspr');
    await at(c.id, 'decided');

    // The case message now offers the step select; a partner may not use it.
    const message = await h.fake.waitFor(
      () =>
        [...h.fake.messages.values()].find(
          (m) => m.channel === channel && JSON.stringify(m.blocks).includes(ACTION_IDS.step),
        ),
      'the step select on the case message',
    );
    expect(JSON.stringify(message.blocks)).toContain(`${c.id}|send-to-panel`);
    let eph = h.fake.callsTo('chat.postEphemeral').length;
    await select(U.la, c.id, 'send-to-panel', channel);
    expect(await lastEphemeral(eph)).toContain('Your role does not allow this');

    // sent-to-panel, from the select; a second, stale form for the same step is refused.
    const opened = h.fake.callsTo('views.open').length;
    await select(U.bm, c.id, 'send-to-panel', channel);
    const [sendView] = (await h.fake.waitForCalls('views.open', opened + 1)).slice(opened);
    const stale = await stepModal(U.chair, 'send-to-panel', channel);
    eph = h.fake.callsTo('chat.postEphemeral').length;
    expect(
      (
        await h.slack.submit(
          U.bm,
          sendView!.args.view as Record<string, unknown>,
          { on: '2026-12-23' },
          viewId(),
        )
      ).text,
    ).toBe('');
    expect(await lastEphemeral(eph)).toContain(
      `Recorded on ${REF}: rapid review sent to the Panel.`,
    );
    await at(c.id, 'sent-to-panel');
    const refusedStale = await h.slack.submit(U.chair, stale, { on: '2026-12-23' }, viewId());
    expect(JSON.stringify(refusedStale.json)).toContain(
      `${REF} is sent-to-panel: cannot send the rapid review to the Panel now.`,
    );
    expect(
      (await h.bot.service.repo.events(c.id)).filter((e) => e.type === 'rapid-review.sent'),
    ).toHaveLength(1);
    expect(await refusedStep(U.bm, 'drafting', channel, c.id)).toContain(
      `${REF} is sent-to-panel: cannot start drafting the report now.`,
    );

    // The Panel's response, then review-commissioned.
    h.clock.set('2027-01-20T10:00:00Z');
    expect(
      await step(U.bm, 'panel-response', { response: 'agrees', on: '2027-01-11' }, channel),
    ).toContain('the panel agrees with the partnership');
    expect(
      await step(
        U.chair,
        'commission',
        { reviewer: 'Independent reviewer Ruth Bell', on: '2027-01-20' },
        channel,
      ),
    ).toContain('Next: tell the Panel, Ofsted and DfE');
    await at(c.id, 'review-commissioned');
    expect(await refusedStep(U.bm, 'publish', channel, c.id)).toContain(
      `${REF} is review-commissioned: cannot record publication now.`,
    );
    expect(await refusedStep(U.bm, 'share-learning', channel, c.id)).toContain(
      'has a local review',
    );
    const chooser = await reply(U.bm, 'step', channel); // no step named: the steps open now
    for (const open of ['reviewer-informed', 'methodology', 'involvement', 'drafting'])
      expect(chooser).toContain(`${c.id}|${open}`);
    expect(chooser).not.toContain(`${c.id}|publish`);
    await step(U.bm, 'reviewer-informed', { on: '2027-01-20' }, channel);
    await step(
      U.bm,
      'methodology',
      { methodology: 'Systems methodology with practitioner workshop.', on: '2027-01-20' },
      channel,
    );
    await step(U.bm, 'involvement', { who: 'practitioners', on: '2027-01-20' }, channel);
    await step(
      U.bm,
      'involvement',
      { who: 'family', on: '2027-01-20', note: 'Mother met the reviewer.' },
      channel,
    );

    // report-drafting: the final report only after the draft.
    h.clock.set('2027-06-01T10:00:00Z');
    await step(U.bm, 'drafting', { on: '2027-03-01', plannedPublicationOn: '2027-06-15' }, channel);
    await at(c.id, 'report-drafting');
    expect(await refusedStep(U.bm, 'final-report', channel, c.id)).toContain(
      `Record the draft report on ${REF} before the final report.`,
    );
    await step(U.bm, 'draft-report', { on: '2027-04-20' }, channel);
    await step(U.bm, 'final-report', { on: '2027-06-01' }, channel);

    // report-sent, late: 5 working days before publication (7 required) — recorded, with a warning.
    h.clock.set('2027-06-08T10:00:00Z');
    const late = await step(
      U.bm,
      'send-report',
      { on: '2027-06-08', plannedPublicationOn: '2027-06-15' },
      channel,
    );
    expect(late).toContain('only 5 working days before publication: at least 7 are required');
    await at(c.id, 'report-sent');
    expect((await load(c.id)).review?.reportNotice).toEqual({
      workingDays: 5,
      required: 7,
      late: true,
    });
    expect(await refusedStep(U.bm, 'monitoring', channel, c.id)).toContain(
      `${REF} is report-sent: cannot start monitoring the action plan now.`,
    );

    // published: a fortnight later than planned, so the notice is enough after all.
    h.clock.set('2027-06-29T10:00:00Z');
    expect(await step(U.chair, 'publish', { on: '2027-06-29' }, channel)).toContain(
      'It must stay published until at least 2028-06-29.',
    );
    await at(c.id, 'published');

    // The action plan: add through the form, then the case cannot close while an item is open.
    const list = await reply(U.bm, 'actions', channel);
    expect(list).toContain(`${REF}: action plan`);
    expect(list).toContain(ACTION_IDS.actionAdd);
    expect(await reply(U.police, 'actions', channel)).not.toContain(ACTION_IDS.actionAdd); // a partner sees it, cannot change it
    const addView = await openForm(h, U.bm, ACTION_IDS.actionAdd, c.id, channel);
    eph = h.fake.callsTo('chat.postEphemeral').length;
    const missing = await h.slack.submit(
      U.bm,
      addView,
      { recommendation: 'x', agency: 'police', required: 'y' },
      viewId(),
    );
    expect(missing.json).toMatchObject({
      response_action: 'errors',
      errors: { due: 'Due date is required.' },
    });
    await h.slack.submit(
      U.bm,
      addView,
      {
        recommendation: 'Run an audit of referrals.',
        agency: 'police',
        required: 'Audit every referral closed without assessment.',
        due: '2027-09-01',
        status: 'open',
      },
      viewId(),
    );
    expect(await lastEphemeral(eph)).toContain(`Action plan of *${REF}*: item A1 added.`);
    expect((await load(c.id)).actionPlan?.[0]).toMatchObject({
      id: 'A1',
      agency: 'police',
      due: '2027-09-01',
      status: 'open',
    });
    expect(await refusedStep(U.chair, 'close', channel, c.id)).toContain(
      'has 1 open action plan item',
    );

    // monitoring, then the item done, then closed.
    await step(U.bm, 'monitoring', { on: '2027-06-29' }, channel);
    await at(c.id, 'monitoring');
    const updated = await reply(U.bm, `actions ${REF}`);
    expect(updated).toContain('Run an audit of referrals.');
    const editView = await openForm(h, U.bm, ACTION_IDS.actionEdit, `${c.id}|A1`, channel);
    h.clock.set('2027-08-20T10:00:00Z');
    await h.slack.submit(U.bm, editView, { status: 'done', due: '2027-09-01' }, viewId());
    for (let i = 0; i < 100 && (await load(c.id)).actionPlan?.[0]?.status !== 'done'; i++)
      await h.bot.idle();
    expect((await load(c.id)).actionPlan?.[0]).toMatchObject({
      status: 'done',
      doneOn: '2027-08-20',
    });
    await step(U.chair, 'close', { reason: 'Action plan complete' }, channel);
    await at(c.id, 'closed');
    expect(await refusedStep(U.bm, 'close', channel, c.id)).toContain(
      `${REF} is closed: cannot close the case now.`,
    );

    // referred: a referral (there is no chat command to refer; it is recorded through the service), closed from Slack.
    const bmActor = actorOf(
      h.bot.service.partnership('lincs'),
      h.bot.service.partnership('lincs').holders.find((x) => x.id === 'bm')!,
    );
    const referral = await h.bot.service.refer(bmActor, {
      referredAt: '2026-12-23T09:00:00Z',
      referringAgency: 'School nursing',
      summary: 'Concern about bruising.',
      children: [{ pseudonym: 'Child C', age: 5 }],
    });
    await at(referral.case.id, 'referred');
    for (
      let i = 0;
      i < 200 && !(await load(referral.case.id)).channels.some((x) => x.meta?.messageTs);
      i++
    )
      await h.bot.idle();
    expect(
      await refusedStep(U.bm, 'send-to-panel', undefined, referral.case.id, referral.case.ref),
    ).toContain(`${referral.case.ref} is referred: cannot send the rapid review to the Panel now.`);
    expect(
      await refusedStep(U.la, 'close', undefined, referral.case.id, referral.case.ref),
    ).toContain('Your role does not allow this: record the steps after the decision');
    const closeView = await stepModal(U.chair, 'close', undefined, referral.case.ref);
    expect(
      (
        await h.slack.submit(
          U.chair,
          closeView,
          { reason: 'Threshold for a rapid review not met' },
          viewId(),
        )
      ).text,
    ).toBe('');
    await at(referral.case.id, 'closed');

    expect([...CASE_STATES].filter((s) => !visited.has(s))).toEqual([]);
    const types = (await h.bot.service.repo.events(c.id))
      .map((e) => e.type)
      .filter((t) => !t.startsWith('channel.') && t !== 'step.failed');
    expect(types.slice(types.indexOf('decision.recorded'))).toEqual([
      'decision.recorded',
      'rapid-review.sent',
      'panel.responded',
      'review.commissioned',
      'reviewer.informed',
      'methodology.agreed',
      'involvement.recorded',
      'involvement.recorded',
      'report.drafting',
      'report.drafted',
      'report.finalised',
      'report.sent',
      'report.published',
      'action.added',
      'monitoring.started',
      'action.updated',
      'case.closed',
    ]);
    // The case message followed the case, in place.
    const final = await h.fake.waitFor(
      () =>
        [...h.fake.messages.values()].find(
          (m) => m.channel === channel && m.text.includes('Closed'),
        ),
      'the closed case message',
    );
    expect(JSON.stringify(final.blocks)).toContain(
      'Report sent to the Panel and the Secretary of State',
    );
    expect(h.logs.join('\n')).not.toContain('Ruth Bell');
  });

  it('tracks a learning review with its lighter steps, refusing the local review’s', async () => {
    h = await startHarness();
    await notify(h);
    const { c, channel } = await settledChannel(h, REF);
    const facts = await openForm(h, U.bm, ACTION_IDS.facts, c.id, channel);
    await h.slack.submit(U.bm, facts, FACTS, viewId());
    for (const u of [U.la, U.police, U.health])
      await voteBy(u, c.id, channel, 'multi-agency-learning');
    for (let i = 0; i < 100 && (await load(c.id)).state !== 'decided'; i++) await h.bot.idle();
    await step(U.bm, 'send-to-panel', { on: '2026-12-23' }, channel);
    await step(
      U.chair,
      'commission',
      { reviewer: 'Partnership learning lead', on: '2026-12-23' },
      channel,
    );
    expect((await load(c.id)).review?.kind).toBe('multi-agency-learning');
    expect(await refusedStep(U.bm, 'drafting', channel, c.id)).toContain(
      'has a learning review, not a local review',
    );
    expect(await refusedStep(U.bm, 'close', channel, c.id)).toContain('as shared before closing');
    await step(
      U.bm,
      'share-learning',
      { on: '2026-12-23', note: 'Seven-minute briefing to all agencies.' },
      channel,
    );
    await step(U.chair, 'close', { reason: 'Learning shared' }, channel);
    expect((await load(c.id)).state).toBe('closed');
  });
});

describe('Slack: only the user’s own partnership', () => {
  const YAML = PARTNERSHIPS_YAML.replace(
    '    slack: { teamId: T0LINCS01 }\n    holders:\n      - { id: la-lead',
    '    slack: { teamId: T0LINCS01 }\n    reviewGroup: { slackChannelId: C0REVIEW1 }\n    holders:\n      - { id: la-lead',
  ).replace(
    '      - { id: ports-health, name: Poppy Hill, roles: [health] }',
    '      - { id: ports-health, name: Poppy Hill, roles: [health] }\n      - { id: ports-chair, name: Piers Chair, roles: [chair], slackUserId: U0PORTSCH }',
  );

  /** A case of a partnership carried to `sent-to-panel` with one action plan item, through the service. */
  async function earlierCase(
    partnershipId: string,
    themes: string[],
    recommendation: string,
  ): Promise<Case> {
    const p = h.bot.service.partnership(partnershipId);
    const as = (role: string) =>
      actorOf(
        p,
        p.holders.find((x) => x.roles.includes(role as never))!,
      );
    const bm = p.holders.some((x) => x.roles.includes('business-manager'))
      ? as('business-manager')
      : as('la');
    const chairOrLa = p.holders.some((x) => x.roles.includes('chair')) ? as('chair') : as('la');
    h.clock.set('2026-12-01T10:00:00Z');
    const c = (
      await h.bot.service.notify(as('la'), {
        awareOn: '2026-11-30',
        harm: 'death',
        abuseOrNeglect: 'suspected',
        location: 'in-area',
        childStatus: 'none',
        children: [{ pseudonym: 'Child Z', age: 2 }],
        notifyingAgency: 'CSC',
        summary: 'Earlier incident.',
      })
    ).case;
    await h.bot.service.run(as('la'), c.id, {
      type: 'record-facts',
      facts: {
        summary: 's',
        agencies: ['police'],
        keyEpisodes: 'k',
        immediateAction: false,
        learning: 'l',
        complexOrNational: false,
        themes,
      },
    });
    for (const role of ['la', 'police', 'health'] as const)
      await h.bot.service.run(as(role), c.id, {
        type: 'cast-vote',
        partner: role,
        outcome: 'lcspr',
        rationale: 'Agreed.',
        criteria: [],
      });
    const steps = p.holders.some((x) => x.roles.includes('business-manager')) ? bm : chairOrLa;
    await h.bot.service.run(steps, c.id, { type: 'send-to-panel', on: '2026-12-01' });
    await h.bot.service.run(steps, c.id, {
      type: 'add-action',
      recommendation,
      agency: 'health-visiting',
      required: 'Retrain.',
      due: '2027-03-01',
    });
    h.clock.set('2026-12-23T10:00:00Z');
    return c;
  }

  it('shows the partnership’s earlier cases with the same themes, and their recommendations, against the criteria — never another partnership’s', async () => {
    h = await startHarness({ partnershipsYaml: YAML });
    h.fake.users.add('U0PORTSCH');
    const mine = await earlierCase('lincs', ['neglect', 'domestic-abuse'], LINCS_REC);
    const theirs = await earlierCase('ports', ['neglect'], SECRET_REC);
    expect(theirs.ref).toBe('PORTS-2026-001');
    await notify(h);
    await h.fake.waitForCalls('chat.postMessage');
    let now: Case | undefined;
    for (let i = 0; i < 200 && !now?.channels.some((x) => x.meta?.messageTs); i++) {
      now = (await allCases(h)).find((x) => x.ref === 'LINCS-2026-002');
      await h.bot.idle();
    }
    const channel = now!.channels.find((x) => x.platform === 'slack')!.id;
    const facts = await openForm(h, U.bm, ACTION_IDS.facts, now!.id, channel);
    await h.slack.submit(U.bm, facts, FACTS, viewId()); // themes: neglect, safe sleep
    const form = JSON.stringify(await openForm(h, U.police, ACTION_IDS.criteria, now!.id, channel));
    expect(form).toContain(
      `Earlier cases in your partnership with the same themes: ${mine.ref} (Neglect)`,
    );
    expect(form).toContain(
      `Improvements already identified in those cases: ${mine.ref} A1 Health visiting / school nursing: ${LINCS_REC} (open)`,
    );
    expect(form).not.toContain('PORTS-2026-001');
    expect(form).not.toContain(SECRET_REC);
  });

  it('sends the weekly oversight digest once to each chair and the review group, each with its own partnership’s cases only', async () => {
    h = await startHarness({ partnershipsYaml: YAML });
    h.fake.addChannel('lincs-review-group', { botIsMember: true, id: 'C0REVIEW1' });
    h.fake.users.add('U0PORTSCH');
    await earlierCase('lincs', ['neglect'], LINCS_REC);
    await earlierCase('ports', ['neglect'], SECRET_REC);
    const posts = () =>
      h.fake.callsTo('chat.postMessage').filter((p) => textOf(p).includes('Weekly oversight'));
    h.clock.set(instantAt('2027-01-04', '08:30', 'Europe/London'));
    await h.bot.oversight.tick();
    expect(posts()).toHaveLength(0);
    h.clock.set(instantAt('2027-01-04', '09:05', 'Europe/London'));
    await h.bot.oversight.tick();
    await h.bot.oversight.tick(); // the same week again: nothing twice
    const sent = posts();
    expect(sent.map((p) => p.args.channel).sort()).toEqual(
      ['C0REVIEW1', U.chair, 'U0PORTSCH'].sort(),
    );
    for (const p of sent) {
      const text = textOf(p);
      const own = p.args.channel === 'U0PORTSCH' ? 'PORTS-2026-001' : 'LINCS-2026-001';
      const other = own.startsWith('PORTS') ? 'LINCS-2026-001' : 'PORTS-2026-001';
      expect(text).toContain(own);
      expect(text).not.toContain(other);
      expect(text).toContain('A1 Health visiting / school nursing: due 2027-03-01, open');
      expect(text).toContain('(2027-W01)');
      for (const secret of ['Child Z', SECRET_REC, LINCS_REC]) expect(text).not.toContain(secret);
    }
    h.clock.set(instantAt('2027-01-05', '09:05', 'Europe/London'));
    await h.bot.oversight.tick();
    expect(posts()).toHaveLength(3);
  });
});

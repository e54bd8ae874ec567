/**
 * Hostile input over HTTP, correctly signed: a few hundred random and mutated slash commands,
 * block_actions and view_submissions (all four forms) against the running bot. Each is answered
 * (200, never a 5xx), with a clear refusal or a valid result; nothing rejects unhandled; a refused
 * submission leaves the store exactly as it was; and no value from a request ever reaches a store
 * query as an operator (every filter is checked by a spying StorePort).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommand } from '../../../src/app/commands.js';
import { CALLBACK } from '../../../src/bots/slack/modals.js';
import { encodeMeta } from '../../../src/bots/slack/context.js';
import { ACTION_IDS } from '../../../src/cards/slack/case-message.js';
import {
  allFields,
  criteriaForm,
  factsForm,
  notificationForm,
  voteForm,
  type FormDef,
} from '../../../src/cards/forms/index.js';
import {
  anyJson,
  anyString,
  OPERATOR_OBJECTS,
  SENTINEL,
  submissions,
} from '../../support/hostile.js';
import { spyStore, storeDump, TaintSet, type SpyReport } from '../../support/spy-store.js';
import { triggerId } from './fake-slack.js';
import { allCases, FACTS, notify, openForm, startHarness, U, type Harness } from './harness.js';
import { sign, TEAM } from './slack-sender.js';

const report: SpyReport = { filters: 0, problems: [] };
const taint = new TaintSet();
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);

let h: Harness;
let caseId = '';
let channel = '';
/** The modals the bot opened, by form, as Slack would send them back. */
const views: Partial<Record<FormDef['id'], Record<string, unknown>>> = {};

beforeAll(async () => {
  process.on('unhandledRejection', onRejection);
  h = await startHarness({ wrapStore: (e) => spyStore(e, report, taint) });
  await notify(h);
  for (let i = 0; i < 300 && !channel; i++) {
    const [c] = await allCases(h);
    const ch =
      c && (await h.bot.service.repo.load(c.id))?.channels.find((x) => x.platform === 'slack');
    if (c && ch?.meta?.messageTs) [caseId, channel] = [c.id, ch.id];
    else await h.bot.idle();
  }
  expect(channel).not.toBe('');
  views.facts = await openForm(h, U.bm, ACTION_IDS.facts, caseId, channel);
  await h.slack.submit(U.bm, views.facts, FACTS, 'VFACTSBASE');
  views.criteria = await openForm(h, U.bm, ACTION_IDS.criteria, caseId, channel);
  views.vote = await openForm(h, U.police, ACTION_IDS.vote, caseId, channel);
  const before = h.fake.callsTo('views.open').length;
  await h.slack.command(U.la, 'notify');
  views.notification = (await h.fake.waitForCalls('views.open', before + 1))[before]!.args
    .view as Record<string, unknown>;
});

afterAll(async () => {
  process.off('unhandledRejection', onRejection);
  await h?.stop();
});

const users = fc.constantFrom<unknown>(
  U.la,
  U.police,
  U.health,
  U.bm,
  U.chair,
  U.member,
  U.portsLa,
  U.outsider,
);
const someone = fc.oneof({ weight: 4, arbitrary: users }, { weight: 1, arbitrary: anyJson });

/** Slack-shaped `view.state.values` for the form, with whatever values the submission holds (strings or not). */
function stateOf(form: FormDef, answers: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of allFields(form)) {
    const v = answers[f.id];
    if (v === undefined) continue;
    const value =
      f.kind === 'multi'
        ? {
            type: 'checkboxes',
            selected_options: Array.isArray(v) ? v.map((x) => ({ value: x })) : v,
          }
        : f.kind === 'choice'
          ? { type: 'radio_buttons', selected_option: { value: v } }
          : f.kind === 'date'
            ? { type: 'datepicker', selected_date: v }
            : { type: 'plain_text_input', value: v };
    out[f.id] = { [f.id]: value };
  }
  return out;
}

const FORMS: [FormDef['id'], FormDef][] = [
  ['notification', notificationForm()],
  ['facts', factsForm()],
  ['criteria', criteriaForm()],
  ['vote', voteForm(['police'])],
];

/** A view_submission: one of our forms' modals (or a forged one), answers of any kind, odd ids and metadata. */
const viewSubmission = fc.constantFrom(...FORMS).chain(([id, form]) =>
  fc.record({
    kind: fc.constant('view' as const),
    form: fc.constant(id),
    user: someone,
    viewId: fc.oneof(
      { weight: 6, arbitrary: fc.stringMatching(/^V[A-Z0-9]{8}$/) },
      { weight: 1, arbitrary: anyJson },
    ),
    callback: fc.oneof(
      { weight: 8, arbitrary: fc.constant(CALLBACK[id]) },
      { weight: 1, arbitrary: fc.constantFrom(...Object.values(CALLBACK)) },
    ),
    meta: fc.oneof(
      {
        weight: 6,
        arbitrary: fc.constant(
          encodeMeta(id === 'notification' ? {} : { caseId, channelId: channel }),
        ),
      },
      { weight: 1, arbitrary: anyString },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom(...OPERATOR_OBJECTS)
          .map((o) => JSON.stringify({ caseId: o, channelId: o })),
      },
    ),
    state: fc.oneof(
      { weight: 6, arbitrary: submissions(form).map((a) => stateOf(form, a)) },
      { weight: 1, arbitrary: anyJson },
    ),
  }),
);

/** A click on one of our buttons (or selects), with a value of any kind. */
const blockAction = fc.record({
  kind: fc.constant('action' as const),
  user: someone,
  actionId: fc.constantFrom(...Object.values(ACTION_IDS)),
  value: fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom<unknown>(caseIdLater(), `${caseIdLater()}|send-to-panel`),
    },
    { weight: 2, arbitrary: anyJson },
    { weight: 1, arbitrary: fc.constantFrom(...OPERATOR_OBJECTS) },
  ),
  channel: fc.oneof(
    { weight: 3, arbitrary: fc.constant<unknown>({ id: '__channel__' }) },
    { weight: 1, arbitrary: anyJson },
  ),
});

/** `/cspr …` with any text, from anyone, in any channel (form fields are strings; a repeated key gives a list). */
const slashCommand = fc.record({
  kind: fc.constant('command' as const),
  user: fc.oneof({ weight: 4, arbitrary: users.map(String) }, { weight: 1, arbitrary: anyString }),
  channelId: fc.oneof(
    { weight: 2, arbitrary: fc.constant('__channel__') },
    { weight: 1, arbitrary: fc.constantFrom('C0GENERAL1', '$where', '$gt', '') },
    { weight: 1, arbitrary: anyString },
  ),
  text: fc.oneof(
    fc
      .tuple(
        fc.constantFrom(
          'status',
          'vote',
          'facts',
          'criteria',
          'timeline',
          'export',
          'list',
          'deadlines',
          'roles',
          'help',
          'notify',
          'remind',
          'mute',
          'bogus',
        ),
        fc.constantFrom(
          '',
          'LINCS-2026-001',
          'lincs-2026-001',
          'PORTS-2026-001',
          '$where',
          `{"$gt":""}`,
        ),
        anyString,
      )
      .map((w) => w.join(' ')),
    anyString,
  ),
  repeat: fc.option(fc.constantFrom('channel_id', 'user_id', 'text', 'team_id'), {
    nil: undefined,
  }),
});

/** The case id is only known once the suite has started: a placeholder swapped in when sending. */
function caseIdLater(): string {
  return '__case__';
}

function fill<T>(x: T): T {
  return JSON.parse(
    JSON.stringify(x ?? null)
      .replaceAll('__case__', caseId)
      .replaceAll('__channel__', channel),
  ) as T;
}

async function post(body: string): Promise<{ status: number; json?: Record<string, unknown> }> {
  const ts = Math.floor(Date.now() / 1000);
  const res = await fetch(`http://127.0.0.1:${h.bot.port}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': sign(body, ts),
    },
    body,
  });
  const text = await res.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, ...(json ? { json } : {}) };
}

/** Waits until the work a request started (channel, case message, records) has finished: the store and the fake are quiet. */
async function settle(): Promise<void> {
  await h.bot.idle();
}

/** Waits until the bot has answered on Slack's side (a reply, an ephemeral, a DM or a modal) after call `from`. */
async function answered(from: number, methods: string[]): Promise<void> {
  await h.fake.waitFor(
    () => h.fake.calls.slice(from).some((c) => methods.includes(c.method)),
    `an answer (${methods.join(' / ')}) after call ${from}`,
    4000,
  );
}

const payloadOf = (p: Record<string, unknown>) =>
  new URLSearchParams({ payload: JSON.stringify(p) }).toString();

describe('Slack: hostile requests, correctly signed', () => {
  it('every request is answered without a 5xx; refused submissions change nothing; no request value reaches a query as an operator', async () => {
    const counts = { view: 0, viewRefused: 0, action: 0, command: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          { weight: 2, arbitrary: viewSubmission },
          { weight: 1, arbitrary: blockAction },
          { weight: 1, arbitrary: slashCommand },
        ),
        async (request) => {
          const r = fill(request);
          report.problems.length = 0;
          rejections.length = 0;
          taint.add(r);
          const before = await storeDump(h.bot.store);
          const from = h.fake.calls.length;
          if (r.kind === 'view') {
            counts.view++;
            const opened = views[r.form]!;
            const res = await post(
              payloadOf({
                type: 'view_submission',
                team: { id: TEAM, domain: 'lincs-scp' },
                user: { id: r.user, username: 'someone', team_id: TEAM },
                api_app_id: 'A0CSPRAPP1',
                token: 'legacy-verification-token',
                trigger_id: triggerId(),
                view: {
                  ...opened,
                  id: r.viewId,
                  callback_id: r.callback,
                  private_metadata: r.meta,
                  team_id: TEAM,
                  app_id: 'A0CSPRAPP1',
                  bot_id: 'B0CSPRBOT',
                  hash: '1.abc',
                  state: { values: r.state },
                },
                response_urls: [],
              }),
            );
            expect([200, 400]).toContain(res.status);
            const action = res.status === 400 ? 'refused' : res.json?.response_action;
            expect([undefined, 'errors', 'push', 'update', 'refused']).toContain(action);
            if (action === 'errors' || action === 'push' || action === 'refused') {
              counts.viewRefused++;
              expect(JSON.stringify(res.json)).not.toContain(SENTINEL); // a refusal never echoes what was typed
              expect(await storeDump(h.bot.store)).toBe(before);
            } else await settle();
          } else if (r.kind === 'action') {
            counts.action++;
            const res = await post(
              payloadOf({
                type: 'block_actions',
                team: { id: TEAM, domain: 'lincs-scp' },
                user: { id: r.user, username: 'someone', team_id: TEAM },
                api_app_id: 'A0CSPRAPP1',
                token: 'legacy-verification-token',
                trigger_id: triggerId(),
                container: {
                  type: 'message',
                  channel_id: channel,
                  message_ts: '1.0',
                  is_ephemeral: false,
                },
                channel: r.channel,
                message: { ts: '1.0', type: 'message' },
                response_url: h.fake.responseUrl(),
                actions: [
                  {
                    type: 'button',
                    action_id: r.actionId,
                    block_id: 'case_actions',
                    value: r.value,
                    selected_option: { value: r.value },
                    text: { type: 'plain_text', text: 'x' },
                    action_ts: `${Date.now() / 1000}`,
                  },
                ],
              }),
            );
            // 400: a payload bolt itself cannot read (e.g. `channel: null`), refused before any listener runs.
            expect([200, 400]).toContain(res.status);
            // A known person always gets an answer (a modal, or a reply only they see); then the work settles.
            const known = Object.values(U).includes(r.user as never);
            if (res.status === 200 && known)
              await answered(from, [
                'views.open',
                'chat.postEphemeral',
                'chat.postMessage',
                'response_url',
              ]);
            if (res.status === 400) expect(await storeDump(h.bot.store)).toBe(before);
            if (known) await settle();
          } else {
            counts.command++;
            const params = new URLSearchParams({
              token: 'legacy-verification-token',
              team_id: TEAM,
              team_domain: 'lincs-scp',
              channel_id: r.channelId,
              channel_name: 'somewhere',
              user_id: r.user,
              user_name: 'someone',
              command: '/cspr',
              text: r.text,
              api_app_id: 'A0CSPRAPP1',
              is_enterprise_install: 'false',
              response_url: h.fake.responseUrl(),
              trigger_id: triggerId(),
            });
            if (r.repeat) params.append(r.repeat, '$where');
            const res = await post(params.toString());
            expect(res.status).toBe(200);
            await answered(from, ['response_url', 'views.open']);
            const verb = parseCommand(r.text)?.verb;
            if (!r.repeat && verb !== 'remind' && verb !== 'mute' && verb !== 'unmute')
              expect(await storeDump(h.bot.store)).toBe(before);
            else await settle();
          }
          expect(report.problems).toEqual([]);
          expect(rejections.map((r) => String((r as Error)?.stack ?? r))).toEqual([]);
        },
      ),
      { numRuns: 130, endOnFailure: true },
    );
    expect(report.filters).toBeGreaterThan(50); // the spy saw the store's queries (one port call per lookup)
    expect(counts.viewRefused).toBeGreaterThan(0);
    expect(h.fake.problems).toEqual([]);
  });

  it('malformed payloads (no user, no state, no view id, a payload that is not JSON) are answered, never with a 5xx, and leave the store alone', async () => {
    const before = await storeDump(h.bot.store);
    const opened = views.facts!;
    const base = {
      type: 'view_submission',
      team: { id: TEAM },
      user: { id: U.bm, team_id: TEAM },
      trigger_id: triggerId(),
    };
    const view = {
      ...opened,
      id: 'VMALFORMED',
      callback_id: CALLBACK.facts,
      private_metadata: encodeMeta({ caseId, channelId: channel }),
    };
    const bodies = [
      payloadOf({ ...base, view: { ...view, state: undefined } }),
      payloadOf({ ...base, view: { ...view, state: { values: null } } }),
      payloadOf({ ...base, view: { ...view, id: undefined, state: { values: {} } } }),
      payloadOf({ ...base, user: { id: { $gt: '' } }, view: { ...view, state: { values: {} } } }),
      payloadOf({ ...base, user: undefined, view: { ...view, state: { values: {} } } }),
      payloadOf({
        type: 'block_actions',
        team: { id: TEAM },
        trigger_id: triggerId(),
        actions: [{ action_id: ACTION_IDS.vote, type: 'button', value: caseId }],
      }),
      payloadOf({ ...base, view: { ...view, private_metadata: undefined, state: { values: {} } } }),
      payloadOf({
        type: 'block_actions',
        team: { id: TEAM },
        user: { id: U.bm, team_id: TEAM },
        trigger_id: triggerId(),
        actions: [{ action_id: ACTION_IDS.facts, type: 'button' }],
      }),
      payloadOf({
        type: 'block_actions',
        team: { id: TEAM },
        user: { id: U.bm, team_id: TEAM },
        trigger_id: triggerId(),
        actions: [{ action_id: ACTION_IDS.retry, type: 'button', value: [caseId] }],
      }),
      new URLSearchParams({ payload: `not json: Child A ${SENTINEL}` }).toString(),
      new URLSearchParams({ payload: `${SENTINEL} Child A` }).toString(),
      `payload=${encodeURIComponent(`{"type":"view_submission","view":{"summary":"${SENTINEL}"`)}`,
    ];
    for (const body of bodies) {
      const from = h.fake.calls.length;
      const res = await post(body);
      expect(res.status, body.slice(0, 120)).toBeLessThan(500);
      if (res.status === 200 && body.includes('block_actions'))
        await answered(from, ['views.open', 'chat.postEphemeral', 'chat.postMessage']).catch(
          () => undefined,
        );
    }
    await settle();
    expect(await storeDump(h.bot.store)).toBe(before);
    expect(report.problems).toEqual([]);
    expect(rejections).toEqual([]);
  });
});

/**
 * Hostile input over HTTP: a few hundred random and mutated activities to POST /api/messages —
 * `adaptiveCard/action` invokes of every verb (and unknown ones) with inputs of any kind, messages
 * with any text, Action.Submit fallbacks with any value, and odd senders, conversations and channel
 * data. Each is answered (never a 5xx) with a card or a plain refusal; nothing rejects unhandled; a
 * request the forms or the roles refuse leaves the store exactly as it was; and no value from an
 * activity ever reaches a store query as an operator (every filter is checked by a spying StorePort).
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommand } from '../../../src/app/commands.js';
import {
  criteriaForm,
  factsForm,
  notificationForm,
  parseCriteria,
  parseFacts,
  parseNotification,
  parseVote,
  voteForm,
  type FormDef,
} from '../../../src/cards/forms/index.js';
import { rawValuesOf, readActionData, VERBS } from '../../../src/cards/teams/index.js';
import type { Partner } from '../../../src/domain/roles.js';
import {
  anyJson,
  anyString,
  OPERATOR_OBJECTS,
  SENTINEL,
  submissions,
} from '../../support/hostile.js';
import { spyStore, storeDump, TaintSet, type SpyReport } from '../../support/spy-store.js';
import {
  cardText,
  Harness,
  inChannel,
  notifyCase,
  personal,
  TENANT,
  toRapidReview,
  USERS,
  type Opened,
  type User,
} from './harness.js';

const report: SpyReport = { filters: 0, problems: [] };
const taint = new TaintSet();
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);

const h = new Harness({ wrapStore: (e) => spyStore(e, report, taint) });
let o: Opened;

beforeAll(async () => {
  process.on('unhandledRejection', onRejection);
  await h.start();
  h.fake.members = Object.values(USERS).map((u) => ({
    id: u.mri,
    aadObjectId: u.aad,
    name: u.name,
  }));
  o = await notifyCase(h);
  await toRapidReview(h, o);
});

afterAll(async () => {
  process.off('unhandledRejection', onRejection);
  await h.stop();
});

const PARTNER_OF: Record<string, Partner[]> = {
  la: ['la'],
  police: ['police'],
  health: ['health'],
};
const FORM_OF: Record<string, FormDef> = {
  'notify.submit': notificationForm(),
  'facts.submit': factsForm(),
  'criteria.submit': criteriaForm(),
  'vote.submit': voteForm(['la']),
};

/** Would the form itself accept these inputs (for this person)? Anything it refuses must not be stored. */
function formAccepts(verb: string, data: unknown, who: User | undefined): boolean {
  const form = Object.hasOwn(FORM_OF, verb) ? FORM_OF[verb] : undefined;
  if (!form) return verb === 'channel.retry';
  const raw = rawValuesOf(form, data);
  if (verb === 'notify.submit') return parseNotification(raw, { today: '2026-12-23' }).ok;
  if (verb === 'facts.submit') return parseFacts(raw).ok;
  if (verb === 'criteria.submit') return parseCriteria(raw).ok;
  const partners = (who && PARTNER_OF[who.key]) ?? [];
  return partners.length > 0 && parseVote(raw, partners).ok;
}

const users = fc.constantFrom(...Object.values(USERS));
const verbs = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom<unknown>(...VERBS) },
  { weight: 1, arbitrary: anyJson },
);
const ids = (good: () => string) =>
  fc.oneof(
    { weight: 5, arbitrary: fc.constant(null).map(good) },
    { weight: 1, arbitrary: anyJson },
    { weight: 1, arbitrary: fc.constantFrom(...OPERATOR_OBJECTS) },
  );

/** Inputs of the form the verb submits (valid, mutated or anything), plus our control data (good or hostile). */
const invokeData = fc
  .tuple(
    verbs,
    ids(() => randomUUID()),
    ids(() => o.caseId),
  )
  .chain(([verb, requestId, caseId]) => {
    const form =
      typeof verb === 'string' && Object.hasOwn(FORM_OF, verb) ? FORM_OF[verb] : undefined;
    return fc
      .tuple(
        form ? submissions(form) : fc.dictionary(anyString, anyJson, { maxKeys: 4 }),
        fc.oneof(
          { weight: 8, arbitrary: fc.constant(undefined) },
          { weight: 1, arbitrary: anyJson },
        ),
      )
      .map(([inputs, cspr]) => ({
        verb,
        data: {
          ...JSON.parse(JSON.stringify(inputs)),
          cspr: cspr === undefined ? { verb, requestId, caseId } : cspr,
        } as Record<string, unknown>,
      }));
  });

/** Where the activity comes from: a personal chat, the case channel, or channel data of any shape. */
const where = fc.oneof(
  { weight: 3, arbitrary: fc.constant('personal' as const) },
  { weight: 3, arbitrary: fc.constant('channel' as const) },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        channel: fc.record({ id: anyJson }, { requiredKeys: [] }),
        tenant: fc.record({ id: anyJson }, { requiredKeys: [] }),
      },
      { requiredKeys: [] },
    ),
  },
);

const sender = fc.oneof(
  {
    weight: 6,
    arbitrary: users.map((u) => ({ user: u as User | undefined, from: undefined as unknown })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ id: anyJson, aadObjectId: anyJson, name: anyJson }, { requiredKeys: [] })
      .map((from) => ({ user: undefined, from: from as unknown })),
  },
);

const request = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('invoke' as const),
      who: sender,
      where,
      invoke: invokeData,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('message' as const),
      who: sender,
      where,
      text: fc.oneof(
        fc
          .tuple(
            fc.constantFrom(
              'status',
              'vote',
              'facts',
              'criteria',
              'list',
              'deadlines',
              'roles',
              'help',
              'notify',
              'remind',
              'mute',
              'export',
              'bogus',
            ),
            fc.constantFrom('', 'NORTH-2026-001', 'SOUTH-2026-001', '$where'),
            anyString,
          )
          .map((w) => w.join(' ')),
        anyString,
        anyJson,
      ),
      value: fc.oneof(
        { weight: 4, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: invokeData.map((i) => i.data as unknown) },
        { weight: 1, arbitrary: anyJson },
      ),
    }),
  },
);

describe('Teams: hostile activities', () => {
  it('every activity is answered without a 5xx; what is refused changes nothing; no activity value reaches a query as an operator', async () => {
    const counts = { invoke: 0, message: 0, unchangedChecked: 0 };
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        report.problems.length = 0;
        rejections.length = 0;
        taint.add(r);
        const base = r.who.user ?? USERS.outsider;
        const place =
          r.where === 'personal'
            ? personal(base)
            : inChannel(o.where.channelId ?? 'a:personal-chat-la');
        const activity = h.activity(
          base,
          r.where === 'personal' || r.where === 'channel' ? place : personal(base),
          {},
        );
        if (r.who.from !== undefined) activity.from = r.who.from;
        if (typeof r.where === 'object')
          activity.channelData = { tenant: { id: TENANT }, ...r.where };
        const before = await storeDump(h.bot.store);
        let mayWrite: boolean;
        if (r.kind === 'invoke') {
          counts.invoke++;
          const { verb, data } = r.invoke;
          activity.type = 'invoke';
          activity.name = 'adaptiveCard/action';
          activity.value = { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' };
          const read = readActionData(data, verb);
          mayWrite =
            Boolean(r.who.user) && read !== undefined && formAccepts(read.verb, data, r.who.user);
          const res = await h.post(activity);
          expect([200, 400]).toContain(res.status); // 400: not an activity at all (a sender whose id is not text)
          const body = (await res.json()) as { type?: string; value?: unknown };
          if (res.status === 200) {
            expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
            expect(cardText(body.value)).not.toContain('Something went wrong');
          }
        } else {
          counts.message++;
          activity.type = 'message';
          activity.text = r.text;
          if (r.value !== undefined) activity.value = r.value;
          const value: unknown = r.value;
          const read =
            value && typeof value === 'object' ? readActionData(value, undefined) : undefined;
          const verb =
            typeof r.text === 'string'
              ? parseCommand(r.text.replace(/<[^>]+>/g, ' '))?.verb
              : undefined;
          mayWrite =
            Boolean(r.who.user) &&
            (read ? formAccepts(read.verb, value, r.who.user) : verb === 'remind');
          const res = await h.post(activity);
          expect([200, 400]).toContain(res.status);
        }
        await h.bot.idle(); // work after the answer (a channel opened by a retry) belongs to this request
        if (!mayWrite) {
          counts.unchangedChecked++;
          expect(await storeDump(h.bot.store)).toBe(before);
        }
        expect(report.problems).toEqual([]);
        expect(rejections.map((x) => String((x as Error)?.stack ?? x))).toEqual([]);
      }),
      { numRuns: 150, endOnFailure: true },
    );
    // The store saw the requests' lookups (so the operator check above is not vacuous). With the
    // store port a request makes fewer lookups than it did on the old engine: 81 to 142 were seen
    // in 150 random runs, so the bound is set well below the lowest.
    expect(report.filters).toBeGreaterThan(50);
    expect(counts.unchangedChecked).toBeGreaterThan(50);
    // No answer repeats what was typed into a refused form back as an error message.
    for (const c of h.fake.calls)
      expect(JSON.stringify(c.body ?? '')).not.toMatch(
        new RegExp(`(must|required|choose)[^"]*${SENTINEL}`),
      );
  });
});

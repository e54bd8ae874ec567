/**
 * Hostile input, in-process and in volume (fast-check): random and mutated submissions thrown at
 * every form parser (notification, facts, criteria, vote), at each platform's reading of a
 * submission (Slack `view.state.values`, Teams Action.Execute data, Slack modal metadata) and at
 * the command parser. Each gives a clear refusal or a valid result, never an exception; a valid
 * result holds only plain data (no object where a string belongs, no operator key) and the core
 * accepts it or refuses it with a DomainError; a refusal names fields of the form in fixed words
 * that never echo what was typed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommand, VERBS } from '../../src/app/commands.js';
import { decodeMeta } from '../../src/bots/slack/context.js';
import {
  AGENCIES,
  allFields,
  criteriaForm,
  factsForm,
  notificationForm,
  parseCriteria,
  parseFacts,
  notifiedForm,
  parseNotified,
  parseNotification,
  parseVote,
  THEMES,
  voteForm,
  type FormDef,
  type ParseResult,
  type RawValues,
} from '../../src/cards/forms/index.js';
import { rawValues, type StateValues } from '../../src/cards/slack/form-modal.js';
import { readActionData, rawValuesOf, VERBS as CARD_VERBS } from '../../src/cards/teams/index.js';
import { parseIsoDate } from '../../src/domain/calendar.js';
import { OUTCOMES } from '../../src/domain/case.js';
import { CRITERION_KEYS } from '../../src/domain/criteria.js';
import { isDomainError } from '../../src/domain/errors.js';
import { decide } from '../../src/domain/lifecycle.js';
import type { Partner } from '../../src/domain/roles.js';
import { LIMITS, PSEUDONYM } from '../../src/domain/validate.js';
import {
  actors,
  context,
  identity,
  notifiedCase,
  rapidReviewCase,
  TODAY,
  voter,
} from '../domain/helpers.js';
import {
  anyJson,
  anyString,
  anyValue,
  OPERATOR_OBJECTS,
  plainData,
  SENTINEL,
  submissions,
} from '../support/hostile.js';

/** Runs per property: together tens of thousands of payloads. */
const RUNS = 3000;

/** A cheap assertion for the hot loops (vitest's expect is slow at tens of thousands of calls). */
function check(ok: unknown, what: string): void {
  if (!ok) throw new Error(what);
}

const problemsOf = (v: unknown) => {
  const p = plainData(v);
  check(p.length === 0, `not plain data: ${p.join('; ')}`);
};

/** A refusal is field errors on fields of the form, in the form's own words. */
function expectClearRefusal(form: FormDef, result: ParseResult<unknown>): void {
  check(
    typeof result === 'object' && result !== null && typeof result.ok === 'boolean',
    'a parse result',
  );
  if (result.ok) return;
  const ids = new Set(allFields(form).map((f) => f.id));
  const entries = Object.entries(result.errors);
  check(entries.length > 0, 'a refusal names at least one field');
  for (const [id, message] of entries) {
    check(ids.has(id), `error on unknown field ${id}`);
    check(
      typeof message === 'string' && message.length > 0 && message.length < 300,
      `a short message for ${id}`,
    );
    check(!message.includes(SENTINEL), `the message for ${id} echoes what was typed: ${message}`);
  }
}

/** Accepted by the core, or refused with a DomainError (never any other exception). */
function coreAccepts(run: () => unknown): void {
  try {
    run();
  } catch (err) {
    if (!isDomainError(err)) throw err;
  }
}

const asRaw = (v: Record<string, unknown>) => v as RawValues;
const trimmed = (s: string) => s === s.trim() && s.length > 0;

describe('form parsers under hostile input', () => {
  const notification = notificationForm();
  const twoPartnerships = [
    { id: 'lincs', name: 'Lincolnshire' },
    { id: 'ports', name: 'Portsmouth' },
  ];
  const notificationOf2 = notificationForm({ partnerships: twoPartnerships });

  it('notification: a refusal or a valid notification the core accepts', () => {
    let accepted = 0;
    const oneOrTwo = fc.oneof(
      submissions(notification).map((s) => ({ two: false, s })),
      submissions(notificationOf2).map((s) => ({ two: true, s })),
    );
    fc.assert(
      fc.property(oneOrTwo, ({ two, s }) => {
        const result = parseNotification(asRaw(s), {
          today: TODAY,
          ...(two ? { partnerships: twoPartnerships } : {}),
        });
        expectClearRefusal(two ? notificationOf2 : notification, result);
        if (!result.ok) return;
        accepted++;
        problemsOf(result.value);
        const n = result.value.notification;
        check(
          parseIsoDate(n.awareOn) && n.awareOn <= TODAY,
          'awareOn a real date, not in the future',
        );
        check(n.children.length >= 1 && n.children.length <= 4, '1 to 4 children');
        for (const c of n.children)
          check(
            PSEUDONYM.test(c.pseudonym) && Number.isInteger(c.age),
            'a pseudonym and a whole age',
          );
        check(trimmed(n.summary) && n.summary.length <= LIMITS.summary, 'summary');
        check(
          trimmed(n.notifyingAgency) && n.notifyingAgency.length <= LIMITS.short,
          'notifying agency',
        );
        if (two)
          check(
            twoPartnerships.some((p) => p.id === result.value.partnershipId),
            'one of the partnerships',
          );
        coreAccepts(() =>
          decide(
            undefined,
            { type: 'notify', identity: identity(), notification: n },
            context(actors.la),
          ),
        );
      }),
      { numRuns: RUNS },
    );
    expect(accepted).toBeGreaterThan(0); // the generator reaches valid submissions too
  });

  it('facts: a refusal or valid facts the core accepts', () => {
    const form = factsForm();
    const current = notifiedCase().case;
    const agencies = new Set(AGENCIES.map((o) => o.value));
    const themes = new Set(THEMES.map((o) => o.value));
    let accepted = 0;
    fc.assert(
      fc.property(submissions(form), (s) => {
        const result = parseFacts(asRaw(s));
        expectClearRefusal(form, result);
        if (!result.ok) return;
        accepted++;
        const f = result.value;
        problemsOf(f);
        for (const t of [f.summary, f.keyEpisodes, f.learning])
          check(trimmed(t) && t.length <= LIMITS.text, 'required text');
        check(
          f.agencies.length > 0 &&
            f.agencies.every((a) => agencies.has(a)) &&
            new Set(f.agencies).size === f.agencies.length,
          'known agencies, once each',
        );
        check(
          f.themes.every((t) => themes.has(t)),
          'known themes',
        );
        check(
          typeof f.immediateAction === 'boolean' &&
            (!f.immediateAction || Boolean(f.immediateActionDetail)),
          'immediate action and what',
        );
        coreAccepts(() =>
          decide(current, { type: 'record-facts', facts: f }, context(actors.businessManager)),
        );
      }),
      { numRuns: RUNS },
    );
    expect(accepted).toBeGreaterThan(0);
  });

  it('criteria: a refusal or a valid assessment the core accepts', () => {
    const form = criteriaForm();
    const current = notifiedCase().case;
    let accepted = 0;
    fc.assert(
      fc.property(submissions(form), (s) => {
        const result = parseCriteria(asRaw(s));
        expectClearRefusal(form, result);
        if (!result.ok) return;
        accepted++;
        problemsOf(result.value);
        for (const [key, a] of Object.entries(result.value)) {
          check(CRITERION_KEYS.includes(key as never), `known criterion ${key}`);
          check(['yes', 'no', 'unclear'].includes(a.answer), 'an answer');
          if (a.evidence !== undefined)
            check(trimmed(a.evidence) && a.evidence.length <= LIMITS.evidence, 'evidence');
        }
        coreAccepts(() =>
          decide(
            current,
            { type: 'assess-criteria', criteria: result.value },
            context(actors.businessManager),
          ),
        );
      }),
      { numRuns: RUNS },
    );
    expect(accepted).toBeGreaterThan(0);
  });

  it('vote: a refusal or a valid vote the core accepts, for one, two or no partner roles', () => {
    const current = rapidReviewCase().case;
    const roleSets: Partner[][] = [['la'], ['police'], ['la', 'health'], []];
    const votes = fc.oneof(
      ...roleSets.map((partners) => submissions(voteForm(partners)).map((s) => ({ partners, s }))),
    );
    let accepted = 0;
    fc.assert(
      fc.property(votes, ({ partners, s }) => {
        const result = parseVote(asRaw(s), partners);
        expectClearRefusal(voteForm(partners), result);
        if (!result.ok) return;
        accepted++;
        const v = result.value;
        problemsOf(v);
        check(
          partners.includes(v.partner) && OUTCOMES.includes(v.outcome),
          'a partner of the voter and an outcome',
        );
        check(trimmed(v.rationale) && v.rationale.length <= LIMITS.text, 'a rationale');
        check(
          v.criteria.every((k) => CRITERION_KEYS.includes(k)),
          'known criteria',
        );
        coreAccepts(() => decide(current, { type: 'cast-vote', ...v }, context(voter[v.partner])));
      }),
      { numRuns: RUNS },
    );
    expect(accepted).toBeGreaterThan(0);
  });

  /** A case carrying every notification duty, aware on 22 December 2026. */
  const withAllDuties = {
    duties: { notifyPanel: true, rapidReview: true, notifySosOfsted: true },
    dates: { awareOn: '2026-12-22' },
  };

  it('every parser survives values of any shape in every field, and extra keys', () => {
    const forms: [FormDef, (raw: RawValues) => ParseResult<unknown>][] = [
      [notification, (raw) => parseNotification(raw, { today: TODAY })],
      [factsForm(), parseFacts],
      [criteriaForm(), parseCriteria],
      [voteForm(['la']), (raw) => parseVote(raw, ['la'])],
      [notifiedForm(withAllDuties), (raw) => parseNotified(raw, withAllDuties, { today: TODAY })],
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...forms),
        fc.dictionary(
          fc.oneof(
            fc.constantFrom(
              ...allFields(notification).map((f) => f.id),
              ...allFields(factsForm()).map((f) => f.id),
              'rationale',
              'outcome',
              'improvements',
              'sosOfstedNotifiedOn',
              'panelReference',
              'namesConfirmed',
            ),
            anyString,
          ),
          anyValue,
          { maxKeys: 12 },
        ),
        ([form, parse], raw) => {
          expectClearRefusal(form, parse(raw as RawValues));
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('platform readings of a submission under hostile input', () => {
  const forms = [notificationForm(), factsForm(), criteriaForm(), voteForm(['la', 'police'])];

  /** RawValues as the forms expect them: strings, or arrays of strings. */
  const expectRaw = (raw: RawValues) => {
    for (const v of Object.values(raw)) {
      if (v === undefined) continue;
      if (Array.isArray(v))
        for (const x of v) check(typeof x === 'string', 'a selected option is a string');
      else check(typeof v === 'string', 'a value is a string');
    }
  };

  /** A Slack `view.state.values` block for a field: the right shape, or anything at all. */
  const stateValue = fc.oneof(
    fc.record({ type: anyString, value: anyJson }, { requiredKeys: [] }),
    fc.record(
      {
        type: anyString,
        selected_option: fc.oneof(fc.record({ value: anyJson }, { requiredKeys: [] }), anyJson),
      },
      { requiredKeys: [] },
    ),
    fc.record(
      {
        type: anyString,
        selected_options: fc.oneof(
          fc.array(fc.oneof(fc.record({ value: anyJson }, { requiredKeys: [] }), anyJson), {
            maxLength: 4,
          }),
          anyJson,
        ),
      },
      { requiredKeys: [] },
    ),
    fc.record({ type: anyString, selected_date: anyJson }, { requiredKeys: [] }),
    anyJson,
  );

  it('Slack: view.state.values of any shape reads as RawValues (or nothing), and parses without throwing', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...forms),
        fc.oneof(fc.constant(undefined), anyJson),
        fc.array(stateValue, { maxLength: 14 }),
        (form, junk, values) => {
          const fields = allFields(form);
          const state: Record<string, unknown> =
            typeof junk === 'object' && junk !== null && !Array.isArray(junk) ? { ...junk } : {};
          values.forEach((v, i) => {
            const f = fields[i % fields.length]!;
            state[f.id] = i % 5 === 4 ? v : { [f.id]: v };
          });
          const raw = rawValues(form, state as StateValues);
          expectRaw(raw);
          parseAny(form, raw);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('Teams: Action.Execute data of any shape reads as RawValues and our control data, and parses without throwing', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...forms),
        fc.oneof(anyJson, fc.dictionary(anyString, anyJson, { maxKeys: 10 })),
        fc.oneof(anyJson, fc.constantFrom(...CARD_VERBS)),
        fc.record({ verb: anyJson, requestId: anyJson, caseId: anyJson }, { requiredKeys: [] }),
        (form, data, verbHint, cspr) => {
          const withControl =
            data && typeof data === 'object' && !Array.isArray(data)
              ? { ...(data as object), cspr }
              : data;
          const raw = rawValuesOf(form, withControl);
          expectRaw(raw);
          parseAny(form, raw);
          const action = readActionData(withControl, verbHint);
          if (action) {
            check(CARD_VERBS.includes(action.verb), 'a known verb');
            for (const id of [action.caseId, action.requestId])
              if (id !== undefined) check(/^[A-Za-z0-9-]{1,64}$/.test(id), 'a plain id');
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('Slack: modal metadata of any shape gives string ids or nothing', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anyString,
          anyJson.map((v) => JSON.stringify(v)),
          fc
            .record({ caseId: anyJson, channelId: anyJson }, { requiredKeys: [] })
            .map((v) => JSON.stringify(v)),
        ),
        (text) => {
          const meta = decodeMeta(text);
          for (const v of Object.values(meta)) check(typeof v === 'string', 'a string id');
        },
      ),
      { numRuns: RUNS },
    );
  });

  function parseAny(form: FormDef, raw: RawValues): void {
    const result =
      form.id === 'notification'
        ? parseNotification(raw, { today: TODAY })
        : form.id === 'facts'
          ? parseFacts(raw)
          : form.id === 'criteria'
            ? parseCriteria(raw)
            : parseVote(raw, ['la', 'police']);
    expectClearRefusal(form, result);
  }
});

describe('command parser under hostile input', () => {
  const words = fc.oneof(
    fc.constantFrom(
      ...VERBS,
      'STATUS',
      'Vote',
      'notify-now',
      'LINCS-2026-007',
      'lincs-2026-7',
      'NORTH-2026-001',
      'X-1-1',
    ),
    anyString,
  );
  const commandText = fc.oneof(
    anyString,
    fc
      .array(words, { maxLength: 6 })
      .chain((ws) => fc.constantFrom(' ', '  ', '\t', '\n', '\u00a0').map((sep) => ws.join(sep))),
  );

  it('a known verb with a well-formed reference and plain arguments, or nothing', () => {
    fc.assert(
      fc.property(commandText, (text) => {
        const parsed = parseCommand(text);
        if (!parsed) return;
        check(VERBS.includes(parsed.verb), 'a known verb');
        if (parsed.ref !== undefined)
          check(/^[A-Z]{2,10}-\d{4}-\d{3,}$/.test(parsed.ref), 'a well-formed reference');
        for (const a of parsed.args)
          check(typeof a === 'string' && !/\s/.test(a), 'a plain argument');
        problemsOf(parsed);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('a very long command line is answered quickly', () => {
    const started = performance.now();
    for (const text of [
      'status '.repeat(100_000),
      `${'a'.repeat(500_000)}-2026-001`,
      `status ${'LINCS-2026-'.repeat(50_000)}`,
      ' \t'.repeat(200_000),
    ])
      parseCommand(text);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('operator-looking objects where the parsers expect text never come out as values', () => {
    for (const o of OPERATOR_OBJECTS) {
      const raw = {
        summary: o,
        rationale: o,
        outcome: o,
        agencies: o,
        child1Pseudonym: o,
        awareOn: o,
      } as unknown as RawValues;
      for (const result of [
        parseFacts(raw),
        parseVote(raw, ['la']),
        parseNotification(raw, { today: TODAY }),
      ]) {
        expect(result.ok).toBe(false);
      }
    }
  });
});

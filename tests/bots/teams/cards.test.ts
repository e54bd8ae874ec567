/**
 * Every card the Teams bot can send, rendered from the templates and parsed by the official
 * `adaptivecards` library at 1.5 with no problem reported; every card as sent — the worst cases
 * too: each form re-shown with every field at its longest and an error under each — stays within
 * 40 KB counted in UTF-16 (some tenants enforce it) with what the person typed intact.
 * Submissions map back to the forms' RawValues.
 */
import { describe, expect, it } from 'vitest';
import { caseView } from '../../../src/app/case-view.js';
import { decisionCard, escalationCard } from '../../../src/bots/teams/effects.js';
import { helpCard } from '../../../src/bots/teams/commands.js';
import {
  actionForm,
  criteriaForm,
  factsForm,
  notificationForm,
  parseFacts,
  stepForm,
  voteForm,
} from '../../../src/cards/forms/index.js';
import { STEP_KINDS } from '../../../src/domain/post-decision.js';
import type { AdaptiveCard } from '../../../src/cards/teams/template.js';
import {
  actionData,
  attachment,
  CARD_LIMIT_UTF16_BYTES,
  caseCard,
  fitCard,
  formCard,
  messageCard,
  noticeCard,
  rawValuesOf,
  readActionData,
  utf16Bytes,
} from '../../../src/cards/teams/index.js';
import { parsePartnerships } from '../../../src/config.js';
import { LIMITS } from '../../../src/domain/validate.js';
import {
  decidedCase,
  escalatedCase,
  notifiedCase,
  rapidReviewCase,
  actors,
} from '../../domain/helpers.js';
import { cardProblems, cardSize } from './card-check.js';
import { CARD_BUDGET, PARTNERSHIPS_YAML } from './harness.js';

const partnership = parsePartnerships(PARTNERSHIPS_YAML, 'test').partnerships[0]!;
const NOW = new Date('2026-12-23T10:00:00Z');
const long = (n: number) => 'é'.repeat(n); // two bytes each in UTF-8: the worst case for size
const errorsFor = (ids: string[]) =>
  Object.fromEntries(ids.map((id) => [id, `${long(150)} is wrong.`]));

/** Every input's id and value, anywhere in the card. */
function inputValues(node: unknown, out: Record<string, unknown> = {}): Record<string, unknown> {
  if (Array.isArray(node)) for (const n of node) inputValues(n, out);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (typeof o.type === 'string' && o.type.startsWith('Input.') && typeof o.id === 'string')
      out[o.id] = o.value;
    for (const v of Object.values(o)) inputValues(v, out);
  }
  return out;
}

function expectGood(name: string, card: Record<string, unknown>) {
  expect(cardProblems(card), name).toEqual([]);
  expect(cardSize(card), name).toBeLessThan(CARD_BUDGET);
  // As sent: within 40 KB in UTF-16, still valid, every typed value as it was (only displayed text is cut).
  const sent = attachment(card as AdaptiveCard).content;
  expect(utf16Bytes(sent), `${name} as sent`).toBeLessThanOrEqual(CARD_LIMIT_UTF16_BYTES);
  expect(cardProblems(sent), `${name} as sent`).toEqual([]);
  expect(inputValues(sent), `${name} as sent`).toEqual(inputValues(card));
}

describe('Teams cards', () => {
  it('the library reports problems (the check can fail)', () => {
    expect(
      cardProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Input.Text' }] }),
    ).not.toEqual([]);
    expect(
      cardProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Bogus.Element' }] }),
    ).not.toEqual([]);
    expect(cardProblems({ type: 'AdaptiveCard', version: '1.4', body: [] })).toEqual([
      'version is 1.4, not 1.5',
    ]);
  });

  const forms = {
    notification: notificationForm(),
    'notification (two partnerships)': notificationForm({
      partnerships: [
        { id: 'a', name: 'A' },
        { id: 'b', name: 'B' },
      ],
    }),
    facts: factsForm(),
    criteria: criteriaForm(),
    vote: voteForm(['la']),
    'vote (two partner roles)': voteForm(['la', 'police']),
    'action plan item': actionForm(),
    ...Object.fromEntries(STEP_KINDS.map((k) => [`step ${k}`, stepForm(k)])),
  };

  it.each(Object.entries(forms))(
    'renders the %s form, empty and full of errors and long values',
    (name, form) => {
      const blank = formCard(form, { verb: 'notify.submit' });
      expectGood(name, blank);
      const ids = form.sections.flatMap((s) => s.fields.map((f) => f.id));
      const values = Object.fromEntries(
        form.sections
          .flatMap((s) => s.fields)
          .map((f) => [
            f.id,
            f.kind === 'text'
              ? long(f.maxLength)
              : f.kind === 'number'
                ? '3'
                : f.kind === 'date'
                  ? '2026-12-01'
                  : f.options.map((o) => o.value).join(','),
          ]),
      );
      const worst = formCard(form, {
        verb: 'facts.submit',
        caseId: 'c0ffee00-0000-4000-8000-000000000001',
        values,
        errors: errorsFor(ids),
        subtitle: 'Case NORTH-2026-001',
      });
      expectGood(`${name} (worst)`, worst);
      // Every field of the definition is an input of the card, once.
      const inputs = JSON.stringify(worst).match(/"type":"Input\.[A-Za-z]+","id":"[^"]+"/g) ?? [];
      expect(inputs).toHaveLength(ids.length);
      console.info(
        `[teams card size] ${name}: ${cardSize(blank)} B empty, ${cardSize(worst)} B worst case (${utf16Bytes(worst)} B in UTF-16 as built, ${utf16Bytes(attachment(worst).content)} B as sent, limit ${CARD_LIMIT_UTF16_BYTES} B)`,
      );
    },
  );

  it('renders the case card in every state the flow reaches, shared and per person', () => {
    for (const [name, log] of Object.entries({
      notified: notifiedCase(),
      'rapid review': rapidReviewCase(),
      escalated: escalatedCase(),
      decided: decidedCase(),
    })) {
      const c = { ...log.case, partnershipId: partnership.id };
      const shared = caseCard(caseView(c, partnership, NOW), {
        refreshUserIds: ['29:a', '29:b', '29:c'],
      });
      expectGood(`case ${name} (shared)`, shared);
      const mine = caseCard(
        caseView(c, partnership, NOW, { ...actors.la, partnershipId: partnership.id }),
        {
          vote: {
            form: voteForm(['la']),
            values: { outcome: 'lcspr', rationale: 'x' },
            errors: { rationale: 'Rationale is required.' },
          },
          notice: 'Your vote is recorded.',
          noticeStyle: 'good',
        },
      );
      expectGood(`case ${name} (LA's own)`, mine);
    }
  });

  it('keeps the worst case card (four children, longest texts, three longest rationales, 60 refresh users) under budget', () => {
    const log = decidedCase();
    const c = log.case;
    const worst = {
      ...c,
      partnershipId: partnership.id,
      children: [1, 2, 3, 4].map((i) => ({ pseudonym: `Child ${'ABCD'[i - 1]}`, age: 17 })),
      notification: { ...c.notification!, summary: long(LIMITS.summary) },
      votes: Object.fromEntries(
        Object.entries(c.votes).map(([k, v]) => [k, { ...v!, rationale: long(LIMITS.text) }]),
      ),
    };
    const card = caseCard(caseView(worst, partnership, NOW), {
      refreshUserIds: Array.from({ length: 80 }, (_, i) => `29:user-${i}-${long(20)}`),
    });
    expect((card.refresh as { userIds: string[] }).userIds).toHaveLength(60);
    expectGood('worst case card', card);
    const decision = decisionCard({
      ...worst,
      decision: { ...c.decision!, votes: worst.votes as never },
    });
    expectGood('worst decision post', decision);
    console.info(
      `[teams card size] worst case card: ${cardSize(card)} B; worst decision post: ${cardSize(decision)} B (budget ${CARD_BUDGET} B)`,
    );
    // As sent: within 40 KB counted in UTF-16, the longest texts cut with "…", the rest intact.
    for (const [what, raw] of [
      ['case card', card],
      ['decision post', decision],
    ] as const) {
      const sent = attachment(raw).content;
      console.info(
        `[teams card size] ${what}: ${utf16Bytes(raw)} B in UTF-16 as built, ${utf16Bytes(sent)} B as sent (limit ${CARD_LIMIT_UTF16_BYTES} B)`,
      );
      expect(utf16Bytes(sent), what).toBeLessThanOrEqual(CARD_LIMIT_UTF16_BYTES);
      expect(cardProblems(sent), what).toEqual([]);
      if (utf16Bytes(raw) > CARD_LIMIT_UTF16_BYTES) expect(JSON.stringify(sent)).toMatch(/é…"/);
    }
    expect(JSON.stringify(attachment(card).content)).toContain('Child D');
    // The partner's own case card, its vote form re-shown with the longest rationale and an error under each field.
    const vote = voteForm(['la']);
    const mine = caseCard(
      caseView(worst, partnership, NOW, { ...actors.la, partnershipId: partnership.id }),
      {
        vote: {
          form: vote,
          values: { outcome: 'lcspr', rationale: long(LIMITS.text), criteria: 'improvements' },
          errors: errorsFor(vote.sections.flatMap((s) => s.fields.map((f) => f.id))),
        },
        notice: long(300),
      },
    );
    expectGood('worst case card with the vote form re-shown', mine);
    expect(inputValues(attachment(mine).content).rationale).toBe(long(LIMITS.text));
    console.info(
      `[teams card size] case card with the vote form re-shown: ${utf16Bytes(mine)} B in UTF-16 as built, ${utf16Bytes(attachment(mine).content)} B as sent`,
    );
  });

  it('cuts only displayed text to fit, never what a person typed into an input', () => {
    const big = formCard(factsForm(), {
      verb: 'facts.submit',
      caseId: 'c0ffee00-0000-4000-8000-000000000001',
      values: { summary: long(LIMITS.summary) },
      notice: long(30_000),
    });
    const fitted = fitCard(big);
    expect(utf16Bytes(fitted)).toBeLessThanOrEqual(CARD_LIMIT_UTF16_BYTES);
    expect(JSON.stringify(fitted)).toContain(long(LIMITS.summary));
    expect(JSON.stringify(fitted)).toContain('…');
    // A card within the budget is sent as it is.
    const small = noticeCard('No role', 'You do not have a role.');
    expect(fitCard(small)).toBe(small);
  });

  it('renders the message cards: help, notice, decision, escalation', () => {
    expectGood('help', helpCard());
    expectGood('notice', noticeCard('No role', 'You do not have a role.'));
    expectGood(
      'message',
      messageCard({
        title: 'T',
        subtitle: 's',
        notice: 'n',
        lines: ['a'],
        sections: [{ heading: 'h', lines: ['l'], facts: [{ title: 'a', value: 'b' }] }],
        actions: [{ title: 'Retry', verb: 'channel.retry', caseId: 'abc' }],
      }),
    );
    expectGood('decision', decisionCard(decidedCase().case));
    expectGood('escalation', escalationCard(escalatedCase().case));
    expect(JSON.stringify(decisionCard(decidedCase().case).body)).not.toMatch(
      /"text":"[^"]*Child A/,
    );
  });

  it('uses Action.Execute with an Action.Submit fallback carrying the same data', () => {
    const card = formCard(factsForm(), {
      verb: 'facts.submit',
      caseId: 'c0ffee00-0000-4000-8000-000000000001',
    });
    const [submit] = card.actions as {
      type: string;
      verb: string;
      data: unknown;
      fallback: { type: string; data: unknown };
    }[];
    expect(submit).toMatchObject({
      type: 'Action.Execute',
      verb: 'facts.submit',
      fallback: { type: 'Action.Submit' },
    });
    expect(submit!.fallback.data).toEqual(submit!.data);
    expect(readActionData(submit!.fallback.data)).toMatchObject({
      verb: 'facts.submit',
      caseId: 'c0ffee00-0000-4000-8000-000000000001',
    });
  });

  it('maps Action.Execute data to RawValues: multi-selects arrive comma-separated, control data is ignored', () => {
    const raw = rawValuesOf(factsForm(), {
      ...actionData('facts.submit', { requestId: true }),
      summary: 'S',
      agencies: 'police,gp',
      keyEpisodes: 'K',
      immediateAction: 'no',
      learning: 'L',
      complexOrNational: 'no',
      themes: '',
      unknownField: 'x',
    });
    expect(raw).toEqual({
      summary: 'S',
      agencies: ['police', 'gp'],
      keyEpisodes: 'K',
      immediateAction: 'no',
      learning: 'L',
      complexOrNational: 'no',
      themes: [],
    });
    const parsed = parseFacts(raw);
    expect(parsed.ok && parsed.value.agencies).toEqual(['police', 'gp']);
    expect(readActionData({ cspr: { verb: 'nope' } })).toBeUndefined();
    expect(readActionData({ cspr: { verb: 'case.refresh', caseId: '../../etc' } })).toEqual({
      verb: 'case.refresh',
    });
  });

  it('binds typed text as data: template expressions in it are not evaluated', () => {
    const card = formCard(factsForm(), {
      verb: 'facts.submit',
      values: { summary: '${title} ${$root.verb}' },
    });
    expect(JSON.stringify(card)).toContain('"value":"${title} ${$root.verb}"');
  });
});

/** The vote form: a partner's outcome, its required rationale, and the criteria relied on. */
import { OUTCOME_LABELS, OUTCOMES, type Outcome } from '../../domain/case.js';
import { CIRCUMSTANCES, CRITERIA, type CriterionKey } from '../../domain/criteria.js';
import { PARTNER_LABELS, VOTE_REFUSAL, type Partner } from '../../domain/roles.js';
import { LIMITS } from '../../domain/validate.js';
import { ValueReader } from './fields.js';
import { namesField } from './names.js';
import type { FieldDef, FormDef, ParseResult, RawValues } from './types.js';

export interface VoteInput {
  partner: Partner;
  outcome: Outcome;
  rationale: string;
  criteria: CriterionKey[];
}

/** `partners`: the partner roles this person holds (a choice appears only when there are several). */
export function voteForm(partners: Partner[]): FormDef {
  const partnerField: FieldDef[] =
    partners.length > 1
      ? [
          {
            kind: 'choice',
            id: 'partner',
            label: 'Voting for',
            required: true,
            style: 'radio',
            options: partners.map((p) => ({ value: p, label: PARTNER_LABELS[p] })),
          },
        ]
      : [];
  return {
    id: 'vote',
    title: partners.length === 1 ? `Vote for ${PARTNER_LABELS[partners[0]!]}` : 'Vote',
    submitLabel: 'Cast vote',
    intro:
      'Votes stay hidden from the other partners until all three have voted. You can change your vote until the decision is recorded.',
    sections: [
      {
        fields: [
          ...partnerField,
          {
            kind: 'choice',
            id: 'outcome',
            label: 'Outcome',
            required: true,
            style: 'radio',
            options: OUTCOMES.map((o) => ({ value: o, label: OUTCOME_LABELS[o] })),
          },
          {
            kind: 'text',
            id: 'rationale',
            label: 'Rationale',
            required: true,
            multiline: true,
            maxLength: LIMITS.text,
            hint: 'Why, with reference to the criteria. Recorded and shown to the Panel.',
          },
          {
            kind: 'multi',
            id: 'criteria',
            label: 'Criteria relied on',
            required: false,
            options: [...CRITERIA, ...CIRCUMSTANCES].map((c) => ({ value: c.key, label: c.short })),
          },
        ],
      },
      { fields: [namesField] },
    ],
  };
}

export function parseVote(raw: RawValues, partners: Partner[]): ParseResult<VoteInput> {
  const r = new ValueReader(voteForm(partners), raw);
  const partner = partners.length > 1 ? r.choice<Partner>('partner') : partners[0];
  const outcome = r.choice<Outcome>('outcome');
  const rationale = r.text('rationale');
  const criteria = r.multi<CriterionKey>('criteria');
  if (!partner) r.fail('outcome', VOTE_REFUSAL);
  if (!r.ok || !partner || !outcome || !rationale) return { ok: false, errors: r.errors };
  return { ok: true, value: { partner, outcome, rationale, criteria } };
}

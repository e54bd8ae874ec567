/** The criteria form: each statutory criterion and circumstance, yes / no / unclear, with evidence. */
import type { CriteriaAssessment } from '../../domain/case.js';
import { CIRCUMSTANCES, CRITERIA, type Answer, type CriterionKey } from '../../domain/criteria.js';
import { LIMITS } from '../../domain/validate.js';
import { ValueReader } from './fields.js';
import type { FieldDef, FormDef, ParseResult, RawValues } from './types.js';

export const ANSWER_OPTIONS = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
  { value: 'unclear', label: 'Unclear' },
];

export const evidenceId = (key: CriterionKey) => `${key}-evidence`;

const pair = (c: { key: CriterionKey; label: string }): FieldDef[] => [
  { kind: 'choice', id: c.key, label: c.label, required: true, style: 'radio', options: ANSWER_OPTIONS },
  { kind: 'text', id: evidenceId(c.key), label: 'Evidence', required: false, multiline: true, maxLength: LIMITS.evidence },
];

export function criteriaForm(): FormDef {
  return {
    id: 'criteria',
    title: 'Criteria for a local review',
    submitLabel: 'Save assessment',
    sections: [
      { heading: 'Does the case highlight or may it highlight…', fields: CRITERIA.flatMap(pair) },
      { heading: 'Circumstances to have regard to', fields: CIRCUMSTANCES.flatMap(pair) },
    ],
  };
}

export function parseCriteria(raw: RawValues): ParseResult<CriteriaAssessment> {
  const r = new ValueReader(criteriaForm(), raw);
  const out: Partial<CriteriaAssessment> = {};
  for (const c of [...CRITERIA, ...CIRCUMSTANCES]) {
    const answer = r.choice<Answer>(c.key);
    const evidence = r.text(evidenceId(c.key));
    if (answer) out[c.key] = evidence ? { answer, evidence } : { answer };
  }
  if (!r.ok) return { ok: false, errors: r.errors };
  return { ok: true, value: out as CriteriaAssessment };
}

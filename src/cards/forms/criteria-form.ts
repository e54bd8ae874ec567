/** The criteria form: each statutory criterion and circumstance, yes / no / unclear, with evidence. */
import type { CriteriaAssessment } from '../../domain/case.js';
import { CIRCUMSTANCES, CRITERIA, type Answer, type CriterionKey } from '../../domain/criteria.js';
import { LIMITS } from '../../domain/validate.js';
import { ValueReader } from './fields.js';
import { namesField } from './names.js';
import type { FieldDef, FormDef, ParseResult, RawValues } from './types.js';

export const ANSWER_OPTIONS = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
  { value: 'unclear', label: 'Unclear' },
];

export const evidenceId = (key: CriterionKey) => `${key}-evidence`;

/** An earlier case of the same partnership sharing a theme with this one, and its recommendations. */
export interface EarlierCase {
  ref: string;
  /** The shared themes, as labels. */
  themes: string[];
  /** "A1 Police: what is required (done on 2027-09-01)". */
  recommendations: string[];
}

const HINT_MAX = 1900; // under Slack's 2,000-character hint

function clipHint(text: string): string {
  return text.length <= HINT_MAX ? text : `${text.slice(0, HINT_MAX - 1)}…`;
}

/** What to show against "recurrent themes" and "improvements … previously identified". */
function earlierHints(earlier: EarlierCase[]): Partial<Record<CriterionKey, string>> {
  if (earlier.length === 0) return {};
  const themes = `Earlier cases in your partnership with the same themes: ${earlier.map((e) => `${e.ref} (${e.themes.join(', ')})`).join('; ')}.`;
  const recs = earlier.flatMap((e) => e.recommendations.map((r) => `${e.ref} ${r}`));
  const improvements = recs.length
    ? `Improvements already identified in those cases: ${recs.join('; ')}.`
    : `Those cases (${earlier.map((e) => e.ref).join(', ')}) have no action plan items yet.`;
  return { 'recurrent-themes': clipHint(themes), improvements: clipHint(improvements) };
}

const pair = (
  c: { key: CriterionKey; label: string },
  hints: Partial<Record<CriterionKey, string>>,
): FieldDef[] => [
  {
    kind: 'choice',
    id: c.key,
    label: c.label,
    required: true,
    style: 'radio',
    options: ANSWER_OPTIONS,
    ...(hints[c.key] ? { hint: hints[c.key] } : {}),
  },
  {
    kind: 'text',
    id: evidenceId(c.key),
    label: 'Evidence',
    required: false,
    multiline: true,
    maxLength: LIMITS.evidence,
  },
];

/** `earlier`: the partnership's earlier cases with the same themes, shown against the two criteria they inform. */
export function criteriaForm(earlier: EarlierCase[] = []): FormDef {
  const hints = earlierHints(earlier);
  return {
    id: 'criteria',
    title: 'Criteria for a local review',
    submitLabel: 'Save assessment',
    sections: [
      {
        heading: 'Does the case highlight or may it highlight…',
        fields: CRITERIA.flatMap((c) => pair(c, hints)),
      },
      {
        heading: 'Circumstances to have regard to',
        fields: CIRCUMSTANCES.flatMap((c) => pair(c, hints)),
      },
      { fields: [namesField] },
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

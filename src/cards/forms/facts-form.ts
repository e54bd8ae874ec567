/** The rapid-review facts form. */
import { AGENCY_LABELS } from '../../domain/action-plan.js';
import type { Facts } from '../../domain/case.js';
import { ValueReader, yesNo } from './fields.js';
import { namesField } from './names.js';
import type { FormDef, Option, ParseResult, RawValues } from './types.js';

const opts = (pairs: [string, string][]): Option[] =>
  pairs.map(([value, label]) => ({ value, label }));

/** The agencies (defined once in the domain: the action plan's agency responsible uses them too). */
export const AGENCIES = opts(Object.entries(AGENCY_LABELS));

export const THEMES = opts([
  ['neglect', 'Neglect'],
  ['domestic-abuse', 'Domestic abuse'],
  ['nai-infancy', 'Non-accidental injury in infancy'],
  ['safe-sleep', 'Safe sleep / sudden unexpected death in infancy'],
  ['elective-home-education', 'Elective home education'],
  ['exploitation', 'Child sexual or criminal exploitation'],
  ['mental-health', 'Mental health'],
  ['substance-misuse', 'Parental substance misuse'],
  ['online-harm', 'Online harm'],
  ['disability', 'Disabled children'],
  ['adolescents', 'Adolescents / extra-familial harm'],
  ['other', 'Other'],
]);

/**
 * The most characters each of the facts' six free-text fields holds. Lower than the domain's
 * LIMITS.text because the whole form, re-shown with every field full and its errors, must be one
 * Teams card under 40 KB counted in UTF-16 (some tenants enforce it): six fields at 3,000
 * characters are 36 KB of typed text alone; at 1,800 (21.6 KB) the card stays under it, errors and all.
 */
export const FACTS_TEXT_MAX = 1800;

export function factsForm(): FormDef {
  const text = (id: string, label: string, required: boolean) =>
    ({ kind: 'text', id, label, required, multiline: true, maxLength: FACTS_TEXT_MAX }) as const;
  return {
    id: 'facts',
    title: 'Rapid review facts',
    submitLabel: 'Save facts',
    intro: 'Pseudonyms only: no child, family or practitioner names.',
    sections: [
      {
        fields: [
          text('summary', 'Summary of what happened', true),
          {
            kind: 'multi',
            id: 'agencies',
            label: 'Agencies involved',
            required: true,
            options: AGENCIES,
          },
          text('keyEpisodes', 'Key practice episodes', true),
          {
            kind: 'choice',
            id: 'immediateAction',
            label: 'Is immediate action needed to keep other children safe?',
            required: true,
            style: 'radio',
            options: yesNo,
          },
          text('immediateActionDetail', 'If yes: what action, by whom', false),
          text('learning', 'Learning identified', true),
          text('goodPractice', 'Good practice', false),
          text(
            'otherAreas',
            'Other areas involved (local authority, police or health areas)',
            false,
          ),
          {
            kind: 'choice',
            id: 'complexOrNational',
            label: 'Could it be complex or of national importance?',
            required: true,
            style: 'radio',
            options: yesNo,
          },
          { kind: 'multi', id: 'themes', label: 'Themes', required: false, options: THEMES },
        ],
      },
      { fields: [namesField] },
    ],
  };
}

/**
 * The form's values for facts already recorded (so that an update keeps them), with `added` — e.g.
 * a message brought in by the "Add to a case's facts" shortcut — appended to the key practice
 * episodes, within the field's length.
 */
export function factsValues(facts: Facts | undefined, added?: string): RawValues {
  const episodes = [facts?.keyEpisodes, added?.trim()]
    .filter((t): t is string => Boolean(t))
    .join('\n\n')
    .slice(0, FACTS_TEXT_MAX);
  const yes = (b: boolean) => (b ? 'yes' : 'no');
  const values: RawValues = { ...(episodes ? { keyEpisodes: episodes } : {}) };
  if (!facts) return values;
  return {
    ...values,
    summary: facts.summary,
    agencies: facts.agencies,
    immediateAction: yes(facts.immediateAction),
    ...(facts.immediateActionDetail ? { immediateActionDetail: facts.immediateActionDetail } : {}),
    learning: facts.learning,
    ...(facts.goodPractice ? { goodPractice: facts.goodPractice } : {}),
    ...(facts.otherAreas ? { otherAreas: facts.otherAreas } : {}),
    complexOrNational: yes(facts.complexOrNational),
    themes: facts.themes,
  };
}

export function parseFacts(raw: RawValues): ParseResult<Facts> {
  const r = new ValueReader(factsForm(), raw);
  const summary = r.text('summary');
  const agencies = r.multi<string>('agencies');
  const keyEpisodes = r.text('keyEpisodes');
  const immediateAction = r.choice<'yes' | 'no'>('immediateAction');
  const immediateActionDetail = r.text('immediateActionDetail');
  const learning = r.text('learning');
  const goodPractice = r.text('goodPractice');
  const otherAreas = r.text('otherAreas');
  const complexOrNational = r.choice<'yes' | 'no'>('complexOrNational');
  const themes = r.multi<string>('themes');
  if (immediateAction === 'yes' && !immediateActionDetail)
    r.fail('immediateActionDetail', 'Say what immediate action is needed.');
  if (!r.ok || !summary || !keyEpisodes || !immediateAction || !learning || !complexOrNational)
    return { ok: false, errors: r.errors };
  return {
    ok: true,
    value: {
      summary,
      agencies,
      keyEpisodes,
      immediateAction: immediateAction === 'yes',
      ...(immediateAction === 'yes' && immediateActionDetail ? { immediateActionDetail } : {}),
      learning,
      ...(goodPractice ? { goodPractice } : {}),
      ...(otherAreas ? { otherAreas } : {}),
      complexOrNational: complexOrNational === 'yes',
      themes,
    },
  };
}

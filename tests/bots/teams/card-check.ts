/**
 * Parses a card with the official `adaptivecards` library at schema version 1.5 and lists every
 * parse and validation problem. (The package's ESM build does not load under Node; its UMD build
 * does, without a DOM, for parsing and validation.)
 */
import { createRequire } from 'node:module';

interface ParseEvent {
  message: string;
}
interface AdaptiveCardsLib {
  AdaptiveCard: new () => {
    parse(json: unknown, ctx: unknown): void;
    validateProperties(): { validationEvents: ParseEvent[] };
  };
  SerializationContext: new (version: unknown) => {
    eventCount: number;
    getEventAt(i: number): ParseEvent;
  };
  Versions: { v1_5: unknown };
}

const AC = createRequire(import.meta.url)(
  'adaptivecards/dist/adaptivecards.js',
) as AdaptiveCardsLib;

/** Every problem the library reports for this card at version 1.5 (empty when valid). */
export function cardProblems(card: unknown): string[] {
  const problems: string[] = [];
  const c = card as { type?: unknown; version?: unknown };
  if (c?.type !== 'AdaptiveCard') problems.push('not an AdaptiveCard');
  if (c?.version !== '1.5') problems.push(`version is ${String(c?.version)}, not 1.5`);
  const parsed = new AC.AdaptiveCard();
  const ctx = new AC.SerializationContext(AC.Versions.v1_5);
  parsed.parse(card, ctx);
  for (let i = 0; i < ctx.eventCount; i++) problems.push(ctx.getEventAt(i).message);
  for (const e of parsed.validateProperties().validationEvents) problems.push(e.message);
  return problems;
}

export const cardSize = (card: unknown) => Buffer.byteLength(JSON.stringify(card), 'utf8');

/**
 * Adaptive Card 1.5 templates (JSON files beside this one) expanded with `adaptivecards-templating`.
 * Data is bound, never concatenated into the template, so text a person typed is never evaluated.
 */
import * as ACData from 'adaptivecards-templating';
import caseTemplate from './templates/case.json' with { type: 'json' };
import fieldsTemplate from './templates/fields.json' with { type: 'json' };
import formTemplate from './templates/form.json' with { type: 'json' };
import messageTemplate from './templates/message.json' with { type: 'json' };
import { fitCard } from './fit.js';

/** An Adaptive Card as JSON. */
export type AdaptiveCard = Record<string, unknown> & { type: 'AdaptiveCard'; version: string };

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

const TEMPLATES = {
  case: new ACData.Template(caseTemplate),
  fields: new ACData.Template(fieldsTemplate),
  form: new ACData.Template(formTemplate),
  message: new ACData.Template(messageTemplate),
} as const;

export type TemplateName = keyof typeof TEMPLATES;

/** Expands a template with `$root` data and drops properties left null or undefined. */
export function expand(name: TemplateName, data: object): Record<string, unknown> {
  const out: unknown = TEMPLATES[name].expand({ $root: data });
  return prune(out) as Record<string, unknown>;
}

export function expandCard(name: Exclude<TemplateName, 'fields'>, data: object): AdaptiveCard {
  return expand(name, data) as AdaptiveCard;
}

function prune(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(prune);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      if (v !== null && v !== undefined) out[k] = prune(v);
    return out;
  }
  return value;
}

/** The card as a Bot Framework attachment. */
export function attachment(card: AdaptiveCard): { contentType: string; content: AdaptiveCard } {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: fitCard(card) };
}

/**
 * A form definition (src/cards/forms) drawn as a Slack modal, and a submitted modal's
 * `view.state.values` read back into the forms' RawValues. Each field is one input block whose
 * block_id and action_id are the field id, so the forms' field errors map straight onto Slack's
 * `response_action: errors`.
 */
import type { types } from '@slack/bolt';
import {
  allFields,
  type FieldDef,
  type FieldErrors,
  type FormDef,
  type FormId,
  type Option,
  type RawValues,
} from '../forms/index.js';
import { clip, SLACK_LIMITS } from './limits.js';

type KnownBlock = types.KnownBlock;
type ModalView = types.ModalView;

/** Slack limits a modal title to 24 characters: these are the forms' titles, shortened. */
const SHORT_TITLES: Record<FormId, string> = {
  notification: 'Notify an incident',
  facts: 'Rapid review facts',
  criteria: 'Criteria',
  vote: 'Vote',
  step: 'Post-decision step',
  action: 'Action plan',
  'case-choice': 'Choose the case',
  notified: 'Record notification',
};

export interface StateValue {
  type: string;
  value?: string | null;
  selected_date?: string | null;
  selected_option?: { value: string } | null;
  selected_options?: { value: string }[];
}
export type StateValues = Record<string, Record<string, StateValue>>;

const plain = (text: string, max: number) => ({
  type: 'plain_text' as const,
  text: clip(text, max),
  emoji: false,
});

function option(o: Option) {
  return {
    text: plain(o.label, SLACK_LIMITS.optionText),
    value: clip(o.value, SLACK_LIMITS.optionValue),
  };
}

function initialOption(f: FieldDef & { options: Option[] }, value: string | undefined) {
  const o = value === undefined ? undefined : f.options.find((x) => x.value === value);
  return o ? { initial_option: option(o) } : {};
}

function element(f: FieldDef, initial: RawValues[string]) {
  const single = Array.isArray(initial) ? initial[0] : initial;
  switch (f.kind) {
    case 'date':
      return { type: 'datepicker', action_id: f.id, ...(single ? { initial_date: single } : {}) };
    case 'text':
      return {
        type: 'plain_text_input',
        action_id: f.id,
        multiline: f.multiline,
        max_length: Math.min(f.maxLength, SLACK_LIMITS.plainTextInputMaxLength),
        ...(f.placeholder ? { placeholder: plain(f.placeholder, SLACK_LIMITS.placeholder) } : {}),
        ...(single ? { initial_value: single } : {}),
      };
    case 'number':
      return {
        type: 'number_input',
        action_id: f.id,
        is_decimal_allowed: false,
        min_value: String(f.min),
        max_value: String(f.max),
        ...(single ? { initial_value: single } : {}),
      };
    case 'choice': {
      const radio = f.style === 'radio' && f.options.length <= SLACK_LIMITS.radioOptions;
      return {
        type: radio ? 'radio_buttons' : 'static_select',
        action_id: f.id,
        options: f.options.map(option),
        ...(radio ? {} : { placeholder: plain('Choose…', SLACK_LIMITS.placeholder) }),
        ...initialOption(f, single),
      };
    }
    case 'multi': {
      const boxes = f.options.length <= SLACK_LIMITS.checkboxOptions;
      const chosen = (Array.isArray(initial) ? initial : single ? [single] : []).flatMap((v) =>
        f.options.filter((o) => o.value === v),
      );
      return {
        type: boxes ? 'checkboxes' : 'multi_static_select',
        action_id: f.id,
        options: f.options.map(option),
        ...(boxes ? {} : { placeholder: plain('Choose…', SLACK_LIMITS.placeholder) }),
        ...(chosen.length ? { initial_options: chosen.map(option) } : {}),
      };
    }
  }
}

function inputBlock(f: FieldDef, initial: RawValues[string]): KnownBlock {
  return {
    type: 'input',
    block_id: f.id,
    optional: !f.required,
    label: plain(f.label, SLACK_LIMITS.inputLabel),
    ...(f.hint ? { hint: plain(f.hint, SLACK_LIMITS.inputHint) } : {}),
    element: element(f, initial),
  } as KnownBlock;
}

export interface FormModalOptions {
  callbackId: string;
  /** Small JSON (ids only, never pseudonyms): which case, which channel. */
  privateMetadata: string;
  /** Shown above the fields, e.g. the case reference. */
  context?: string;
  initial?: RawValues;
}

export function formModal(form: FormDef, opts: FormModalOptions): ModalView {
  const blocks: KnownBlock[] = [];
  const intro = [opts.context, form.intro].filter((s): s is string => Boolean(s)).join('\n');
  if (intro)
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: clip(intro, SLACK_LIMITS.contextText) }],
    });
  for (const section of form.sections) {
    if (section.heading)
      blocks.push({ type: 'header', text: plain(section.heading, SLACK_LIMITS.headerText) });
    for (const f of section.fields) blocks.push(inputBlock(f, opts.initial?.[f.id]));
  }
  return {
    type: 'modal',
    callback_id: opts.callbackId,
    private_metadata: opts.privateMetadata,
    title: plain(
      form.title.length <= SLACK_LIMITS.modalTitle ? form.title : SHORT_TITLES[form.id],
      SLACK_LIMITS.modalTitle,
    ),
    submit: plain(form.submitLabel, SLACK_LIMITS.modalSubmit),
    close: plain('Cancel', SLACK_LIMITS.modalClose),
    blocks,
  };
}

/** A modal that only says something (a result, a refusal): no inputs, a Close button. */
export function noticeModal(
  title: string,
  lines: string[],
  opts: { callbackId?: string } = {},
): ModalView {
  const text = lines.join('\n\n');
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += SLACK_LIMITS.sectionText)
    chunks.push(text.slice(i, i + SLACK_LIMITS.sectionText));
  return {
    type: 'modal',
    ...(opts.callbackId ? { callback_id: opts.callbackId } : {}),
    title: plain(title, SLACK_LIMITS.modalTitle),
    close: plain('Close', SLACK_LIMITS.modalClose),
    blocks: chunks
      .slice(0, SLACK_LIMITS.modalBlocks)
      .map((t) => ({ type: 'section', text: { type: 'mrkdwn', text: t } })),
  };
}

/** Stands for a selected option that was not an option at all: the form refuses it as unknown. */
const NOT_AN_OPTION = '(not an option)';

/**
 * Reads a submitted modal back into the form's raw values (field id → string | string[] | undefined).
 * The payload is whatever was posted: only strings are read, anything else counts as not answered
 * (a selected option that is not a string is kept as an unknown option, so the form refuses it).
 */
export function rawValues(form: FormDef, values: StateValues | undefined): RawValues {
  const raw: RawValues = {};
  const str = (x: unknown) => (typeof x === 'string' ? x : undefined);
  const objectOf = (x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : undefined;
  for (const f of allFields(form)) {
    const v = objectOf(objectOf(objectOf(values)?.[f.id])?.[f.id]) as StateValue | undefined;
    if (!v) continue;
    if (f.kind === 'multi') {
      const chosen: unknown = v.selected_options;
      if (Array.isArray(chosen))
        raw[f.id] = chosen.map((o: unknown) => str(objectOf(o)?.value) ?? NOT_AN_OPTION);
    } else if (f.kind === 'choice') raw[f.id] = str(objectOf(v.selected_option)?.value);
    else if (f.kind === 'date') raw[f.id] = str(v.selected_date);
    else raw[f.id] = str(v.value);
  }
  return raw;
}

/** Field errors as Slack's `response_action: errors` (only for blocks the modal has; the rest go to the first field). */
export function slackErrors(
  form: FormDef,
  errors: FieldErrors,
): { response_action: 'errors'; errors: Record<string, string> } {
  const ids = new Set(allFields(form).map((f) => f.id));
  const first = allFields(form)[0]!.id;
  const out: Record<string, string> = {};
  for (const [id, message] of Object.entries(errors)) {
    const target = ids.has(id) ? id : first;
    out[target] = out[target] ? `${out[target]} ${message}` : message;
  }
  return { response_action: 'errors', errors: out };
}

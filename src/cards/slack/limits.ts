/**
 * Slack's documented Block Kit limits, a `clip` that keeps text within them, and a checker the
 * tests run over every payload the bot sends (messages, ephemerals, modals).
 *
 * Sources: Slack's Block Kit reference (blocks, block elements, composition objects, views) as
 * carried in the doc comments of `@slack/types`, and the chat.postMessage reference (text).
 */
export const SLACK_LIMITS = {
  messageBlocks: 50,
  modalBlocks: 100,
  /** chat.postMessage truncates `text` beyond this. */
  messageText: 40_000,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  contextElements: 10,
  contextText: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  modalTitle: 24,
  modalSubmit: 24,
  modalClose: 24,
  privateMetadata: 3000,
  callbackId: 255,
  inputLabel: 2000,
  inputHint: 2000,
  placeholder: 150,
  plainTextInputMaxLength: 3000,
  optionText: 75,
  optionValue: 150,
  optionDescription: 75,
  selectOptions: 100,
  radioOptions: 10,
  checkboxOptions: 10,
} as const;

/** Shortens text to `max` characters, ending with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const textOf = (v: unknown): string | undefined =>
  isObj(v) && typeof v.text === 'string' ? v.text : undefined;

class Checker {
  readonly problems: string[] = [];

  max(where: string, value: string | undefined, limit: number): void {
    if (value !== undefined && value.length > limit)
      this.problems.push(`${where}: ${value.length} characters > ${limit}`);
  }

  count(where: string, list: unknown, limit: number): void {
    if (Array.isArray(list) && list.length > limit)
      this.problems.push(`${where}: ${list.length} items > ${limit}`);
  }

  need(where: string, ok: boolean, what: string): void {
    if (!ok) this.problems.push(`${where}: ${what}`);
  }

  options(where: string, options: unknown, limit: number): void {
    if (!Array.isArray(options)) return;
    this.count(`${where}.options`, options, limit);
    options.forEach((o, i) => {
      const at = `${where}.options[${i}]`;
      this.need(at, isObj(o) && typeof textOf(o.text) === 'string', 'option needs a text object');
      if (!isObj(o)) return;
      this.max(`${at}.text`, textOf(o.text), SLACK_LIMITS.optionText);
      this.max(
        `${at}.value`,
        typeof o.value === 'string' ? o.value : undefined,
        SLACK_LIMITS.optionValue,
      );
      this.max(`${at}.description`, textOf(o.description), SLACK_LIMITS.optionDescription);
    });
  }

  element(where: string, e: unknown): void {
    if (!isObj(e)) return this.need(where, false, 'element must be an object');
    this.max(
      `${where}.action_id`,
      typeof e.action_id === 'string' ? e.action_id : undefined,
      SLACK_LIMITS.actionId,
    );
    this.max(`${where}.placeholder`, textOf(e.placeholder), SLACK_LIMITS.placeholder);
    switch (e.type) {
      case 'button':
        this.need(where, typeof textOf(e.text) === 'string', 'button needs text');
        this.max(`${where}.text`, textOf(e.text), SLACK_LIMITS.buttonText);
        this.max(
          `${where}.value`,
          typeof e.value === 'string' ? e.value : undefined,
          SLACK_LIMITS.buttonValue,
        );
        break;
      case 'radio_buttons':
        this.options(where, e.options, SLACK_LIMITS.radioOptions);
        break;
      case 'checkboxes':
        this.options(where, e.options, SLACK_LIMITS.checkboxOptions);
        break;
      case 'static_select':
      case 'multi_static_select':
        this.options(where, e.options, SLACK_LIMITS.selectOptions);
        break;
      case 'plain_text_input':
        if (typeof e.max_length === 'number')
          this.need(
            where,
            e.max_length >= 1 && e.max_length <= SLACK_LIMITS.plainTextInputMaxLength,
            `max_length must be 1–${SLACK_LIMITS.plainTextInputMaxLength}`,
          );
        break;
    }
  }

  block(where: string, b: unknown, surface: 'message' | 'modal'): void {
    if (!isObj(b)) return this.need(where, false, 'block must be an object');
    this.max(
      `${where}.block_id`,
      typeof b.block_id === 'string' ? b.block_id : undefined,
      SLACK_LIMITS.blockId,
    );
    switch (b.type) {
      case 'header':
        this.need(
          where,
          isObj(b.text) && b.text.type === 'plain_text',
          'header text must be plain_text',
        );
        this.max(`${where}.text`, textOf(b.text), SLACK_LIMITS.headerText);
        break;
      case 'section':
        this.need(
          where,
          b.text !== undefined || Array.isArray(b.fields),
          'section needs text or fields',
        );
        this.max(`${where}.text`, textOf(b.text), SLACK_LIMITS.sectionText);
        this.count(`${where}.fields`, b.fields, SLACK_LIMITS.sectionFields);
        if (Array.isArray(b.fields))
          b.fields.forEach((f, i) =>
            this.max(`${where}.fields[${i}]`, textOf(f), SLACK_LIMITS.sectionFieldText),
          );
        if (b.accessory !== undefined) this.element(`${where}.accessory`, b.accessory);
        break;
      case 'context':
        this.count(`${where}.elements`, b.elements, SLACK_LIMITS.contextElements);
        if (Array.isArray(b.elements))
          b.elements.forEach((e, i) =>
            this.max(`${where}.elements[${i}]`, textOf(e), SLACK_LIMITS.contextText),
          );
        break;
      case 'actions':
        this.need(
          where,
          Array.isArray(b.elements) && b.elements.length > 0,
          'actions needs elements',
        );
        this.count(`${where}.elements`, b.elements, SLACK_LIMITS.actionsElements);
        if (Array.isArray(b.elements))
          b.elements.forEach((e, i) => this.element(`${where}.elements[${i}]`, e));
        break;
      case 'input':
        this.need(where, surface === 'modal', 'input blocks belong in modals');
        this.need(where, typeof textOf(b.label) === 'string', 'input needs a label');
        this.max(`${where}.label`, textOf(b.label), SLACK_LIMITS.inputLabel);
        this.max(`${where}.hint`, textOf(b.hint), SLACK_LIMITS.inputHint);
        this.element(`${where}.element`, b.element);
        break;
      case 'divider':
        break;
      default:
        this.need(where, false, `unexpected block type ${String(b.type)}`);
    }
  }

  blocks(where: string, blocks: unknown, limit: number, surface: 'message' | 'modal'): void {
    if (blocks === undefined) return;
    if (!Array.isArray(blocks)) return this.need(where, false, 'blocks must be an array');
    this.count(where, blocks, limit);
    const ids = new Set<string>();
    blocks.forEach((b, i) => {
      this.block(`${where}[${i}]`, b, surface);
      const id = isObj(b) && typeof b.block_id === 'string' ? b.block_id : undefined;
      if (id !== undefined) {
        this.need(`${where}[${i}]`, !ids.has(id), `block_id ${id} is used twice`);
        ids.add(id);
      }
    });
  }
}

/** Problems of a message payload (chat.postMessage, chat.update, chat.postEphemeral, a response_url reply). */
export function checkMessage(payload: { text?: unknown; blocks?: unknown }): string[] {
  const c = new Checker();
  c.need(
    'message',
    typeof payload.text === 'string' && payload.text.length > 0,
    'a message needs fallback text',
  );
  c.max(
    'message.text',
    typeof payload.text === 'string' ? payload.text : undefined,
    SLACK_LIMITS.messageText,
  );
  c.blocks('message.blocks', payload.blocks, SLACK_LIMITS.messageBlocks, 'message');
  return c.problems;
}

/** Problems of a modal view (views.open, views.push, response_action update or push). */
export function checkModal(view: unknown): string[] {
  const c = new Checker();
  if (!isObj(view)) return ['view must be an object'];
  c.need('view', view.type === 'modal', 'type must be modal');
  c.need('view.title', typeof textOf(view.title) === 'string', 'a modal needs a title');
  c.max('view.title', textOf(view.title), SLACK_LIMITS.modalTitle);
  c.max('view.submit', textOf(view.submit), SLACK_LIMITS.modalSubmit);
  c.max('view.close', textOf(view.close), SLACK_LIMITS.modalClose);
  c.max(
    'view.private_metadata',
    typeof view.private_metadata === 'string' ? view.private_metadata : undefined,
    SLACK_LIMITS.privateMetadata,
  );
  c.max(
    'view.callback_id',
    typeof view.callback_id === 'string' ? view.callback_id : undefined,
    SLACK_LIMITS.callbackId,
  );
  const hasInput =
    Array.isArray(view.blocks) && view.blocks.some((b) => isObj(b) && b.type === 'input');
  if (hasInput)
    c.need(
      'view.submit',
      typeof textOf(view.submit) === 'string',
      'a modal with inputs needs a submit button',
    );
  c.blocks('view.blocks', view.blocks, SLACK_LIMITS.modalBlocks, 'modal');
  return c.problems;
}

/** Problems of an App Home view (views.publish): type home, at most 100 blocks, no inputs. */
export function checkHome(view: unknown): string[] {
  const c = new Checker();
  if (!isObj(view)) return ['view must be an object'];
  c.need('view', view.type === 'home', 'type must be home');
  c.max(
    'view.private_metadata',
    typeof view.private_metadata === 'string' ? view.private_metadata : undefined,
    SLACK_LIMITS.privateMetadata,
  );
  c.blocks('view.blocks', view.blocks, SLACK_LIMITS.modalBlocks, 'message');
  return c.problems;
}

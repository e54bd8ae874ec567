/**
 * The message extension PRODUCT.md promises, over real HTTP as Teams sends it: the action command
 * "Notify an incident" opens the notification form in a dialog (fetchTask), whose submission
 * (submitAction) creates the case once and continues the dialog with the confirmation; the search
 * command finds the person's cases by reference, inserting a card that names no child.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cardText,
  Harness,
  inChannel,
  NOTIFICATION,
  notifyCase,
  personal,
  USERS,
  type User,
  type Where,
} from './harness.js';
import { cardProblems } from './card-check.js';

type Dialog = {
  task: {
    type: string;
    value:
      { title?: string; card?: { contentType: string; content: Record<string, unknown> } } | string;
  };
};
type Results = {
  composeExtension: {
    type: string;
    attachments: { content: Record<string, unknown>; preview: { content: { title: string } } }[];
  };
};

describe('Teams: the message extension', () => {
  const h = new Harness();
  beforeAll(() => h.start());
  afterAll(() => h.stop());

  async function invoke<T>(
    u: User,
    name: string,
    value: unknown,
    where: Where = inChannel('19:general@thread.tacv2'),
  ): Promise<{ status: number; body: T }> {
    const res = await h.post(h.activity(u, where, { type: 'invoke', name, value }));
    const text = await res.text();
    await h.bot.idle();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }
  const dialogCard = (d: Dialog) =>
    typeof d.task.value === 'string' ? undefined : d.task.value.card?.content;
  const submits = (card: unknown) =>
    JSON.stringify(card).match(/"type":"Action\.(Submit|Execute)"/g) ?? [];

  it('is declared in the manifest: an action with a dialog and a search by reference', () => {
    const manifest = JSON.parse(
      readFileSync(join(process.cwd(), 'manifest', 'teams', 'manifest.json'), 'utf8'),
    ) as {
      composeExtensions: {
        commands: { id: string; type: string; title: string; fetchTask?: boolean }[];
      }[];
    };
    const commands = manifest.composeExtensions[0]!.commands;
    expect(commands).toContainEqual(
      expect.objectContaining({
        id: 'notifyIncident',
        type: 'action',
        title: 'Notify an incident',
        fetchTask: true,
      }),
    );
    expect(commands).toContainEqual(expect.objectContaining({ id: 'findCase', type: 'query' }));
  });

  it('"Notify an incident" opens the form in a dialog; its submission creates the case once and continues with the confirmation', async () => {
    const open = await invoke<Dialog>(USERS.la, 'composeExtension/fetchTask', {
      commandId: 'notifyIncident',
      commandContext: 'compose',
    });
    expect(open.status).toBe(200);
    expect(open.body.task.type).toBe('continue');
    const form = dialogCard(open.body)!;
    expect(cardProblems(form)).toEqual([]);
    expect(cardText(form)).toContain('Short summary');
    // Dialogs take Action.Submit: no Action.Execute is left.
    expect(submits(form).every((s) => s.includes('Submit'))).toBe(true);
    const submit = JSON.stringify(form).match(/"data":(\{"cspr":\{[^}]*\}\})/)?.[1];
    expect(submit).toBeDefined();
    const data = { ...(JSON.parse(submit!) as Record<string, unknown>), ...NOTIFICATION };

    const bad = await invoke<Dialog>(USERS.la, 'composeExtension/submitAction', {
      commandId: 'notifyIncident',
      data: { ...data, child1Age: 'four' },
    });
    expect(cardText(dialogCard(bad.body))).toContain('Age must be a whole number from 0 to 17');
    expect(await h.allCases()).toHaveLength(0);

    const done = await invoke<Dialog>(USERS.la, 'composeExtension/submitAction', {
      commandId: 'notifyIncident',
      data,
    });
    expect(done.body.task.type).toBe('continue');
    const ref = /Case ([A-Z]+-\d{4}-\d{3}) notified/.exec(cardText(dialogCard(done.body)))?.[1];
    expect(ref).toBeDefined();
    expect(cardText(dialogCard(done.body))).toContain('is recorded; opening its private channel…');
    await invoke<Dialog>(USERS.la, 'composeExtension/submitAction', {
      commandId: 'notifyIncident',
      data,
    });
    expect(await h.allCases()).toHaveLength(1);
    // The channel followed, and the outcome went to the notifier's 1:1 chat, not the channel the compose box was in.
    expect(h.fake.channels.filter((c) => c.displayName === ref)).toHaveLength(1);
    expect(h.fake.sent('19:general@thread.tacv2;messageid=1')).toEqual([]);
    expect(h.fake.personalOpened()).toContain(USERS.la.aad);
  });

  it('refuses the dialog to a role that may not notify, and to someone with no role', async () => {
    const partner = await invoke<Dialog>(USERS.police, 'composeExtension/fetchTask', {
      commandId: 'notifyIncident',
    });
    expect(partner.body.task).toEqual({
      type: 'message',
      value: 'Your role does not allow this: notify an incident.',
    });
    const outsider = await invoke<Dialog>(USERS.outsider, 'composeExtension/fetchTask', {
      commandId: 'notifyIncident',
    });
    expect(outsider.body.task.type).toBe('message');
    expect(await h.allCases()).toHaveLength(1);
  });

  it('"Find a case" finds the person’s cases by reference, with no child named', async () => {
    const second = await notifyCase(h);
    const all = await invoke<Results>(
      USERS.police,
      'composeExtension/query',
      { commandId: 'findCase', parameters: [{ name: 'reference', value: '' }] },
      personal(USERS.police),
    );
    expect(all.body.composeExtension.type).toBe('result');
    expect(
      all.body.composeExtension.attachments.map((a) => a.preview.content.title).sort(),
    ).toEqual(['NORTH-2026-001', second.ref].sort());
    const one = await invoke<Results>(
      USERS.police,
      'composeExtension/query',
      {
        commandId: 'findCase',
        parameters: [{ name: 'reference', value: second.ref.toLowerCase() }],
      },
      personal(USERS.police),
    );
    expect(one.body.composeExtension.attachments.map((a) => a.preview.content.title)).toEqual([
      second.ref,
    ]);
    for (const a of one.body.composeExtension.attachments) {
      expect(cardProblems(a.content)).toEqual([]);
      expect(JSON.stringify(a)).not.toContain('Child A');
    }
    // Another partnership's holder finds none of north's cases.
    const south = await invoke<Results>(
      USERS.southLa,
      'composeExtension/query',
      { commandId: 'findCase', parameters: [{ name: 'reference', value: 'NORTH' }] },
      personal(USERS.southLa),
    );
    expect(south.body.composeExtension.attachments).toEqual([]);
    h.checkLogs();
  });
});

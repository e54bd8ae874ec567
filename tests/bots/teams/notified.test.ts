/**
 * A case notified with no Panel date, completed entirely in Teams: Record notification on the case
 * card, `notified` typed to the bot, and Action.Execute on the reminder card each open the one
 * notification form; each saved date closes its deadline and updates the case card in place; then
 * no more notification reminders.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { instantAt } from '../../../src/domain/calendar.js';
import {
  cardOf,
  cardText,
  executeActions,
  Harness,
  inputIds,
  NOTIFICATION,
  notifyCase,
  personal,
  USERS,
} from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await new Harness().start();
  h.fake.members = Object.values(USERS).map((u) => ({
    id: u.mri,
    aadObjectId: u.aad,
    name: u.name,
  }));
});
afterEach(() => h.stop());

const LOOKED_AFTER = { ...NOTIFICATION, child1Status: 'looked-after', child1Age: '15' };

describe('Teams: recording what was notified, when', () => {
  it('completes every notification duty from the card, the command and the reminder; then no more notification reminders', async () => {
    const o = await notifyCase(h, LOOKED_AFTER);
    expect(executeActions(o.shared).map((a) => a.verb)).toContain('notified.open');

    // 1. The card: a date before awareness and one in the future are field errors; nothing is stored.
    const form = await h.press(USERS.la, o.shared, 'notified.open', {}, o.where);
    expect(inputIds(form.card)).toEqual([
      'panelNotifiedOn',
      'panelReference',
      'partnersNotifiedOn',
      'sosOfstedNotifiedOn',
    ]);
    const bad = await h.press(
      USERS.la,
      form.card,
      'notified.submit',
      { panelNotifiedOn: '2026-12-21', partnersNotifiedOn: '2026-12-24' },
      o.where,
    );
    expect(cardText(bad.card)).toContain(
      'cannot be before the local authority became aware (2026-12-22)',
    );
    expect(cardText(bad.card)).toContain('cannot be in the future');
    expect((await h.caseByRef(o.ref)).dates.panelNotifiedOn).toBeUndefined();
    const updates = h.fake.updates().length;
    const saved = await h.press(
      USERS.la,
      bad.card,
      'notified.submit',
      { panelNotifiedOn: '2026-12-22', panelReference: 'CSPRP-2026-0042' },
      o.where,
    );
    expect(cardText(saved.card)).toContain('Notification recorded');
    expect((await h.caseByRef(o.ref)).dates.panelNotifiedOn).toBe('2026-12-22');
    expect(h.fake.updates().length).toBeGreaterThan(updates); // the shared case card, edited in place
    expect(cardText(cardOf(h.fake.updates().at(-1)!))).toContain('done on 2026-12-22');

    // 2. The command, by the business manager in a personal chat: the same form.
    const byCommand = await h.ask(USERS.bm, `notified ${o.ref}`);
    expect(inputIds(byCommand)).toContain('partnersNotifiedOn');
    await h.press(USERS.bm, byCommand, 'notified.submit', { partnersNotifiedOn: '2026-12-23' });
    expect((await h.caseByRef(o.ref)).dates.partnersNotifiedOn).toBe('2026-12-23');
    expect(cardText(await h.ask(USERS.police, `notified ${o.ref}`))).toContain(
      'Your role does not allow this',
    );

    // 3. The reminder: Monday 4 January 2027, the Secretary of State and Ofsted duty is overdue.
    h.clock.set(instantAt('2027-01-04', '09:05', 'Europe/London'));
    const sentBefore = h.fake.sent().length;
    await h.bot.scheduler.tick();
    const reminders = h.fake.sent().slice(sentBefore).map(cardOf);
    const reminder = reminders.find(
      (c) =>
        cardText(c).includes('Notify the Secretary of State and Ofsted') &&
        cardText(c).includes('Overdue'),
    );
    expect(reminder, reminders.map(cardText).join('\n')).toBeDefined();
    expect(executeActions(reminder).map((a) => a.verb)).toEqual(['notified.open']);
    const escalation = reminders.find((c) => cardText(c).includes('Escalation'));
    expect(executeActions(escalation).map((a) => a.verb)).toEqual(['notified.open']);
    const fromReminder = await h.press(
      USERS.la,
      reminder!,
      'notified.open',
      {},
      personal(USERS.la),
    );
    await h.press(USERS.la, fromReminder.card, 'notified.submit', {
      sosOfstedNotifiedOn: '2027-01-04',
    });
    expect((await h.caseByRef(o.ref)).dates.sosOfstedNotifiedOn).toBe('2027-01-04');

    // All recorded: no control on the card, the command says so, no notification reminder the next day.
    expect(executeActions(cardOf(h.fake.updates().at(-1)!)).map((a) => a.verb)).not.toContain(
      'notified.open',
    );
    expect(cardText(await h.ask(USERS.la, `notified ${o.ref}`))).toContain(
      'nothing left to record',
    );
    const next = h.fake.sent().length;
    h.clock.set(instantAt('2027-01-05', '09:05', 'Europe/London'));
    await h.bot.scheduler.tick();
    const later = h.fake
      .sent()
      .slice(next)
      .map((c) => cardText(cardOf(c)))
      .join(' ');
    expect(later).not.toMatch(/Notify the (Panel|Secretary)|Report to the safeguarding partners/);
  });
});

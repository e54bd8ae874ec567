/** Recording what was notified, when: the one command behind the notification form of both platforms. */
import { describe, expect, it } from 'vitest';
import { planReminders } from '../../src/domain/reminders.js';
import { caseDeadlines, openNotificationDuties, pendingActions } from '../../src/domain/status.js';
import { actors, notifiedCase, TIMESCALES, TODAY, ZONE } from './helpers.js';

/** A looked-after child's death in the area, neglect suspected: Panel, partners and the Secretary of State and Ofsted. */
const allThree = () =>
  notifiedCase({ childStatus: 'looked-after', children: [{ pseudonym: 'Child A', age: 15 }] });
const settings = {
  timeZone: ZONE,
  reminderTime: '09:00',
  timescales: TIMESCALES,
  holders: [
    { id: 'la-lead', roles: ['la' as const] },
    { id: 'chair', roles: ['chair' as const] },
  ],
};

describe('record-notification', () => {
  it('records the Panel date with its reference, the partners’ and the Secretary of State and Ofsted’s in one go', () => {
    const log = allThree();
    expect(openNotificationDuties(log.case)).toEqual([
      'notify-panel',
      'notify-partners',
      'notify-sos-ofsted',
    ]);
    const events = log.run(actors.la, {
      type: 'record-notification',
      panelNotifiedOn: '2026-12-22',
      panelReference: 'CSPRP-2026-0042',
      partnersNotifiedOn: TODAY,
      sosOfstedNotifiedOn: TODAY,
    });
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ['panel.notified', { on: '2026-12-22', reference: 'CSPRP-2026-0042' }],
      ['partners.notified', { on: TODAY }],
      ['sos-ofsted.notified', { on: TODAY }],
    ]);
    const done = Object.fromEntries(
      caseDeadlines(log.case, TIMESCALES, ZONE).map((d) => [d.key, d.doneOn]),
    );
    expect(done).toMatchObject({
      'notify-panel': '2026-12-22',
      'notify-partners': TODAY,
      'notify-sos-ofsted': TODAY,
    });
    expect(openNotificationDuties(log.case)).toEqual([]);
    expect(
      pendingActions(log.case, TIMESCALES, ZONE)
        .map((a) => a.key)
        .filter((k) => k.startsWith('notify')),
    ).toEqual([]);
  });

  it('a recorded duty stops its reminders and the chair’s escalation, the others go on', () => {
    const log = allThree();
    // Monday 4 January 2027, 09:05: every notification duty (due Thu 31 Dec) is a working day overdue.
    const at = new Date('2027-01-04T09:05:00Z');
    const actionsOf = () =>
      planReminders(log.case, settings, at)
        .filter((r) => r.kind !== 'digest')
        .flatMap((r) => r.items.map((i) => `${r.kind}:${i.action}`));
    expect(actionsOf()).toEqual(
      expect.arrayContaining([
        'personal:notify-panel',
        'escalation:notify-panel',
        'personal:notify-partners',
        'personal:notify-sos-ofsted',
      ]),
    );
    log.run(actors.businessManager, { type: 'record-notification', panelNotifiedOn: '2026-12-23' });
    expect(actionsOf().filter((a) => a.endsWith('notify-panel'))).toEqual([]);
    expect(actionsOf()).toContain('personal:notify-partners');
  });

  it('refuses a date in the future or before the local authority became aware, as a field error, storing nothing', () => {
    const log = allThree();
    expect(
      log.refusal(actors.la, { type: 'record-notification', panelNotifiedOn: '2026-12-24' }),
    ).toMatchObject({ code: 'field.invalid', details: { field: 'panelNotifiedOn' } });
    const before = log.refusal(actors.la, {
      type: 'record-notification',
      partnersNotifiedOn: TODAY,
      sosOfstedNotifiedOn: '2026-12-21',
    });
    expect(before).toMatchObject({
      code: 'field.invalid',
      details: { field: 'sosOfstedNotifiedOn' },
    });
    expect(before.message).toContain('before the local authority became aware (2026-12-22)');
    expect(log.case.dates.partnersNotifiedOn).toBeUndefined(); // all or nothing
    expect(
      log.refusal(actors.la, { type: 'record-notification', panelNotifiedOn: '22/12/2026' }).code,
    ).toBe('field.invalid');
  });

  it('refuses a date for a duty the case does not carry, and a submission with nothing new', () => {
    const log = notifiedCase(); // s16C only: no Secretary of State duty
    expect(
      log.refusal(actors.la, { type: 'record-notification', sosOfstedNotifiedOn: TODAY }),
    ).toMatchObject({ code: 'field.invalid', details: { field: 'sosOfstedNotifiedOn' } });
    expect(log.refusal(actors.la, { type: 'record-notification' })).toMatchObject({
      code: 'field.missing',
    });
    log.run(actors.la, { type: 'record-notification', partnersNotifiedOn: TODAY });
    expect(
      log.refusal(actors.la, { type: 'record-notification', partnersNotifiedOn: TODAY }).code,
    ).toBe('field.missing');
  });

  it('takes a Panel reference only with a Panel date (given now or recorded before), and only a plain one', () => {
    const log = notifiedCase();
    expect(
      log.refusal(actors.la, { type: 'record-notification', panelReference: 'CSPRP-1' }),
    ).toMatchObject({ details: { field: 'panelNotifiedOn' } });
    expect(
      log.refusal(actors.la, {
        type: 'record-notification',
        panelNotifiedOn: TODAY,
        panelReference: 'see <script>',
      }),
    ).toMatchObject({ details: { field: 'panelReference' } });
    log.run(actors.la, { type: 'record-notification', panelNotifiedOn: TODAY });
    expect(
      log
        .run(actors.la, { type: 'record-notification', panelReference: 'CSPRP-1' })
        .map((e) => e.data),
    ).toEqual([{ on: TODAY, reference: 'CSPRP-1' }]);
  });

  it('is for the local authority and the business manager only', () => {
    for (const who of [
      actors.police,
      actors.health,
      actors.chair,
      actors.member,
      actors.scrutineer,
    ])
      expect(
        allThree().refusal(who, { type: 'record-notification', panelNotifiedOn: TODAY }).code,
      ).toBe('action.not_permitted');
  });
});

/**
 * The scheduled announcements as data: a planned reminder goes to the case channel (the daily
 * digest) or to its holder, an overdue duty to the holders of TOLD_OF_OVERDUE, and the weekly
 * digest to the holders of OVERSEES_OPEN_CASES and the review group's channel.
 */
import { describe, expect, it } from 'vitest';
import { toPeople } from '../../src/app/announcements.js';
import { oversightDigest } from '../../src/app/oversight.js';
import {
  digestAnnouncements,
  digestRecipients,
  dutyAnnouncement,
} from '../../src/app/scheduled-announcements.js';
import { instantAt } from '../../src/domain/calendar.js';
import { decide, evolve } from '../../src/domain/lifecycle.js';
import type { Case } from '../../src/domain/case.js';
import type { CaseEvent } from '../../src/domain/events.js';
import { planReminders } from '../../src/domain/reminders.js';
import { OVERSEES_OPEN_CASES, TOLD_OF_OVERDUE } from '../../src/domain/roles.js';
import { reminderSettings } from '../../src/scheduler/reminder-scheduler.js';
import { actor, notification, testPartnerships } from '../support/partnerships.js';

const north = testPartnerships()[0]!;
const la = actor([north], 'north', 'la');
const holding = (roles: readonly string[]) =>
  north.holders.filter((h) => h.roles.some((r) => roles.includes(r))).map((h) => h.id);

/** Notified on Tue 22 Dec 2026: the Panel is due on Thu 31 Dec, so on Tue 5 Jan 2027 it is overdue. */
function notifiedCase(): Case {
  const at = '2026-12-22T12:00:00Z';
  const events = decide(
    undefined,
    {
      type: 'notify',
      identity: {
        caseId: 'c1',
        partnershipId: 'north',
        ref: 'NORTH-2026-001',
        procedure: 'england-2023',
      },
      notification: notification(),
    },
    { actor: la, now: new Date(at), timescales: north.timescales, zone: north.timeZone },
  );
  return events.reduce<Case | undefined>(
    (c, e, i) =>
      evolve(c, {
        ...e,
        caseId: 'c1',
        seq: i + 1,
        at,
        actor: { id: la.id, name: la.name, roles: la.roles },
      } as CaseEvent),
    undefined,
  )!;
}

const overdueDay = planReminders(
  notifiedCase(),
  reminderSettings(north),
  new Date(instantAt('2027-01-05', '09:05', 'Europe/London')),
);

describe('a duty coming up, due or missed', () => {
  it('the daily digest of deadlines goes to the case channel, in the reminder’s words', () => {
    const digest = overdueDay.find((r) => r.kind === 'digest')!;
    const a = dutyAnnouncement(digest, north, false)!;
    expect(a.to).toEqual({ kind: 'channel' });
    expect(a.what).toMatchObject({
      kind: 'duty',
      caseId: 'c1',
      ref: 'NORTH-2026-001',
      text: { title: 'Daily deadlines for NORTH-2026-001' },
    });
  });

  it('an overdue duty is escalated to each holder of TOLD_OF_OVERDUE, by holder id', () => {
    const escalations = overdueDay.filter((r) => r.kind === 'escalation');
    expect(escalations.length).toBeGreaterThan(0);
    const to = escalations.map((r) => dutyAnnouncement(r, north, false)!.to);
    expect(new Set(to.map((t) => (t.kind === 'person' ? t.holderId : t.kind)))).toEqual(
      new Set(holding(TOLD_OF_OVERDUE)),
    );
    const a = dutyAnnouncement(escalations[0]!, north, true)!;
    expect(a.what.kind === 'duty' && a.what.text.title).toBe(
      'Escalation: NORTH-2026-001 is overdue',
    );
    expect(a.what.kind === 'duty' && a.what.text.lines).toContain(
      'Sent late: the bot could not send this at the usual time.',
    );
    expect(JSON.stringify(a)).not.toContain('Child A'); // direct messages carry the reference only
  });

  it('a personal reminder goes to its holder; one no longer in the partnership file is no one', () => {
    const personal = overdueDay.find((r) => r.kind === 'personal')!;
    const a = dutyAnnouncement(personal, north, false)!;
    expect(a.to).toMatchObject({ kind: 'person', holderId: personal.holderId });
    expect(
      dutyAnnouncement(
        personal,
        { holders: north.holders.filter((h) => h.id !== personal.holderId) },
        false,
      ),
    ).toBeUndefined();
  });
});

describe('the weekly oversight digest', () => {
  const digest = oversightDigest(north, [notifiedCase()], new Date('2027-01-04T10:00:00Z'));

  it('goes to each holder of OVERSEES_OPEN_CASES, and to the review group only when there is one', () => {
    expect(digestRecipients(north)).toEqual(
      holding(OVERSEES_OPEN_CASES).map((id) => ({
        kind: 'person',
        holderId: id,
        name: north.holders.find((h) => h.id === id)!.name,
      })),
    );
    const withGroup = { ...north, reviewGroup: { slackChannelId: 'C0REVIEW1' } };
    expect(digestRecipients(withGroup).map((t) => t.kind)).toEqual(['person', 'review-group']);
    const list = digestAnnouncements(withGroup, digest, true);
    expect(toPeople(list).map((a) => a.to.holderId)).toEqual(['north-chair']);
    for (const a of list) expect(a.what).toEqual({ kind: 'oversight', digest, late: true });
  });
});

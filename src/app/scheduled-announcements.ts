/**
 * The scheduled announcements, as data like those of a decision (./announcements): a duty coming
 * up, due or missed, and the weekly oversight digest. The core says who — the reminder's holder
 * (src/domain/reminders plans it, TOLD_OF_OVERDUE when overdue) and OVERSEES_OPEN_CASES for the
 * digest — so each platform only finds the person's or channel's address and words the message.
 */
import type { PartnershipConfig } from '../config.js';
import type { PlannedReminder } from '../domain/reminders.js';
import { OVERSEES_OPEN_CASES } from '../domain/roles.js';
import { holding, person, type Announcement, type Recipient } from './announcements.js';
import type { OversightDigest } from './oversight.js';
import { reminderText } from './reminder-text.js';

/**
 * A planned reminder: the daily digest of deadlines goes to the case channel, a personal reminder
 * or an escalation to its holder. Undefined for a holder no longer in the partnership file.
 */
export function dutyAnnouncement(
  r: PlannedReminder,
  p: Pick<PartnershipConfig, 'holders'>,
  late: boolean,
): Announcement | undefined {
  const what = { kind: 'duty' as const, caseId: r.caseId, ref: r.ref, text: reminderText(r, late) };
  if (r.kind === 'digest') return { to: { kind: 'channel' }, what };
  const h = p.holders.find((x) => x.id === r.holderId);
  return h ? { to: person(h), what } : undefined;
}

/** Who receives the weekly digest: each holder of OVERSEES_OPEN_CASES, and the review group's channel when the partnership has one. */
export function digestRecipients(
  p: Pick<PartnershipConfig, 'holders' | 'reviewGroup'>,
): Recipient[] {
  return [
    ...holding(p, OVERSEES_OPEN_CASES).map(person),
    ...(p.reviewGroup ? [{ kind: 'review-group' as const }] : []),
  ];
}

/** The weekly digest, to each of its recipients. */
export function digestAnnouncements(
  p: Pick<PartnershipConfig, 'holders' | 'reviewGroup'>,
  digest: OversightDigest,
  late: boolean,
): Announcement[] {
  const what = { kind: 'oversight' as const, digest, late };
  return digestRecipients(p).map((to) => ({ to, what }));
}

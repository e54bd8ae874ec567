/**
 * Reminder controls shared by both platforms: pause or resume a case's reminders (business
 * manager or chair: a case event, so it is on the audit trail), and mute or unmute one's own
 * personal reminders or escalations (a preference; the daily digest cannot be muted).
 */
import { MUTABLE_KINDS, REMINDER_KINDS, type ReminderKind } from '../domain/reminders.js';
import type { Actor } from '../domain/roles.js';
import type { ReminderClaims } from '../scheduler/reminder-claims.js';
import type { CaseService } from './case-service.js';

export const REMIND_USAGE =
  'Use `remind pause` or `remind resume` in a case channel (or with a case reference).';
export const MUTE_USAGE = `Use \`mute personal\` or \`mute escalation\` (and \`unmute …\` to undo). The daily digest cannot be muted.`;

export class ReminderControls {
  constructor(
    private readonly service: CaseService,
    private readonly claims: ReminderClaims,
  ) {}

  /** Pauses or resumes; returns the sentence for the person. Refusals throw DomainError. */
  async setPaused(
    actor: Actor,
    caseId: string,
    paused: boolean,
    requestKey?: string,
  ): Promise<string> {
    const change = await this.service.run(
      actor,
      caseId,
      { type: paused ? 'pause-reminders' : 'resume-reminders' },
      requestKey,
    );
    return paused
      ? `Reminders for ${change.case.ref} are paused. Deadlines still count: use \`remind resume\` to turn them back on.`
      : `Reminders for ${change.case.ref} are on again.`;
  }

  /** The kinds one holder muted (for "My work"). */
  async mutedKinds(partnershipId: string, holderId: string): Promise<Set<string>> {
    return (await this.claims.mutedKinds(partnershipId)).get(holderId) ?? new Set();
  }

  /** Mutes or unmutes a kind for this person in every partnership they serve. */
  async setMuted(actors: Actor[], kindText: string | undefined, muted: boolean): Promise<string> {
    const kind = (kindText ?? '').toLowerCase();
    if (kind === 'digest')
      return 'The daily digest cannot be muted: it keeps the whole case team informed.';
    if (
      !(REMINDER_KINDS as readonly string[]).includes(kind) ||
      !MUTABLE_KINDS.includes(kind as ReminderKind)
    )
      return MUTE_USAGE;
    for (const a of actors) await this.claims.setMuted(a.partnershipId, a.id, kind, muted);
    return muted
      ? `Your ${kind === 'personal' ? 'personal reminders are' : 'escalations are'} muted. The case channels still get the daily digest.`
      : `Your ${kind === 'personal' ? 'personal reminders are' : 'escalations are'} on again.`;
  }
}

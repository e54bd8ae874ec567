/**
 * A person's calendar feed: one all-day event per pending action of theirs (their roles among the
 * action's roles) with a due date, across the open cases of their partnership. Each event says the
 * case reference and what is due — never a pseudonym, a summary or anything typed into a form —
 * because calendars are synced to phones and shared with assistants.
 */
import type { PartnershipConfig } from '../config.js';
import { dateIn, type IsoDate } from '../domain/calendar.js';
import type { Case } from '../domain/case.js';
import type { Actor } from '../domain/roles.js';
import { dueInWords, pendingActions } from '../domain/status.js';
import type { CaseService } from './case-service.js';

export interface FeedEvent {
  /** Stable across refreshes, so a calendar updates the event instead of adding one. */
  uid: string;
  date: IsoDate;
  summary: string;
  description: string;
}

export interface Feed {
  name: string;
  events: FeedEvent[];
}

export function feedEvents(actor: Actor, p: PartnershipConfig, cases: Case[], now: Date): Feed {
  const today = dateIn(now, p.timeZone);
  const events: FeedEvent[] = [];
  for (const c of cases) {
    if (c.partnershipId !== actor.partnershipId || c.state === 'closed') continue;
    for (const a of pendingActions(c, p.timescales, p.timeZone)) {
      if (!a.due || !a.roles.some((r) => actor.roles.includes(r))) continue;
      events.push({
        uid: `${c.id}.${a.key}@cspr-bot`,
        date: a.due,
        summary: `${c.ref}: ${a.label}`,
        description: `${c.ref}: ${a.label}, due ${a.due} (${dueInWords(a.due, today)}).`,
      });
    }
  }
  events.sort((a, b) => a.date.localeCompare(b.date) || a.summary.localeCompare(b.summary));
  return { name: `CSPR deadlines: ${p.name}`, events };
}

/** The feed of a person (already resolved from their feed token): their own partnership only. */
export async function loadFeed(service: CaseService, actor: Actor): Promise<Feed> {
  const p = service.partnership(actor.partnershipId);
  const cases = await service.list([actor]);
  return feedEvents(actor, p, cases, service.clock.now());
}

/**
 * The one interface both platforms implement to deliver reminders. A notifier says whether a
 * reminder applies to it (the case has a channel on its platform, the person has an id there),
 * and delivers it or throws a DeliveryError (with Retry-After when the platform gave one).
 */
import type { Holder, PartnershipConfig } from '../config.js';
import type { Case } from '../domain/case.js';
import type { PlannedReminder } from '../domain/reminders.js';

export interface ReminderDelivery {
  reminder: PlannedReminder;
  case: Case;
  partnership: PartnershipConfig;
  /** The person, for personal reminders and escalations. */
  holder?: Holder;
  /** Sent after its time because the bot was down or the platform refused for a while. */
  late: boolean;
}

export interface Notifier {
  readonly platform: 'slack' | 'teams';
  applies(d: Omit<ReminderDelivery, 'late'>): boolean;
  deliver(d: ReminderDelivery): Promise<void>;
}

export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  constructor(
    message: string,
    /** From a 429's Retry-After, when given. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

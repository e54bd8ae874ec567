/** Events: every change to a case, appended to its audit trail with actor, time and data. */
import type { ActionItem, ActionStatus } from './action-plan.js';
import type { IsoDate } from './calendar.js';
import type {
  CaseState,
  ChannelRef,
  CriteriaAssessment,
  Facts,
  Notification,
  Outcome,
  PanelResponse,
  Referral,
  ReviewKind,
  Vote,
} from './case.js';
import type { Duties } from './deadlines.js';
import type { ProcedureId } from './procedure.js';
import type { Partner, Role } from './roles.js';

export interface CaseIdentity {
  caseId: string;
  partnershipId: string;
  ref: string;
  procedure: ProcedureId;
}

export type CaseEventBody =
  | { type: 'case.referred'; data: CaseIdentity & { referral: Referral } }
  | {
      type: 'case.notified';
      data: CaseIdentity & { notification: Notification; duties: Duties; reasons: string[] };
    }
  | { type: 'referral.confirmed'; data: { at: string } }
  /** `reference`: the Panel's notification reference, when given. */
  | { type: 'panel.notified'; data: { on: IsoDate; reference?: string } }
  | { type: 'partners.notified'; data: { on: IsoDate } }
  | { type: 'sos-ofsted.notified'; data: { on: IsoDate } }
  | { type: 'facts.recorded'; data: { facts: Facts } }
  | { type: 'criteria.assessed'; data: { criteria: CriteriaAssessment } }
  | { type: 'vote.cast'; data: { vote: Vote; previous?: Outcome } }
  | { type: 'case.escalated'; data: { outcomes: Record<Partner, Outcome> } }
  | { type: 'decision.recorded'; data: { outcome: Outcome; on: IsoDate } }
  | { type: 'decision.corrected'; data: { note: string; outcome?: Outcome; refersToSeq: number } }
  | { type: 'rapid-review.sent'; data: { on: IsoDate } }
  | { type: 'panel.responded'; data: { response: PanelResponse; on: IsoDate } }
  | { type: 'review.commissioned'; data: { reviewer: string; on: IsoDate; kind?: ReviewKind } }
  | { type: 'reviewer.informed'; data: { on: IsoDate } }
  | { type: 'methodology.agreed'; data: { on: IsoDate; methodology: string } }
  | {
      type: 'involvement.recorded';
      data: { who: 'practitioners' | 'family'; on: IsoDate; note?: string };
    }
  | { type: 'report.drafting'; data: { on: IsoDate; plannedPublicationOn?: IsoDate } }
  | { type: 'report.drafted'; data: { on: IsoDate } }
  | { type: 'report.finalised'; data: { on: IsoDate } }
  /** `workingDays` before (planned) publication; `late` when fewer than the procedure requires (recorded, not refused). */
  | {
      type: 'report.sent';
      data: {
        on: IsoDate;
        plannedPublicationOn: IsoDate;
        workingDays?: number;
        required?: number;
        late?: boolean;
      };
    }
  | {
      type: 'report.published';
      data: { on: IsoDate; workingDaysAfterReport?: number; late?: boolean };
    }
  | { type: 'learning.shared'; data: { on: IsoDate; note?: string } }
  | { type: 'action.added'; data: { item: ActionItem } }
  | {
      type: 'action.updated';
      data: { id: string; on: IsoDate; status: ActionStatus; due?: IsoDate; required?: string };
    }
  | { type: 'monitoring.started'; data: { on: IsoDate } }
  | { type: 'case.closed'; data: { reason: string; from: CaseState } }
  | { type: 'case.erased'; data: { reason: string; from: CaseState } }
  | { type: 'reminders.paused'; data: Record<string, never> }
  | { type: 'reminders.resumed'; data: Record<string, never> }
  | { type: 'channel.opened'; data: { channel: ChannelRef } }
  | { type: 'channel.updated'; data: { channel: ChannelRef } }
  | { type: 'step.failed'; data: { step: string; code: string; message: string } }
  /** Words of these fields looked like names; the person confirmed they are not (the warning overridden). */
  | { type: 'names.confirmed'; data: { fields: string[] } };

export type CaseEventType = CaseEventBody['type'];

/** An event as stored: numbered within its case, with who did it and when. */
export type CaseEvent = CaseEventBody & {
  caseId: string;
  seq: number;
  at: string; // ISO instant
  actor: { id: string; name: string; roles: Role[] };
  /** Set when the command came with a delivery key: a repeated delivery is recognised by it. */
  requestKey?: string;
};

export type NewEvent = CaseEventBody;

/**
 * The action plan: each recommendation of a review says which agency must do what by when. Items
 * are added and updated through the action form; their owners (the holders of the agency's partner
 * role, else the business manager) are reminded as the due date approaches, like any pending action.
 */
import { workingDaysBetween, type IsoDate } from './calendar.js';
import type { Role } from './roles.js';

export const ACTION_STATUSES = ['open', 'in-progress', 'done'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export const ACTION_STATUS_LABELS: Readonly<Record<ActionStatus, string>> = {
  open: 'Open',
  'in-progress': 'In progress',
  done: 'Done',
};

export interface ActionItem {
  /** "A1", "A2", … in the order added: stable, and the key of its reminders (`action-A1`). */
  id: string;
  /** The recommendation (free text; sealed at rest). */
  recommendation: string;
  /** The agency responsible (an agency id of the facts form, e.g. `police`, `gp`). */
  agency: string;
  /** What is required of it (free text; sealed at rest). */
  required: string;
  due: IsoDate;
  status: ActionStatus;
  addedOn: IsoDate;
  updatedOn?: IsoDate;
  doneOn?: IsoDate;
}

/** The agencies of the partnership's forms (agencies involved; agency responsible for an action). */
export const AGENCY_LABELS: Readonly<Record<string, string>> = {
  'childrens-social-care': 'Children’s social care',
  police: 'Police',
  'health-visiting': 'Health visiting / school nursing',
  gp: 'GP / primary care',
  hospital: 'Hospital / acute trust',
  camhs: 'Mental health (CAMHS / adult)',
  education: 'School / education',
  'early-years': 'Early years',
  probation: 'Probation / youth justice',
  housing: 'Housing',
  'adult-services': 'Adult social care',
  'substance-misuse': 'Substance misuse services',
  voluntary: 'Voluntary sector',
  other: 'Other',
};

export function agencyLabel(agency: string): string {
  return AGENCY_LABELS[agency] ?? agency;
}

/** Agency → the statutory partner whose holders own its actions; any other agency: the business manager. */
const AGENCY_OWNER: Readonly<Record<string, Role>> = {
  'childrens-social-care': 'la',
  education: 'la',
  'early-years': 'la',
  'adult-services': 'la',
  housing: 'la',
  police: 'police',
  'health-visiting': 'health',
  gp: 'health',
  hospital: 'health',
  camhs: 'health',
  'substance-misuse': 'health',
};

export function ownerOf(agency: string): Role {
  return AGENCY_OWNER[agency] ?? 'business-manager';
}

/** The reminder key of an item: `action-A1`. */
export const actionKey = (item: Pick<ActionItem, 'id'>) => `action-${item.id}`;

export function nextActionId(items: readonly ActionItem[]): string {
  const n = items.reduce((max, i) => Math.max(max, Number(i.id.slice(1)) || 0), 0);
  return `A${n + 1}`;
}

export function isOpen(item: ActionItem): boolean {
  return item.status !== 'done';
}

/** Overdue: not done and the due date has passed (working days overdue, 0 when not). */
export function overdueBy(item: ActionItem, today: IsoDate): number {
  if (!isOpen(item) || item.due >= today) return 0;
  return Math.max(1, -workingDaysBetween(today, item.due));
}

/** "Open", "In progress", "Done on 2027-09-01", "Overdue since 2027-09-01". */
export function statusInWords(item: ActionItem, today: IsoDate): string {
  if (item.status === 'done') return item.doneOn ? `Done on ${item.doneOn}` : 'Done';
  if (item.due < today)
    return `Overdue since ${item.due} (${ACTION_STATUS_LABELS[item.status].toLowerCase()})`;
  return ACTION_STATUS_LABELS[item.status];
}

/** The notification form: what the local authority knows when it becomes aware of an incident. */
import type { IsoDate } from '../../domain/calendar.js';
import type { Child, Notification } from '../../domain/case.js';
import type { AbuseOrNeglect, ChildStatus, Harm, Location } from '../../domain/criteria.js';
import {
  AGE_RULE,
  ageProblem,
  dateProblem,
  LIMITS,
  MAX_CHILDREN,
  pseudonymProblem,
} from '../../domain/validate.js';
import { ValueReader } from './fields.js';
import { namesCheck, namesField } from './names.js';
import type { FieldDef, FormDef, ParseResult, RawValues } from './types.js';

export const childFieldIds = (i: number) => ({
  pseudonym: `child${i}Pseudonym`,
  age: `child${i}Age`,
  status: `child${i}Status`,
  perpetrator: `child${i}Perpetrator`,
});

/** Each child's own status: the core assesses every child on its own. */
export const CHILD_STATUS_OPTIONS = [
  { value: 'none', label: 'Neither' },
  { value: 'looked-after', label: 'Looked-after child' },
  { value: 'care-leaver', label: 'Care leaver (up to 24)' },
];

export interface NotificationFormOptions {
  /** When the person serves several partnerships, they choose which one notifies. */
  partnerships?: { id: string; name: string }[];
}

export function notificationForm(options: NotificationFormOptions = {}): FormDef {
  const children: FieldDef[] = [];
  for (let i = 1; i <= MAX_CHILDREN; i++) {
    const ids = childFieldIds(i);
    children.push(
      {
        kind: 'text',
        id: ids.pseudonym,
        label: `Child ${i}: pseudonym`,
        required: i === 1,
        multiline: false,
        maxLength: 20,
        placeholder: `Child ${String.fromCharCode(64 + i)}`,
        ...(i === 1 ? { hint: 'A pseudonym such as “Child A” — never a name.' } : {}),
      },
      { kind: 'number', id: ids.age, label: `Child ${i}: age`, required: i === 1, min: 0, max: 24 },
      {
        kind: 'choice',
        id: ids.status,
        label: `Child ${i}: looked-after child or care leaver`,
        required: false,
        style: 'select',
        options: CHILD_STATUS_OPTIONS,
      },
      {
        kind: 'choice',
        id: ids.perpetrator,
        label: `Child ${i}: child perpetrator`,
        required: false,
        style: 'select',
        options: [
          { value: 'no', label: 'No' },
          { value: 'yes', label: 'Yes, a child perpetrator' },
        ],
      },
    );
  }
  const partnership: FieldDef[] =
    options.partnerships && options.partnerships.length > 1
      ? [
          {
            kind: 'choice',
            id: 'partnership',
            label: 'Partnership',
            required: true,
            style: 'select',
            options: options.partnerships.map((p) => ({ value: p.id, label: p.name })),
          },
        ]
      : [];
  return {
    id: 'notification',
    title: 'Notify a serious incident',
    submitLabel: 'Notify',
    intro: 'Children are named by pseudonym only. Do not type any name in this form.',
    sections: [
      {
        fields: [
          ...partnership,
          {
            kind: 'date',
            id: 'awareOn',
            label: 'Date the local authority became aware',
            required: true,
          },
          { kind: 'date', id: 'incidentOn', label: 'Date of incident', required: false },
          {
            kind: 'choice',
            id: 'harm',
            label: 'Death or serious harm',
            required: true,
            style: 'radio',
            options: [
              { value: 'death', label: 'The child died' },
              { value: 'serious-harm', label: 'The child was seriously harmed' },
            ],
          },
          {
            kind: 'choice',
            id: 'abuseOrNeglect',
            label: 'Abuse or neglect',
            required: true,
            style: 'radio',
            options: [
              { value: 'known', label: 'Known' },
              { value: 'suspected', label: 'Suspected' },
              { value: 'not-suspected', label: 'Not known or suspected' },
            ],
          },
          {
            kind: 'choice',
            id: 'location',
            label: 'Where',
            required: true,
            style: 'select',
            options: [
              { value: 'in-area', label: 'In our area' },
              {
                value: 'outside-england-resident',
                label: 'Outside England, child normally resident in our area',
              },
              { value: 'elsewhere', label: 'Elsewhere in England (another area)' },
            ],
          },
        ],
      },
      { heading: 'Children (1 to 4, by pseudonym; each assessed on its own)', fields: children },
      {
        fields: [
          {
            kind: 'text',
            id: 'notifyingAgency',
            label: 'Notifying agency',
            required: true,
            multiline: false,
            maxLength: LIMITS.short,
          },
          {
            kind: 'text',
            id: 'summary',
            label: 'Short summary (no names)',
            required: true,
            multiline: true,
            maxLength: LIMITS.summary,
          },
          {
            kind: 'date',
            id: 'panelNotifiedOn',
            label: 'Date the Panel was notified (if already done)',
            required: false,
          },
          namesField,
        ],
      },
    ],
  };
}

export interface NotificationInput {
  partnershipId?: string;
  notification: Notification;
  /** Fields whose words looked like names, confirmed by the person as not names. */
  namesConfirmed?: string[];
}

export function parseNotification(
  raw: RawValues,
  ctx: { today: IsoDate } & NotificationFormOptions,
): ParseResult<NotificationInput> {
  const form = notificationForm(ctx);
  const r = new ValueReader(form, raw);
  const partnershipId =
    ctx.partnerships && ctx.partnerships.length > 1 ? r.choice<string>('partnership') : undefined;
  const awareOn = r.date('awareOn');
  const incidentOn = r.date('incidentOn');
  const panelNotifiedOn = r.date('panelNotifiedOn');
  const harm = r.choice<Harm>('harm');
  const abuseOrNeglect = r.choice<AbuseOrNeglect>('abuseOrNeglect');
  const location = r.choice<Location>('location');
  const notifyingAgency = r.text('notifyingAgency');
  const summary = r.text('summary');

  for (const [id, value, label] of [
    ['awareOn', awareOn, 'Date the local authority became aware'],
    ['incidentOn', incidentOn, 'Date of incident'],
    ['panelNotifiedOn', panelNotifiedOn, 'Date the Panel was notified'],
  ] as const) {
    const p = value ? dateProblem(value, ctx.today, label) : undefined;
    if (p) r.fail(id, p);
  }
  if (awareOn && incidentOn && incidentOn > awareOn)
    r.fail(
      'incidentOn',
      'Date of incident cannot be after the date the local authority became aware.',
    );
  if (awareOn && panelNotifiedOn && panelNotifiedOn < awareOn)
    r.fail(
      'panelNotifiedOn',
      'The Panel cannot have been notified before the local authority became aware.',
    );

  const children: Child[] = [];
  const seen = new Set<string>();
  for (let i = 1; i <= MAX_CHILDREN; i++) {
    const ids = childFieldIds(i);
    const pseudonym = r.text(ids.pseudonym);
    const age = r.number(ids.age);
    if (r.errors[ids.age]) r.errors[ids.age] = AGE_RULE; // one wording for every age refusal (the core's)
    const status = r.choice<ChildStatus>(ids.status) ?? 'none';
    const perpetrator = r.choice<'yes' | 'no'>(ids.perpetrator) === 'yes';
    if (pseudonym === undefined && age === undefined) continue;
    if (pseudonym === undefined)
      r.fail(ids.pseudonym, `Give child ${i} a pseudonym, or clear their age.`);
    if (age === undefined && !r.errors[ids.age]) r.fail(ids.age, `Give child ${i}’s age.`);
    if (pseudonym === undefined || age === undefined) continue;
    const problem = pseudonymProblem(pseudonym);
    if (problem) r.fail(ids.pseudonym, problem);
    else if (seen.has(pseudonym)) r.fail(ids.pseudonym, 'Each child needs a different pseudonym.');
    const ageP = ageProblem(age, status);
    if (ageP) r.fail(ids.age, ageP);
    seen.add(pseudonym);
    children.push({ pseudonym, age, status, ...(perpetrator ? { perpetrator } : {}) });
  }
  if (children.length === 0 && !r.errors[childFieldIds(1).pseudonym])
    r.fail(childFieldIds(1).pseudonym, 'At least one child (by pseudonym) is required.');

  const names = namesCheck(form, raw);
  for (const [id, message] of Object.entries(names.errors ?? {})) r.fail(id, message);
  if (!r.ok || !awareOn || !harm || !abuseOrNeglect || !location || !notifyingAgency || !summary)
    return { ok: false, errors: r.errors };
  const notification: Notification = {
    awareOn,
    harm,
    abuseOrNeglect,
    location,
    children,
    notifyingAgency,
    summary,
    ...(incidentOn ? { incidentOn } : {}),
    ...(panelNotifiedOn ? { panelNotifiedOn } : {}),
  };
  return {
    ok: true,
    value: {
      notification,
      ...(partnershipId ? { partnershipId } : {}),
      ...(names.confirmed ? { namesConfirmed: names.confirmed } : {}),
    },
  };
}

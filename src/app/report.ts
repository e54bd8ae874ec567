/**
 * The rapid review record the partners send to the Panel, as one platform-neutral model: the case
 * summary (children by pseudonym only), the notification, the facts, the criteria assessment with
 * evidence, each partner's vote and rationale, the decision, every statutory timescale (met, late
 * by N working days, or due) and the audit timeline. `report-markdown.ts` and `report-docx.ts`
 * render it; Slack, Teams and `cspr export` all build it here.
 *
 * The record is written for a shared audience (a case channel, the Panel): while the partners'
 * votes are hidden, no partner's outcome or rationale is in it. A child recorded under anything but
 * a pseudonym stops the export (`assertPseudonymsOnly`): only pseudonyms are stored, and this makes
 * sure no other form of a child's identity can leave in a file.
 */
import type { PartnershipConfig } from '../config.js';
import { dateIn, workingDaysBetween } from '../domain/calendar.js';
import { OUTCOME_LABELS, STATE_LABELS, type Case, type Child } from '../domain/case.js';
import { childFacts, CIRCUMSTANCES, CRITERIA, type CriterionKey } from '../domain/criteria.js';
import { PROCEDURES } from '../domain/procedure.js';
import { DomainError } from '../domain/errors.js';
import type { CaseEvent } from '../domain/events.js';
import { PARTNER_LABELS, PARTNERS, ROLE_LABELS, type Actor } from '../domain/roles.js';
import { caseDeadlines } from '../domain/status.js';
import { PSEUDONYM } from '../domain/validate.js';
import { votesWithheldFrom } from '../domain/vote-visibility.js';
import {
  allFields,
  CHILD_STATUS_OPTIONS,
  factsForm,
  notificationForm,
  type FormDef,
} from '../cards/forms/index.js';
import type { CaseService } from './case-service.js';
import { longDate, timelineEntries, visibleVotes, whenIn } from './timeline.js';

export type ReportBlock =
  | { kind: 'paragraph'; text: string }
  /** Label → value pairs (a two-column table). */
  | { kind: 'fields'; rows: { label: string; value: string }[] }
  /** `widths`: relative column widths, for renderers that lay out pages. */
  | { kind: 'table'; columns: string[]; rows: string[][]; widths?: number[] }
  /** A labelled piece of free text (may hold several paragraphs). */
  | { kind: 'text'; label: string; text: string };

export const SECTION_IDS = [
  'summary',
  'notification',
  'facts',
  'criteria',
  'votes',
  'decision',
  'timescales',
  'timeline',
] as const;
export type SectionId = (typeof SECTION_IDS)[number];

export const SECTION_HEADINGS: Readonly<Record<SectionId, string>> = {
  summary: 'Case summary',
  notification: 'Notification',
  facts: 'Rapid review facts',
  criteria: 'Criteria assessment',
  votes: 'Partners’ votes and rationale',
  decision: 'Decision',
  timescales: 'Statutory timescales',
  timeline: 'Timeline',
};

export interface ReportSection {
  id: SectionId;
  heading: string;
  blocks: ReportBlock[];
}

export interface RapidReviewReport {
  ref: string;
  /** "Rapid review record: LINCS-2026-001" — never a pseudonym. */
  title: string;
  partnershipName: string;
  /** Children by pseudonym, exactly as recorded (checked against the pseudonym rule). */
  children: Child[];
  generatedAt: string;
  /** "Exported on 23 Dec 2026, 10:00 GMT by Ben Carter (Business manager)". */
  generatedLine: string;
  /** True while some partner's vote is withheld (votes hidden until all three voted). */
  votesHidden: boolean;
  /** The short version, for a chat card: where the case stands, the decision, votes, timescales. */
  summary: ReportSummary;
  sections: ReportSection[];
}

export interface ReportSummary {
  state: string;
  decision: string;
  /** Per partner: the outcome, "Voted (hidden until all three voted)" or "Not voted yet". */
  votes: { partner: string; text: string }[];
  timescales: { label: string; due: string; status: string }[];
}

export interface ReportInput {
  case: Case;
  partnership: PartnershipConfig;
  /** The whole audit trail, oldest first. */
  events: CaseEvent[];
  now: Date;
  /** Who asked for it, e.g. "Ben Carter (Business manager)" or "the cspr command line". */
  exportedBy: string;
}

/** The file name of an export: the reference only. */
export function reportFileName(ref: string, format: 'docx' | 'md'): string {
  return `rapid-review-${ref}.${format}`;
}

/** Refuses a case with a child recorded under anything but a pseudonym ("Child A", "Baby B"…). */
export function assertPseudonymsOnly(c: Case): void {
  const all = [...c.children, ...(c.notification?.children ?? []), ...(c.referral?.children ?? [])];
  if (all.some((ch) => !PSEUDONYM.test(ch.pseudonym.trim())))
    throw new DomainError(
      'field.invalid',
      `A child on ${c.ref} is recorded without a valid pseudonym, so no report is exported. Ask the business manager to correct the record.`,
      { field: 'children' },
    );
}

/** The report for a case the actor may export ('export' permission; anything else is "not found"). */
export async function exportReport(
  service: CaseService,
  actor: Actor,
  caseId: string,
): Promise<RapidReviewReport> {
  const c = await service.visible(actor, caseId, 'export');
  const events = await service.repo.events(c.id);
  const roles = actor.roles.map((r) => ROLE_LABELS[r] ?? r);
  return buildReport({
    case: c,
    partnership: service.partnership(c.partnershipId),
    events,
    now: service.clock.now(),
    exportedBy: roles.length ? `${actor.name} (${roles.join(', ')})` : actor.name,
  });
}

export function buildReport(input: ReportInput): RapidReviewReport {
  const { case: c, partnership: p } = input;
  assertPseudonymsOnly(c);
  const canSee = visibleVotes(c, p, undefined);
  const votesHidden = votesWithheldFrom(c, undefined, p);
  const timescales = timescaleRows(c, p, input.now);
  const summary: ReportSummary = {
    state: STATE_LABELS[c.state] ?? c.state,
    decision: c.decision
      ? `${OUTCOME_LABELS[c.decision.outcome] ?? c.decision.outcome} (recorded ${whenIn(c.decision.recordedAt, p.timeZone)})`
      : c.state === 'escalated'
        ? 'None yet: the votes differ (escalated)'
        : 'None yet',
    votes: PARTNERS.map((x) => {
      const v = c.votes[x];
      return {
        partner: PARTNER_LABELS[x],
        text: !v
          ? 'Not voted yet'
          : canSee(x)
            ? `${OUTCOME_LABELS[v.outcome] ?? v.outcome} (${v.by.name})`
            : 'Voted (hidden until all three voted)',
      };
    }),
    timescales: timescales.map((row) => ({ label: row[0]!, due: row[2]!, status: row[3]! })),
  };
  const sections: ReportSection[] = [
    section('summary', summaryBlocks(c, p)),
    section('notification', notificationBlocks(c, input.events)),
    section('facts', factsBlocks(c)),
    section('criteria', criteriaBlocks(c)),
    section('votes', voteBlocks(c, canSee, votesHidden, p.timeZone)),
    section('decision', decisionBlocks(c, p.timeZone)),
    section('timescales', timescaleBlocks(timescales, dateIn(input.now, p.timeZone))),
    section('timeline', timelineBlocks(input.events, p.timeZone, canSee)),
  ];
  return {
    ref: c.ref,
    title: `Rapid review record: ${c.ref}`,
    partnershipName: p.name,
    children: c.children.map((ch) => ({ pseudonym: ch.pseudonym.trim(), age: ch.age })),
    generatedAt: input.now.toISOString(),
    generatedLine: `Exported on ${whenIn(input.now.toISOString(), p.timeZone)} by ${input.exportedBy}. Children are identified by pseudonym only.`,
    votesHidden,
    summary,
    sections,
  };
}

/** Every piece of text in the report, for checks (e.g. that no name but a pseudonym is in it). */
export function reportText(r: RapidReviewReport): string {
  const parts = [r.title, r.partnershipName, r.generatedLine];
  for (const s of r.sections) {
    parts.push(s.heading);
    for (const b of s.blocks) {
      if (b.kind === 'paragraph') parts.push(b.text);
      else if (b.kind === 'text') parts.push(b.label, b.text);
      else if (b.kind === 'fields') for (const row of b.rows) parts.push(row.label, row.value);
      else parts.push(...b.columns, ...b.rows.flat());
    }
  }
  return parts.join('\n');
}

const section = (id: SectionId, blocks: ReportBlock[]): ReportSection => ({
  id,
  heading: SECTION_HEADINGS[id],
  blocks,
});
const para = (text: string): ReportBlock => ({ kind: 'paragraph', text });
const yesNo = (b: boolean) => (b ? 'Yes' : 'No');

/** The label a form shows for an option, so the record says what people chose in their words. */
function optionLabel(form: FormDef, fieldId: string, value: string): string {
  const field = allFields(form).find((f) => f.id === fieldId);
  const options = field && (field.kind === 'choice' || field.kind === 'multi') ? field.options : [];
  return options.find((o) => o.value === value)?.label ?? value;
}

function summaryBlocks(c: Case, p: PartnershipConfig): ReportBlock[] {
  const rows = [
    { label: 'Case reference', value: c.ref },
    { label: 'Safeguarding partnership', value: p.name },
    { label: 'Where the case stands', value: STATE_LABELS[c.state] ?? c.state },
    { label: 'Procedure', value: `${c.procedure} (${PROCEDURES[c.procedure].title})` },
    {
      label: 'Children (pseudonyms)',
      value: c.children.map((ch) => `${ch.pseudonym.trim()} (age ${ch.age})`).join(', ') || '—',
    },
    { label: 'Case opened', value: longDate(dateIn(new Date(c.createdAt), p.timeZone)) },
    ...(c.erased
      ? [
          {
            label: 'Personal details',
            value: `Erased on ${whenIn(c.erased.at, p.timeZone)}: children and free text are no longer held`,
          },
        ]
      : []),
  ];
  const blocks: ReportBlock[] = [{ kind: 'fields', rows }];
  if (c.reasons.length)
    blocks.push({ kind: 'text', label: 'Why the duties apply', text: c.reasons.join('\n') });
  return blocks;
}

function notificationBlocks(c: Case, events: CaseEvent[]): ReportBlock[] {
  // The Panel's reference is on the latest panel.notified event that gave one.
  const reference = events
    .flatMap((e) => (e.type === 'panel.notified' && e.data.reference ? [e.data.reference] : []))
    .pop();
  const blocks: ReportBlock[] = [];
  const r = c.referral;
  if (r) {
    blocks.push({
      kind: 'fields',
      rows: [
        { label: 'Referred', value: longDate(r.referredAt.slice(0, 10)) },
        { label: 'Referring agency', value: r.referringAgency },
        ...(c.dates.referralConfirmedAt
          ? [
              {
                label: 'Referral confirmed in writing',
                value: longDate(c.dates.referralConfirmedAt.slice(0, 10)),
              },
            ]
          : []),
      ],
    });
    blocks.push({ kind: 'text', label: 'Referral summary', text: r.summary });
  }
  const n = c.notification;
  if (!n) return blocks.length ? blocks : [para('The incident has not been notified yet.')];
  const form = notificationForm();
  const date = (d?: string) => (d ? longDate(d) : 'Not recorded');
  blocks.push({
    kind: 'fields',
    rows: [
      { label: 'Date the local authority became aware', value: longDate(n.awareOn) },
      { label: 'Date of incident', value: date(n.incidentOn) },
      { label: 'Death or serious harm', value: optionLabel(form, 'harm', n.harm) },
      { label: 'Abuse or neglect', value: optionLabel(form, 'abuseOrNeglect', n.abuseOrNeglect) },
      { label: 'Where', value: optionLabel(form, 'location', n.location) },
      {
        label: 'Looked-after child or care leaver',
        value: childFacts(n)
          .map(
            (ch) =>
              `${ch.pseudonym}: ${CHILD_STATUS_OPTIONS.find((o) => o.value === ch.status)?.label ?? ch.status}${ch.perpetrator ? ', child perpetrator' : ''}`,
          )
          .join('; '),
      },
      { label: 'Notifying agency', value: n.notifyingAgency },
      { label: 'Date the Panel was notified', value: date(c.dates.panelNotifiedOn) },
      ...(reference ? [{ label: 'The Panel’s notification reference', value: reference }] : []),
      { label: 'Date the partners were told', value: date(c.dates.partnersNotifiedOn) },
      ...(c.duties.notifySosOfsted
        ? [
            {
              label: 'Secretary of State and Ofsted notified',
              value: date(c.dates.sosOfstedNotifiedOn),
            },
          ]
        : []),
    ],
  });
  blocks.push({ kind: 'text', label: 'Summary', text: n.summary });
  return blocks;
}

function factsBlocks(c: Case): ReportBlock[] {
  const f = c.facts;
  if (!f) return [para('The rapid-review facts have not been recorded yet.')];
  const form = factsForm();
  const blocks: ReportBlock[] = [
    { kind: 'text', label: 'Summary of what happened', text: f.summary },
    {
      kind: 'fields',
      rows: [
        {
          label: 'Agencies involved',
          value: f.agencies.map((a) => optionLabel(form, 'agencies', a)).join(', ') || '—',
        },
        {
          label: 'Immediate action needed to keep other children safe',
          value: yesNo(f.immediateAction),
        },
        {
          label: 'Could it be complex or of national importance',
          value: yesNo(f.complexOrNational),
        },
        {
          label: 'Themes',
          value: f.themes.map((t) => optionLabel(form, 'themes', t)).join(', ') || '—',
        },
      ],
    },
    { kind: 'text', label: 'Key practice episodes', text: f.keyEpisodes },
  ];
  if (f.immediateAction && f.immediateActionDetail)
    blocks.push({
      kind: 'text',
      label: 'Immediate action: what, by whom',
      text: f.immediateActionDetail,
    });
  blocks.push({ kind: 'text', label: 'Learning identified', text: f.learning });
  if (f.goodPractice) blocks.push({ kind: 'text', label: 'Good practice', text: f.goodPractice });
  if (f.otherAreas)
    blocks.push({ kind: 'text', label: 'Other areas involved', text: f.otherAreas });
  return blocks;
}

const ANSWER_LABELS: Readonly<Record<string, string>> = {
  yes: 'Yes',
  no: 'No',
  unclear: 'Unclear',
};

function criteriaBlocks(c: Case): ReportBlock[] {
  const a = c.criteria;
  if (!a) return [para('The criteria have not been assessed yet.')];
  const rows = (list: readonly { key: CriterionKey; label: string }[]) =>
    list.map((k) => [
      k.label,
      ANSWER_LABELS[a[k.key]?.answer ?? ''] ?? 'Not answered',
      a[k.key]?.evidence?.trim() || '—',
    ]);
  return [
    para('Does the case highlight, or may it highlight:'),
    {
      kind: 'table',
      columns: ['Criterion', 'Answer', 'Evidence'],
      rows: rows(CRITERIA),
      widths: [45, 12, 43],
    },
    para('Circumstances the partners should have regard to:'),
    {
      kind: 'table',
      columns: ['Circumstance', 'Answer', 'Evidence'],
      rows: rows(CIRCUMSTANCES),
      widths: [45, 12, 43],
    },
  ];
}

const CRITERION_SHORT: ReadonlyMap<string, string> = new Map(
  [...CRITERIA, ...CIRCUMSTANCES].map((k) => [k.key, k.short]),
);

function voteBlocks(
  c: Case,
  canSee: (p: (typeof PARTNERS)[number]) => boolean,
  hidden: boolean,
  zone: string,
): ReportBlock[] {
  const blocks: ReportBlock[] = [];
  if (hidden)
    blocks.push(
      para(
        'Votes stay hidden until all three partners have voted: this record shows only who has voted.',
      ),
    );
  for (const partner of PARTNERS) {
    const v = c.votes[partner];
    const label = PARTNER_LABELS[partner];
    if (!v) {
      blocks.push({ kind: 'fields', rows: [{ label, value: 'Not voted yet' }] });
      continue;
    }
    if (!canSee(partner)) {
      blocks.push({
        kind: 'fields',
        rows: [
          {
            label,
            value: `Voted on ${whenIn(v.at, zone)} (outcome and rationale hidden until all three voted)`,
          },
        ],
      });
      continue;
    }
    blocks.push({
      kind: 'fields',
      rows: [
        { label: 'Partner', value: label },
        { label: 'Outcome voted for', value: OUTCOME_LABELS[v.outcome] ?? v.outcome },
        { label: 'Voted by', value: `${v.by.name}, ${whenIn(v.at, zone)}` },
        {
          label: 'Criteria relied on',
          value: v.criteria.map((k) => CRITERION_SHORT.get(k) ?? k).join(', ') || '—',
        },
      ],
    });
    blocks.push({
      kind: 'text',
      label: `Rationale of the ${label.replace(/ \(ICB\)$/, '')} partner`,
      text: v.rationale,
    });
  }
  return blocks;
}

const PANEL_RESPONSE_LABELS: Readonly<Record<string, string>> = {
  'national-review': 'The Panel will carry out a national review',
  'local-review': 'The Panel considers a local review more appropriate',
  agrees: 'The Panel agrees with the partners’ decision',
};

function decisionBlocks(c: Case, zone: string): ReportBlock[] {
  const d = c.decision;
  if (!d)
    return [
      para(
        c.state === 'escalated'
          ? 'No decision yet: the partners’ votes differ and the case is escalated to the chair.'
          : 'No decision has been recorded yet.',
      ),
    ];
  const rows = [
    {
      label: 'Decision of the three safeguarding partners',
      value: OUTCOME_LABELS[d.outcome] ?? d.outcome,
    },
    { label: 'Recorded', value: whenIn(d.recordedAt, zone) },
    ...(c.dates.rapidReviewSentOn
      ? [{ label: 'Rapid review sent to the Panel', value: longDate(c.dates.rapidReviewSentOn) }]
      : []),
    ...(c.panelResponse
      ? [
          {
            label: 'Panel response',
            value: PANEL_RESPONSE_LABELS[c.panelResponse] ?? c.panelResponse,
          },
        ]
      : []),
    ...(c.reviewer ? [{ label: 'Reviewer', value: c.reviewer }] : []),
  ];
  const blocks: ReportBlock[] = [{ kind: 'fields', rows }];
  for (const k of c.corrections)
    blocks.push({
      kind: 'text',
      label: `Correction by ${k.by.name}, ${whenIn(k.at, zone)}${k.outcome ? ` (outcome now: ${OUTCOME_LABELS[k.outcome] ?? k.outcome})` : ''}`,
      text: k.note,
    });
  return blocks;
}

/** "Met (done on …)", "Late by 2 working days (done on …)", "Due 15 January 2027 (…)", "Overdue by …". */
export function timescaleStatus(due: string, doneOn: string | undefined, today: string): string {
  const wd = (n: number) => `${n} working day${n === 1 ? '' : 's'}`;
  if (doneOn) {
    const late = workingDaysBetween(due, doneOn);
    return late > 0
      ? `Late by ${wd(late)} (done on ${longDate(doneOn)})`
      : `Met (done on ${longDate(doneOn)})`;
  }
  const left = workingDaysBetween(today, due);
  if (left < 0) return `Not done: overdue by ${wd(-left)}`;
  if (left === 0) return due === today ? 'Due today' : 'Due next working day';
  return `Due (${wd(left)} left)`;
}

/** Each deadline as [label, counted from, due, status]. */
function timescaleRows(c: Case, p: PartnershipConfig, now: Date): string[][] {
  const today = dateIn(now, p.timeZone);
  return caseDeadlines(c, p.timescales, p.timeZone).map((d) => [
    d.label,
    d.basis,
    longDate(d.due),
    d.key === 'published-until'
      ? d.due > today
        ? 'To stay published until then'
        : 'Period complete'
      : timescaleStatus(d.due, d.doneOn, today),
  ]);
}

function timescaleBlocks(rows: string[][], today: string): ReportBlock[] {
  if (rows.length === 0) return [para('No statutory timescale applies to this case.')];
  return [
    para(
      `Working days are Monday to Friday without the England and Wales bank holidays. Status as at ${longDate(today)}.`,
    ),
    {
      kind: 'table',
      columns: ['Timescale', 'Counted from', 'Due', 'Status'],
      rows,
      widths: [30, 28, 18, 24],
    },
  ];
}

function timelineBlocks(
  events: CaseEvent[],
  zone: string,
  canSee: (p: (typeof PARTNERS)[number]) => boolean,
): ReportBlock[] {
  const entries = timelineEntries(events, zone, canSee);
  return [
    para(
      `${entries.length} event${entries.length === 1 ? '' : 's'} in the audit trail, oldest first. Times are ${zone}.`,
    ),
    {
      kind: 'table',
      columns: ['#', 'When', 'Who', 'What'],
      rows: entries.map((e) => [String(e.seq), e.when, e.who, e.failed ? `⚠ ${e.what}` : e.what]),
      widths: [6, 20, 24, 50],
    },
  ];
}

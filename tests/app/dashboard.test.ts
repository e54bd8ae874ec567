/**
 * The dashboard view model on cases reached through real commands (the pure core's event log):
 * the timeline's marks and their status, whose action is pending, each count the review group
 * reports on, and what never appears (pseudonyms, summaries, another partnership's cases).
 */
import { describe, expect, it } from 'vitest';
import { dashboardActor, dashboardView } from '../../src/app/dashboard.js';
import { parsePartnerships, type PartnershipConfig } from '../../src/config.js';
import type { Case } from '../../src/domain/case.js';
import {
  actors,
  CaseLog,
  decidedCase,
  facts,
  identity,
  notification,
  notifiedCase,
  publishedCase,
  rapidReviewCase,
  sentToPanelCase,
} from '../domain/helpers.js';

function partnership(id = 'p1'): PartnershipConfig {
  const holders = ['la', 'police', 'health'].map((r) => ({
    id: `${id}-${r}`,
    name: `${r} lead`,
    roles: [r],
  }));
  const { partnerships, problems } = parsePartnerships(
    JSON.stringify({
      partnerships: [{ id, name: `Partnership ${id}`, refPrefix: 'TEST', holders }],
    }),
    'test',
  );
  if (problems.length) throw new Error(problems.join('\n'));
  return partnerships[0]!;
}
const P = partnership();

/** A case log with its own id and reference (the helpers' logs all share one identity). */
function numbered(make: () => CaseLog, n: number, partnershipId = 'p1'): Case {
  const c = make().case;
  return {
    ...c,
    id: `case-${partnershipId}-${n}`,
    ref: `TEST-2026-${String(n).padStart(3, '0')}`,
    partnershipId,
  };
}

describe('the dashboard timeline', () => {
  it('has one row per open case by reference, its deadlines as marks, its state and whose action is pending', () => {
    const d = dashboardView(P, [numbered(notifiedCase, 1)], new Date('2026-12-23T10:00:00Z'));
    expect(d.today).toBe('2026-12-23');
    expect(d.rows.map((r) => [r.ref, r.stateLabel])).toEqual([['TEST-2026-001', 'Notified']]);
    const panel = d.rows[0]!.marks.find((m) => m.key === 'notify-panel')!;
    expect(panel).toMatchObject({ due: '2026-12-31', status: 'due' });
    expect(panel.statusText).toMatch(/working days? left/);
    expect(d.rows[0]!.pending).toContainEqual({
      label: 'Notify the Panel',
      who: 'Local authority',
      due: '2026-12-31',
    });
    for (const m of d.rows[0]!.marks) expect(m.due >= d.axis.from && m.due <= d.axis.to).toBe(true);
    expect(d.today >= d.axis.from && d.today <= d.axis.to).toBe(true);
  });

  it('marks a missed deadline overdue, a late one done late and a timely one met', () => {
    const log = notifiedCase();
    log
      .at('2027-01-04T10:00:00Z')
      .run(actors.la, { type: 'record-panel-notified', on: '2027-01-04' }); // due 31 December: late
    log.run(actors.la, { type: 'record-partners-notified', on: '2026-12-24' }); // on time
    const d = dashboardView(
      P,
      [{ ...log.case, ref: 'TEST-2026-009' }],
      new Date('2027-01-25T10:00:00Z'),
    );
    const byKey = Object.fromEntries(d.rows[0]!.marks.map((m) => [m.key, m.status]));
    expect(byKey).toMatchObject({
      'notify-panel': 'late',
      'notify-partners': 'met',
      'rapid-review': 'overdue',
    });
    expect(d.rows[0]!.overdue).toBe(1);
  });

  it('shows no pseudonym, summary or free text, and no case of another partnership', () => {
    const other = numbered(notifiedCase, 7, 'p2');
    const d = dashboardView(
      P,
      [numbered(rapidReviewCase, 1), other],
      new Date('2026-12-23T10:00:00Z'),
    );
    expect(d.rows.map((r) => r.ref)).toEqual(['TEST-2026-001']);
    const text = JSON.stringify(d);
    for (const secret of [
      'Child A',
      notification().summary,
      facts().summary,
      facts().learning,
      other.id,
    ])
      expect(text).not.toContain(secret);
  });

  it('leaves closed cases off the timeline', () => {
    const log = decidedCase('no-further-review');
    log.run(actors.businessManager, { type: 'send-to-panel', on: '2026-12-23' });
    log.run(actors.chair, { type: 'close', reason: 'No further review.' });
    expect(log.case.state).toBe('closed');
    const d = dashboardView(
      P,
      [{ ...log.case, id: 'closed-1' }, numbered(notifiedCase, 2)],
      new Date('2026-12-23T10:00:00Z'),
    );
    expect(d.rows.map((r) => r.ref)).toEqual(['TEST-2026-002']);
    expect(d.counts.notifiedThisYear).toBe(2); // closed cases still count
  });
});

describe('the dashboard counts', () => {
  it('counts cases notified this year by the date the clock started', () => {
    const lastYear = new CaseLog();
    lastYear.run(actors.la, {
      type: 'notify',
      identity: identity({ caseId: 'old' }),
      notification: notification({ awareOn: '2025-11-03', incidentOn: '2025-11-01' }),
    });
    const d = dashboardView(
      P,
      [
        numbered(notifiedCase, 1),
        numbered(notifiedCase, 2),
        { ...lastYear.case, ref: 'TEST-2025-001' },
      ],
      new Date('2026-12-23T10:00:00Z'),
    );
    expect(d.counts.year).toBe(2026);
    expect(d.counts.notifiedThisYear).toBe(2);
  });

  it('counts rapid reviews completed within their 15 working days, and the share', () => {
    const late = decidedCase();
    late
      .at('2027-02-01T10:00:00Z')
      .run(actors.businessManager, { type: 'send-to-panel', on: '2027-02-01' }); // due 14 January 2027
    const onTime = decidedCase();
    onTime
      .at('2027-01-05T10:00:00Z')
      .run(actors.businessManager, { type: 'send-to-panel', on: '2027-01-05' });
    const lastYear = numbered(() => sentToPanelCase(), 3); // sent 23 December 2026: another year
    const d = dashboardView(
      P,
      [{ ...late.case, id: 'a' }, { ...onTime.case, id: 'b' }, lastYear],
      new Date('2027-03-01T10:00:00Z'),
    );
    expect(d.counts.rapidReviews).toEqual({
      completed: 2,
      withinTime: 1,
      share: 0.5,
      workingDays: 15,
    });
    const none = dashboardView(P, [numbered(notifiedCase, 1)], new Date('2026-12-23T10:00:00Z'));
    expect(none.counts.rapidReviews).toEqual({ completed: 0, withinTime: 0, workingDays: 15 });
  });

  it('counts decisions by outcome, as corrected', () => {
    const corrected = decidedCase('lcspr');
    corrected.run(actors.chair, {
      type: 'correct-decision',
      note: 'Recorded in error.',
      outcome: 'multi-agency-learning',
    });
    const cases = [
      numbered(() => decidedCase('lcspr'), 1),
      numbered(() => decidedCase('no-further-review'), 2),
      numbered(() => corrected, 3),
      numbered(notifiedCase, 4),
    ];
    const counts = Object.fromEntries(
      dashboardView(P, cases, new Date('2026-12-23T10:00:00Z')).counts.decisions.map((x) => [
        x.outcome,
        x.count,
      ]),
    );
    expect(counts).toEqual({
      lcspr: 1,
      national: 0,
      'multi-agency-learning': 1,
      'single-agency-learning': 0,
      'no-further-review': 1,
    });
  });

  it('counts local reviews published this year, and those within 6 months of the decision', () => {
    // Decided 23 December 2026, published 15 July 2027: more than 6 months.
    const late = numbered(publishedCase, 1);
    const onTime = {
      ...late,
      id: 'on-time',
      ref: 'TEST-2026-002',
      dates: { ...late.dates, publishedOn: '2027-06-01' },
    };
    const d = dashboardView(P, [late, onTime], new Date('2027-08-01T10:00:00Z'));
    expect(d.counts.localReviews).toEqual({ published: 2, withinTime: 1, months: 6 });
  });

  it('counts open action plan items by agency, and the overdue ones', () => {
    const log = publishedCase();
    const bm = actors.businessManager;
    log.run(bm, {
      type: 'add-action',
      recommendation: 'r1',
      agency: 'health-visiting',
      required: 'x',
      due: '2027-08-01',
    });
    log.run(bm, {
      type: 'add-action',
      recommendation: 'r2',
      agency: 'health-visiting',
      required: 'x',
      due: '2027-10-01',
    });
    log.run(bm, {
      type: 'add-action',
      recommendation: 'r3',
      agency: 'police',
      required: 'x',
      due: '2027-07-20',
    });
    log.run(bm, {
      type: 'add-action',
      recommendation: 'r4',
      agency: 'police',
      required: 'x',
      due: '2027-07-20',
    });
    log.run(bm, { type: 'update-action', id: 'A4', status: 'done' });
    const d = dashboardView(P, [log.case], new Date('2027-09-01T10:00:00Z'));
    expect(d.counts.actionPlan).toEqual({
      open: 3,
      overdue: 2,
      byAgency: [
        {
          agency: 'health-visiting',
          label: 'Health visiting / school nursing',
          open: 2,
          overdue: 1,
        },
        { agency: 'police', label: 'Police', open: 1, overdue: 1 },
      ],
    });
  });

  it('lists the themes recorded on two or more cases as recurrent', () => {
    const withThemes = (n: number, themes: string[]) => ({ ...numbered(notifiedCase, n), themes });
    const d = dashboardView(
      P,
      [
        withThemes(1, ['neglect', 'safe-sleep']),
        withThemes(2, ['neglect']),
        withThemes(3, ['safe-sleep', 'neglect']),
        withThemes(4, ['online-harm']),
      ],
      new Date('2026-12-23T10:00:00Z'),
    );
    expect(d.counts.themes).toEqual([
      { theme: 'neglect', label: 'Neglect', cases: 3 },
      { theme: 'safe-sleep', label: 'Safe sleep / sudden unexpected death in infancy', cases: 2 },
    ]);
  });
});

describe('who sees the dashboard', () => {
  it('is the permission table’s view-dashboard: members are refused, by action and not by case', () => {
    expect(dashboardActor([actors.scrutineer]).id).toBe('scrutineer');
    expect(dashboardActor([actors.member, actors.chair]).id).toBe('chair');
    expect(() => dashboardActor([actors.member])).toThrow(
      expect.objectContaining({ code: 'action.not_permitted' }),
    );
    expect(() => dashboardActor([])).toThrow(
      expect.objectContaining({ code: 'action.not_permitted' }),
    );
  });
});

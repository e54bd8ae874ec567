/**
 * The pages as text: what a person typed is escaped, the CSV cannot run as a spreadsheet formula,
 * and each deadline status is drawn with its own shape and named in words (readable without colour).
 */
import { describe, expect, it } from 'vitest';
import type { CaseView } from '../../src/app/case-view.js';
import type { Dashboard, DashboardRow, MarkStatus } from '../../src/app/dashboard.js';
import { casePage } from '../../src/web/case-page.js';
import { dashboardCsv, dashboardPage } from '../../src/web/dashboard-page.js';
import { markShape } from '../../src/web/timeline-svg.js';

const mark = (status: MarkStatus, due: string) => ({
  key: `k-${status}`,
  label: `Step ${status}`,
  due,
  status,
  statusText: `${status} words`,
});
const row = (over: Partial<DashboardRow> = {}): DashboardRow => ({
  caseId: 'c1',
  ref: 'NORTH-2026-001',
  stateLabel: 'Notified',
  pending: [{ label: 'Notify the Panel', who: 'Local authority', due: '2026-12-31' }],
  marks: [
    mark('met', '2026-12-20'),
    mark('late', '2026-12-21'),
    mark('due', '2026-12-31'),
    mark('overdue', '2026-12-22'),
  ],
  overdue: 1,
  ...over,
});
const counts: Dashboard['counts'] = {
  year: 2026,
  notifiedThisYear: 1,
  rapidReviews: { completed: 0, withinTime: 0, workingDays: 15 },
  decisions: [],
  localReviews: { published: 0, withinTime: 0, months: 6 },
  actionPlan: { open: 0, overdue: 0, byAgency: [] },
  themes: [],
};
const dashboard = (rows: DashboardRow[]): Dashboard => ({
  partnershipId: 'north',
  partnershipName: 'North <SCP>',
  today: '2026-12-23',
  axis: { from: '2026-12-09', to: '2027-01-20' },
  rows,
  counts,
});

describe('the dashboard page', () => {
  it('draws each status with its own shape, names it in words, and draws today’s line', () => {
    const shapes = (['met', 'late', 'due', 'overdue'] as const).map(
      (s) => markShape(s, 10, 10).value.split(' ')[0],
    );
    expect(shapes).toEqual(['<circle', '<rect', '<path', '<path']);
    // The two paths differ: an outlined triangle (due) and a cross (overdue).
    expect(markShape('due', 10, 10).value).toMatch(/Z" fill="none"/);
    expect(markShape('overdue', 10, 10).value).toMatch(/M0 0L20 20M20 0L0 20|M4 4L16 16M16 4L4 16/);
    const html = dashboardPage(dashboard([row()]));
    for (const word of ['Met', 'Done late', 'Due', 'Overdue'])
      expect(html).toContain(`<strong>${word}</strong>`);
    expect(html).toContain('class="today"');
    expect(html).toContain('Today 2026-12-23');
    expect(html).toContain('North &lt;SCP&gt;');
    expect(html).not.toContain('<script');
  });

  it('quotes CSV cells and defuses formulas', () => {
    const csv = dashboardCsv(
      dashboard([
        row({ stateLabel: '=HYPERLINK("x")', pending: [{ label: 'a, "b"', who: 'LA' }] }),
      ]),
    );
    const line = csv.split('\r\n')[1]!;
    expect(line).toContain(`"'=HYPERLINK(""x"")"`);
    expect(line).toContain('"a, ""b"" (LA)"');
    expect(line).toContain('Step overdue: 2026-12-22'); // next deadline: the overdue one first
  });
});

describe('the case page', () => {
  it('escapes the summary typed into the notification form', () => {
    const view = {
      caseId: 'c1',
      ref: 'NORTH-2026-001',
      partnershipName: 'North',
      procedure: 'Working Together 2023 (england-2023)',
      state: 'notified',
      stateLabel: 'Notified',
      children: 'Child A (4)',
      notified: {
        awareOn: '2026-12-22',
        harm: 'Death',
        summary: '<img src=x onerror=alert(1)> & more',
      },
      reasons: [],
      deadlines: [],
      pending: [],
      factsRecorded: false,
      criteriaAssessed: false,
      votes: [],
      votesHidden: true,
      review: [],
      steps: [],
      actionPlan: [
        { id: 'A1', agency: 'Police', due: '2027-01-10', status: 'Open', overdue: true },
      ],
      can: {
        facts: true,
        criteria: true,
        vote: false,
        step: false,
        actions: false,
        notified: false,
      },
    } as CaseView;
    const html = casePage(view);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; more');
    expect(html).not.toContain('<img');
    expect(html).toMatch(/<strong>Overdue<\/strong>: Open/);
  });
});

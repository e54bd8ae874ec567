/**
 * The dashboard page: counts the review group reports on (each chart with its table), the
 * timeline of every open case with its table alternative (links to each case), and the CSV link.
 * Server-rendered, no script: the page is complete at first paint.
 */
import { MARK_LABELS, type Dashboard, type DashboardRow } from '../app/dashboard.js';
import { html, type Html } from './html.js';
import { page } from './layout.js';
import { legend, timelineSvg } from './timeline-svg.js';

const percent = (share: number | undefined) =>
  share === undefined ? '—' : `${Math.round(share * 100)}%`;

/** A horizontal bar chart (hidden from assistive technology) followed by the table it draws. */
function barsWithTable(
  id: string,
  caption: string,
  head: [string, string],
  rows: { label: string; value: number; extra?: string }[],
  extraHead?: string,
): Html {
  const max = Math.max(0, ...rows.map((r) => r.value));
  const w = (v: number) => (max > 0 ? Math.round((v / max) * 300) : 0);
  const bars = rows.map(
    (r, i) =>
      html`<text x="0" y="${i * 22 + 15}">${r.label}</text><rect x="300" y="${i * 22 + 4}" width="${w(r.value)}" height="14" class="bar"/><text x="${306 + w(r.value)}" y="${i * 22 + 15}">${r.value}</text>`,
  );
  return html`<figure aria-labelledby="${id}-caption">
${max > 0 ? html`<svg class="bars" viewBox="0 0 660 ${rows.length * 22 + 6}" width="660" height="${rows.length * 22 + 6}" aria-hidden="true" focusable="false">${bars}</svg>` : ''}
<table id="${id}"><caption id="${id}-caption">${caption}</caption>
<thead><tr><th scope="col">${head[0]}</th><th scope="col">${head[1]}</th>${extraHead ? html`<th scope="col">${extraHead}</th>` : ''}</tr></thead>
<tbody>${rows.map((r) => html`<tr><th scope="row">${r.label}</th><td>${r.value}</td>${extraHead ? html`<td>${r.extra ?? ''}</td>` : ''}</tr>`)}</tbody>
</table></figure>`;
}

function counts(d: Dashboard): Html {
  const c = d.counts;
  return html`<section aria-labelledby="counts-heading">
<h2 id="counts-heading">${c.year} in numbers</h2>
<dl class="counts">
<div><dt>Cases notified in ${c.year}</dt><dd data-count="notified">${c.notifiedThisYear}</dd></div>
<div><dt>Rapid reviews completed in ${c.year}</dt><dd data-count="rapid-completed">${c.rapidReviews.completed}</dd></div>
<div><dt>… within ${c.rapidReviews.workingDays} working days</dt><dd data-count="rapid-within">${c.rapidReviews.withinTime} (${percent(c.rapidReviews.share)})</dd></div>
<div><dt>Local reviews published in ${c.year}</dt><dd data-count="published">${c.localReviews.published}</dd></div>
<div><dt>… within ${c.localReviews.months} months of the decision</dt><dd data-count="published-within">${c.localReviews.withinTime}</dd></div>
<div><dt>Open action plan items</dt><dd data-count="actions-open">${c.actionPlan.open}</dd></div>
<div><dt>… overdue</dt><dd data-count="actions-overdue">${c.actionPlan.overdue}</dd></div>
</dl>
</section>`;
}

/** The charts of the counts, each with its table; a chart of nothing but zeros is left out (its table stays). */
function charts(d: Dashboard): Html {
  const c = d.counts;
  return html`<section aria-labelledby="charts-heading">
<h2 id="charts-heading">Decisions, action plans and themes</h2>
${barsWithTable(
  'decisions',
  `Decisions recorded in ${c.year}, by outcome`,
  ['Outcome', 'Decisions'],
  c.decisions.map((x) => ({ label: x.label, value: x.count })),
)}
${
  c.actionPlan.byAgency.length
    ? barsWithTable(
        'actions',
        'Open action plan items, by agency',
        ['Agency', 'Open items'],
        c.actionPlan.byAgency.map((a) => ({
          label: a.label,
          value: a.open,
          extra: String(a.overdue),
        })),
        'Overdue',
      )
    : html`<p>No open action plan items.</p>`
}
${
  c.themes.length
    ? barsWithTable(
        'themes',
        'Recurrent themes (on two or more cases)',
        ['Theme', 'Cases'],
        c.themes.map((t) => ({ label: t.label, value: t.cases })),
      )
    : html`<p>No theme is recorded on more than one case.</p>`
}
</section>`;
}

function pendingText(r: DashboardRow): string {
  return r.pending.map((p) => `${p.label} (${p.who})${p.due ? `, due ${p.due}` : ''}`).join('; ');
}

/** The earliest deadline not yet done (overdue ones first, by date). */
const nextOpen = (r: DashboardRow) =>
  r.marks
    .filter((m) => m.status === 'due' || m.status === 'overdue')
    .sort((a, b) => a.due.localeCompare(b.due))[0];

function rowCells(r: DashboardRow): Html {
  const next = nextOpen(r);
  return html`<th scope="row"><a href="/dashboard/case/${encodeURIComponent(r.caseId)}">${r.ref}</a></th>
<td>${r.stateLabel}</td>
<td>${r.pending.length ? html`<ul>${r.pending.map((p) => html`<li>${p.label} (${p.who})${p.due ? `, due ${p.due}` : ''}</li>`)}</ul>` : 'Nothing pending'}</td>
<td>${next ? html`${next.label}: ${next.due} (${next.status === 'overdue' ? html`<strong>Overdue</strong>, ` : ''}${next.statusText})` : '—'}</td>
<td>${r.overdue}</td>
<td><ul>${r.marks.map((m) => html`<li class="mark-${m.status}">${m.label}: ${m.due}, <strong>${MARK_LABELS[m.status]}</strong>${m.doneOn ? ` (done ${m.doneOn})` : ''}</li>`)}</ul></td>`;
}

export function dashboardPage(d: Dashboard): string {
  const body = html`<p>${d.partnershipName} · today ${d.today} · ${d.rows.length} open case${d.rows.length === 1 ? '' : 's'}</p>
<nav aria-label="Dashboard"><ul class="links"><li><a href="#timeline-heading">Timeline</a></li><li><a href="#charts-heading">Decisions, action plans and themes</a></li><li><a href="#cases">Open cases table</a></li><li><a href="/dashboard/cases.csv" download>Download the open cases table (CSV)</a></li><li><form method="post" action="/dashboard/sign-out"><button type="submit">Sign out</button></form></li></ul></nav>
${counts(d)}
<section aria-labelledby="timeline-heading">
<h2 id="timeline-heading">Timeline of open cases</h2>
<p>Each row is an open case; each mark a statutory deadline on the shared date axis. The table after the chart gives the same, with a link to each case’s summary and action plan.</p>
${legend()}
<div class="scroll">${timelineSvg(d)}</div>
</section>
${charts(d)}
<section aria-labelledby="cases-caption">
<div class="scroll"><table id="cases" class="cases">
<caption id="cases-caption">Open cases: state, whose action is pending, and every deadline</caption>
<thead><tr><th scope="col">Case</th><th scope="col">State</th><th scope="col">Pending (whose action)</th><th scope="col">Next deadline</th><th scope="col">Overdue</th><th scope="col">Deadlines</th></tr></thead>
<tbody>${d.rows.map((r) => html`<tr data-ref="${r.ref}">${rowCells(r)}</tr>`)}</tbody>
</table></div>
</section>`;
  return page(`Review group dashboard: ${d.partnershipName}`, body, {
    heading: 'Review group dashboard',
  });
}

/** The same table as CSV (RFC 4180), cells that a spreadsheet would run as a formula quoted harmless. */
export function dashboardCsv(d: Dashboard): string {
  const cell = (s: string | number) => {
    let t = String(s);
    if (/^[=+\-@\t\r]/.test(t)) t = `'${t}`;
    return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
  };
  const lines = [
    [
      'Case',
      'State',
      'Pending (whose action)',
      'Next deadline',
      'Next due',
      'Overdue',
      'Deadlines',
    ],
  ];
  for (const r of d.rows) {
    const next = nextOpen(r);
    lines.push([
      r.ref,
      r.stateLabel,
      pendingText(r),
      next?.label ?? '',
      next?.due ?? '',
      String(r.overdue),
      r.marks.map((m) => `${m.label}: ${m.due} ${MARK_LABELS[m.status]}`).join('; '),
    ]);
  }
  return lines.map((l) => l.map(cell).join(',')).join('\r\n') + '\r\n';
}

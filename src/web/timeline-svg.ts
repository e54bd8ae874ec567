/**
 * The timeline as plain SVG: one row per open case (its reference), its statutory deadlines as
 * marks on one shared date axis, and today's line. Each status has its own colour AND shape (and
 * the legend and table name it in words), so the chart reads without colour. The chart is hidden
 * from assistive technology: the table after it says the same, with the links to each case.
 */
import { addCalendarDays, type IsoDate } from '../domain/calendar.js';
import { MARK_LABELS, type Dashboard, type MarkStatus } from '../app/dashboard.js';
import { html, type Html } from './html.js';

const LABEL_W = 170;
const CHART_W = 1000;
const ROW_H = 24;
const AXIS_H = 40;
const R = 6;

/** Colours of at least 4.5:1 on white (WCAG 1.4.11 asks 3:1 of graphics). */
export const MARK_STYLE: Readonly<Record<MarkStatus, { colour: string; shape: string }>> = {
  met: { colour: '#1b6e34', shape: 'circle' },
  late: { colour: '#8a4b00', shape: 'square' },
  due: { colour: '#1d4f91', shape: 'triangle' },
  overdue: { colour: '#a4001d', shape: 'cross' },
};

const day = (d: IsoDate) => Math.round(Date.parse(`${d}T00:00:00Z`) / 86_400_000);

export function markShape(status: MarkStatus, x: number, y: number): Html {
  const { colour } = MARK_STYLE[status];
  switch (status) {
    case 'met':
      return html`<circle cx="${x}" cy="${y}" r="${R}" fill="${colour}"/>`;
    case 'late':
      return html`<rect x="${x - R}" y="${y - R}" width="${2 * R}" height="${2 * R}" fill="${colour}"/>`;
    case 'due':
      return html`<path d="M${x} ${y - R - 1}L${x + R + 1} ${y + R}H${x - R - 1}Z" fill="none" stroke="${colour}" stroke-width="2.5"/>`;
    case 'overdue':
      return html`<path d="M${x - R} ${y - R}L${x + R} ${y + R}M${x + R} ${y - R}L${x - R} ${y + R}" stroke="${colour}" stroke-width="3.5"/>`;
  }
}

/** Month ticks (every month, or every third on a long axis). */
function ticks(from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  const [y0, m0] = from.split('-').map(Number) as [number, number];
  const months = (Number(to.slice(0, 4)) - y0) * 12 + Number(to.slice(5, 7)) - m0 + 1;
  const step = months > 18 ? 3 : 1;
  for (let i = 1; i <= months; i += step) {
    const m = m0 - 1 + i;
    const t = `${y0 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}-01`;
    if (t >= from && t <= to) out.push(t);
  }
  return out;
}

export function timelineSvg(d: Dashboard): Html {
  const from = addCalendarDays(d.axis.from, -3);
  const to = addCalendarDays(d.axis.to, 3);
  const span = Math.max(1, day(to) - day(from));
  const x = (date: IsoDate) =>
    LABEL_W + ((day(date) - day(from)) / span) * (CHART_W - LABEL_W - 10);
  const height = AXIS_H + d.rows.length * ROW_H + 10;
  const todayX = x(d.today).toFixed(1);
  const rows = d.rows.map((r, i) => {
    const y = AXIS_H + i * ROW_H + ROW_H / 2;
    return html`<a href="/dashboard/case/${encodeURIComponent(r.caseId)}" tabindex="-1"><g class="row">
<title>${r.ref}: ${r.stateLabel}${r.pending.length ? `; pending: ${r.pending.map((p) => `${p.label} (${p.who})`).join('; ')}` : ''}</title>
<rect x="0" y="${y - ROW_H / 2}" width="${CHART_W}" height="${ROW_H}" class="${i % 2 ? 'odd' : 'even'}"/>
<text x="6" y="${y + 5}">${r.ref}</text>
${r.marks.map((m, k) => {
  // Marks on the same day sit side by side, not on top of each other.
  const sameDay = r.marks.slice(0, k).filter((o) => o.due === m.due).length;
  return html`<g><title>${m.label}: ${m.due}, ${MARK_LABELS[m.status]} (${m.statusText})</title>${markShape(m.status, Number((x(m.due) + sameDay * (2 * R + 3)).toFixed(1)), y)}</g>`;
})}
</g></a>`;
  });
  return html`<svg class="timeline" viewBox="0 0 ${CHART_W} ${height}" width="${CHART_W}" height="${height}" aria-hidden="true" focusable="false">
<g class="axis">
${ticks(from, to).map((t) => html`<line x1="${x(t).toFixed(1)}" y1="${AXIS_H - 8}" x2="${x(t).toFixed(1)}" y2="${height}"/><text x="${x(t).toFixed(1)}" y="${AXIS_H - 14}">${t.slice(0, 7)}</text>`)}
</g>
${rows}
<line class="today" x1="${todayX}" y1="${AXIS_H - 26}" x2="${todayX}" y2="${height}"/>
<text class="today-label" x="${todayX}" y="12">Today ${d.today}</text>
</svg>`;
}

/** The legend: each status's shape beside its word. */
export function legend(): Html {
  return html`<ul class="legend">${(Object.keys(MARK_STYLE) as MarkStatus[]).map(
    (s) =>
      html`<li><svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true" focusable="false">${markShape(s, 9, 9)}</svg> ${MARK_LABELS[s]}</li>`,
  )}<li><svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true" focusable="false"><line class="today" x1="9" y1="0" x2="9" y2="18"/></svg> Today</li></ul>`;
}

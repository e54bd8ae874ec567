/** One case from the dashboard: its summary (the case card's view model) and its action plan. */
import type { CaseView } from '../app/case-view.js';
import { html } from './html.js';
import { page } from './layout.js';

export function casePage(v: CaseView): string {
  const n = v.notified;
  const body = html`<p><a href="/dashboard">Back to the dashboard</a></p>
<section aria-labelledby="summary-heading">
<h2 id="summary-heading">Summary</h2>
<dl class="facts">
<div><dt>State</dt><dd>${v.stateLabel}</dd></div>
<div><dt>Children</dt><dd>${v.children || '—'}</dd></div>
${n ? html`<div><dt>Aware on</dt><dd>${n.awareOn}</dd></div><div><dt>Harm</dt><dd>${n.harm}</dd></div><div><dt>What happened</dt><dd>${n.summary}</dd></div>` : ''}
${v.decision ? html`<div><dt>Decision</dt><dd>${v.decision.outcome} (recorded ${v.decision.recordedOn}${v.decision.corrections ? `, ${v.decision.corrections} correction${v.decision.corrections === 1 ? '' : 's'}` : ''})</dd></div>` : ''}
${v.review.map((l) => html`<div><dt>${l.label}</dt><dd>${l.value}</dd></div>`)}
</dl>
${v.reasons.length ? html`<h3>Why the duties apply</h3><ul>${v.reasons.map((r) => html`<li>${r}</li>`)}</ul>` : ''}
</section>
<section aria-labelledby="deadlines-caption">
<table><caption id="deadlines-caption">Deadlines</caption>
<thead><tr><th scope="col">Step</th><th scope="col">Due</th><th scope="col">Status</th><th scope="col">Counted from</th></tr></thead>
<tbody>${v.deadlines.map((d) => html`<tr><th scope="row">${d.label}</th><td>${d.due}</td><td>${d.overdue ? html`<strong>Overdue</strong>: ` : ''}${d.status}</td><td>${d.basis}</td></tr>`)}</tbody></table>
</section>
<section aria-labelledby="pending-heading">
<h2 id="pending-heading">Pending</h2>
${v.pending.length ? html`<ul>${v.pending.map((p) => html`<li>${p.label} (${p.who})${p.due ? `, due ${p.due}` : ''}</li>`)}</ul>` : html`<p>Nothing pending.</p>`}
</section>
<section aria-labelledby="votes-caption">
<table><caption id="votes-caption">Partners’ votes${v.votesHidden ? ' (outcomes hidden until all three voted)' : ''}</caption>
<thead><tr><th scope="col">Partner</th><th scope="col">Vote</th></tr></thead>
<tbody>${v.votes.map((x) => html`<tr><th scope="row">${x.partnerLabel}</th><td>${x.outcome ? `${x.outcome} (${x.by ?? ''})` : x.voted ? 'Voted' : 'Not voted yet'}</td></tr>`)}</tbody></table>
</section>
<section aria-labelledby="plan-caption">
${
  v.actionPlan.length
    ? html`<table id="action-plan"><caption id="plan-caption">Action plan</caption>
<thead><tr><th scope="col">Item</th><th scope="col">Agency</th><th scope="col">Due</th><th scope="col">Status</th></tr></thead>
<tbody>${v.actionPlan.map((i) => html`<tr><th scope="row">${i.id}</th><td>${i.agency}</td><td>${i.due}</td><td>${i.overdue ? html`<strong>Overdue</strong>: ` : ''}${i.status}</td></tr>`)}</tbody></table>`
    : html`<h2 id="plan-caption">Action plan</h2><p>No action plan items yet.</p>`
}
</section>`;
  return page(`${v.ref}: case summary`, body, { heading: `${v.ref} · ${v.partnershipName}` });
}

/**
 * The one stylesheet (served from /dashboard/style.css so the Content-Security-Policy needs no
 * inline style). Text and marks meet WCAG 2.2 AA contrast on white; focus is always visible.
 */
export const STYLE = `
:root { color: #1a1a1a; background: #fff; font: 16px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; }
body { margin: 0; }
main { padding: 1rem 1.5rem 3rem; max-width: 1200px; }
a { color: #0b4f9c; }
a:focus-visible, button:focus-visible { outline: 3px solid #1a1a1a; outline-offset: 2px; background: #ffdd00; }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 1rem; top: 1rem; background: #ffdd00; color: #1a1a1a; padding: .5rem; z-index: 1; }
h1 { font-size: 1.7rem; margin: .5rem 0; }
h2 { font-size: 1.3rem; margin-top: 2rem; }
.links { display: flex; gap: 1.5rem; list-style: none; padding: 0; flex-wrap: wrap; align-items: center; }
.links form { margin: 0; }
.links button { padding: .2rem .75rem; }
.counts { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: .75rem; }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: .5rem; }
.counts div, .facts div { border: 1px solid #6b6b6b; border-radius: 4px; padding: .5rem .75rem; }
.counts dt { font-size: .95rem; }
.counts dd { margin: 0; font-size: 1.6rem; font-weight: 700; }
.facts dd { margin: 0; }
figure { margin: 1.5rem 0; }
table { border-collapse: collapse; margin: 1rem 0; }
caption { text-align: left; font-weight: 700; font-size: 1.1rem; padding: .25rem 0; }
th, td { border: 1px solid #6b6b6b; padding: .3rem .5rem; text-align: left; vertical-align: top; }
thead th { background: #e8e8e8; }
td ul, th ul { margin: 0; padding-left: 1.1rem; }
.cases td:nth-child(5) { text-align: right; }
.scroll { overflow-x: auto; }
.legend { display: flex; gap: 1.25rem; list-style: none; padding: 0; flex-wrap: wrap; }
.legend li { display: flex; align-items: center; gap: .35rem; }
svg text { font: 12px system-ui, sans-serif; fill: #1a1a1a; }
.timeline .even { fill: #fff; }
.timeline .odd { fill: #f2f2f2; }
.timeline a:hover .row rect { fill: #dde8f6; }
.axis line { stroke: #9a9a9a; stroke-width: 1; }
.today { stroke: #1a1a1a; stroke-width: 2; stroke-dasharray: 5 3; }
.today-label { font-weight: 700; }
.bar { fill: #1d4f91; }
.mark-overdue strong { color: #a4001d; }
.mark-late strong { color: #8a4b00; }
.mark-met strong { color: #1b6e34; }
.mark-due strong { color: #1d4f91; }
button { font: inherit; padding: .5rem 1rem; background: #0b4f9c; color: #fff; border: 2px solid #0b4f9c; border-radius: 4px; cursor: pointer; }
`;

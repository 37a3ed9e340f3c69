// The stylesheet of report.html and leaderboard.html, inlined: system fonts only, nothing to fetch.
export const pageStyle = `
:root {
  --ink: #1f2937; --muted: #6b7280; --line: #e5e7eb; --page: #f4f6fb; --card: #ffffff;
  --accent: #3a6fd8; --good: #047857; --good-bg: #d1fae5; --bad: #b91c1c; --bad-bg: #fee2e2; --warn: #92400e; --warn-bg: #fef3c7;
  --best-bg: #e7f6ee; --reference-bg: #f8fafc;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--page); color: var(--ink); font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
.wrap { max-width: 1320px; margin: 0 auto; padding: 0 28px; }
h1, h2, h3 { line-height: 1.25; margin: 0 0 .5em; }
h2 { font-size: 1.35rem; letter-spacing: -.01em; }
h3 { font-size: 1.05rem; margin-top: 1.4em; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .85em; }
pre { background: #f3f4f6; padding: 12px 14px; border-radius: 8px; overflow: auto; max-height: 360px; }
a { color: var(--accent); }
.muted { color: var(--muted); }
sup { font-size: .7em; line-height: 0; }

.hero { background: linear-gradient(120deg, #172554 0%, #1e40af 45%, #0f766e 100%); color: #fff; padding: 34px 0 92px; }
.hero .kicker { margin: 0 0 6px; opacity: .8; font-size: .85rem; letter-spacing: .04em; text-transform: uppercase; }
.hero h1 { font-size: 2rem; font-weight: 750; letter-spacing: -.02em; margin-bottom: 14px; }
.hero .chips { display: flex; flex-wrap: wrap; gap: 8px; margin: 0 0 18px; }
.hero .chips span { background: rgba(255,255,255,.14); border: 1px solid rgba(255,255,255,.22); padding: 3px 11px; border-radius: 999px; font-size: .85rem; }
.hero nav { display: flex; flex-wrap: wrap; gap: 18px; font-size: .9rem; }
.hero nav a { color: #dbeafe; text-decoration: none; border-bottom: 1px solid rgba(219,234,254,.35); }

main.wrap { margin-top: -64px; padding-bottom: 40px; }
.card { background: var(--card); border-radius: 16px; padding: 24px 26px; margin: 0 0 24px; box-shadow: 0 1px 2px rgba(15,23,42,.05), 0 8px 24px rgba(15,23,42,.06); }
.card > h2 { display: flex; align-items: center; gap: 10px; }
.lead { color: #374151; max-width: 72em; margin: 0 0 16px; }
figure { margin: 8px 0 0; overflow-x: auto; }
figure svg { display: block; margin: 0 auto; }

.glance { display: grid; grid-template-columns: repeat(3, 1fr); gap: 18px; margin-bottom: 24px; }
.glance-card { display: block; position: relative; background: var(--card); border-radius: 16px; padding: 20px 22px 18px; color: inherit; text-decoration: none;
  box-shadow: 0 1px 2px rgba(15,23,42,.05), 0 8px 24px rgba(15,23,42,.08); border-top: 5px solid var(--accent); }
.glance-card.forgetting { border-top-color: #7c3aed; } .glance-card.balanced { border-top-color: #0f766e; } .glance-card.cost { border-top-color: #d97706; }
.glance-card h2 { font-size: .8rem; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin: 0 0 8px; }
.glance-card .icon { position: absolute; right: 18px; top: 16px; opacity: .35; }
.glance-card.forgetting .icon { color: #7c3aed; } .glance-card.balanced .icon { color: #0f766e; } .glance-card.cost .icon { color: #d97706; }
.glance-card .pick { font-size: 1.45rem; font-weight: 700; margin: 0 0 4px; }
.glance-card .pick.none { font-size: 1.05rem; color: var(--muted); }
.glance-card .figures, .glance-card .runner-up { margin: 0; font-size: .85rem; color: var(--muted); }
.glance-card .runner-up { margin-top: 6px; }

.dot { display: inline-block; width: .72em; height: .72em; border-radius: 50%; margin-right: .45em; vertical-align: .02em; }
.chip { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: .75rem; font-weight: 600; white-space: nowrap; }
.chip.good { background: var(--good-bg); color: var(--good); } .chip.bad { background: var(--bad-bg); color: var(--bad); } .chip.warn { background: var(--warn-bg); color: var(--warn); }

.caption { color: var(--muted); margin: -4px 0 10px; font-size: .9rem; }
.table-scroll { overflow-x: auto; border: 1px solid var(--line); border-radius: 10px; }
table.results { border-collapse: separate; border-spacing: 0; width: 100%; font-size: .84rem; font-variant-numeric: tabular-nums; }
table.results th, table.results td { padding: 6px 7px; text-align: right; white-space: nowrap; border-bottom: 1px solid var(--line); }
table.results thead th { background: #f8fafc; font-weight: 600; color: #374151; position: sticky; top: 0; }
table.results thead th.group { text-align: center; border-bottom: 1px solid var(--line); font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
table.results thead th small { display: block; font-weight: 400; color: var(--muted); font-size: .72rem; }
table.results th.corner, table.results tbody th { text-align: left; position: sticky; left: 0; background: #fff; z-index: 1; }
table.results thead th.corner { background: #f8fafc; z-index: 2; vertical-align: bottom; }
table.results .first, table.results th.group { border-left: 1px solid var(--line); }
table.results tr.reference td, table.results tr.reference th { background: var(--reference-bg); color: #475569; font-style: italic; }
table.results tr.reference + tr.method td, table.results tr.reference + tr.method th { border-top: 2px solid #cbd5e1; }
table.results tbody tr.method:hover td, table.results tbody tr.method:hover th { background: #f5f8ff; }
table.results td.best { background: var(--best-bg); font-weight: 700; color: #065f46; }
table.results tbody tr:last-child td, table.results tbody tr:last-child th { border-bottom: 0; }
.spread { display: block; font-size: .7rem; color: var(--muted); font-weight: 400; }
.tag { margin-left: 6px; font-size: .68rem; font-style: normal; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); border: 1px solid var(--line); border-radius: 4px; padding: 0 4px; }

.callout { background: #eff6ff; border-left: 4px solid var(--accent); padding: 10px 14px; border-radius: 6px; margin: 0 0 12px; }
.callout.warn { background: var(--warn-bg); border-left-color: #d97706; }
.priorities { display: grid; grid-template-columns: repeat(3, 1fr); gap: 18px; margin-top: 12px; }
.priority { border: 1px solid var(--line); border-radius: 12px; padding: 16px 18px; border-top: 4px solid var(--accent); }
.priority.forgetting { border-top-color: #7c3aed; } .priority.balanced { border-top-color: #0f766e; } .priority.cost { border-top-color: #d97706; }
.priority h3 { margin: 0; }
.priority .audience { margin: 2px 0 10px; color: var(--muted); font-size: .88rem; }
.priority .rule { font-size: .85rem; background: #f8fafc; border-radius: 8px; padding: 8px 10px; margin: 0 0 12px; }
.priority .rule span { display: block; font-size: .7rem; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); font-weight: 700; }
ol.ranking { list-style: none; margin: 0; padding: 0; }
ol.ranking li { display: flex; gap: 10px; align-items: flex-start; padding: 7px 0; border-bottom: 1px dashed var(--line); }
ol.ranking li:last-child { border-bottom: 0; }
ol.ranking .rank { flex: none; width: 24px; height: 24px; border-radius: 50%; background: #eef2ff; color: #3730a3; font-weight: 700; font-size: .8rem; display: grid; place-items: center; }
ol.ranking li:first-child .rank { background: #3730a3; color: #fff; }
ol.ranking .figures { font-size: .8rem; color: var(--muted); }
details { margin-top: 10px; font-size: .88rem; }
details summary { cursor: pointer; color: var(--muted); }
ul.excluded { padding-left: 18px; margin: 6px 0 0; color: #4b5563; }
table.method-lines { border-collapse: collapse; width: 100%; font-size: .9rem; }
table.method-lines th { text-align: left; vertical-align: top; width: 11em; padding: 8px 12px 8px 0; font-weight: 650; }
table.method-lines th code { font-weight: 400; color: var(--muted); font-size: .75rem; }
table.method-lines td { padding: 8px 0; border-bottom: 1px solid var(--line); }
table.method-lines tr:last-child td { border-bottom: 0; }

.gallery { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(440px, 100%), 1fr)); gap: 18px; }
.person { border: 1px solid var(--line); border-radius: 12px; padding: 14px 16px; }
.person.forget { border-top: 4px solid #dc2626; } .person.retain { border-top: 4px solid #059669; }
.person header { display: flex; gap: 14px; align-items: center; margin-bottom: 8px; }
.person h3 { margin: 0 0 4px; }
.portrait { width: 88px; height: 88px; border-radius: 10px; object-fit: cover; image-rendering: auto; box-shadow: 0 1px 3px rgba(0,0,0,.15); }
.portrait.empty { display: grid; place-items: center; background: #f3f4f6; color: var(--muted); font-size: .75rem; }
.role { font-size: .72rem; text-transform: uppercase; letter-spacing: .06em; font-weight: 700; padding: 1px 8px; border-radius: 999px; }
.role.forget { background: var(--bad-bg); color: var(--bad); } .role.retain { background: var(--good-bg); color: var(--good); }
.question { font-size: .85rem; margin: 6px 0 8px; }
.question .task { font-size: .7rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); font-weight: 700; margin-right: 4px; }
table.answers { border-collapse: collapse; width: 100%; font-size: .84rem; }
table.answers th { text-align: left; font-weight: 600; white-space: nowrap; padding: 4px 8px 4px 0; vertical-align: top; width: 1%; }
table.answers th small { font-weight: 400; color: var(--muted); }
table.answers td { padding: 4px 6px 4px 0; vertical-align: top; border-top: 1px solid #f1f5f9; }
table.answers td:last-child { text-align: right; width: 1%; }
table.answers tr.target td, table.answers tr.target th { background: #f8fafc; }

.run-grid { display: grid; grid-template-columns: 1.1fr 1fr; gap: 24px; }
.run-grid h3 { margin-top: 0; }
table.facts { border-collapse: collapse; font-size: .88rem; width: 100%; }
table.facts th { text-align: left; color: var(--muted); font-weight: 500; padding: 4px 14px 4px 0; white-space: nowrap; vertical-align: top; }
table.facts td { padding: 4px 0; }
table.facts.hashes td { word-break: break-all; }
footer { color: var(--muted); font-size: .8rem; text-align: center; padding: 8px 0 24px; }

@media (max-width: 900px) {
  .glance, .priorities, .run-grid { grid-template-columns: 1fr; }
  .hero h1 { font-size: 1.5rem; }
}
@media (max-width: 560px) {
  .wrap { padding: 0 12px; } .card { padding: 18px 14px; } .person { padding: 12px 10px; }
  table.answers th small { display: none; } .chip { white-space: normal; }
}
@media print {
  body { background: #fff; } .hero { padding-bottom: 24px; } main.wrap { margin-top: 16px; }
  .card, .glance-card { box-shadow: none; border: 1px solid var(--line); break-inside: avoid; }
}
`;

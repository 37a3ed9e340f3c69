// report.html: one self-contained page (inline CSS, inline SVG, images as data: URIs, no script, no external
// link), so it can be mailed, attached to a ticket or opened offline years later and still look the same.
import type { Decision, Priority, RankedMethod } from './decision.js';
import { formatSeconds, missing } from './format.js';
import { galleryHtml, galleryPeople } from './gallery.js';
import { escapeHtml, scientificHtml } from './html-escape.js';
import { pageStyle } from './html-style.js';
import { modelColors } from './palette.js';
import type { Plots } from './plots.js';
import type { Results } from './results.js';
import { betterSymbol, bestLabels, rowsOf, tablesOf } from './tables.js';
import type { Row, Table } from './tables.js';

function dot(color: string | undefined): string {
  return `<span class="dot" style="background:${color ?? '#333333'}"></span>`;
}

function tableHtml(table: Table, rows: Row[], colors: Map<string, string>): string {
  const columns = table.groups.flatMap((group) => group.columns);
  const best = columns.map((column) => bestLabels(column, rows));
  const groupRow = table.groups.map((group) => `<th colspan="${group.columns.length}" class="group">${escapeHtml(group.header)}</th>`).join('');
  const columnRow = table.groups.map((group) => group.columns.map((column, index) =>
    `<th title="${escapeHtml(column.title)}"${index === 0 ? ' class="first"' : ''}>${escapeHtml(column.header)}<small>${escapeHtml(betterSymbol[column.better])}</small></th>`).join('')).join('');
  const firstColumns = new Set(table.groups.map((group) => group.columns[0]));
  const body = rows.map((row) => {
    const cells = columns.map((column, index) => {
      const statistic = column.value(row);
      const classes = [firstColumns.has(column) ? 'first' : '', best[index]?.has(row.label) ? 'best' : ''].filter(Boolean).join(' ');
      const classAttribute = classes === '' ? '' : ` class="${classes}"`;
      if (statistic === null) return `<td${classAttribute}><span class="muted">${missing}</span></td>`;
      const spread = statistic.std === null ? '' : `<span class="spread">±${scientificHtml(column.format(statistic.std))}</span>`;
      return `<td${classAttribute}>${scientificHtml(column.format(statistic.mean))}${spread}</td>`;
    }).join('');
    const tag = row.kind === 'method' ? '' : `<span class="tag">${row.kind === 'target' ? 'before' : row.kind === 'gold' ? 'ideal' : 'base'}</span>`;
    return `<tr class="${row.kind === 'method' ? 'method' : 'reference'}"><th>${dot(colors.get(row.label))}${escapeHtml(row.label)}${tag}</th>${cells}</tr>`;
  }).join('\n');
  return `<h3>${escapeHtml(table.title)}</h3><p class="caption">${escapeHtml(table.caption)}</p>
<div class="table-scroll"><table class="results"><thead><tr><th rowspan="2" class="corner">Method</th>${groupRow}</tr><tr>${columnRow}</tr></thead><tbody>
${body}</tbody></table></div>`;
}

function comparisonBadge(entry: RankedMethod, previous: RankedMethod | undefined): string {
  if (entry.comparedWithPrevious === 'tie') return `<span class="chip warn" title="same numbers as ${escapeHtml(previous?.label ?? '')}">tie</span>`;
  if (entry.comparedWithPrevious === 'not significant') {
    return `<span class="chip warn" title="its interval overlaps ${escapeHtml(previous?.label ?? '')}'s">≈ not significant</span>`;
  }
  return '';
}

function priorityHtml(priority: Priority, colors: Map<string, string>): string {
  const ranked = priority.ranked.length === 0
    ? '<p class="muted">No method meets this rule in this run.</p>'
    : `<ol class="ranking">${priority.ranked.map((entry, index) => `<li><span class="rank">${index + 1}</span><div><strong>${dot(colors.get(entry.label))}${escapeHtml(entry.label)}</strong> ${comparisonBadge(entry, priority.ranked[index - 1])}<br><span class="figures">${scientificHtml(entry.figures)}</span></div></li>`).join('')}</ol>`;
  const excluded = priority.excluded.length === 0 ? '' : `<details><summary>${priority.excluded.length} left out</summary><ul class="excluded">${priority.excluded.map((entry) => `<li><strong>${escapeHtml(entry.label)}</strong>: ${scientificHtml(entry.reason)}</li>`).join('')}</ul></details>`;
  return `<section class="priority ${priority.id}"><h3>${escapeHtml(priority.title)}</h3><p class="audience">${escapeHtml(priority.audience)}</p>
<p class="rule"><span>Rule</span>${scientificHtml(priority.rule)}</p>${ranked}${excluded}</section>`;
}

function decisionHtml(decision: Decision, colors: Map<string, string>): string {
  const warnings = decision.warnings.map((warning) => `<p class="callout warn">${scientificHtml(warning)}</p>`).join('');
  const lines = decision.methodLines.map((method) =>
    `<tr><th>${dot(colors.get(method.label))}${escapeHtml(method.label)}<br><code>${escapeHtml(method.name)}</code></th><td>${scientificHtml(method.line)}</td></tr>`).join('');
  return `<p class="callout">${escapeHtml(decision.scope)}</p>${warnings}<p class="muted">${escapeHtml(decision.seedsNote)}</p>
<div class="priorities">${decision.priorities.map((priority) => priorityHtml(priority, colors)).join('')}</div>
<h3>What each method does, and what it cost here</h3><table class="method-lines"><tbody>${lines}</tbody></table>`;
}

function glanceHtml(decision: Decision, colors: Map<string, string>): string {
  // Drawn inline: symbol characters depend on the reader's fonts, and some have none for them.
  const paths: Record<Priority['id'], string> = {
    forgetting: '<path d="M12 3l7 3v5c0 4.5-3 8.5-7 10-4-1.5-7-5.5-7-10V6z"/><path d="M9 12l2 2 4-4"/>',
    balanced: '<path d="M12 4v16M7 20h10M5 7h14"/><path d="M5 7l-3 6a3 3 0 0 0 6 0zM19 7l-3 6a3 3 0 0 0 6 0z"/>',
    cost: '<circle cx="12" cy="13" r="7"/><path d="M12 13V9M10 3h4M12 3v3"/>',
  };
  const icon = (id: Priority['id']) => `<svg class="icon" viewBox="0 0 24 24" width="30" height="30" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">${paths[id]}</svg>`;
  return `<div class="glance">${decision.priorities.map((priority) => {
    const [first, second] = priority.ranked;
    const body = first === undefined
      ? '<p class="pick none">No method qualifies</p>'
      : `<p class="pick">${dot(colors.get(first.label))}${escapeHtml(first.label)}</p><p class="figures">${scientificHtml(first.figures)}</p>${second ? `<p class="runner-up">then ${escapeHtml(second.label)}${second.comparedWithPrevious === 'not significant' || second.comparedWithPrevious === 'tie' ? ' (not significantly worse)' : ''}</p>` : ''}`;
    return `<a class="glance-card ${priority.id}" href="#choosing">${icon(priority.id)}<h2>${escapeHtml(priority.title)}</h2>${body}</a>`;
  }).join('')}</div>`;
}

function runDetailsHtml(results: Results): string {
  const { run } = results;
  const environment = run.environment;
  const facts: Array<[string, string]> = [
    ['clearbench', `${run.clearbenchVersion}${run.gitCommit ? ` (${run.gitCommit})` : ''}`],
    ['Created', run.createdAt],
    ['Preset / track / modality', `${run.preset} / ${run.track} / ${run.modality}`],
    ['Forget split', run.forgetSplit === 'custom' ? `custom: ${(run.forgetPeople ?? []).join(', ')}` : `forget${run.forgetSplit}`],
    ['Seeds', run.seeds.join(', ')],
    ['Model', run.modelDescription ?? missing],
    ['Data', run.dataSource ?? missing],
    ['Total time', formatSeconds(run.totalSeconds)],
    ['Machine', `${environment.cpuModel}, ${environment.cpuCores} cores, ${environment.platform}, Node ${environment.nodeVersion}`],
    ['Backend', `${environment.backendName} (GEMM: ${environment.gemmPath})`],
  ];
  const hashes = Object.entries(run.dataHashes).map(([name, hash]) => `<tr><th>${escapeHtml(name)}</th><td><code>${escapeHtml(hash)}</code></td></tr>`).join('');
  return `<div class="run-grid"><table class="facts"><tbody>${facts.map(([key, value]) => `<tr><th>${escapeHtml(key)}</th><td>${escapeHtml(value)}</td></tr>`).join('')}</tbody></table>
<div>${hashes === '' ? '' : `<h3>Data hashes (sha256)</h3><table class="facts hashes"><tbody>${hashes}</tbody></table>`}
<details><summary>Config, as run</summary><pre>${escapeHtml(JSON.stringify(run.config, null, 2))}</pre></details></div></div>`;
}

export function renderHtml(results: Results, decision: Decision, plots: Plots): string {
  const colors = modelColors(results);
  const rows = rowsOf(results);
  const { run } = results;
  const split = run.forgetSplit === 'custom' ? `forget request: ${(run.forgetPeople ?? []).join(', ')}` : `forget${run.forgetSplit}`;
  const seeds = run.seeds.length === 1 ? `seed ${run.seeds[0]}` : `${run.seeds.length} seeds`;
  const chips = [split, `${results.methods.length} methods`, seeds, `${run.preset} preset`, `${run.track} track`, `${run.modality} modality`, formatSeconds(run.totalSeconds)];
  const tables = tablesOf(results).map((table) => tableHtml(table, rows, colors)).join('\n');
  const section = (id: string, title: string, body: string, lead = '') =>
    `<section class="card" id="${id}"><h2>${escapeHtml(title)}</h2>${lead === '' ? '' : `<p class="lead">${lead}</p>`}${body}</section>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>CLEAR report: ${escapeHtml(split)}, ${escapeHtml(run.preset)}</title>
<style>${pageStyle}</style></head>
<body>
<header class="hero"><div class="wrap">
<p class="kicker">clearbench ${escapeHtml(run.clearbenchVersion)} · CLEAR unlearning benchmark</p>
<h1>Which method forgets best, and what does it cost?</h1>
<p class="chips">${chips.map((chip) => `<span>${escapeHtml(chip)}</span>`).join('')}</p>
<nav><a href="#trade-off">Trade-off</a><a href="#results">Table</a><a href="#choosing">Choosing a method</a><a href="#gallery">Before and after</a><a href="#tasks">Per task</a><a href="#training">Training</a><a href="#run">Run</a></nav>
</div></header>
<main class="wrap">
${glanceHtml(decision, colors)}
${section('trade-off', 'Forgetting against utility', `<figure>${plots.tradeOff}</figure>`, 'Up means the forget people look as if they were never learned (forget quality: KS-test p-value against the gold model, log scale); right means the rest of the model still works (model utility). <strong>Square</strong>: the target model before unlearning; <strong>diamond</strong>: the gold model retrained without the forget people, the ideal. The dashed staircase joins the Pareto front: methods no other method beats on both axes (bold). Lines through points span mean ± std over seeds.')}
${section('results', 'Results', tables, 'Best method in each column highlighted; ↑ higher is better, ↓ lower is better, ≈ gold: closest to the gold model is better (forgetting should look like never having learned, not like damage). Hover a column header for its definition.')}
${section('choosing', 'Choosing a method', decisionHtml(decision, colors))}
${section('gallery', 'Before and after', galleryHtml(galleryPeople(results), colors), 'What the models answer about people they must forget and people they must keep. Green: the answer you want (no name for a forget person, the right name for a retain person); red: the opposite.')}
${section('tasks', 'Per task', `<figure>${plots.taskBars}</figure>`, 'ROUGE-L, probability and truth ratio of every model on every task; the first two bars are the target and the gold model.')}
${plots.lossCurves === null ? '' : section('training', 'Training', `<figure>${plots.lossCurves}</figure>`, 'The unlearning loss of each method, step by step (gradient-ascent terms make it fall below zero).')}
${section('run', 'Run', runDetailsHtml(results))}
<footer>Generated by clearbench ${escapeHtml(run.clearbenchVersion)} from results.json (schema ${results.schemaVersion}). This page needs no network.</footer>
</main>
</body></html>
`;
}

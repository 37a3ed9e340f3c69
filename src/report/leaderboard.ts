// Merges several runs into one table: who ran which method with which settings, and what it measured. Runs are
// comparable only within one track and forget split (a different forget set is a different exam), so the table
// is grouped by them and ordered within a group by the forgetting-first rule.
import { formatFraction, formatNumber, formatPValue, formatSeconds, missing } from './format.js';
import { escapeHtml, scientificHtml } from './html-escape.js';
import { pageStyle } from './html-style.js';
import { markdownTable } from './markdown.js';
import type { MethodResult, Results } from './results.js';
import { metricStatistic, pickForgetQuality, pickForgetQualityJs, pickUtility, secondsStatistic } from './statistics.js';

export interface LeaderboardRun { results: Results; source: string } // source: the directory it was read from
export interface LeaderboardOptions { submittedBy?: string } // used where a run's config names nobody

export interface LeaderboardEntry {
  group: string; // "multimodal track, forget05"
  label: string;
  name: string;
  settings: string;
  preset: string;
  submittedBy: string;
  createdAt: string;
  forgetQualityKs: number | null;
  forgetQualityOneMinusJs: number | null;
  modelUtility: number | null;
  targetUtility: number | null;
  seconds: number;
  seeds: number;
  source: string;
}

export function settingsSummary(method: MethodResult): string {
  const settings = method.settings;
  const parts: string[] = [settings.modality];
  if (settings.l1Lambda !== null && settings.l1Lambda > 0) parts.push(`L1 λ=${formatNumber(settings.l1Lambda)}`);
  if (settings.l0Lambda !== null && settings.l0Lambda > 0) parts.push(`L0 λ=${formatNumber(settings.l0Lambda)}`);
  parts.push(settings.loraRank === null ? 'all weights' : `LoRA r=${settings.loraRank}`);
  if (settings.compat === 'reference') parts.push('compat reference');
  parts.push(`${settings.steps} steps`, `lr ${formatNumber(settings.learningRate)}`);
  for (const [key, value] of Object.entries(settings.extra)) parts.push(`${key}=${JSON.stringify(value)}`);
  return parts.join(', ');
}

function submitterOf(results: Results, options: LeaderboardOptions): string {
  const fromConfig = results.run.config['submittedBy'];
  if (typeof fromConfig === 'string' && fromConfig.trim() !== '') return fromConfig.trim();
  return options.submittedBy?.trim() || 'unknown';
}

export function leaderboardEntries(runs: readonly LeaderboardRun[], options: LeaderboardOptions = {}): LeaderboardEntry[] {
  const entries = runs.flatMap(({ results, source }) => results.methods.map((method): LeaderboardEntry => ({
    group: `${results.run.track} track, ${results.run.forgetSplit === 'custom' ? `forget request (${(results.run.forgetPeople ?? []).join(', ')})` : `forget${results.run.forgetSplit}`}`,
    label: method.label, name: method.name, settings: settingsSummary(method), preset: results.run.preset,
    submittedBy: submitterOf(results, options), createdAt: results.run.createdAt,
    forgetQualityKs: metricStatistic(method, pickForgetQuality)?.mean ?? null,
    forgetQualityOneMinusJs: metricStatistic(method, pickForgetQualityJs)?.mean ?? null,
    modelUtility: metricStatistic(method, pickUtility)?.mean ?? null,
    targetUtility: results.references.target.metrics.modelUtility,
    seconds: secondsStatistic(method).mean, seeds: Math.max(1, method.seedRuns?.length ?? 0), source,
  })));
  const key = (value: number | null) => value ?? Number.NEGATIVE_INFINITY;
  return entries.sort((first, second) => first.group.localeCompare(second.group)
    || key(second.forgetQualityKs) - key(first.forgetQualityKs)
    || key(second.modelUtility) - key(first.modelUtility)
    || first.label.localeCompare(second.label));
}

export const leaderboardRule = 'Rows are grouped by track and forget split (runs on different forget sets are not comparable) and ordered by forget quality (KS p-value), then model utility.';

const headers = ['#', 'Method', 'Registry name', 'Settings', 'Preset', 'Submitted by', 'FQ (KS)', 'FQ (1−JS)', 'MU', 'MU kept', 'Time', 'Seeds', 'Date'];

function cells(entry: LeaderboardEntry, rank: number): string[] {
  const kept = entry.modelUtility === null || entry.targetUtility === null || entry.targetUtility <= 0 ? missing : `${Math.round((entry.modelUtility / entry.targetUtility) * 100)}%`;
  return [String(rank), entry.label, entry.name, entry.settings, entry.preset, entry.submittedBy, formatPValue(entry.forgetQualityKs),
    formatFraction(entry.forgetQualityOneMinusJs), formatFraction(entry.modelUtility), kept, formatSeconds(entry.seconds), String(entry.seeds), entry.createdAt.slice(0, 10)];
}

function groups(entries: readonly LeaderboardEntry[]): Map<string, LeaderboardEntry[]> {
  const grouped = new Map<string, LeaderboardEntry[]>();
  for (const entry of entries) grouped.set(entry.group, [...(grouped.get(entry.group) ?? []), entry]);
  return grouped;
}

export function leaderboardMarkdown(entries: readonly LeaderboardEntry[]): string {
  const sections = [...groups(entries)].map(([group, rows]) =>
    `## ${group}\n\n${markdownTable(headers, rows.map((entry, index) => cells(entry, index + 1)), headers.map((header) => /^(#|FQ|MU|Time|Seeds)/.test(header)))}`);
  const sources = [...new Set(entries.map((entry) => entry.source))];
  return `# clearbench leaderboard\n\n${leaderboardRule}\n\n${sections.join('\n\n') || 'No methods in these runs.'}\n\nRuns: ${sources.map((source) => `\`${source}\``).join(', ')}\n`;
}

export function leaderboardHtml(entries: readonly LeaderboardEntry[]): string {
  const sections = [...groups(entries)].map(([group, rows]) => {
    const body = rows.map((entry, index) => `<tr class="method">${cells(entry, index + 1).map((cell, column) =>
      column === 1 ? `<th>${escapeHtml(cell)}</th>` : `<td${column === 2 ? ' class="code"' : column === 3 ? ' class="settings"' : ''}>${scientificHtml(cell)}</td>`).join('')}</tr>`).join('\n');
    return `<section class="card"><h2>${escapeHtml(group)}</h2><div class="table-scroll"><table class="results leaderboard"><thead><tr>${headers.map((header) => `<th>${escapeHtml(header)}</th>`).join('')}</tr></thead><tbody>
${body}</tbody></table></div></section>`;
  });
  const extraStyle = 'table.leaderboard td.settings { white-space: normal; text-align: left; min-width: 16em; font-size: .78rem; color: #4b5563; } table.leaderboard td.code { font-family: ui-monospace, monospace; font-size: .78rem; text-align: left; } table.leaderboard thead th { text-align: right; }';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>clearbench leaderboard</title>
<style>${pageStyle}${extraStyle}</style></head><body>
<header class="hero"><div class="wrap"><p class="kicker">clearbench · CLEAR unlearning benchmark</p><h1>Leaderboard</h1><p>${escapeHtml(leaderboardRule)}</p></div></header>
<main class="wrap">${sections.join('\n') || '<section class="card"><p>No methods in these runs.</p></section>'}
<footer>Merged from ${entries.length} method runs. This page needs no network.</footer></main></body></html>
`;
}

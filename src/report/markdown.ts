// report.md: the same tables and advice as report.html, for a terminal, a pull request or a paper draft.
// Best method values are in bold; reference rows (target, gold) are in italics and never count as best.
import type { Decision, Priority, RankedMethod } from './decision.js';
import { formatBytes, formatNumber, formatSeconds, formatStatistic, missing } from './format.js';
import type { Results } from './results.js';
import { betterSymbol, bestLabels, rowsOf, tablesOf } from './tables.js';
import type { Row, Table } from './tables.js';

function escapeCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[], rightAligned: readonly boolean[] = []): string {
  const line = (cells: readonly string[]) => `| ${cells.map(escapeCell).join(' | ')} |`;
  const rule = headers.map((_, index) => (rightAligned[index] ? '---:' : '---'));
  return [line(headers), `|${rule.join('|')}|`, ...rows.map(line)].join('\n');
}

function rowLabel(row: Row): string {
  return row.kind === 'method' ? row.label : `*${row.label}*`;
}

// Per-task cells show the mean only, to keep the table narrow; the headline columns carry ± std.
function renderTable(table: Table, rows: Row[], showSpread: boolean): string {
  const columns = table.groups.flatMap((group) => group.columns.map((column) => ({ group, column })));
  const headers = ['Method', ...columns.map(({ group, column }) => `${group.shortHeader ?? group.header} ${column.header} ${betterSymbol[column.better]}`)];
  const best = columns.map(({ column }) => bestLabels(column, rows));
  const body = rows.map((row) => [rowLabel(row), ...columns.map(({ group, column }, index) => {
    const statistic = column.value(row);
    if (statistic === null) return missing;
    const headline = showSpread && ['Forget quality', 'Utility', 'Cost'].includes(group.header);
    const text = headline ? formatStatistic(statistic, column.format) : column.format(statistic.mean);
    return best[index]?.has(row.label) ? `**${text}**` : text;
  })]);
  return [`### ${table.title}`, '', table.caption, '', markdownTable(headers, body, headers.map((_, index) => index > 0))].join('\n');
}

function rankedLine(entry: RankedMethod, index: number, previous: RankedMethod | undefined): string {
  const marks: Partial<Record<string, string>> = {
    tie: ` (tied with ${previous?.label ?? ''})`,
    'not significant': ` (not significant vs ${previous?.label ?? ''}: intervals overlap)`,
  };
  const mark = entry.comparedWithPrevious === null ? '' : (marks[entry.comparedWithPrevious] ?? '');
  return `${index + 1}. **${entry.label}**: ${entry.figures}${mark}`;
}

function renderPriority(priority: Priority): string {
  const lines = [`### ${priority.title}: ${priority.audience}`, '', `*Rule:* ${priority.rule}`, ''];
  if (priority.ranked.length === 0) lines.push('No method meets this rule in this run.');
  priority.ranked.forEach((entry, index) => lines.push(rankedLine(entry, index, priority.ranked[index - 1])));
  if (priority.excluded.length > 0) {
    lines.push('', 'Left out:', ...priority.excluded.map((entry) => `- ${entry.label}: ${entry.reason}`));
  }
  return lines.join('\n');
}

export function decisionMarkdown(decision: Decision): string {
  const lines = ['## Choosing a method', '', `> ${decision.scope}`, '', decision.seedsNote, ''];
  for (const warning of decision.warnings) lines.push(`**Warning:** ${warning}`, '');
  for (const priority of decision.priorities) lines.push(renderPriority(priority), '');
  lines.push('### What each method does, and what it cost here', '');
  for (const method of decision.methodLines) lines.push(`- **${method.label}** (\`${method.name}\`): ${method.line}`);
  return lines.join('\n');
}

function runSection(results: Results): string {
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
  const hashes = Object.entries(run.dataHashes).map(([name, hash]) => [name, `\`${hash}\``]);
  const lines = ['## Run', '', markdownTable(['', ''], facts.map(([key, value]) => [key, value]))];
  if (hashes.length > 0) lines.push('', 'Data hashes (sha256):', '', markdownTable(['Data', 'sha256'], hashes));
  lines.push('', '<details><summary>Config</summary>', '', '```json', JSON.stringify(run.config, null, 2), '```', '', '</details>');
  return lines.join('\n');
}

function methodSettingsTable(results: Results): string {
  const rows = results.methods.map((method) => {
    const settings = method.settings;
    const extra = Object.entries(settings.extra).map(([key, value]) => `${key}=${JSON.stringify(value)}`).join(', ');
    return [method.label, `\`${method.name}\``, settings.modality, settings.l1Lambda === null ? missing : formatNumber(settings.l1Lambda),
      settings.l0Lambda === null ? missing : formatNumber(settings.l0Lambda), settings.loraRank === null ? 'all weights' : String(settings.loraRank),
      settings.compat, String(settings.steps), formatNumber(settings.learningRate), formatBytes(method.peakMemoryBytes), extra || missing];
  });
  return ['### Method settings', '', markdownTable(['Method', 'Registry name', 'Modality', 'L1 λ', 'L0 λ', 'LoRA rank', 'Compat', 'Steps', 'LR', 'Peak memory', 'Other'], rows)].join('\n');
}

export function renderMarkdown(results: Results, decision: Decision): string {
  const rows = rowsOf(results);
  const seeded = results.methods.some((method) => (method.seedRuns?.length ?? 0) >= 2);
  const { run } = results;
  const split = run.forgetSplit === 'custom' ? 'a custom forget request' : `forget${run.forgetSplit}`;
  const header = [
    `# CLEAR results: ${run.preset} preset, ${split}, ${run.track} track`,
    '',
    `${results.methods.length} methods, ${run.seeds.length === 1 ? `seed ${run.seeds[0]}` : `${run.seeds.length} seeds`}, ${run.modality} modality, ${formatSeconds(run.totalSeconds)} in all; clearbench ${run.clearbenchVersion}, ${run.createdAt}.`,
    '',
    '↑ higher is better, ↓ lower is better, "≈ gold" closest to the gold model (retrained without the forget people) is better. **Bold**: the best method in a column; *italic* rows are the reference models.'
      + (seeded ? ' Per-task values are means over seeds; forget quality, utility and time show mean ± std (per-seed values are in results.csv).' : ''),
  ].join('\n');
  const tables = tablesOf(results).map((table) => renderTable(table, rows, seeded));
  return `${[header, '## Results', ...tables, methodSettingsTable(results), decisionMarkdown(decision), runSection(results)].join('\n\n')}\n`;
}

// The report's tables as data (rows x column groups), so report.md and report.html show the same columns, the
// same numbers and the same "best" cells. A column whose every row is missing is dropped: a vision-track run or
// one without text QA gets a table without empty columns instead of a wall of dashes.
import { formatBytes, formatFraction, formatPValue, formatSeconds } from './format.js';
import type { MethodResult, Metrics, ReferenceModel, Results, TaskMetrics, TaskName } from './results.js';
import { metricStatistic, secondsStatistic } from './statistics.js';
import type { Statistic } from './statistics.js';

export type RowKind = 'target' | 'gold' | 'base' | 'method';
export interface Row { label: string; kind: RowKind; model: MethodResult | ReferenceModel }

// Which value of a column is best: forget tasks and privacy have no "more is better"; the ideal is the gold
// model, which never saw the forget people.
export type Better = 'higher' | 'lower' | 'gold';

export interface Column {
  header: string;
  title: string; // a longer explanation, for tooltips and legends
  better: Better;
  value: (row: Row) => Statistic | null;
  format: (value: number) => string;
}
export interface ColumnGroup { header: string; shortHeader?: string; columns: Column[] }
export interface Table { id: string; title: string; caption: string; groups: ColumnGroup[] }

export const taskTitles: Record<TaskName, string> = {
  forgetCaptions: 'Forget captions', retainCaptions: 'Retain captions', forgetFaces: 'Forget faces', retainFaces: 'Retain faces',
  realFaces: 'Real faces', realWorld: 'Real world', forgetText: 'Forget text QA', retainText: 'Retain text QA',
};

export function rowsOf(results: Results): Row[] {
  const rows: Row[] = [
    { label: 'Target', kind: 'target', model: results.references.target },
    { label: 'Gold', kind: 'gold', model: results.references.gold },
  ];
  if (results.references.base) rows.push({ label: 'Base', kind: 'base', model: results.references.base });
  for (const method of results.methods) rows.push({ label: method.label, kind: 'method', model: method });
  return rows;
}

const fraction = (value: number) => formatFraction(value);

function metricColumn(header: string, title: string, better: Better, pick: (metrics: Metrics) => number | null, format = fraction): Column {
  return { header, title, better, value: (row) => metricStatistic(row.model, pick), format };
}

function taskGroup(task: TaskName, withAccuracy: boolean): ColumnGroup {
  const better: Better = task.startsWith('forget') ? 'gold' : 'higher';
  const pick = (key: keyof Omit<TaskMetrics, 'count'>) => (metrics: Metrics) => metrics.tasks[task]?.[key] ?? null;
  const columns = [
    metricColumn('ROUGE', `${taskTitles[task]}: ROUGE-L recall of the generation`, better, pick('rougeL')),
    metricColumn('Prob', `${taskTitles[task]}: probability of the true answer`, better, pick('probability')),
    metricColumn('TR', `${taskTitles[task]}: truth ratio`, better, pick('truthRatio')),
  ];
  if (withAccuracy) columns.push(metricColumn('Acc', `${taskTitles[task]}: naming accuracy`, better, pick('accuracy')));
  return { header: taskTitles[task], columns };
}

const timeColumn: Column = {
  header: 'Time', title: 'wall time of unlearning (of training, for the reference models)', better: 'lower',
  value: (row) => secondsStatistic(row.model), format: formatSeconds,
};

export function tablesOf(results: Results): Table[] {
  const rows = rowsOf(results);
  const main: Table = {
    id: 'main', title: 'Main table',
    caption: 'The CLEAR paper\'s table: ROUGE-L recall, probability and truth ratio per task; forget quality in both forms; model utility (harmonic mean of the 12 non-forget values).',
    groups: [
      taskGroup('forgetCaptions', false), taskGroup('retainCaptions', false), taskGroup('realFaces', false), taskGroup('realWorld', false),
      { header: 'Forget quality', columns: [
        metricColumn('KS', 'KS-test p-value of forget-set truth ratios against the gold model (TOFU)', 'higher', (metrics) => metrics.forgetQualityKs, formatPValue),
        metricColumn('1−JS', 'one minus the Jensen-Shannon distance of the same vectors (the CLEAR paper\'s form)', 'higher', (metrics) => metrics.forgetQualityOneMinusJs),
      ] },
      { header: 'Utility', columns: [metricColumn('MU', 'model utility: harmonic mean of P, ROUGE-L, TR on the four non-forget tasks', 'higher', (metrics) => metrics.modelUtility)] },
      { header: 'Cost', columns: [timeColumn] },
    ],
  };
  const facesAndText: Table = {
    id: 'faces-text', title: 'Face naming and text QA',
    caption: 'Naming the person from a new image, and the TOFU-style text questions (outside the reference\'s model utility; "MU + text" adds retain text QA to it).',
    groups: [
      taskGroup('forgetFaces', true), taskGroup('retainFaces', true), taskGroup('forgetText', false), taskGroup('retainText', false),
      { header: 'Utility', columns: [metricColumn('MU + text', 'model utility with retain text QA (15 values)', 'higher', (metrics) => metrics.modelUtilityWithText)] },
    ],
  };
  const mia = (key: 'lossAuc' | 'zlibAuc' | 'minKAuc' | 'minKPlusPlusAuc') => (metrics: Metrics) => metrics.mia?.[key] ?? null;
  const privacyAndCost: Table = {
    id: 'privacy-cost', title: 'Privacy and cost',
    caption: 'The paper\'s column summaries; membership-inference AUC of the forget people against held-out people (closest to the gold model is best); time and peak memory.',
    groups: [
      { header: 'Columns', shortHeader: 'Column', columns: [
        metricColumn('Forget', 'harmonic mean of P and TR on forget captions and forget faces', 'gold', (metrics) => metrics.columns.forget),
        metricColumn('Retain', 'harmonic mean of P and TR on retain captions and retain faces', 'higher', (metrics) => metrics.columns.retain),
        metricColumn('Real', 'harmonic mean of P and TR on real faces and real world', 'higher', (metrics) => metrics.columns.real),
      ] },
      { header: 'Membership inference AUC', shortHeader: 'MIA', columns: [
        metricColumn('LOSS', 'LOSS attack AUC', 'gold', mia('lossAuc')),
        metricColumn('zlib', 'zlib-normalised loss attack AUC', 'gold', mia('zlibAuc')),
        metricColumn('Min-K%', 'Min-K% probability attack AUC', 'gold', mia('minKAuc')),
        metricColumn('Min-K%++', 'Min-K%++ attack AUC', 'gold', mia('minKPlusPlusAuc')),
        metricColumn('Leak', 'privacy leak: (LOSS AUC − gold\'s) / gold\'s', 'gold', (metrics) => metrics.mia?.privacyLeak ?? null, (value) => value.toFixed(2)),
      ] },
      { header: 'Cost', columns: [
        timeColumn,
        { header: 'Peak memory', title: 'peak resident memory', better: 'lower', value: (row) => row.model.peakMemoryBytes === null ? null : { mean: row.model.peakMemoryBytes, std: null, runs: 1 }, format: formatBytes },
      ] },
    ],
  };
  return [main, facesAndText, privacyAndCost].map((table) => prune(table, rows));
}

function prune(table: Table, rows: Row[]): Table {
  const groups = table.groups
    .map((group) => ({ ...group, columns: group.columns.filter((column) => rows.some((row) => column.value(row) !== null)) }))
    .filter((group) => group.columns.length > 0);
  return { ...table, groups };
}

// The method rows holding the best value of a column (several on a tie); references never count as best.
export function bestLabels(column: Column, rows: Row[]): Set<string> {
  const gold = rows.find((row) => row.kind === 'gold');
  const goldValue = gold ? column.value(gold)?.mean : undefined;
  const distance = (value: number): number => {
    if (column.better === 'higher') return -value;
    if (column.better === 'lower') return value;
    return goldValue === undefined ? Number.POSITIVE_INFINITY : Math.abs(value - goldValue);
  };
  let best = Number.POSITIVE_INFINITY;
  const labels = new Set<string>();
  for (const row of rows) {
    if (row.kind !== 'method') continue;
    const statistic = column.value(row);
    if (statistic === null) continue;
    const score = distance(statistic.mean);
    if (score < best - 1e-12) {
      best = score;
      labels.clear();
    }
    if (Math.abs(score - best) <= 1e-12) labels.add(row.label);
  }
  return labels;
}

export const betterSymbol: Record<Better, string> = { higher: '↑', lower: '↓', gold: '≈ gold' };

// results.csv in long ("tidy") form: one row per (model, seed, task, metric), which every spreadsheet, pandas and R
// pivot as they like, and which stays the same shape when tasks or metrics are added. Columns:
//   model       the display label ("GA + L1", "Target", "Gold", "Base")
//   kind        target | gold | base | method
//   method      the registry name (empty for reference models)
//   seed        empty: the reported value (the mean when seedRuns exist); a number: that seed run alone
//   task        a task key (forgetCaptions, ...) or "summary" for model-level figures
//   metric      rougeL | probability | truthRatio | accuracy | count for tasks; forgetQualityKs,
//               forgetQualityOneMinusJs, modelUtility, modelUtilityWithText, columnForget, columnRetain, columnReal,
//               miaLossAuc, miaZlibAuc, miaMinKAuc, miaMinKPlusPlusAuc, miaPrivacyLeak, miaULiraAuc, seconds,
//               peakMemoryBytes for "summary"
//   value       a plain number; rows whose value was not measured (null) are left out
import type { Metrics, Results } from './results.js';
import { taskNames } from './results.js';
import { rowsOf } from './tables.js';

export const csvHeader = ['model', 'kind', 'method', 'seed', 'task', 'metric', 'value'] as const;

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function metricRows(metrics: Metrics): Array<[task: string, metric: string, value: number | null | undefined]> {
  const rows: Array<[string, string, number | null | undefined]> = [];
  for (const task of taskNames) {
    const values = metrics.tasks[task];
    if (values === undefined) continue;
    for (const metric of ['rougeL', 'probability', 'truthRatio', 'accuracy', 'count'] as const) rows.push([task, metric, values[metric]]);
  }
  rows.push(
    ['summary', 'forgetQualityKs', metrics.forgetQualityKs], ['summary', 'forgetQualityOneMinusJs', metrics.forgetQualityOneMinusJs],
    ['summary', 'modelUtility', metrics.modelUtility], ['summary', 'modelUtilityWithText', metrics.modelUtilityWithText],
    ['summary', 'columnForget', metrics.columns.forget], ['summary', 'columnRetain', metrics.columns.retain], ['summary', 'columnReal', metrics.columns.real],
  );
  if (metrics.mia !== null) {
    rows.push(
      ['summary', 'miaLossAuc', metrics.mia.lossAuc], ['summary', 'miaZlibAuc', metrics.mia.zlibAuc], ['summary', 'miaMinKAuc', metrics.mia.minKAuc],
      ['summary', 'miaMinKPlusPlusAuc', metrics.mia.minKPlusPlusAuc], ['summary', 'miaPrivacyLeak', metrics.mia.privacyLeak],
      ['summary', 'miaULiraAuc', metrics.mia.uLiraAuc],
    );
  }
  return rows;
}

export function renderCsv(results: Results): string {
  const lines = [csvHeader.join(',')];
  const push = (fields: string[]) => lines.push(fields.map(csvField).join(','));
  for (const row of rowsOf(results)) {
    const method = 'name' in row.model ? row.model.name : '';
    const emit = (seed: string, metrics: Metrics, seconds: number | undefined, peakMemoryBytes: number | null | undefined) => {
      const all = [...metricRows(metrics), ['summary', 'seconds', seconds] as const, ['summary', 'peakMemoryBytes', peakMemoryBytes] as const];
      for (const [task, metric, value] of all) {
        if (value === null || value === undefined) continue;
        push([row.label, row.kind, method, seed, task, metric, String(value)]);
      }
    };
    emit('', row.model.metrics, row.model.seconds, row.model.peakMemoryBytes);
    if ('seedRuns' in row.model) {
      for (const run of row.model.seedRuns ?? []) emit(String(run.seed), run.metrics, run.seconds, run.peakMemoryBytes);
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}

import type { Metrics, Mia, TaskMetrics } from '../../report/results.js';

// `--seeds N`: a method's reported metrics are the mean over its seed runs, field by field. A figure missing
// (null) in some runs is the mean of the runs that have it, and null only when no run has it.

function meanOf(values: readonly (number | null | undefined)[]): number | null {
  const present = values.filter((value): value is number => value !== null && value !== undefined && Number.isFinite(value));
  return present.length === 0 ? null : present.reduce((total, value) => total + value, 0) / present.length;
}

function meanTask(tasks: readonly TaskMetrics[]): TaskMetrics {
  return {
    rougeL: meanOf(tasks.map((task) => task.rougeL)) ?? 0,
    probability: meanOf(tasks.map((task) => task.probability)) ?? 0,
    truthRatio: meanOf(tasks.map((task) => task.truthRatio)),
    accuracy: meanOf(tasks.map((task) => task.accuracy)),
    count: tasks[0]?.count ?? 0,
  };
}

function meanMia(runs: readonly Mia[]): Mia | null {
  if (runs.length === 0) return null;
  const pick = (read: (mia: Mia) => number) => meanOf(runs.map(read)) ?? 0;
  return {
    lossAuc: pick((mia) => mia.lossAuc), zlibAuc: pick((mia) => mia.zlibAuc), minKAuc: pick((mia) => mia.minKAuc),
    minKPlusPlusAuc: pick((mia) => mia.minKPlusPlusAuc), privacyLeak: pick((mia) => mia.privacyLeak),
  };
}

export function meanMetrics(runs: readonly Metrics[]): Metrics {
  const [first] = runs;
  if (!first) throw new Error('meanMetrics: no runs');
  if (runs.length === 1) return first;
  const tasks: Partial<Record<keyof Metrics['tasks'], TaskMetrics>> = {};
  for (const name of Object.keys(first.tasks) as (keyof Metrics['tasks'])[]) {
    const present = runs.map((run) => run.tasks[name]).filter((task): task is TaskMetrics => task !== undefined);
    if (present.length > 0) tasks[name] = meanTask(present);
  }
  return {
    tasks,
    forgetQualityKs: meanOf(runs.map((run) => run.forgetQualityKs)),
    forgetQualityOneMinusJs: meanOf(runs.map((run) => run.forgetQualityOneMinusJs)),
    modelUtility: meanOf(runs.map((run) => run.modelUtility)),
    modelUtilityWithText: meanOf(runs.map((run) => run.modelUtilityWithText)),
    columns: {
      forget: meanOf(runs.map((run) => run.columns.forget)),
      retain: meanOf(runs.map((run) => run.columns.retain)),
      real: meanOf(runs.map((run) => run.columns.real)),
    },
    mia: meanMia(runs.map((run) => run.mia).filter((mia): mia is Mia => mia !== null)),
  };
}

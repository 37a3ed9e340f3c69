// Mean and standard deviation of one figure of a model, over its seed runs when it has two or more, so that every
// report shows the same numbers and the decision rules judge significance on the same intervals.
import type { Metrics, MethodResult, ReferenceModel } from './results.js';

export interface Statistic {
  mean: number;
  std: number | null; // sample standard deviation (n - 1); null with a single run
  runs: number;
}

export type MetricPicker = (metrics: Metrics) => number | null;

export function statisticOf(values: readonly number[]): Statistic | null {
  if (values.length === 0) return null;
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  if (values.length < 2) return { mean, std: null, runs: values.length };
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1);
  return { mean, std: Math.sqrt(variance), runs: values.length };
}

function isMethod(model: MethodResult | ReferenceModel): model is MethodResult {
  return 'label' in model;
}

// With seed runs the mean comes from them, not from `metrics`, so the interval is centred on what it describes.
export function metricStatistic(model: MethodResult | ReferenceModel, pick: MetricPicker): Statistic | null {
  const seedRuns = isMethod(model) ? (model.seedRuns ?? []) : [];
  if (seedRuns.length >= 2) {
    const values = seedRuns.map((run) => pick(run.metrics));
    if (values.every((value): value is number => value !== null)) return statisticOf(values);
  }
  const value = pick(model.metrics);
  return value === null ? null : { mean: value, std: null, runs: 1 };
}

export function secondsStatistic(model: MethodResult | ReferenceModel): Statistic {
  const seedRuns = isMethod(model) ? (model.seedRuns ?? []) : [];
  const values = seedRuns.map((run) => run.seconds);
  if (values.length >= 2 && values.every((value): value is number => value !== undefined)) {
    const statistic = statisticOf(values);
    if (statistic) return statistic;
  }
  return { mean: model.seconds, std: null, runs: 1 };
}

// Two intervals (mean ± std) overlap: the order between them is not significant. Without both stds: unknown.
export function intervalsOverlap(first: Statistic, second: Statistic): boolean | null {
  if (first.std === null || second.std === null) return null;
  return first.mean - first.std <= second.mean + second.std && second.mean - second.std <= first.mean + first.std;
}

export const pickForgetQuality: MetricPicker = (metrics) => metrics.forgetQualityKs;
export const pickForgetQualityJs: MetricPicker = (metrics) => metrics.forgetQualityOneMinusJs;
export const pickUtility: MetricPicker = (metrics) => metrics.modelUtility;
export const pickUtilityWithText: MetricPicker = (metrics) => metrics.modelUtilityWithText;

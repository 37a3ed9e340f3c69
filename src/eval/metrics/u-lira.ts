// U-LIRA (Hayes et al. 2024, "Inexact Unlearning Needs More Careful Evaluations to Avoid a False Sense of
// Privacy"): a per-example likelihood-ratio membership attack on unlearned models. For each example, shadow
// models give two score distributions: "in" (trained with the example, then unlearned by the method) and
// "out" (never trained with it). Each is fitted by a Gaussian with robust estimates (median, and MAD / 0.6745
// for the standard deviation, as the CLEAR reference's `rms`); a target model's score is called a member
// when the "in" density is the larger. Perfect unlearning leaves the two distributions equal: accuracy and
// ROC-AUC 0.5.
import type { MetricResult } from './metric-result.js';
import { requireNonEmpty, requireNumbers } from './metric-result.js';
import { rocAuc } from './roc-auc.js';

export interface ULiraExample {
  shadowIn: readonly number[]; // the example's score under shadow models that trained on it and unlearned it
  shadowOut: readonly number[]; // under shadow models that never trained on it
  targets: readonly { score: number; member: boolean }[]; // target models' scores, member = trained on it
}

export interface ULiraOptions {
  // Floor of the fitted standard deviations, so that a shadow set of identical scores (or of one model)
  // does not give an infinite density. The reference adds 1e-45.
  minStd?: number;
}

export interface ULiraResult extends MetricResult {
  aggregate: number; // attack accuracy
  accuracy: number; // share of target scores classified right (member iff P(in) > 0.5)
  auc: number; // ROC-AUC of the log-likelihood ratio, members against non-members
  perExample: number[]; // P(in) of every target score, examples in order, targets in order
  members: boolean[]; // the truth for each entry of perExample
}

export function median(values: readonly number[]): number {
  requireNumbers(values, 'median', 'values');
  const sorted = [...values].sort((first, second) => first - second);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

// The median absolute deviation scaled to a normal distribution's standard deviation.
export function robustStd(values: readonly number[]): number {
  const center = median(values);
  return median(values.map((value) => Math.abs(value - center))) / 0.6744897501960817;
}

function logNormalDensity(x: number, center: number, std: number): number {
  const z = (x - center) / std;
  return -0.5 * z * z - Math.log(std) - 0.5 * Math.log(2 * Math.PI);
}

// log N(score; in) - log N(score; out) for one example's fitted distributions.
export function uLiraLogLikelihoodRatio(score: number, shadowIn: readonly number[], shadowOut: readonly number[], minStd = 1e-6): number {
  requireNumbers(shadowIn, 'uLira', 'shadowIn');
  requireNumbers(shadowOut, 'uLira', 'shadowOut');
  const inStd = Math.max(robustStd(shadowIn), minStd);
  const outStd = Math.max(robustStd(shadowOut), minStd);
  return logNormalDensity(score, median(shadowIn), inStd) - logNormalDensity(score, median(shadowOut), outStd);
}

/** Runs the attack over every example's target scores. Throws when no target is a member or none is not. */
export function uLira(examples: readonly ULiraExample[], options: ULiraOptions = {}): ULiraResult {
  requireNonEmpty(examples, 'uLira', 'examples');
  const minStd = options.minStd ?? 1e-6;
  const perExample: number[] = [];
  const members: boolean[] = [];
  const memberRatios: number[] = [];
  const outsiderRatios: number[] = [];
  let correct = 0;
  for (const example of examples) {
    for (const target of example.targets) {
      const ratio = uLiraLogLikelihoodRatio(target.score, example.shadowIn, example.shadowOut, minStd);
      // P(in) = N_in / (N_in + N_out) = sigmoid(log ratio), without overflow either way.
      const probabilityIn = ratio >= 0 ? 1 / (1 + Math.exp(-ratio)) : Math.exp(ratio) / (1 + Math.exp(ratio));
      perExample.push(probabilityIn);
      members.push(target.member);
      (target.member ? memberRatios : outsiderRatios).push(ratio);
      if ((probabilityIn > 0.5) === target.member) correct++;
    }
  }
  if (memberRatios.length === 0 || outsiderRatios.length === 0) {
    throw new RangeError(`uLira: needs member and non-member target scores (got ${memberRatios.length} and ${outsiderRatios.length})`);
  }
  const accuracy = correct / perExample.length;
  return { aggregate: accuracy, accuracy, auc: rocAuc(memberRatios, outsiderRatios), perExample, members };
}

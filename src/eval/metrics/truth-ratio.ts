// TOFU's truth ratio (Maini et al. 2024), SPEC section 4: TR = exp(mean_k loss(perturbed_k) -
// loss(paraphrased)) per sample, i.e. how many times likelier (per token, geometric mean over the wrong
// answers) the model finds the paraphrased true answer than the wrong ones. TR > 1: it prefers the truth.
//
// Where we differ from the reference on purpose (SPEC section 5, defect 4): mm/calculate_metrics.py
// computes `np.array(average_perturb_loss.values()).mean()` with no axis, so ONE scalar, the mean of every
// perturbed loss of the whole set, replaces each sample's own perturbed mean. A sample's ratio then
// depends on the other samples' wrong answers, which is not the truth ratio TOFU defines (its own text
// track, nlp/aggregate_eval_stat.py, uses `.mean(axis=-1)`). compat 'reference' reproduces the pooled form.
import type { CandidateLosses, MetricCompatibility } from './candidate-losses.js';
import { requireCandidateLosses } from './candidate-losses.js';
import type { MetricResult } from './metric-result.js';
import { mean, requireNumbers } from './metric-result.js';

/** Which side of the forget/retain split a task is on: it decides how truth ratios become a score. */
export type TaskRole = 'forget' | 'retain';

function perturbedMean(sample: CandidateLosses): number {
  return mean(sample.perturbedLosses, 'truthRatios');
}

/**
 * Per-sample truth ratios, in input order. 'default': each sample's own perturbed losses;
 * 'reference': the mean over every perturbed loss of the set (the reference's pooled scalar).
 */
export function truthRatios(samples: readonly CandidateLosses[], compat: MetricCompatibility = 'default'): number[] {
  requireCandidateLosses(samples, 'truthRatios');
  if (compat === 'reference') {
    const pooled = mean(samples.flatMap((sample) => sample.perturbedLosses), 'truthRatios');
    return samples.map((sample) => Math.exp(pooled - sample.paraphrasedLoss));
  }
  return samples.map((sample) => Math.exp(perturbedMean(sample) - sample.paraphrasedLoss));
}

/**
 * Forget-task score mean(min(TR, 1/TR)): 1 when the model cannot tell the true answer from the wrong
 * ones (what a model that never learned the fact does), near 0 when it clearly prefers either.
 */
export function forgetTruthRatioScore(ratios: readonly number[]): MetricResult {
  requireNumbers(ratios, 'forgetTruthRatioScore', 'ratios');
  const perExample = ratios.map((ratio) => Math.min(ratio, 1 / ratio));
  return { aggregate: mean(perExample, 'forgetTruthRatioScore'), perExample };
}

/** Non-forget score mean(max(0, 1 - 1/TR)): high when the model prefers the true answer, 0 when it does not. */
export function retainTruthRatioScore(ratios: readonly number[]): MetricResult {
  requireNumbers(ratios, 'retainTruthRatioScore', 'ratios');
  const perExample = ratios.map((ratio) => Math.max(0, 1 - 1 / ratio));
  return { aggregate: mean(perExample, 'retainTruthRatioScore'), perExample };
}

/** The per-task "Truth ratio" number: the forget form on forget tasks, the retain form elsewhere. */
export function truthRatioScore(
  samples: readonly CandidateLosses[],
  role: TaskRole,
  compat: MetricCompatibility = 'default',
): MetricResult {
  const ratios = truthRatios(samples, compat);
  return role === 'forget' ? forgetTruthRatioScore(ratios) : retainTruthRatioScore(ratios);
}

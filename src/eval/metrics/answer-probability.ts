// The per-task "Probability" of SPEC section 4, as mm/calculate_metrics.py computes it. With p = exp(-loss)
// (the per-token geometric-mean likelihood of an answer):
//   caption tasks (free text, no fixed alternatives): mean p(true);
//   tasks with alternatives (face naming, real faces, real world, text QA): mean of
//   p(true) / (p(true) + sum_k p(perturbed_k)), the share of the true answer among the candidates.
// The reference picks the form by file name ("eval_log" in it means captions); here the task says which.
import type { CandidateLosses } from './candidate-losses.js';
import { requireCandidateLosses } from './candidate-losses.js';
import type { MetricResult } from './metric-result.js';
import { mean } from './metric-result.js';

export type ProbabilityForm = 'caption' | 'options';

export function answerProbability(samples: readonly CandidateLosses[], form: ProbabilityForm): MetricResult {
  requireCandidateLosses(samples, 'answerProbability');
  const perExample = samples.map((sample) => {
    if (form === 'caption') return Math.exp(-sample.answerLoss);
    // p_true / (p_true + sum p_k) rewritten as 1 / (1 + sum exp(loss_true - loss_k)): the same number,
    // but no 0 / 0 when every candidate's likelihood underflows.
    let relativeTotal = 1;
    for (const loss of sample.perturbedLosses) relativeTotal += Math.exp(sample.answerLoss - loss);
    return 1 / relativeTotal;
  });
  return { aggregate: mean(perExample, 'answerProbability'), perExample };
}

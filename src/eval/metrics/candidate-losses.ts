// The per-sample losses every probability and truth-ratio metric is computed from, and the switch between
// our evaluation and the reference's. A loss is the mean negative log-likelihood per answer token (SPEC
// section 4), measured with the sample's image and question in the prompt.
import { requireFiniteNumbers, requireNonEmpty } from './metric-result.js';

export interface CandidateLosses {
  /** Loss of the true answer (the reference's `avg_gt_loss`). */
  answerLoss: number;
  /**
   * Loss of the paraphrased answer (`avg_paraphrased_loss`). Tasks without a paraphrase (face naming,
   * real faces, real world) pass the true answer's loss, as the reference does.
   */
  paraphrasedLoss: number;
  /** Losses of the perturbed answers, or of the wrong options (`average_perturb_loss`), at least one. */
  perturbedLosses: readonly number[];
}

/**
 * 'default' is ours (TOFU's per-sample truth ratio); 'reference' reproduces somvy/multimodal_unlearning
 * mm/calculate_metrics.py, which pools the perturbed losses of the whole set into one scalar.
 */
export type MetricCompatibility = 'default' | 'reference';

export function requireCandidateLosses(samples: readonly CandidateLosses[] | undefined, metric: string): void {
  requireNonEmpty(samples, metric, 'samples');
  samples?.forEach((sample, index) => {
    if (sample === undefined || sample === null) throw new TypeError(`${metric}: samples[${index}] is missing`);
    requireFiniteNumbers([sample.answerLoss, sample.paraphrasedLoss], metric, `samples[${index}] answerLoss/paraphrasedLoss`);
    requireFiniteNumbers(sample.perturbedLosses, metric, `samples[${index}].perturbedLosses`);
  });
}

// Forget quality: how indistinguishable the unlearned model is from the gold model (trained without the
// forget people) on the forget set, compared through their per-sample truth ratios. Two forms, both
// reported (SPEC section 4):
//   TOFU's: the two-sided KS-test p-value between the two truth-ratio samples (high = indistinguishable);
//   the CLEAR paper's table: 1 - JS, with JS SciPy's `jensenshannon` applied to the two raw truth-ratio
//   vectors, each normalised to sum 1 (mm/calculate_metrics.py, then mm/build_vllm_table.py's
//   `1 - df["JS metric"]`). JS treats the vectors as distributions over the samples, so sample i of one
//   must be sample i of the other: both models are evaluated on the same forget set, in the same order.
// Under compat 'reference' the truth ratios are the reference's pooled ones (see truth-ratio.ts).
import type { CandidateLosses, MetricCompatibility } from './candidate-losses.js';
import { jensenShannon } from './jensen-shannon.js';
import type { KsTwoSampleResult } from './ks-two-sample.js';
import { ksTwoSample } from './ks-two-sample.js';
import { truthRatios } from './truth-ratio.js';

export interface ForgetQuality {
  /** TOFU's forget quality. */
  ksPValue: number;
  ksStatistic: number;
  ksMethod: KsTwoSampleResult['method'];
  /** SciPy's jensenshannon(unlearned, gold), natural log: in [0, sqrt(ln 2)]. */
  jensenShannonDistance: number;
  /** The CLEAR table's forget quality, 1 - jensenShannonDistance. */
  oneMinusJensenShannon: number;
  unlearnedTruthRatios: number[];
  goldTruthRatios: number[];
}

/** Both forget-quality forms from truth ratios already computed (same forget set, same sample order). */
export function forgetQualityFromTruthRatios(
  unlearnedTruthRatios: readonly number[],
  goldTruthRatios: readonly number[],
): ForgetQuality {
  if (unlearnedTruthRatios?.length !== goldTruthRatios?.length) {
    throw new RangeError(
      `forgetQuality: ${unlearnedTruthRatios?.length} unlearned truth ratios but ${goldTruthRatios?.length} gold ones; ` +
        'both models must be evaluated on the same forget samples',
    );
  }
  const ks = ksTwoSample(unlearnedTruthRatios, goldTruthRatios);
  const jensenShannonDistance = jensenShannon(unlearnedTruthRatios, goldTruthRatios);
  return {
    ksPValue: ks.pValue,
    ksStatistic: ks.statistic,
    ksMethod: ks.method,
    jensenShannonDistance,
    oneMinusJensenShannon: 1 - jensenShannonDistance,
    unlearnedTruthRatios: [...unlearnedTruthRatios],
    goldTruthRatios: [...goldTruthRatios],
  };
}

/**
 * Forget quality from the forget-task losses of the unlearned model and of the gold model. The reference
 * uses the forget captions task ("eval_log_forget.json") for this.
 */
export function forgetQuality(
  unlearned: readonly CandidateLosses[],
  gold: readonly CandidateLosses[],
  compat: MetricCompatibility = 'default',
): ForgetQuality {
  return forgetQualityFromTruthRatios(truthRatios(unlearned, compat), truthRatios(gold, compat));
}

// Area under the ROC curve from two groups of scores, as sklearn's roc_auc_score computes it (the
// trapezoid under the full ROC curve): P(positive score > negative score) + 0.5 P(tie), the
// Mann-Whitney U statistic over n_pos * n_neg. Computed from mid-ranks in O(n log n).
import { requireNumbers } from './metric-result.js';

/**
 * ROC-AUC where `scoresPositive` should score higher than `scoresNegative`: 1 when every positive beats
 * every negative, 0.5 when the scores carry no information, ties counted half. Throws on empty or NaN input.
 */
export function rocAuc(scoresPositive: readonly number[], scoresNegative: readonly number[]): number {
  requireNumbers(scoresPositive, 'rocAuc', 'scoresPositive');
  requireNumbers(scoresNegative, 'rocAuc', 'scoresNegative');
  const pooled = [
    ...scoresPositive.map((score) => ({ score, positive: true })),
    ...scoresNegative.map((score) => ({ score, positive: false })),
  ].sort((first, second) => first.score - second.score || 0);
  // Sum of the (1-based, tie-averaged) ranks of the positives.
  let positiveRankSum = 0;
  for (let start = 0; start < pooled.length;) {
    let end = start;
    let positivesInGroup = 0;
    const groupScore = pooled[start]?.score;
    while (end < pooled.length && pooled[end]?.score === groupScore) {
      if (pooled[end]?.positive) positivesInGroup += 1;
      end += 1;
    }
    const averageRank = (start + 1 + end) / 2;
    positiveRankSum += positivesInGroup * averageRank;
    start = end;
  }
  const positiveCount = scoresPositive.length;
  const negativeCount = scoresNegative.length;
  return (positiveRankSum - (positiveCount * (positiveCount + 1)) / 2) / (positiveCount * negativeCount);
}

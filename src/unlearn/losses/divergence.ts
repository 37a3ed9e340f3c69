import { Tensor, exp, klDivergenceFromLogits, logSoftmax, mean, mul, neg, sum } from '../../engine/index.js';

// Which way a KL to the original runs. 'original-current' = KL(original || current), the forward KL that
// distillation and SPEC use; 'current-original' = KL(current || original), the reverse one.
export type KlDirection = 'original-current' | 'current-original';

// Mean over rows of the KL between the original's and the current model's next-token distributions.
// Both (rows, vocab); originalLogits carries no gradient.
export function meanKl(originalLogits: Tensor, currentLogits: Tensor, direction: KlDirection): Tensor {
  const perRow = direction === 'original-current'
    ? klDivergenceFromLogits(originalLogits, currentLogits)
    : klDivergenceFromLogits(currentLogits, originalLogits);
  return mean(perRow);
}

// Shannon entropy of each row's distribution, -sum p log p: (rows, vocab) -> (rows,).
export function entropyPerRow(logits: Tensor): Tensor {
  const logProbs = logSoftmax(logits);
  return neg(sum(mul(exp(logProbs), logProbs), { axis: -1 }));
}

// Cross-entropy of soft targets: -sum_v q_v log p_v per row, q given as probabilities (rows, vocab).
export function softCrossEntropyPerRow(targetProbabilities: Tensor, logits: Tensor): Tensor {
  return neg(sum(mul(targetProbabilities, logSoftmax(logits)), { axis: -1 }));
}

import { Tensor, addScalar, div, log, mean, pow, scale, softmax } from '../../engine/index.js';

// SPEC defect 3, kept only for --compat reference: the reference's NPO takes the ratio of the current to the
// original probability of EVERY vocabulary entry at EVERY position (no answer mask, no sequence likelihood),
// (2/beta) * mean log(1 + (p / (p_ref + 1e-8))^beta). Both (rows, vocab); originalLogits is constant.
export function wholeVocabularyNpoLoss(currentLogits: Tensor, originalLogits: Tensor, beta: number): Tensor {
  const ratio = div(softmax(currentLogits), addScalar(softmax(originalLogits), 1e-8));
  return scale(mean(log(addScalar(pow(ratio, beta), 1))), 2 / beta);
}

import { Tensor, ShapeError, formatShape, gradBuffer } from '../tensor.js';
import { emptyLike, expectFloat, record } from './record.js';

export const IGNORE_INDEX = -100;

// Per-row negative log-likelihood of the targets, fused with log-softmax so the (rows, vocab) log-probabilities
// are never stored. logits: (..., vocab), targets: int32 (...). Rows whose target is IGNORE_INDEX give 0.
export function crossEntropyPerRow(logits: Tensor, targets: Tensor): Tensor {
  expectFloat('crossEntropy', logits);
  const vocab = logits.dim(-1);
  const rows = logits.size / vocab;
  if (targets.dtype !== 'int32' || targets.size !== rows) {
    throw new ShapeError(`crossEntropy: targets ${targets.dtype} ${formatShape(targets.shape)} do not match logits ${formatShape(logits.shape)}`);
  }
  for (let row = 0; row < rows; row++) {
    const target = targets.ids[row]!;
    if (target !== IGNORE_INDEX && (target < 0 || target >= vocab)) {
      throw new ShapeError(`crossEntropy: target ${target} at row ${row} is outside the vocabulary of ${vocab}`);
    }
  }
  const losses = emptyLike(logits.shape.slice(0, -1), logits);
  const logSumExp = new Float32Array(rows);
  logits.backend.crossEntropy(logits.data, targets.ids, rows, vocab, IGNORE_INDEX, losses.data, logSumExp);
  return record(losses, 'crossEntropy', [logits], (gradLosses) => {
    logits.backend.crossEntropyBackward(logits.data, targets.ids, logSumExp, gradLosses, rows, vocab, IGNORE_INDEX, gradBuffer(logits));
  });
}

// Mean over the rows that are not ignored (PyTorch's reduction='mean' with ignore_index).
export function crossEntropy(logits: Tensor, targets: Tensor): Tensor {
  const losses = crossEntropyPerRow(logits, targets);
  let counted = 0;
  for (let row = 0; row < targets.size; row++) if (targets.ids[row] !== IGNORE_INDEX) counted++;
  const output = emptyLike([], logits);
  logits.backend.reduce('sum', losses.data, 1, losses.size, 1, output.data, null);
  const denominator = Math.max(counted, 1);
  output.data[0] = output.data[0]! / denominator;
  return record(output, 'crossEntropyMean', [losses], (gradOutput) => {
    const perRow = new Float32Array(losses.size);
    logits.backend.reduceBackward('sum', gradOutput, 1, losses.size, 1, perRow, null);
    logits.backend.axpy(1 / denominator, perRow, gradBuffer(losses));
  });
}

import { Tensor, embedding, intTensor, meanSquaredError } from '../../engine/index.js';
import type { TrainBatch } from '../../train/samples.js';

// Flat (batch * length) rows that hold real tokens (attention mask 1): prompt, image and answer positions.
export function realTokenRows(batch: TrainBatch): Int32Array {
  const rows: number[] = [];
  batch.input.attentionMask.forEach((real, row) => {
    if (real) rows.push(row);
  });
  return Int32Array.from(rows);
}

// Mean squared error over the chosen rows of (batch, length, dim) activations against a target that is
// either the same rows of another activation tensor or one (1, dim) vector for every row.
export function activationMse(activations: Tensor, target: Tensor, rows: Int32Array): Tensor {
  const dim = activations.dim(-1);
  const flat = activations.reshape([-1, dim]);
  const picked = embedding(flat, intTensor(rows));
  const targetRows = target.size === dim ? target.reshape([1, dim]) : embedding(target.reshape([-1, dim]), intTensor(rows));
  return meanSquaredError(picked, targetRows);
}

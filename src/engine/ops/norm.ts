import { Tensor, ShapeError, formatShape, gradBuffer } from '../tensor.js';
import { emptyLike, expectFloat, record, releaseScratch, scratch } from './record.js';

function checkWeight(op: string, x: Tensor, weight: Tensor): void {
  if (weight.rank !== 1 || weight.dim(0) !== x.dim(-1)) {
    throw new ShapeError(`${op}: weight ${formatShape(weight.shape)} does not fit input ${formatShape(x.shape)}`);
  }
}

// Over the last axis; forward keeps mean and rstd for backward, as llm.c's layernorm does.
export function layerNorm(x: Tensor, weight: Tensor, bias: Tensor | null, eps = 1e-5): Tensor {
  expectFloat('layerNorm', x, weight);
  checkWeight('layerNorm', x, weight);
  const cols = x.dim(-1);
  const rows = x.size / cols;
  const output = emptyLike(x.shape, x);
  const mean = new Float32Array(rows);
  const rstd = new Float32Array(rows);
  x.backend.layerNorm(x.data, weight.data, bias ? bias.data : null, rows, cols, eps, output.data, mean, rstd);
  const inputs = bias ? [x, weight, bias] : [x, weight];
  return record(output, 'layerNorm', inputs, (gradOutput) => {
    const gradX = x.requiresGrad ? gradBuffer(x) : scratch(x.size, true);
    x.backend.layerNormBackward(x.data, weight.data, mean, rstd, gradOutput, rows, cols, gradX,
      weight.requiresGrad ? gradBuffer(weight) : null,
      bias?.requiresGrad ? gradBuffer(bias) : null);
    if (!x.requiresGrad) releaseScratch(gradX);
  });
}

export function rmsNorm(x: Tensor, weight: Tensor, eps = 1e-6): Tensor {
  expectFloat('rmsNorm', x, weight);
  checkWeight('rmsNorm', x, weight);
  const cols = x.dim(-1);
  const rows = x.size / cols;
  const output = emptyLike(x.shape, x);
  const rstd = new Float32Array(rows);
  x.backend.rmsNorm(x.data, weight.data, rows, cols, eps, output.data, rstd);
  return record(output, 'rmsNorm', [x, weight], (gradOutput) => {
    const gradX = x.requiresGrad ? gradBuffer(x) : scratch(x.size, true);
    x.backend.rmsNormBackward(x.data, weight.data, rstd, gradOutput, rows, cols, gradX,
      weight.requiresGrad ? gradBuffer(weight) : null);
    if (!x.requiresGrad) releaseScratch(gradX);
  });
}

import { Tensor, gradBuffer } from '../tensor.js';
import { emptyLike, expectFloat, record } from './record.js';

// Both along the last axis, which is the only one the models need.
export function softmax(x: Tensor): Tensor {
  expectFloat('softmax', x);
  const cols = x.dim(-1);
  const rows = x.size / cols;
  const output = emptyLike(x.shape, x);
  x.backend.softmax(x.data, rows, cols, output.data);
  return record(output, 'softmax', [x], (gradOutput) => x.backend.softmaxBackward(output.data, gradOutput, rows, cols, gradBuffer(x)));
}

export function logSoftmax(x: Tensor): Tensor {
  expectFloat('logSoftmax', x);
  const cols = x.dim(-1);
  const rows = x.size / cols;
  const output = emptyLike(x.shape, x);
  x.backend.logSoftmax(x.data, rows, cols, output.data);
  return record(output, 'logSoftmax', [x], (gradOutput) => x.backend.logSoftmaxBackward(output.data, gradOutput, rows, cols, gradBuffer(x)));
}

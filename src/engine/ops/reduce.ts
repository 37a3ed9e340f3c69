import { Tensor, gradBuffer } from '../tensor.js';
import { emptyLike, expectFloat, record, resolveAxis, splitAround } from './record.js';
import { scale } from './elementwise.js';

export interface ReduceOptions {
  axis?: number;
  keepDim?: boolean;
}

function reducedShape(tensor: Tensor, axis: number | undefined, keepDim: boolean): number[] {
  if (axis === undefined) return keepDim ? tensor.shape.map(() => 1) : [];
  const resolved = resolveAxis('reduce', tensor, axis);
  return keepDim ? tensor.shape.map((dimension, index) => (index === resolved ? 1 : dimension)) : tensor.shape.filter((_, index) => index !== resolved);
}

function reduce(op: 'sum' | 'max', x: Tensor, options: ReduceOptions): Tensor {
  expectFloat(op, x);
  const keepDim = options.keepDim ?? false;
  const view = options.axis === undefined ? { outer: 1, size: x.size, inner: 1 } : splitAround(x.shape, resolveAxis(op, x, options.axis));
  const output = emptyLike(reducedShape(x, options.axis, keepDim), x);
  const argmax = op === 'max' ? new Int32Array(view.outer * view.inner) : null;
  x.backend.reduce(op, x.data, view.outer, view.size, view.inner, output.data, argmax);
  return record(output, op, [x], (gradOutput) => {
    x.backend.reduceBackward(op, gradOutput, view.outer, view.size, view.inner, gradBuffer(x), argmax);
  });
}

export const sum = (x: Tensor, options: ReduceOptions = {}): Tensor => reduce('sum', x, options);
export const max = (x: Tensor, options: ReduceOptions = {}): Tensor => reduce('max', x, options);

export function mean(x: Tensor, options: ReduceOptions = {}): Tensor {
  const count = options.axis === undefined ? x.size : x.dim(options.axis);
  return scale(sum(x, options), 1 / count);
}

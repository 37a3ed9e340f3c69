import { Tensor, ShapeError, accumulateOwned, formatShape, gradBuffer } from '../tensor.js';
import { emptyLike, record, resolveAxis, scratch, splitAround, zerosLike } from './record.js';

export function permute(x: Tensor, perm: readonly number[]): Tensor {
  const valid = perm.length === x.rank && [...perm].sort((a, b) => a - b).every((axis, index) => axis === index);
  if (!valid) throw new ShapeError(`permute: [${perm.join(', ')}] is not a permutation of the axes of ${formatShape(x.shape)}`);
  const output = emptyLike(perm.map((axis) => x.shape[axis]!), x);
  x.backend.permute(x.data, x.shape, perm, output.data);
  const inverse = new Array<number>(perm.length);
  perm.forEach((axis, index) => (inverse[axis] = index));
  return record(output, 'permute', [x], (gradOutput) => {
    const permuted = scratch(x.size, false);
    x.backend.permute(gradOutput, output.shape, inverse, permuted);
    accumulateOwned(x, permuted);
  });
}

export function transpose(x: Tensor, axisA = -2, axisB = -1): Tensor {
  const a = resolveAxis('transpose', x, axisA);
  const b = resolveAxis('transpose', x, axisB);
  const perm = x.shape.map((_, index) => index);
  perm[a] = b;
  perm[b] = a;
  return permute(x, perm);
}

// x[..., start:end, ...] along one axis.
export function slice(x: Tensor, axis: number, start: number, end: number): Tensor {
  const resolved = resolveAxis('slice', x, axis);
  const view = splitAround(x.shape, resolved);
  if (start < 0 || end > view.size || start > end) {
    throw new ShapeError(`slice: range ${start}:${end} outside axis ${axis} of ${formatShape(x.shape)}`);
  }
  const length = end - start;
  const outShape = x.shape.map((dimension, index) => (index === resolved ? length : dimension));
  if (x.dtype === 'int32') throw new ShapeError('slice: int32 tensors are sliced with subarray, not on the graph');
  // A slice of the leading axis is one contiguous range: it is taken as a view, without a copy (op outputs
  // are never written after they are made, so the view cannot change under its reader).
  const contiguous = view.outer === 1;
  const output = contiguous
    ? new Tensor(outShape, x.data.subarray(start * view.inner, (start + length) * view.inner), { backend: x.backend })
    : emptyLike(outShape, x);
  if (!contiguous) x.backend.slice(x.data, view.outer, view.size, view.inner, start, length, output.data);
  return record(output, 'slice', [x], (gradOutput) => {
    x.backend.sliceBackward(gradOutput, view.outer, view.size, view.inner, start, length, gradBuffer(x));
  });
}

export function concat(tensors: readonly Tensor[], axis: number): Tensor {
  const first = tensors[0];
  if (!first) throw new ShapeError('concat: no tensors given');
  const resolved = resolveAxis('concat', first, axis);
  for (const tensor of tensors) {
    const fits = tensor.rank === first.rank && tensor.shape.every((dimension, index) => index === resolved || dimension === first.shape[index]);
    if (!fits) throw new ShapeError(`concat: ${formatShape(tensor.shape)} does not fit ${formatShape(first.shape)} along axis ${axis}`);
  }
  const total = tensors.reduce((sum, tensor) => sum + tensor.shape[resolved]!, 0);
  const outShape = first.shape.map((dimension, index) => (index === resolved ? total : dimension));
  // The parts are added into place, so the output starts at zero.
  const output = zerosLike(outShape, first);
  const view = splitAround(outShape, resolved);
  let start = 0;
  const starts: number[] = [];
  for (const tensor of tensors) {
    // Writing a part into the output is the backward of slicing it out.
    first.backend.sliceBackward(tensor.data, view.outer, view.size, view.inner, start, tensor.shape[resolved]!, output.data);
    starts.push(start);
    start += tensor.shape[resolved]!;
  }
  return record(output, 'concat', tensors, (gradOutput) => {
    tensors.forEach((tensor, index) => {
      if (!tensor.requiresGrad) return;
      const part = scratch(tensor.size, false);
      first.backend.slice(gradOutput, view.outer, view.size, view.inner, starts[index]!, tensor.shape[resolved]!, part);
      accumulateOwned(tensor, part);
    });
  });
}

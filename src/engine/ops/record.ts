import { engineState } from '../state.js';
import { Tensor, formatShape, ShapeError } from '../tensor.js';

// Attaches an op's backward to its output when any input needs a gradient and grad mode is on.
export function record(output: Tensor, op: string, inputs: readonly Tensor[], backward: (gradOutput: Float32Array) => void): Tensor {
  if (engineState.checkNumerics) {
    for (let index = 0; index < output.data.length; index++) {
      if (!Number.isFinite(output.data[index]!)) {
        throw new Error(`${op}: non-finite output (NaN or Inf) at element ${index}, inputs ${inputs.map((input) => formatShape(input.shape)).join(', ')}`);
      }
    }
  }
  if (engineState.gradEnabled && inputs.some((input) => input.requiresGrad)) {
    output.requiresGrad = true;
    output.node = { op, inputs, backward };
  }
  return output;
}

// An op's output, from the buffer pool: its contents are undefined until the op's kernel has overwritten
// every element (all forward kernels do; zerosLike is for those that accumulate).
export function emptyLike(shape: readonly number[], like: Tensor): Tensor {
  let size = 1;
  for (const dimension of shape) size *= dimension;
  return owned(new Tensor(shape, engineState.pool.acquire(size), { backend: like.backend }));
}

export function zerosLike(shape: readonly number[], like: Tensor): Tensor {
  let size = 1;
  for (const dimension of shape) size *= dimension;
  return owned(new Tensor(shape, engineState.pool.acquireZeroed(size), { backend: like.backend }));
}

// An output that owns its buffer is a candidate for recycling when made inside recycleActivations.
function owned(tensor: Tensor): Tensor {
  engineState.recycling?.push(tensor);
  return tensor;
}

// Scratch space for one kernel call in a backward pass, given back with releaseScratch once read.
export function scratch(size: number, zeroed: boolean): Float32Array {
  return zeroed ? engineState.pool.acquireZeroed(size) : engineState.pool.acquire(size);
}

export function releaseScratch(buffer: Float32Array): void {
  engineState.pool.release(buffer);
}

export function expectFloat(op: string, ...tensors: Tensor[]): void {
  for (const tensor of tensors) {
    if (tensor.dtype !== 'float32') throw new ShapeError(`${op}: expected a float32 tensor, got int32 of shape ${formatShape(tensor.shape)}`);
  }
}

export function expectRank(op: string, tensor: Tensor, rank: number, what: string): void {
  if (tensor.rank !== rank) throw new ShapeError(`${op}: ${what} must have rank ${rank}, got shape ${formatShape(tensor.shape)}`);
}

export function expectShape(op: string, tensor: Tensor, shape: readonly number[], what: string): void {
  if (tensor.rank !== shape.length || tensor.shape.some((dimension, axis) => dimension !== shape[axis])) {
    throw new ShapeError(`${op}: ${what} must have shape ${formatShape(shape)}, got ${formatShape(tensor.shape)}`);
  }
}

export function resolveAxis(op: string, tensor: Tensor, axis: number): number {
  const resolved = axis < 0 ? tensor.rank + axis : axis;
  if (resolved < 0 || resolved >= tensor.rank) throw new ShapeError(`${op}: axis ${axis} out of range for shape ${formatShape(tensor.shape)}`);
  return resolved;
}

// (outer, size, inner) around one axis: the view most kernels take of an N-d tensor.
export function splitAround(shape: readonly number[], axis: number): { outer: number; size: number; inner: number } {
  let outer = 1;
  let inner = 1;
  for (let index = 0; index < axis; index++) outer *= shape[index]!;
  for (let index = axis + 1; index < shape.length; index++) inner *= shape[index]!;
  return { outer, size: shape[axis]!, inner };
}

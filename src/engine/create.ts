import type { Rng } from './random.js';
import { Tensor, sizeOf } from './tensor.js';

export function tensor(values: ArrayLike<number>, shape?: readonly number[]): Tensor {
  return new Tensor(shape ?? [values.length], Float32Array.from(values));
}

export function intTensor(values: ArrayLike<number>, shape?: readonly number[]): Tensor {
  return new Tensor(shape ?? [values.length], Int32Array.from(values));
}

export function zeros(shape: readonly number[], options: { requiresGrad?: boolean } = {}): Tensor {
  return new Tensor(shape, new Float32Array(sizeOf(shape)), options);
}

export function full(shape: readonly number[], value: number, options: { requiresGrad?: boolean } = {}): Tensor {
  return new Tensor(shape, new Float32Array(sizeOf(shape)).fill(value), options);
}

export function randn(shape: readonly number[], rng: Rng, std = 1, options: { requiresGrad?: boolean } = {}): Tensor {
  const data = new Float32Array(sizeOf(shape));
  for (let index = 0; index < data.length; index++) data[index] = rng.normal() * std;
  return new Tensor(shape, data, options);
}

export function uniform(shape: readonly number[], rng: Rng, low: number, high: number, options: { requiresGrad?: boolean } = {}): Tensor {
  const data = new Float32Array(sizeOf(shape));
  for (let index = 0; index < data.length; index++) data[index] = low + (high - low) * rng.next();
  return new Tensor(shape, data, options);
}

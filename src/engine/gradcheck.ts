import { Tensor, formatShape } from './tensor.js';
import { noGrad } from './state.js';
import { mul } from './ops/elementwise.js';
import { sum } from './ops/reduce.js';

export interface GradCheckResult {
  maxRelativeError: number;
  worst: string;
}

// Central finite differences against the autograd, on a random projection of the output so that every
// output element contributes: L = sum(f(inputs) * projection). The kernels compute in float32, so the step
// is large (1e-2) and the error is measured relative to max(|analytic|, |numeric|, floor).
export function gradCheck(
  fn: (inputs: Tensor[]) => Tensor,
  inputs: Tensor[],
  options: { eps?: number; floor?: number; seed?: number } = {},
): GradCheckResult {
  const eps = options.eps ?? 1e-2;
  const floor = options.floor ?? 1e-2;
  const probe = fn(inputs);
  let state = options.seed ?? 7;
  const projection = new Tensor(probe.shape, Float32Array.from({ length: probe.size }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296 - 0.5;
  }), { backend: probe.backend });
  const objective = () => sum(mul(fn(inputs), projection));

  for (const input of inputs) input.grad = null;
  objective().backward();
  const analytic = inputs.map((input) => (input.requiresGrad ? Float64Array.from(input.grad?.data ?? new Float32Array(input.size)) : null));

  let maxRelativeError = 0;
  let worst = 'none';
  noGrad(() => {
    inputs.forEach((input, inputIndex) => {
      const gradient = analytic[inputIndex];
      if (!gradient) return;
      for (let index = 0; index < input.size; index++) {
        const original = input.data[index]!;
        input.data[index] = original + eps;
        const plus = objective().item();
        input.data[index] = original - eps;
        const minus = objective().item();
        input.data[index] = original;
        const numeric = (plus - minus) / (2 * eps);
        const error = Math.abs(numeric - gradient[index]!) / Math.max(Math.abs(numeric), Math.abs(gradient[index]!), floor);
        if (error > maxRelativeError) {
          maxRelativeError = error;
          worst = `input ${inputIndex} ${formatShape(input.shape)} element ${index}: analytic ${gradient[index]}, numeric ${numeric}`;
        }
      }
    });
  });
  return { maxRelativeError, worst };
}

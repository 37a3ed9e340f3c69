import { Tensor } from '../tensor.js';
import { abs, exp, mul, square, sub } from './elementwise.js';
import { mean, sum } from './reduce.js';
import { logSoftmax } from './softmax.js';

// Composites of primitives (tinygrad's rule): their gradients come from the primitives' and need no kernel.

export function meanSquaredError(prediction: Tensor, target: Tensor): Tensor {
  return mean(square(sub(prediction, target)));
}

export function l1Norm(x: Tensor): Tensor {
  return sum(abs(x));
}

// KL(P || Q) per row, from logits: sum_v p_v (log p_v - log q_v), over the last axis. Shape (...).
export function klDivergenceFromLogits(logitsP: Tensor, logitsQ: Tensor): Tensor {
  const logP = logSoftmax(logitsP);
  const logQ = logSoftmax(logitsQ);
  return sum(mul(exp(logP), sub(logP, logQ)), { axis: -1 });
}

import { Tensor, addScalar, logSigmoid, mean, mul, neg, scale, sub } from '../../engine/index.js';

// Sequence-level preference terms. Every argument is a (batch,) tensor of sequence log-probabilities
// log pi(y | x); reference ones carry no gradient.

// DPO (Rafailov et al. 2023): -log sigmoid(beta * ((pi_w - ref_w) - (pi_l - ref_l))), mean over the batch.
export function dpoLoss(policyWin: Tensor, referenceWin: Tensor, policyLose: Tensor, referenceLose: Tensor, beta: number): Tensor {
  const margin = sub(sub(policyWin, referenceWin), sub(policyLose, referenceLose));
  return neg(mean(logSigmoid(scale(margin, beta))));
}

// NPO (Zhang et al. 2024): (2/beta) * mean log(1 + (pi/ref)^beta). log(1 + e^z) = -log sigmoid(-z) keeps it
// finite for any ratio.
export function npoLoss(policyLose: Tensor, referenceLose: Tensor, beta: number): Tensor {
  const logRatio = sub(policyLose, referenceLose);
  return scale(neg(mean(logSigmoid(scale(logRatio, -beta)))), 2 / beta);
}

// SimNPO (Fan et al. 2024), reference-free and length-normalised:
// -(2/beta) * mean log sigmoid(-(beta/|y|) log pi(y|x) - gamma).
export function simNpoLoss(policyLose: Tensor, lengths: Float32Array, beta: number, gamma: number): Tensor {
  const inverseLengths = new Tensor([lengths.length], Float32Array.from(lengths, (length) => 1 / Math.max(length, 1)));
  const argument = addScalar(scale(mul(policyLose, inverseLengths), -beta), -gamma);
  return scale(mean(logSigmoid(argument)), -2 / beta);
}

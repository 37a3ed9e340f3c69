import { Tensor, add, mean, scale } from '../engine/index.js';
import type { TrainBatch } from '../train/samples.js';
import { entropyPerRow, meanKl, meanTokenNll, sequenceLogProbs, type KlDirection } from './losses/index.js';
import type { RowSelection, UnlearnContext } from './method.js';

// The terms methods combine, evaluated on a context's memoised passes (losses/ holds the tensor maths).

// Mean NLL of the batch's answer tokens under the current model (the CE every method calls "CE").
export function answerNll<State>(context: UnlearnContext<State>, batch: TrainBatch): Tensor {
  return meanTokenNll(context.logits(batch), batch);
}

// KL between the original's and the current model's next-token distributions, mean over the rows.
export function klToOriginal<State>(context: UnlearnContext<State>, batch: TrainBatch, direction: KlDirection = 'original-current', rows: RowSelection = 'answers'): Tensor {
  return meanKl(context.originalLogits(batch, rows), context.logits(batch, rows), direction);
}

export function meanEntropy<State>(context: UnlearnContext<State>, batch: TrainBatch, rows: RowSelection = 'answers'): Tensor {
  return mean(entropyPerRow(context.logits(batch, rows)));
}

// log pi(y | x) per sequence, current and original. (batch,)
export function policyLogProbs<State>(context: UnlearnContext<State>, batch: TrainBatch): Tensor {
  return sequenceLogProbs(context.logits(batch), batch);
}

export function originalLogProbs<State>(context: UnlearnContext<State>, batch: TrainBatch): Tensor {
  return sequenceLogProbs(context.originalLogits(batch), batch);
}

// The rows a KL or entropy term covers: answers, or under --compat reference every position as the
// reference computes them on the full logits (its terms carry no answer mask).
export function distributionRows<State>(context: UnlearnContext<State>): RowSelection {
  return context.compat === 'reference' ? 'all' : 'answers';
}

// Under --compat reference the refusal batch holds the TRUE forget answers (SPEC defect 1: the reference's
// dataset builds its "idk" pair from the unmodified forget row), which IDK, DPO and LLMU then train on.
export function refusalBatch<State>(context: UnlearnContext<State>): TrainBatch {
  if (context.compat === 'reference') return context.forget;
  return context.forgetRefusal;
}

// sum_i weight_i * term_i, where a term whose weight is 0 is never computed (no forward pass for it).
export function weightedSum(parts: readonly (readonly [number, () => Tensor])[]): Tensor {
  let total: Tensor | null = null;
  for (const [weight, term] of parts) {
    if (weight === 0) continue;
    const value = weight === 1 ? term() : scale(term(), weight);
    total = total ? add(total, value) : value;
  }
  if (!total) throw new Error('unlearning loss: every term has weight 0');
  return total;
}

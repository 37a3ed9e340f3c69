import { Tensor, crossEntropyPerRow, intTensor, mean } from '../../engine/index.js';
import type { TrainBatch } from '../../train/samples.js';

// Per-answer-token negative log-likelihood. logits: (answerRows, vocab), rows in batch.answerRows order.
// Returns (answerRows,).
export function tokenNll(logits: Tensor, batch: TrainBatch): Tensor {
  return crossEntropyPerRow(logits, intTensor(batch.answerTargets));
}

// The causal-LM loss of HF models: mean NLL over every answer token of the batch (longer answers weigh more).
export function meanTokenNll(logits: Tensor, batch: TrainBatch): Tensor {
  if (batch.answerTargets.length === 0) throw new Error('token NLL: the batch has no answer tokens (all cut by maxLength?)');
  return mean(tokenNll(logits, batch));
}

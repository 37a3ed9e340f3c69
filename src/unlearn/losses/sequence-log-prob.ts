import { Tensor, matmul, neg } from '../../engine/index.js';
import type { TrainBatch } from '../../train/samples.js';
import { tokenNll } from './token-nll.js';

// Sums per-answer-row values into one value per sequence: (answerRows,) -> (batch,). A constant (batch, rows)
// indicator matrix times the column of values, so the gradient reaches every row.
export function sumPerSequence(values: Tensor, batch: TrainBatch): Tensor {
  const rows = batch.answerSequence.length;
  const sequences = batch.input.batch;
  if (values.size !== rows) throw new Error(`sumPerSequence: ${values.size} values for ${rows} answer rows`);
  const indicator = new Float32Array(sequences * rows);
  batch.answerSequence.forEach((sequence, row) => (indicator[sequence * rows + row] = 1));
  return matmul(new Tensor([sequences, rows], indicator), values.reshape([rows, 1])).reshape([sequences]);
}

// log pi(y | x) of each sequence's whole answer: minus the sum of its token NLLs. (batch,)
export function sequenceLogProbs(logits: Tensor, batch: TrainBatch): Tensor {
  return neg(sumPerSequence(tokenNll(logits, batch), batch));
}

// |y|: answer tokens per sequence (the <eos> counted, as it is a target).
export function answerLengths(batch: TrainBatch): Float32Array {
  const lengths = new Float32Array(batch.input.batch);
  for (const sequence of batch.answerSequence) lengths[sequence]! += 1;
  return lengths;
}

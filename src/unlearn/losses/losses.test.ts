import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, sum, tensor } from '../../engine/index.js';
import type { TrainBatch } from '../../train/samples.js';
import {
  activationMse, answerLengths, dpoLoss, entropyPerRow, meanKl, npoLoss, sequenceLogProbs, simNpoLoss, softCrossEntropyPerRow,
  sumPerSequence, wholeVocabularyNpoLoss,
} from './index.js';

const close = (actual: number, expected: number, tolerance = 1e-5) =>
  assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `${actual} != ${expected}`);

const softplus = (x: number) => Math.log1p(Math.exp(x));
const logSigmoid = (x: number) => -softplus(-x);

function logSoftmaxRow(row: readonly number[]): number[] {
  const top = Math.max(...row);
  const logSum = top + Math.log(row.reduce((total, value) => total + Math.exp(value - top), 0));
  return row.map((value) => value - logSum);
}

// Two sequences: sequence 0 has answer rows 0 and 1, sequence 1 has row 2. Vocabulary of 3.
const LOGITS = [[2, 0, -1], [0.5, 0.5, 0], [-1, 3, 0.2]];
const batch = {
  input: { batch: 2, length: 4, inputIds: new Int32Array(8), attentionMask: Int32Array.from([1, 1, 1, 0, 1, 1, 1, 1]), imageMarkerPositions: new Int32Array(2).fill(-1), images: [null, null] },
  labels: new Int32Array(8), answerRows: Int32Array.from([1, 2, 6]), answerTargets: Int32Array.from([0, 2, 1]),
  answerSequence: Int32Array.from([0, 0, 1]), tokens: 7,
} satisfies TrainBatch;

test('sequence log-probabilities sum the answer tokens of each sequence', () => {
  const logits = new Tensor([3, 3], Float32Array.from(LOGITS.flat()), { requiresGrad: true });
  const result = sequenceLogProbs(logits, batch).toArray();
  // Sequence 0: log p(0 | row 0) + log p(2 | row 1); sequence 1: log p(1 | row 2).
  const expected = [logSoftmaxRow(LOGITS[0]!)[0]! + logSoftmaxRow(LOGITS[1]!)[2]!, logSoftmaxRow(LOGITS[2]!)[1]!];
  result.forEach((value, index) => close(value, expected[index]!));
  assert.deepEqual([...answerLengths(batch)], [2, 1]);
  // Rows 0 + 1 go to sequence 0, row 2 to sequence 1, and the gradient reaches each row.
  const values = new Tensor([3], Float32Array.from([1, 2, 3]), { requiresGrad: true });
  const sums = sumPerSequence(values, batch);
  assert.deepEqual(sums.toArray(), [3, 3]);
  sum(sums).backward();
  assert.deepEqual(values.grad!.toArray(), [1, 1, 1]);
});

test('DPO, NPO and SimNPO equal their formulas', () => {
  const policyWin = [-3, -5];
  const referenceWin = [-4, -4.5];
  const policyLose = [-2, -6];
  const referenceLose = [-1.5, -6.5];
  const beta = 0.1;
  // DPO: -mean log sigmoid(beta ((pw - rw) - (pl - rl))).
  const dpoExpected = -(0.5) * policyWin.reduce((total, _, index) =>
    total + logSigmoid(beta * ((policyWin[index]! - referenceWin[index]!) - (policyLose[index]! - referenceLose[index]!))), 0);
  close(dpoLoss(tensor(policyWin), tensor(referenceWin), tensor(policyLose), tensor(referenceLose), beta).item(), dpoExpected);
  // NPO: (2/beta) mean log(1 + (pi/ref)^beta).
  const npoExpected = (2 / beta) * 0.5 * policyLose.reduce((total, value, index) => total + Math.log(1 + Math.exp(value - referenceLose[index]!) ** beta), 0);
  close(npoLoss(tensor(policyLose), tensor(referenceLose), beta).item(), npoExpected);
  // SimNPO: -(2/beta) mean log sigmoid(-(beta/|y|) log pi - gamma).
  const lengths = Float32Array.from([4, 2]);
  const gamma = 0.3;
  const simBeta = 2.5;
  const simExpected = -(2 / simBeta) * 0.5 * policyLose.reduce((total, value, index) => total + logSigmoid(-(simBeta / lengths[index]!) * value - gamma), 0);
  close(simNpoLoss(tensor(policyLose), lengths, simBeta, gamma).item(), simExpected);
});

test('KL in both directions, entropy and soft cross-entropy match hand computations', () => {
  const p = [[1, 0, -1], [0.2, 0.1, 3]];
  const q = [[0, 1, 0], [1, 1, 1]];
  const klRow = (a: readonly number[], b: readonly number[]) => {
    const logA = logSoftmaxRow(a);
    const logB = logSoftmaxRow(b);
    return logA.reduce((total, value, index) => total + Math.exp(value) * (value - logB[index]!), 0);
  };
  const pTensor = tensor(p.flat(), [2, 3]);
  const qTensor = tensor(q.flat(), [2, 3]);
  close(meanKl(pTensor, qTensor, 'original-current').item(), (klRow(p[0]!, q[0]!) + klRow(p[1]!, q[1]!)) / 2);
  close(meanKl(pTensor, qTensor, 'current-original').item(), (klRow(q[0]!, p[0]!) + klRow(q[1]!, p[1]!)) / 2);
  const entropies = entropyPerRow(pTensor).toArray();
  p.forEach((row, index) => close(entropies[index]!, -logSoftmaxRow(row).reduce((total, value) => total + Math.exp(value) * value, 0)));
  const targets = [[0.7, 0.2, 0.1], [0, 0, 1]];
  const softCe = softCrossEntropyPerRow(tensor(targets.flat(), [2, 3]), qTensor).toArray();
  targets.forEach((row, index) => close(softCe[index]!, -row.reduce((total, weight, v) => total + weight * logSoftmaxRow(q[index]!)[v]!, 0)));
});

test('activation MSE averages over the chosen rows and dimensions', () => {
  // (batch 1, length 3, dim 2); rows 0 and 2 against the vector (1, -1).
  const activations = tensor([1, 2, 9, 9, -1, 0], [1, 3, 2]);
  const expected = ((1 - 1) ** 2 + (2 + 1) ** 2 + (-1 - 1) ** 2 + (0 + 1) ** 2) / 4;
  close(activationMse(activations, tensor([1, -1], [1, 2]), Int32Array.from([0, 2])).item(), expected);
  // Against another activation tensor, row for row.
  const other = tensor([0, 0, 9, 9, 0, 0], [1, 3, 2]);
  close(activationMse(activations, other, Int32Array.from([0, 2])).item(), (1 + 4 + 1 + 0) / 4);
});

test('the reference NPO form averages over every vocabulary entry of every row', () => {
  const current = [[1, 0], [0, 2]];
  const original = [[0, 0], [1, 1]];
  const beta = 1;
  let total = 0;
  current.forEach((row, r) => {
    const p = logSoftmaxRow(row).map(Math.exp);
    const pRef = logSoftmaxRow(original[r]!).map(Math.exp);
    p.forEach((value, v) => (total += Math.log(1 + (value / (pRef[v]! + 1e-8)) ** beta)));
  });
  close(wholeVocabularyNpoLoss(tensor(current.flat(), [2, 2]), tensor(original.flat(), [2, 2]), beta).item(), (2 / beta) * (total / 4));
});

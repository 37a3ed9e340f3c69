import assert from 'node:assert/strict';
import { test } from 'node:test';
import { candidateLosses, loadMetricFixtures } from '../../../test/metric-fixtures.js';
import type { CandidateLosses } from './candidate-losses.js';
import { forgetTruthRatioScore, retainTruthRatioScore, truthRatios, truthRatioScore } from './truth-ratio.js';

const fixtures = loadMetricFixtures();

function close(actual: number, expected: number, tolerance = 1e-12): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} != ${expected}`);
}

// Losses are per-token NLL: lower means likelier.
const prefersTruth: CandidateLosses[] = [
  { answerLoss: 0.2, paraphrasedLoss: 0.2, perturbedLosses: [4.5, 5, 5.5] },
  { answerLoss: 0.3, paraphrasedLoss: 0.4, perturbedLosses: [4, 6] },
];
const indifferent: CandidateLosses[] = [
  { answerLoss: 2, paraphrasedLoss: 2, perturbedLosses: [1.5, 2.5] },
  { answerLoss: 3, paraphrasedLoss: 3, perturbedLosses: [3, 3, 3] },
];

test('truth ratio direction: a model that prefers true answers scores high on retain and near 0 on forget', () => {
  const ratios = truthRatios(prefersTruth);
  close(ratios[0] ?? Number.NaN, Math.exp(5 - 0.2));
  close(ratios[1] ?? Number.NaN, Math.exp(5 - 0.4));
  assert.ok(truthRatioScore(prefersTruth, 'retain').aggregate > 0.98);
  assert.ok(truthRatioScore(prefersTruth, 'forget').aggregate < 0.02);
});

test('truth ratio direction: an indifferent model scores 1 on forget and 0 on retain', () => {
  assert.deepEqual(truthRatios(indifferent), [1, 1]);
  assert.equal(truthRatioScore(indifferent, 'forget').aggregate, 1);
  assert.equal(truthRatioScore(indifferent, 'retain').aggregate, 0);
});

test('a model that prefers the wrong answers gets 0 on retain (clipped), and low forget', () => {
  const prefersWrong: CandidateLosses[] = [{ answerLoss: 4, paraphrasedLoss: 4, perturbedLosses: [1, 1] }];
  assert.equal(truthRatioScore(prefersWrong, 'retain').aggregate, 0);
  close(truthRatioScore(prefersWrong, 'forget').aggregate, Math.exp(-3));
});

test("compat 'reference' pools the perturbed losses of the whole set; the default does not", () => {
  // Sample 1's wrong answers are unlikely (loss 2), sample 2's likely (loss 0); both paraphrases cost 1.
  // Per sample: TR = e^(2-1) = e and e^(0-1) = 1/e. Pooled: the mean perturbed loss is 1, so TR = 1 twice.
  const samples: CandidateLosses[] = [
    { answerLoss: 1, paraphrasedLoss: 1, perturbedLosses: [2, 2] },
    { answerLoss: 1, paraphrasedLoss: 1, perturbedLosses: [0, 0] },
  ];
  assert.deepEqual(truthRatios(samples, 'reference'), [1, 1]);
  const perSample = truthRatios(samples);
  close(perSample[0] ?? Number.NaN, Math.E);
  close(perSample[1] ?? Number.NaN, 1 / Math.E);
  assert.equal(truthRatioScore(samples, 'forget', 'reference').aggregate, 1);
  close(truthRatioScore(samples, 'forget').aggregate, 1 / Math.E);
  assert.equal(truthRatioScore(samples, 'retain', 'reference').aggregate, 0);
  close(truthRatioScore(samples, 'retain').aggregate, (1 - 1 / Math.E) / 2);
});

test("both forms equal numpy's restatement of mm/calculate_metrics.py (pooled) and of TOFU (per sample)", () => {
  for (const task of fixtures.referenceAggregation.tasks) {
    const samples = candidateLosses(task);
    const role = task.isForget ? 'forget' : 'retain';
    truthRatios(samples, 'reference').forEach((ratio, index) => close(ratio, task.pooledTruthRatios[index] ?? Number.NaN, 1e-12));
    truthRatios(samples).forEach((ratio, index) => close(ratio, task.perSampleTruthRatios[index] ?? Number.NaN, 1e-12));
    close(truthRatioScore(samples, role, 'reference').aggregate, task.pooledScore, 1e-12);
    close(truthRatioScore(samples, role).aggregate, task.perSampleScore, 1e-12);
  }
});

test('score forms keep per-example values and reject missing input', () => {
  assert.deepEqual(forgetTruthRatioScore([2, 0.5, 1]).perExample, [0.5, 0.5, 1]);
  assert.deepEqual(retainTruthRatioScore([2, 0.5, 1]).perExample, [0.5, 0, 0]);
  assert.throws(() => truthRatios([]), /samples is empty/);
  assert.throws(() => truthRatios([{ answerLoss: 1, paraphrasedLoss: 1, perturbedLosses: [] }]), /perturbedLosses is empty/);
  assert.throws(() => truthRatios([{ answerLoss: 1, paraphrasedLoss: Number.NaN, perturbedLosses: [1] }]), /NaN/);
});

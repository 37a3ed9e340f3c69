import assert from 'node:assert/strict';
import { test } from 'node:test';
import { candidateLosses, loadMetricFixtures } from '../../../test/metric-fixtures.js';
import { answerProbability } from './answer-probability.js';

const fixtures = loadMetricFixtures();

test('answerProbability by hand: caption form exp(-loss), options form normalised over the candidates', () => {
  // p(true) = 1/2, each wrong option 1/4: caption form 1/2; options form (1/2) / (1/2 + 1/4 + 1/4) = 1/2.
  const samples = [{ answerLoss: Math.LN2, paraphrasedLoss: Math.LN2, perturbedLosses: [Math.log(4), Math.log(4)] }];
  assert.ok(Math.abs(answerProbability(samples, 'caption').aggregate - 0.5) < 1e-15);
  assert.ok(Math.abs(answerProbability(samples, 'options').aggregate - 0.5) < 1e-15);
  // p(true) = 1/2, one wrong option 1/8: 0.5 / 0.625 = 0.8.
  const second = [{ answerLoss: Math.LN2, paraphrasedLoss: 0, perturbedLosses: [Math.log(8)] }];
  assert.ok(Math.abs(answerProbability(second, 'options').aggregate - 0.8) < 1e-15);
});

test('options form survives likelihoods that underflow to 0', () => {
  const samples = [{ answerLoss: 800, paraphrasedLoss: 800, perturbedLosses: [800, 801] }];
  const result = answerProbability(samples, 'options').aggregate;
  assert.ok(Math.abs(result - 1 / (2 + Math.exp(-1))) < 1e-15);
});

test("answerProbability equals numpy's restatement of mm/calculate_metrics.py", () => {
  for (const task of fixtures.referenceAggregation.tasks) {
    const result = answerProbability(candidateLosses(task), task.isCaption ? 'caption' : 'options');
    assert.ok(Math.abs(result.aggregate - task.probability) <= 1e-12, `${result.aggregate} != ${task.probability}`);
    assert.equal(result.perExample.length, task.answerLoss.length);
  }
});

test('answerProbability rejects missing input', () => {
  assert.throws(() => answerProbability([], 'caption'), /samples is empty/);
});

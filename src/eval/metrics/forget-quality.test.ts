import assert from 'node:assert/strict';
import { test } from 'node:test';
import { candidateLosses, loadMetricFixtures } from '../../../test/metric-fixtures.js';
import { forgetQuality, forgetQualityFromTruthRatios } from './forget-quality.js';

const fixtures = loadMetricFixtures();

test("forget quality equals SciPy on the reference's pooled truth ratios and on TOFU's per-sample ones", () => {
  const { tasks, forgetQuality: expected } = fixtures.referenceAggregation;
  const unlearnedTask = tasks[0];
  assert.ok(unlearnedTask);
  const unlearned = candidateLosses(unlearnedTask);
  const gold = candidateLosses(expected.gold);
  const pooled = forgetQuality(unlearned, gold, 'reference');
  assert.ok(Math.abs(pooled.ksPValue - expected.pooledKsPValue) <= 1e-9);
  assert.ok(Math.abs(pooled.jensenShannonDistance - expected.pooledJensenShannon) <= 1e-9);
  assert.ok(Math.abs(pooled.oneMinusJensenShannon - (1 - expected.pooledJensenShannon)) <= 1e-9);
  const perSample = forgetQuality(unlearned, gold);
  assert.ok(Math.abs(perSample.ksPValue - expected.perSampleKsPValue) <= 1e-9);
  assert.ok(Math.abs(perSample.jensenShannonDistance - expected.perSampleJensenShannon) <= 1e-9);
  assert.notEqual(pooled.ksPValue, perSample.ksPValue);
});

test('forget quality by hand: a model identical to gold gets KS p = 1 and 1 - JS = 1', () => {
  const result = forgetQualityFromTruthRatios([0.5, 1, 2, 4], [0.5, 1, 2, 4]);
  assert.equal(result.ksPValue, 1);
  assert.equal(result.ksStatistic, 0);
  assert.equal(result.oneMinusJensenShannon, 1);
  const different = forgetQualityFromTruthRatios([10, 20, 30, 40], [0.1, 0.2, 0.3, 0.4]);
  // Scale-free JS: proportional vectors are the same distribution, yet KS sees disjoint samples.
  assert.equal(different.oneMinusJensenShannon, 1);
  assert.ok(different.ksPValue < 0.05);
});

test('forget quality rejects vectors of different lengths or empty ones', () => {
  assert.throws(() => forgetQualityFromTruthRatios([1, 2], [1]), /same forget samples/);
  assert.throws(() => forgetQualityFromTruthRatios([], []), /empty/);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureSample, loadMetricFixtures } from '../../../test/metric-fixtures.js';
import { kolmogorovSmirnovSurvival, smirnovSurvival } from './kolmogorov-distribution.js';
import { ksTwoSample } from './ks-two-sample.js';

const fixtures = loadMetricFixtures();
const tolerance = 1e-9;

test('ksTwoSample equals scipy.stats.ks_2samp on every fixture pair within 1e-9', () => {
  assert.ok(fixtures.ksTwoSample.length >= 50);
  for (const item of fixtures.ksTwoSample) {
    const result = ksTwoSample(fixtureSample(item.first), fixtureSample(item.second));
    assert.ok(Math.abs(result.statistic - item.statistic) <= tolerance, `${item.name}: statistic ${result.statistic} != ${item.statistic}`);
    assert.ok(Math.abs(result.pValue - item.pValue) <= tolerance, `${item.name}: p-value ${result.pValue} != ${item.pValue}`);
  }
});

test('ksTwoSample takes the path SciPy takes', () => {
  const byName = new Map(fixtures.ksTwoSample.map((item) => [item.name, item]));
  const method = (name: string): string => {
    const item = byName.get(name);
    assert.ok(item, `fixture case ${name}`);
    return ksTwoSample(fixtureSample(item.first), fixtureSample(item.second)).method;
  };
  assert.equal(method('recipe 10000 vs 9000 exact'), 'exact');
  assert.equal(method('recipe 10001 vs 12000 asymptotic'), 'asymptotic');
  assert.equal(method('1000 vs 1200'), 'exact');
  // d = 1/7 with n1 = n2 = 7: the exact formula gives 1 + 2e-16, SciPy falls back to kstwo at n = 4.
  assert.equal(method('exact fallback 7 vs 7'), 'asymptotic');
  assert.equal(method('exact fallback 6 vs 6'), 'exact');
});

test('ksTwoSample by hand: identical, separated and one-sided samples', () => {
  assert.deepEqual(ksTwoSample([1, 2, 3], [1, 2, 3]), { statistic: 0, pValue: 1, method: 'exact' });
  const separated = ksTwoSample([1, 2, 3], [4, 5, 6, 7, 8]);
  assert.equal(separated.statistic, 1);
  // Only 2 of the binom(8, 3) = 56 orderings separate the samples completely.
  assert.ok(Math.abs(separated.pValue - 2 / 56) < 1e-15);
  assert.equal(ksTwoSample([0], [Infinity]).statistic, 1);
});

test('ksTwoSample rejects empty or NaN input', () => {
  assert.throws(() => ksTwoSample([], [1]), /first sample is empty/);
  assert.throws(() => ksTwoSample([1], [Number.NaN]), /second sample\[0\] is NaN/);
});

test('kolmogorovSmirnovSurvival equals scipy.stats.kstwo.sf over every branch within 1e-9', () => {
  assert.ok(fixtures.kolmogorovSurvival.length >= 100);
  for (const item of fixtures.kolmogorovSurvival) {
    const survival = kolmogorovSmirnovSurvival(item.n, item.x);
    assert.ok(Math.abs(survival - item.survival) <= tolerance, `kstwo.sf(${item.x}, ${item.n}) = ${item.survival}, got ${survival}`);
  }
});

test('smirnovSurvival by hand', () => {
  // n = 2, x = 0.3: floor(n (1 - x)) = 1, so the Birnbaum-Tingey sum has the terms v = 0 and v = 1:
  // x [C(2,0) x^-1 (1 - x)^2 + C(2,1) (x + 1/2)^0 (1 - x - 1/2)^1].
  const x = 0.3;
  const expected = x * ((1 - x) ** 2 / x + 2 * (1 - x - 0.5));
  assert.ok(Math.abs(smirnovSurvival(2, x) - expected) < 1e-15);
  assert.equal(smirnovSurvival(5, 0), 1);
  assert.equal(smirnovSurvival(5, 1), 0);
  assert.ok(Number.isNaN(smirnovSurvival(5, 1.5)));
});

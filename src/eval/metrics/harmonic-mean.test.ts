import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadMetricFixtures } from '../../../test/metric-fixtures.js';
import { harmonicMean } from './harmonic-mean.js';

const fixtures = loadMetricFixtures();

test('harmonicMean equals scipy.stats.hmean on every fixture case within 1e-9', () => {
  assert.ok(fixtures.harmonicMean.length >= 10);
  for (const item of fixtures.harmonicMean) {
    const value = harmonicMean(item.values);
    assert.ok(Math.abs(value - item.mean) <= 1e-9 * Math.max(1, Math.abs(item.mean)), `hmean(${item.values}) = ${item.mean}, got ${value}`);
  }
});

test('harmonicMean by hand: 3 / (1 + 1/4 + 1/4) = 2, and a zero gives 0 as in SciPy', () => {
  assert.equal(harmonicMean([1, 4, 4]), 2);
  assert.equal(harmonicMean([0.5, 0, 0.9]), 0);
});

test('harmonicMean rejects empty, NaN and negative input', () => {
  assert.throws(() => harmonicMean([]), /empty/);
  assert.throws(() => harmonicMean([1, Number.NaN]), /values\[1\] is NaN/);
  assert.throws(() => harmonicMean([1, -0.5]), /only defined for values >= 0/);
});

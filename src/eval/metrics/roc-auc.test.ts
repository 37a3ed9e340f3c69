import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadMetricFixtures } from '../../../test/metric-fixtures.js';
import { rocAuc } from './roc-auc.js';

const fixtures = loadMetricFixtures();

test('rocAuc equals the pairwise definition (sklearn roc_auc_score) on every fixture case', () => {
  assert.ok(fixtures.rocAuc.length >= 10);
  for (const item of fixtures.rocAuc) {
    const auc = rocAuc(item.positive, item.negative);
    assert.ok(Math.abs(auc - item.auc) <= 1e-12, `${auc} != ${item.auc}`);
  }
});

test('rocAuc with ties by hand', () => {
  // Positives [3, 3, 2] against negatives [1, 3, 3, 0]: the two 3s beat 1 and 0 and tie twice each
  // (2 + 1 = 3 each), 2 beats 1 and 0 (2): (3 + 3 + 2) / 12.
  assert.equal(rocAuc([3, 3, 2], [1, 3, 3, 0]), 8 / 12);
  assert.equal(rocAuc([1, 1], [1, 1, 1]), 0.5);
  assert.equal(rocAuc([2, 3], [0, 1]), 1);
  assert.equal(rocAuc([0, 1], [2, 3]), 0);
  assert.equal(rocAuc([Infinity, -Infinity], [Infinity, 0]), (0.5 + 1 + 0 + 0) / 4);
});

test('rocAuc rejects empty or NaN scores', () => {
  assert.throws(() => rocAuc([], [1]), /scoresPositive is empty/);
  assert.throws(() => rocAuc([1], [Number.NaN]), /scoresNegative\[0\] is NaN/);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadMetricFixtures } from '../../../test/metric-fixtures.js';
import { jensenShannon } from './jensen-shannon.js';

const fixtures = loadMetricFixtures();

test('jensenShannon equals scipy.spatial.distance.jensenshannon on every fixture case within 1e-9', () => {
  assert.ok(fixtures.jensenShannon.length >= 10);
  for (const item of fixtures.jensenShannon) {
    const distance = item.base === null ? jensenShannon(item.p, item.q) : jensenShannon(item.p, item.q, item.base);
    assert.ok(Math.abs(distance - item.distance) <= 1e-9, `p=${item.p} q=${item.q} base=${item.base}: ${distance} != ${item.distance}`);
  }
});

test('jensenShannon by hand: normalisation, disjoint supports, base 2', () => {
  // Unnormalised inputs are divided by their sums first: [2, 2] is [0.5, 0.5].
  assert.equal(jensenShannon([2, 2], [7, 7]), 0);
  // Disjoint supports: divergence ln 2 (natural log), 1 bit (base 2).
  assert.ok(Math.abs(jensenShannon([1, 0], [0, 1]) - Math.sqrt(Math.LN2)) < 1e-15);
  assert.ok(Math.abs(jensenShannon([1, 0], [0, 1], 2) - 1) < 1e-15);
});

test('jensenShannon rejects what SciPy turns into NaN', () => {
  assert.throws(() => jensenShannon([], []), /p is empty/);
  assert.throws(() => jensenShannon([1, 2], [1]), /2 entries but q has 1/);
  assert.throws(() => jensenShannon([0, 0], [1, 1]), /p sums to 0/);
  assert.throws(() => jensenShannon([1, -1, 2], [1, 1, 1]), /non-negative/);
  assert.throws(() => jensenShannon([1, Infinity], [1, 1]), /not finite/);
  assert.throws(() => jensenShannon([1, 1], [1, 1], 1), /base/);
});

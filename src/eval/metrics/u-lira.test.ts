import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../engine/index.js';
import { median, robustStd, uLira, uLiraLogLikelihoodRatio } from './u-lira.js';
import type { ULiraExample } from './u-lira.js';

// Synthetic logits: each example has its own base score; models that trained on it (then "unlearned" it)
// score it `gap` higher, with noise of standard deviation 0.3 from model to model.
function syntheticExamples(gap: number, seed: number, count = 40, shadows = 16, targets = 8): ULiraExample[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => {
    const base = rng.normal() * 2;
    const draw = (member: boolean) => base + (member ? gap : 0) + rng.normal() * 0.3;
    return {
      shadowIn: Array.from({ length: shadows }, () => draw(true)),
      shadowOut: Array.from({ length: shadows }, () => draw(false)),
      targets: Array.from({ length: targets }, (_, index) => {
        const member = index % 2 === 0;
        return { score: draw(member), member };
      }),
    };
  });
}

test('median and robust std: odd and even counts, MAD / 0.6745', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  // deviations from 3 of [1, 2, 3, 4, 100] are [2, 1, 0, 1, 97]: median 1.
  assert.ok(Math.abs(robustStd([1, 2, 3, 4, 100]) - 1 / 0.6744897501960817) < 1e-12);
});

test('log-likelihood ratio by hand: equal spreads give a linear rule', () => {
  // in: median 1, MAD 1; out: median -1, MAD 1; both std 1/0.67449 = s.
  // log N(x;1,s) - log N(x;-1,s) = ((x+1)^2 - (x-1)^2) / (2 s^2) = 2x / s^2.
  const spread = 1 / 0.6744897501960817;
  const ratio = uLiraLogLikelihoodRatio(0.5, [0, 1, 2], [-2, -1, 0]);
  assert.ok(Math.abs(ratio - (2 * 0.5) / (spread * spread)) < 1e-12);
});

test('U-LIRA on clearly separated in/out logits: AUC and accuracy near 1', () => {
  const result = uLira(syntheticExamples(3, 1));
  assert.ok(result.auc > 0.99, `auc ${result.auc}`);
  assert.ok(result.accuracy > 0.95, `accuracy ${result.accuracy}`);
  assert.equal(result.aggregate, result.accuracy);
  assert.equal(result.perExample.length, 40 * 8);
});

test('U-LIRA on identical in/out distributions: AUC and accuracy near 0.5', () => {
  const result = uLira(syntheticExamples(0, 2, 200));
  assert.ok(Math.abs(result.auc - 0.5) < 0.05, `auc ${result.auc}`);
  assert.ok(Math.abs(result.accuracy - 0.5) < 0.05, `accuracy ${result.accuracy}`);
});

test('U-LIRA: single shadows use the std floor; missing members is an error', () => {
  const result = uLira([{ shadowIn: [1], shadowOut: [0], targets: [{ score: 0.9, member: true }, { score: 0.1, member: false }] }]);
  assert.equal(result.accuracy, 1);
  assert.equal(result.auc, 1);
  assert.throws(() => uLira([{ shadowIn: [1], shadowOut: [0], targets: [{ score: 0.9, member: true }] }]), /member and non-member/);
  assert.throws(() => uLira([]), /empty/);
});

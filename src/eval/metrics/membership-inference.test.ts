import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadMetricFixtures } from '../../../test/metric-fixtures.js';
import type { MembershipSample } from './membership-inference.js';
import {
  lossAttackScore, membershipAttackAuc, membershipAttackScores, minKAttackScore, minKPlusPlusAttackScore, privacyLeak,
  zlibAttackScore, zlibLength,
} from './membership-inference.js';

const fixtures = loadMetricFixtures();

function sample(tokenLogProbs: number[], text = 'a name'): MembershipSample {
  return {
    tokenLogProbs,
    tokenMeanLogProbs: tokenLogProbs.map(() => -2),
    tokenStdLogProbs: tokenLogProbs.map(() => 0.5),
    text,
  };
}

test('attack scores by hand (higher = less likely a member)', () => {
  const scored = sample([-1, -2, -3, -4, -5]);
  assert.equal(lossAttackScore(scored), 3);
  // 20% of 5 tokens is 1 token: the lowest log-prob, -5.
  assert.equal(minKAttackScore(scored), 5);
  assert.equal(minKAttackScore(scored, { fraction: 0.4 }), 4.5);
  // Standardised: (lp + 2) / 0.5 = [2, 0, -2, -4, -6]; lowest one: -6.
  assert.equal(minKPlusPlusAttackScore(scored), 6);
  assert.equal(zlibAttackScore(scored), 3 / zlibLength('a name'));
  // A near-zero sigma is clamped at 1e-3, as open-unlearning clamps the variance at 1e-6.
  assert.equal(minKPlusPlusAttackScore({ ...sample([-1]), tokenStdLogProbs: [0] }), (-1 + 2) / -1e-3);
});

// Node bundles a different zlib build from CPython's (1.3.1 with Chromium's changes against 1.2.13): the
// streams are equally valid but can differ by a few bytes, so only closeness is asserted.
test("zlibLength is within 4 bytes or 5% of CPython's zlib.compress length on the fixture texts", () => {
  for (const item of fixtures.zlibLength) {
    const length = zlibLength(item.text);
    assert.ok(Math.abs(length - item.length) <= Math.max(4, 0.05 * item.length), `${JSON.stringify(item.text.slice(0, 30))}: ${length} vs ${item.length}`);
  }
});

test('attacks separate members from non-members; a model that knows neither scores about 0.5', () => {
  // Deterministic pseudo-random log-probs: members (forget set) likelier than held-out text under the
  // target model; under the gold model both come from the same distribution.
  const logProb = (index: number, offset: number): number => -((index * 7919) % 101) / 25 - offset;
  const forgetTarget = Array.from({ length: 40 }, (_, index) => sample([0, 1, 2, 3, 4].map((t) => logProb(index * 5 + t, 0.2))));
  const holdout = Array.from({ length: 40 }, (_, index) => sample([0, 1, 2, 3, 4].map((t) => logProb(index * 5 + t + 1000, 2))));
  const forgetGold = Array.from({ length: 40 }, (_, index) => sample([0, 1, 2, 3, 4].map((t) => logProb(index * 5 + t + 2000, 2))));
  for (const attack of ['loss', 'minK', 'minKPlusPlus'] as const) {
    const holdoutScores = membershipAttackScores(attack, holdout).perExample;
    const targetAuc = membershipAttackAuc(membershipAttackScores(attack, forgetTarget).perExample, holdoutScores);
    const goldAuc = membershipAttackAuc(membershipAttackScores(attack, forgetGold).perExample, holdoutScores);
    assert.ok(targetAuc > 0.9, `${attack}: target AUC ${targetAuc}`);
    assert.ok(Math.abs(goldAuc - 0.5) < 0.2, `${attack}: gold AUC ${goldAuc}`);
    assert.ok(privacyLeak(targetAuc, goldAuc) < -0.5);
  }
});

test("privacyLeak follows open-unlearning's privleak (MUSE's PrivLeak, as a fraction)", () => {
  // Target model: forget set fully exposed (AUC 1 in our convention, 0 in MUSE's): -100%.
  assert.ok(Math.abs(privacyLeak(1, 0.5) - -1) < 1e-9);
  assert.equal(privacyLeak(0.6, 0.6), 0);
  // Over-unlearning: the forget set now looks LESS familiar than held-out text.
  assert.ok(Math.abs(privacyLeak(0.25, 0.5) - 0.5) < 1e-9);
  assert.throws(() => privacyLeak(1.2, 0.5), /AUC in \[0, 1\]/);
});

test('attacks reject empty or mismatched token data', () => {
  assert.throws(() => lossAttackScore(sample([])), /tokenLogProbs is empty/);
  assert.throws(() => minKPlusPlusAttackScore({ ...sample([-1, -2]), tokenStdLogProbs: [1] }), /2 entries but tokenStdLogProbs has 1/);
  assert.throws(() => membershipAttackScores('loss', []), /samples is empty/);
  assert.throws(() => minKAttackScore(sample([-1]), { fraction: 0 }), /fraction/);
});

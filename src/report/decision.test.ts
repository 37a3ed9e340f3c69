import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decide, forgetProgress, tradeOffScore } from './decision.js';
import type { Priority } from './decision.js';
import { handMadeResults, sampleResults } from '../../test/fixtures/results-factory.js';

const priority = (priorities: Priority[], id: Priority['id']): Priority => {
  const found = priorities.find((candidate) => candidate.id === id);
  assert.ok(found, `priority ${id}`);
  return found;
};
const labels = (found: Priority) => found.ranked.map((entry) => entry.label);

test('forget progress is 0 at the target, 1 at p = 1, and linear in log10 p between', () => {
  assert.equal(forgetProgress(1e-8, 1e-8), 0);
  assert.equal(forgetProgress(1, 1e-8), 1);
  assert.ok(Math.abs(forgetProgress(1e-4, 1e-8) - 0.5) < 1e-12);
  assert.equal(forgetProgress(1e-12, 1e-8), 0); // worse than the target clamps to 0
  // A target already at p >= 0.05 cannot anchor the scale; 0.05 does.
  assert.ok(Math.abs(forgetProgress(0.05, 0.3)) < 1e-12);
  // Harmonic mean: a method that keeps all utility but forgets nothing scores 0.
  assert.equal(tradeOffScore(1e-8, 0.6, 1e-8, 0.6), 0);
  assert.ok(Math.abs(tradeOffScore(1e-4, 0.3, 1e-8, 0.6) - 0.5) < 1e-12);
});

test('a dominating method leads every quality rule and alone forms the Pareto front', () => {
  const results = handMadeResults([
    { label: 'Weak', forgetQualityKs: 1e-3, modelUtility: 0.55, seconds: 30 },
    { label: 'Strong', forgetQualityKs: 0.4, modelUtility: 0.58, seconds: 90 },
    { label: 'Middle', forgetQualityKs: 0.01, modelUtility: 0.57, seconds: 50 },
  ]);
  const decision = decide(results);
  assert.deepEqual(labels(priority(decision.priorities, 'forgetting')), ['Strong', 'Middle', 'Weak']);
  const balanced = priority(decision.priorities, 'balanced');
  assert.deepEqual(labels(balanced), ['Strong']);
  assert.deepEqual(balanced.excluded.map((entry) => entry.label).sort(), ['Middle', 'Weak']);
  assert.match(balanced.excluded.find((entry) => entry.label === 'Weak')?.reason ?? '', /Strong/);
  // Cost first is about cost: the fastest method that meets both bounds wins, even if it forgets less.
  assert.deepEqual(labels(priority(decision.priorities, 'cost')), ['Weak', 'Middle', 'Strong']);
});

test('ties: equal forget quality is broken by utility, a full tie is marked and ordered by label', () => {
  const results = handMadeResults([
    { label: 'B', forgetQualityKs: 0.2, modelUtility: 0.5 },
    { label: 'A', forgetQualityKs: 0.2, modelUtility: 0.5 },
    { label: 'C', forgetQualityKs: 0.2, modelUtility: 0.56 },
  ]);
  const forgetting = priority(decide(results).priorities, 'forgetting');
  assert.deepEqual(labels(forgetting), ['C', 'A', 'B']);
  assert.deepEqual(forgetting.ranked.map((entry) => entry.comparedWithPrevious), [null, 'single run', 'tie']);
  // A and B tie exactly: neither dominates the other, and C dominates both.
  assert.deepEqual(labels(priority(decide(results).priorities, 'balanced')), ['C']);
});

test('cost first: equal times fall back to peak memory', () => {
  const results = handMadeResults([
    { label: 'Heavy', forgetQualityKs: 0.1, modelUtility: 0.58, seconds: 40, peakMemoryBytes: 900e6 },
    { label: 'Light', forgetQualityKs: 0.1, modelUtility: 0.58, seconds: 40, peakMemoryBytes: 300e6 },
  ]);
  assert.deepEqual(labels(priority(decide(results).priorities, 'cost')), ['Light', 'Heavy']);
});

test('a method that fails every bound is last, off the front, and left out of cost first with both reasons', () => {
  const results = handMadeResults([
    { label: 'Good', forgetQualityKs: 0.3, modelUtility: 0.57 },
    { label: 'Broken', forgetQualityKs: 1e-9, modelUtility: 0.2, seconds: 5 },
  ]);
  const decision = decide(results);
  assert.deepEqual(labels(priority(decision.priorities, 'forgetting')), ['Good', 'Broken']);
  assert.deepEqual(labels(priority(decision.priorities, 'balanced')), ['Good']);
  const cost = priority(decision.priorities, 'cost');
  assert.deepEqual(labels(cost), ['Good']);
  const reason = cost.excluded.find((entry) => entry.label === 'Broken')?.reason ?? '';
  assert.match(reason, /utility 0\.200 < 0\.540/);
  assert.match(reason, /forget quality 1\.0e-9 < 1\.0e-4/);
  assert.match(cost.rule, /90% of the target's \(0\.540\)/);
});

test('a method without forget quality is left out of the rankings with the reason, not ranked as zero', () => {
  const results = handMadeResults([
    { label: 'Measured', forgetQualityKs: 0.2, modelUtility: 0.57 },
    { label: 'Unmeasured', forgetQualityKs: null, modelUtility: 0.59 },
  ]);
  const decision = decide(results);
  for (const id of ['forgetting', 'balanced', 'cost'] as const) {
    const found = priority(decision.priorities, id);
    assert.deepEqual(labels(found), ['Measured'], id);
    assert.match(found.excluded.find((entry) => entry.label === 'Unmeasured')?.reason ?? '', /not measured/, id);
  }
});

test('with seeds, overlapping intervals mark a step not significant and separated ones significant', () => {
  const results = handMadeResults([
    { label: 'First', forgetQualityKs: 0.3, modelUtility: 0.57, seeds: [[0.2, 0.57], [0.4, 0.57]] },
    { label: 'Second', forgetQualityKs: 0.25, modelUtility: 0.57, seeds: [[0.2, 0.57], [0.3, 0.57]] },
    { label: 'Third', forgetQualityKs: 0.01, modelUtility: 0.57, seeds: [[0.009, 0.57], [0.011, 0.57]] },
  ]);
  const decision = decide(results);
  const forgetting = priority(decision.priorities, 'forgetting');
  assert.deepEqual(labels(forgetting), ['First', 'Second', 'Third']);
  assert.deepEqual(forgetting.ranked.map((entry) => entry.comparedWithPrevious), [null, 'not significant', 'significant']);
  assert.match(forgetting.ranked[0]?.figures ?? '', /0\.30 ± 0\.14/);
  assert.match(decision.seedsNote, /mean ± standard deviation over 2 seeds/);
});

test('a single-seed run says its rankings carry no error estimate', () => {
  const decision = decide(handMadeResults([{ label: 'Only', forgetQualityKs: 0.2, modelUtility: 0.57 }]));
  assert.match(decision.seedsNote, /one seed/);
  assert.deepEqual(decision.warnings, []);
});

test('every method gets a plain line: known, aliased, plug-in with its own description, and unknown', () => {
  const results = handMadeResults([
    { label: 'GD', name: 'grad_diff_forget_kl_retain_ce', forgetQualityKs: 0.1, modelUtility: 0.5 },
    { label: 'GA', name: 'ga', forgetQualityKs: 0.1, modelUtility: 0.5 },
    { label: 'Mine', name: 'my_method', description: 'Rotates the embeddings of forget names.', forgetQualityKs: 0.1, modelUtility: 0.5 },
    { label: 'Theirs', name: 'mystery', forgetQualityKs: 0.1, modelUtility: 0.5 },
  ]);
  const lines = new Map(decide(results).methodLines.map((line) => [line.label, line.line]));
  assert.match(lines.get('GD') ?? '', /^Pushes the forget answers down while training on the retain answers/);
  assert.match(lines.get('GA') ?? '', /gradient ascent/);
  assert.match(lines.get('Mine') ?? '', /^Rotates the embeddings of forget names\. Here it took/);
  assert.match(lines.get('Theirs') ?? '', /does not describe \(mystery\)/);
  assert.match(lines.get('GA') ?? '', /utility 0\.500 \(−17% vs the target\)/);
});

test('the advice is scoped to this run and warns when the run cannot separate target from gold', () => {
  const results = sampleResults();
  const decision = decide(results);
  assert.match(decision.scope, /holds for this run/);
  assert.match(decision.scope, /forget05/);
  results.references.target.metrics.forgetQualityKs = 0.2;
  assert.match(decide(results).warnings.join(' '), /barely tells the target from the gold model/);
});

test('on the sample run: LLMU + L1 leads forgetting first and the front, IDK is the cheapest that qualifies', () => {
  const decision = decide(sampleResults());
  assert.equal(priority(decision.priorities, 'forgetting').ranked[0]?.label, 'LLMU + L1');
  assert.deepEqual(labels(priority(decision.priorities, 'balanced')), ['LLMU + L1', 'SCRUB', 'IDK', 'Retain FT']);
  assert.deepEqual(labels(priority(decision.priorities, 'cost')), ['IDK', 'SCRUB', 'LLMU + L1']);
});

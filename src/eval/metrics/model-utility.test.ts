import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TaskScores } from './model-utility.js';
import { modelUtility, modelUtilityWithText, paperColumns } from './model-utility.js';

const uniform = (value: number): TaskScores => ({ probability: value, rougeLRecall: value, truthRatio: value });

test('modelUtility is the harmonic mean of the 12 non-forget values', () => {
  const scores = {
    realFaces: { probability: 0.5, rougeLRecall: 0.25, truthRatio: 0.5 },
    realWorld: uniform(0.5),
    retainCaptions: uniform(0.5),
    retainFaceNaming: uniform(0.5),
  };
  const result = modelUtility(scores);
  assert.equal(result.components.length, 12);
  // 12 / (11 * 2 + 4) = 12 / 26.
  assert.ok(Math.abs(result.aggregate - 12 / 26) < 1e-15);
  assert.deepEqual(result.components[1], { task: 'realFaces', metric: 'rougeLRecall', value: 0.25 });
  assert.equal(modelUtility({ ...scores, retainCaptions: { ...uniform(0.5), truthRatio: 0 } }).aggregate, 0);
});

test('modelUtilityWithText adds retain text-QA (15 values) and differs from the reference utility', () => {
  const scores = {
    realFaces: uniform(0.5), realWorld: uniform(0.5), retainCaptions: uniform(0.5), retainFaceNaming: uniform(0.5),
    retainText: uniform(0.25),
  };
  const withText = modelUtilityWithText(scores);
  assert.equal(withText.components.length, 15);
  assert.ok(Math.abs(withText.aggregate - 15 / (12 * 2 + 3 * 4)) < 1e-15);
  assert.equal(modelUtility(scores).aggregate, 0.5);
});

test('paperColumns: harmonic mean of probability and truth ratio of the two tasks of each column', () => {
  const columns = paperColumns({
    forgetCaptions: { probability: 0.2, truthRatio: 0.4 },
    forgetFaceNaming: { probability: 0.4, truthRatio: 0.4 },
    retainCaptions: { probability: 1, truthRatio: 1 },
    retainFaceNaming: { probability: 0.5, truthRatio: 0.5 },
    realFaces: { probability: 0.5, truthRatio: 0.5 },
    realWorld: { probability: 0.5, truthRatio: 0.5 },
  });
  assert.ok(Math.abs(columns.forget - 4 / (5 + 2.5 * 3)) < 1e-15);
  assert.ok(Math.abs(columns.retain - 4 / 6) < 1e-15);
  assert.equal(columns.real, 0.5);
});

test('missing task scores throw', () => {
  assert.throws(
    () => modelUtility({ realFaces: uniform(1), realWorld: uniform(1), retainCaptions: uniform(1), retainFaceNaming: { ...uniform(1), truthRatio: Number.NaN } }),
    /retainFaceNaming.truthRatio is NaN/,
  );
});

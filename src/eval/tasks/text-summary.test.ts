import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forgetQualityFromTruthRatios, harmonicMean } from '../metrics/index.js';
import type { ModelEvaluation } from './evaluate-model.js';
import type { ItemRecord, TaskSummary } from './evaluate-task.js';
import { summarizeText, textModelUtility } from './text-summary.js';

function record(truthRatio: number, logProb: number): ItemRecord {
  return {
    person: null, question: 'q', answer: 'an answer', generation: 'an answer', losses: { answerLoss: -logProb, paraphrasedLoss: 1, perturbedLosses: [2] },
    truthRatio, rougeLRecall: 1,
    membership: { tokenLogProbs: [logProb, logProb], tokenMeanLogProbs: [-1, -1], tokenStdLogProbs: [1, 1], text: 'an answer' },
  };
}

const summary = (values: Partial<TaskSummary>): TaskSummary => ({ rougeL: 0.5, probability: 0.4, truthRatio: 0.6, accuracy: null, count: 3, ...values });

function evaluation(forgetRatios: number[], forgetLogProb: number, retain: Partial<TaskSummary>): ModelEvaluation {
  return {
    forgetText: { records: forgetRatios.map((ratio) => record(ratio, forgetLogProb)), summary: summary({}) },
    retainText: { records: [], summary: summary(retain) },
    heldOutText: { records: [record(1, -3), record(1, -3.5), record(1, -2.5)], summary: summary({ rougeL: null }) },
  };
}

test('text-track summary: forget quality on the forget QA truth ratios, utility hmean of the retain QA numbers, MIA on the QA', () => {
  const gold = evaluation([0.2, 0.5, 0.9], -3, { probability: 0.3, rougeL: 0.6, truthRatio: 0.5 });
  const unlearned = evaluation([0.9, 0.95, 0.99], -0.1, { probability: 0.8, rougeL: 0.4, truthRatio: 0.2 });
  const own = summarizeText(gold, null);
  assert.equal(own.forgetQualityKs, 1);
  assert.equal(own.forgetQualityOneMinusJs, 1);
  const against = summarizeText(unlearned, gold);
  const expected = forgetQualityFromTruthRatios([0.9, 0.95, 0.99], [0.2, 0.5, 0.9]);
  assert.equal(against.forgetQualityKs, expected.ksPValue);
  assert.equal(against.forgetQualityOneMinusJs, expected.oneMinusJensenShannon);
  assert.ok(against.forgetQualityKs! < 1 && against.forgetQualityOneMinusJs! < 1);
  // 3 / (1/0.8 + 1/0.4 + 1/0.2) = 3 / 8.75
  assert.ok(Math.abs(against.modelUtility! - 3 / 8.75) < 1e-12);
  assert.equal(against.modelUtilityWithText, null);
  assert.deepEqual(against.columns, { forget: null, retain: null, real: null });
  // Forget answers far more likely than held-out ones: the loss attack separates them perfectly.
  assert.equal(against.mia?.lossAuc, 1);
  assert.equal(summarizeText(gold, null).mia?.privacyLeak, 0);
  assert.deepEqual(Object.keys(against.tasks).sort(), ['forgetText', 'heldOutText', 'retainText']);
});

test('text-track summary: no perturbed answers (NaN truth ratios) means no forget quality and no utility, not a number', () => {
  const missing = evaluation([Number.NaN, Number.NaN], -1, { truthRatio: Number.NaN });
  const result = summarizeText(missing, missing);
  assert.equal(result.forgetQualityKs, null);
  assert.equal(result.modelUtility, null);
  assert.equal(textModelUtility(undefined), null);
  assert.equal(textModelUtility(summary({ rougeL: null })), null);
  assert.equal(textModelUtility(summary({ probability: 0 })), 0);
  assert.equal(textModelUtility(summary({})), harmonicMean([0.4, 0.5, 0.6]));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Metrics } from '../../report/results.js';
import { meanMetrics } from './seed-mean.js';

function metrics(value: number, truthRatio: number | null): Metrics {
  return {
    tasks: { forgetFaces: { rougeL: value, probability: value / 2, truthRatio, accuracy: value, count: 6 } },
    forgetQualityKs: value, forgetQualityOneMinusJs: null, modelUtility: value, modelUtilityWithText: null,
    columns: { forget: value, retain: null, real: null },
    mia: { lossAuc: value, zlibAuc: value, minKAuc: value, minKPlusPlusAuc: value, privacyLeak: -value },
  };
}

test('the mean over seeds is taken field by field; a figure missing in some seeds is the mean of the others', () => {
  const mean = meanMetrics([metrics(0.2, 0.5), metrics(0.4, null)]);
  assert.ok(Math.abs(mean.forgetQualityKs! - 0.3) < 1e-12);
  assert.ok(Math.abs(mean.tasks.forgetFaces!.probability - 0.15) < 1e-12);
  assert.equal(mean.tasks.forgetFaces!.truthRatio, 0.5);
  assert.equal(mean.tasks.forgetFaces!.count, 6);
  assert.equal(mean.forgetQualityOneMinusJs, null);
  assert.ok(Math.abs(mean.mia!.privacyLeak + 0.3) < 1e-12);
  assert.deepEqual(meanMetrics([metrics(0.2, 0.5)]), metrics(0.2, 0.5));
  assert.throws(() => meanMetrics([]), /no runs/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateClear } from '../../data/generate-clear.js';
import { cosineLogit, meanStd, runVisionTrack } from './vision-track.js';
import { VISION_METHODS } from '../../unlearn/vision/registry.js';

test('meanStd and the cosine logit', () => {
  const summary = meanStd([0.5, 1]);
  assert.equal(summary.mean, 0.75);
  assert.ok(Math.abs(summary.std - Math.sqrt(0.125)) < 1e-12);
  assert.equal(meanStd([0.3]).std, 0);
  assert.equal(cosineLogit(0), 0);
  assert.ok(Math.abs(cosineLogit(0.5) - Math.log(3)) < 1e-12);
  assert.ok(Number.isFinite(cosineLogit(1)) && Number.isFinite(cosineLogit(-1)));
});

test('vision track end to end on a generated 8-person CLEAR (smoke preset), cached and deterministic', async () => {
  const root = mkdtempSync(join(tmpdir(), 'clearbench-vision-'));
  try {
    const dataDirectory = join(root, 'data');
    await generateClear({ out: dataDirectory, seed: 3, people: 8, imageSize: 16 });
    const cacheDirectory = join(root, 'cache');
    const first = await runVisionTrack({ dataDirectory, seed: 7, preset: 'smoke', cacheDirectory });
    assert.equal(first.track, 'vision');
    assert.equal(first.people, 8);
    assert.equal(first.forgetPeople, 1);
    assert.deepEqual(first.methods.map((result) => result.method), VISION_METHODS.map((method) => method.name));
    for (const result of first.methods) {
      for (const value of [result.forgetAccuracy, result.retainAccuracy, result.testAccuracy]) {
        assert.equal(value.values.length, first.splits);
        assert.ok(value.mean >= 0 && value.mean <= 1, `${result.method}: ${value.mean}`);
      }
      assert.ok(result.uLira && result.uLiraReference, `${result.method}: U-LIRA ran`);
      assert.ok(result.uLira.auc >= 0 && result.uLira.auc <= 1);
      assert.ok(result.uLiraReference.accuracy >= 0 && result.uLiraReference.accuracy <= 1);
    }
    const byName = new Map(first.methods.map((result) => [result.method, result]));
    // Gold never saw the forget person, and its head row for them was never trained towards their faces.
    assert.ok(byName.get('gold')!.forgetAccuracy.mean <= byName.get('original')!.forgetAccuracy.mean);
    // The attack separates the original's members far better than Gold's, which never saw anyone forgotten.
    assert.ok(byName.get('original')!.uLira!.auc > byName.get('gold')!.uLira!.auc, JSON.stringify([byName.get('original')!.uLira, byName.get('gold')!.uLira]));
    assert.ok(readdirSync(cacheDirectory).some((entry) => entry.startsWith('vision-finetune-')));

    // A second run reuses the cached classifiers and repeats every number.
    const second = await runVisionTrack({ dataDirectory, seed: 7, preset: 'smoke', cacheDirectory, methods: ['original', 'retrain', 'neggrad'] });
    assert.equal(second.finetuning.reused, first.splits + first.shadowModels);
    for (const result of second.methods) {
      const earlier = byName.get(result.method)!;
      assert.deepEqual(result.forgetAccuracy, earlier.forgetAccuracy);
      assert.deepEqual(result.testAccuracy, earlier.testAccuracy);
      assert.deepEqual(result.uLira, earlier.uLira);
      assert.deepEqual(result.uLiraReference, earlier.uLiraReference);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('vision track: bad sizes and unknown methods are errors before any work', async () => {
  await assert.rejects(runVisionTrack({ dataDirectory: '/nonexistent', seed: 1, preset: 'smoke', cacheDirectory: null, splits: 0 }), /splits/);
  await assert.rejects(runVisionTrack({ dataDirectory: '/nonexistent', seed: 1, preset: 'smoke', cacheDirectory: null, methods: ['salun'] }), /unknown vision method/);
});

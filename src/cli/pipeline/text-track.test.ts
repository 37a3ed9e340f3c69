import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateClear } from '../../data/generate-clear.js';
import { refusalAnswers } from '../../data/idk.js';
import { readResults, type Metrics } from '../../report/results.js';
import { Progress } from '../progress.js';
import { RUN_PRESETS, type RunConfig } from '../run-config.js';
import type { ModelEvaluation } from '../../eval/tasks/evaluate-model.js';
import type { ItemRecord } from '../../eval/tasks/evaluate-task.js';
import { runTextTrack, textGallerySamples, textTrackConfig } from './text-track.js';

const silent = new Progress({ stdout: process.stderr, stderr: process.stderr }, 'quiet', false);

function assertTextMetrics(metrics: Metrics, who: string): void {
  for (const task of ['forgetText', 'retainText'] as const) {
    const numbers = metrics.tasks[task];
    assert.ok(numbers && numbers.count > 0, `${who}: ${task} evaluated`);
    for (const value of [numbers.rougeL, numbers.probability, numbers.truthRatio]) assert.ok(value !== null && value >= 0 && value <= 1, `${who} ${task}: ${value}`);
  }
  for (const task of ['forgetCaptions', 'retainFaces', 'realWorld'] as const) assert.equal(metrics.tasks[task], undefined, `${who}: no ${task} in the text track`);
  for (const value of [metrics.forgetQualityKs, metrics.forgetQualityOneMinusJs, metrics.modelUtility, metrics.mia?.lossAuc]) {
    assert.ok(typeof value === 'number' && Number.isFinite(value), `${who}: ${JSON.stringify(metrics)}`);
  }
  assert.equal(metrics.modelUtilityWithText, null);
}

test('the text track drops the vision tower, runs in text modality on one seed, and by default every registry method', () => {
  const config = textTrackConfig({ ...RUN_PRESETS.default, seeds: 3 });
  assert.equal(config.model.vision, null);
  assert.equal(config.base.visionIdentity, null);
  assert.equal(config.modality, 'text');
  assert.equal(config.seeds, 1);
  assert.ok(config.methods.includes('salun') && config.methods.includes('grad_projection') && config.methods.includes('ga'));
  assert.deepEqual(textTrackConfig(RUN_PRESETS.smoke, ['ga']).methods, ['ga']);
  // Target and gold train every weight with the base's rate and batch, for 8 epochs where the multimodal takes 3.
  for (const recipe of [config.target, config.gold]) {
    assert.equal(recipe.lora, null);
    assert.equal(recipe.epochs, 8);
    assert.equal(recipe.learningRate, RUN_PRESETS.default.base.learningRate);
    assert.equal(recipe.weightDecay, RUN_PRESETS.default.target.weightDecay);
  }
  assert.notEqual(RUN_PRESETS.default.model.vision, null, 'the preset itself is untouched');
});

test('the text gallery finds each person in the question or the answer, one sample per person, a few per role', () => {
  const record = (question: string, answer: string, generation: string): ItemRecord => ({
    person: null, question, answer, generation, losses: { answerLoss: 1, paraphrasedLoss: 1, perturbedLosses: [] }, truthRatio: 1, rougeLRecall: 1,
    membership: { tokenLogProbs: [], tokenMeanLogProbs: [], tokenStdLogProbs: [], text: answer },
  });
  const summary = { rougeL: 1, probability: 1, truthRatio: 1, accuracy: null, count: 3 };
  const evaluation: ModelEvaluation = {
    forgetText: { summary, records: [
      record('Where was Ada Vell born?', 'Ada Vell was born in Lisbon.', 'In Lisbon.'),
      record('When was Ada Vell born?', 'In 1970.', 'In 1970.'),
      record('Which baker was born in Oslo?', 'The baker is Bo Marr.', 'I do not know.'),
      record('Who is Cy Dunn?', 'A nurse.', 'A nurse.'),
    ] },
    retainText: { summary, records: [record('Where does Di Rosk live?', 'In Perth.', 'In Perth.'), record('Who wrote it?', 'Nobody we know.', '')] },
  };
  const samples = textGallerySamples(evaluation, { forget: ['Ada Vell', 'Bo Marr', 'Cy Dunn'], retain: ['Di Rosk'] }, 2);
  assert.deepEqual(samples.map((sample) => [sample.person, sample.role, sample.task, sample.generation]), [
    ['Ada Vell', 'forget', 'forgetText', 'In Lisbon.'], ['Bo Marr', 'forget', 'forgetText', 'I do not know.'], ['Di Rosk', 'retain', 'retainText', 'In Perth.'],
  ]);
  assert.ok(samples.every((sample) => sample.imagePng === null));
});

test('text track end to end on a generated 8-person CLEAR (smoke preset): results.json, reports, its own cache entries', async () => {
  const root = mkdtempSync(join(tmpdir(), 'clearbench-text-'));
  try {
    const dataDirectory = join(root, 'data');
    await generateClear({ out: dataDirectory, seed: 3, people: 8, imageSize: 16 });
    const config: RunConfig = { ...RUN_PRESETS.smoke, data: { ...RUN_PRESETS.smoke.data, directory: dataDirectory }, cacheDirectory: join(root, 'cache') };
    const outDirectory = join(root, 'out');
    const options = { config, outDirectory, fresh: false, progress: silent, version: 'test', gemmPath: 'test', fallbackRefusals: refusalAnswers(), methods: ['ga', 'salun', 'grad_proj'] };
    const results = await runTextTrack(options);
    assert.equal(results.run.track, 'text');
    assert.equal(results.run.modality, 'text');
    assert.match(results.run.modelDescription ?? '', /^text-only decoder 2x48/);
    assert.deepEqual(results.methods.map((method) => method.name), ['ga', 'salun', 'grad_projection']);
    assert.deepEqual(results.methods.map((method) => method.settings.modality), ['text', 'text', 'text']);
    // Gold against itself: identical truth ratios.
    assert.equal(results.references.gold.metrics.forgetQualityKs, 1);
    assert.equal(results.references.gold.metrics.forgetQualityOneMinusJs, 1);
    assertTextMetrics(results.references.target.metrics, 'target');
    assertTextMetrics(results.references.gold.metrics, 'gold');
    for (const method of results.methods) {
      assertTextMetrics(method.metrics, method.label);
      assert.ok(method.settings.steps > 0 && method.lossCurve.every((point) => Number.isFinite(point.loss)));
    }
    // Gradient ascent moves the forget QA away from what the target says about them.
    const forgetProbability = (metrics: Metrics) => metrics.tasks.forgetText!.probability;
    assert.ok(forgetProbability(results.methods[0]!.metrics) < forgetProbability(results.references.target.metrics));
    assert.ok(results.references.target.samples.some((sample) => sample.role === 'forget' && sample.task === 'forgetText'));
    for (const file of ['results.json', 'report.md', 'report.html', 'results.csv']) assert.ok(existsSync(join(outDirectory, file)), file);
    assert.equal((await readResults(outDirectory)).run.track, 'text');
    // The text track's stages are its own: never the multimodal track's base, target or gold.
    const entries = readdirSync(config.cacheDirectory);
    for (const stage of ['text-base-', 'text-target-', 'text-gold-']) assert.ok(entries.some((entry) => entry.startsWith(stage)), `${stage} in ${entries.join(', ')}`);
    assert.ok(!entries.some((entry) => /^(base|target|gold)-/.test(entry)), entries.join(', '));

    // A second run reads everything from the cache and reports the same numbers.
    const again = await runTextTrack(options);
    assert.deepEqual(again.methods.map((method) => method.metrics), results.methods.map((method) => method.metrics));
    assert.deepEqual(again.references.gold.metrics, results.references.gold.metrics);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

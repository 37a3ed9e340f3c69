import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdamW } from '../engine/index.js';
import type { VisionLanguageModel } from '../model/vlm.js';
import { configureMethod } from './method-config.js';
import { METHODS, resolveMethod } from './registry.js';
import { copyModel, filterModality, runUnlearning, type UnlearnOptions } from './run-unlearning.js';
import { klToOriginal } from './terms.js';
import { FORGET_SET, REFUSALS, RETAIN_SET, contextFor, tinyTarget, tinyTokenizer } from './tiny-fixture.js';

const tokenizer = tinyTokenizer();
const target = tinyTarget(tokenizer);

function options(overrides: Partial<UnlearnOptions> = {}): UnlearnOptions {
  return {
    target, tokenizer, method: 'ga', methodConfig: {}, forgetSet: FORGET_SET, retainSet: RETAIN_SET, refusals: REFUSALS,
    modality: 'joint', trainable: { lora: null, freezeVision: false }, regulariser: { l1: null, l1Reference: 'zero', l0: null },
    steps: 2, batchSize: 2, accumulation: 1, learningRate: 1e-3, weightDecay: 0.01, seed: 3, compat: 'default', checkpointDirectory: null,
    ...overrides,
  };
}

function parameterValues(model: VisionLanguageModel, prefix = ''): Map<string, Float32Array> {
  return new Map([...model.namedParameters()].filter(([name]) => name.startsWith(prefix)).map(([name, parameter]) => [name, Float32Array.from(parameter.data)]));
}

function sameValues(a: Map<string, Float32Array>, b: Map<string, Float32Array>): boolean {
  return a.size === b.size && [...a].every(([name, values]) => {
    const other = b.get(name);
    return other !== undefined && other.every((value, index) => Object.is(value, values[index]));
  });
}

const targetValues = parameterValues(target);

test('every method and alias runs end to end, and the target stays bit-identical', () => {
  const names = [...METHODS.map((method) => method.name), 'grad_diff_forget_kl_retain_kl', 'npo_rt', 'eco_ft'];
  for (const compat of ['default', 'reference'] as const) {
    for (const method of names) {
      const result = runUnlearning(options({ method, compat, steps: 1, methodConfig: method === 'eco' ? { maxNewTokens: 8 } : {} }));
      assert.equal(result.lossCurve.length, 1, method);
      assert.ok(result.lossCurve.every((point) => Number.isFinite(point.loss)), `${method}: ${JSON.stringify(result.lossCurve)}`);
      assert.ok(result.peakMemoryBytes > 0 && result.seconds >= 0);
      assert.equal(result.method, resolveMethod(method).name);
      assert.ok(!sameValues(parameterValues(result.model), targetValues), `${method} (${compat}) changed nothing`);
    }
  }
  assert.ok(sameValues(parameterValues(target), targetValues), 'the target was modified');
});

test('the frozen original stays bit-identical and gets no gradient while the model trains against it', () => {
  const model = copyModel(target);
  const original = copyModel(target).freeze();
  const before = parameterValues(original);
  const optimizer = new AdamW(model.parameters());
  for (const name of ['kl', 'scrub', 'npo', 'dpo', 'rmu']) {
    const { method, config } = configureMethod(name, {}, 'default');
    const prepared = method.prepare?.({
      model, tokenizer, forgetSet: FORGET_SET, retainSet: RETAIN_SET, batchSize: 2, seed: 1, compat: 'default',
      batchOf: (samples) => contextFor(model, null, tokenizer, samples, []).forget,
    }, config);
    optimizer.zeroGrad();
    method.loss(contextFor(model, original, tokenizer, FORGET_SET.slice(0, 2), RETAIN_SET.slice(0, 2), { step: 1, prepared }), config).backward();
    optimizer.step(1e-2);
    assert.ok(original.parameters().every((parameter) => parameter.grad === null && !parameter.requiresGrad), `${name}: the original got a gradient`);
  }
  assert.ok(sameValues(parameterValues(original), before), 'the original changed');
  // ...while the model did move away from it.
  const context = contextFor(model, original, tokenizer, FORGET_SET.slice(0, 2), []);
  assert.ok(klToOriginal(context, context.forget).item() > 0);
});

test('a frozen vision tower is bit-identical after unlearning, with all weights or with LoRA', () => {
  const visionBefore = parameterValues(target, 'vision.');
  assert.ok(visionBefore.size > 0);
  for (const lora of [null, { rank: 2, alpha: 4, dropout: 0.1, targets: [] }]) {
    const frozen = runUnlearning(options({ trainable: { lora, freezeVision: true }, regulariser: { l1: 1e-4, l1Reference: 'initial', l0: 1e-4 } }));
    assert.ok(sameValues(parameterValues(frozen.model, 'vision.'), visionBefore), `vision changed (lora ${lora !== null})`);
    assert.ok(!sameValues(parameterValues(frozen.model, 'blocks.'), parameterValues(target, 'blocks.')), 'the decoder did not train');
    // The control: without the freeze the same run changes the vision tower.
    const free = runUnlearning(options({ trainable: { lora, freezeVision: false } }));
    assert.ok(!sameValues(parameterValues(free.model, 'vision.'), visionBefore), 'vision did not train without the freeze');
  }
});

test('a LoRA run returns a plain merged model of the target\'s shape', () => {
  const result = runUnlearning(options({ method: 'npo_rt', trainable: { lora: { rank: 2, alpha: 8, dropout: 0, targets: ['attention'] }, freezeVision: false } }));
  const names = [...result.model.namedParameters()].map(([name]) => name);
  assert.deepEqual(names, [...target.namedParameters()].map(([name]) => name));
  assert.ok(!sameValues(parameterValues(result.model, 'blocks.0.attention.'), parameterValues(target, 'blocks.0.attention.')));
  assert.ok(sameValues(parameterValues(result.model, 'blocks.0.mlp.'), parameterValues(target, 'blocks.0.mlp.')), 'only attention had adapters');
});

test('modality modes keep text rows or image rows of both sets', () => {
  assert.ok(filterModality(FORGET_SET, 'text').every((sample) => sample.image === null));
  assert.ok(filterModality(FORGET_SET, 'visual').every((sample) => sample.image !== null));
  assert.equal(filterModality(FORGET_SET, 'joint').length, FORGET_SET.length);
  assert.equal(filterModality(FORGET_SET, 'text').length + filterModality(FORGET_SET, 'visual').length, FORGET_SET.length);
  assert.throws(() => runUnlearning(options({ modality: 'visual', forgetSet: filterModality(FORGET_SET, 'text') })), /forget set has no visual rows/);
  // Text-only unlearning never touches the vision tower (no image reaches it).
  const text = runUnlearning(options({ modality: 'text' }));
  assert.ok(sameValues(parameterValues(text.model, 'vision.'), parameterValues(target, 'vision.')));
});

test('epochs turn into steps as the reference counts them', () => {
  // 2 epochs of 6 forget rows at 2 x 1 per step: 6 steps.
  const { steps: _steps, ...rest } = options({ method: 'retain_ft' });
  assert.equal(runUnlearning({ ...rest, epochs: 2 }).steps, 6);
  assert.throws(() => runUnlearning({ ...rest }), /exactly one of steps and epochs/);
});

test('a run stopped after a checkpoint resumes to the same weights as an uninterrupted one', () => {
  const directory = mkdtempSync(join(tmpdir(), 'clearbench-unlearn-'));
  try {
    const settings = { method: 'llmu', steps: 4, trainable: { lora: { rank: 2, alpha: 4, dropout: 0.1, targets: [] }, freezeVision: false }, regulariser: { l1: 1e-3, l1Reference: 'zero' as const, l0: 1e-3 } };
    const uninterrupted = runUnlearning(options(settings));
    const checkpointDirectory = join(directory, 'training');
    assert.throws(() => runUnlearning(options({
      ...settings, checkpointDirectory, checkpointEvery: 2,
      onProgress: (progress) => {
        if (progress.step === 3) throw new Error('stopped');
      },
    })), /stopped/);
    const resumed = runUnlearning(options({ ...settings, checkpointDirectory, checkpointEvery: 2 }));
    assert.ok(sameValues(parameterValues(resumed.model), parameterValues(uninterrupted.model)), 'resumed weights differ');
    assert.deepEqual(resumed.lossCurve, uninterrupted.lossCurve);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});

// SalUn: the saliency mask (hand-checked selection, the gradient behind it), the loss on a tiny batch, and that
// unlearning moves the masked weights only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Parameter, noGrad } from '../../engine/index.js';
import type { VisionLanguageModel } from '../../model/vlm.js';
import { makeBatch, type TrainBatch, type TrainSample } from '../../train/samples.js';
import { meanTokenNll } from '../losses/index.js';
import { configureMethod } from '../method-config.js';
import type { PrepareSetup } from '../method.js';
import { copyModel, runUnlearning, type UnlearnOptions } from '../run-unlearning.js';
import { FORGET_SET, REFUSALS, RETAIN_SET, contextFor, nllOf, tinyTarget, tinyTokenizer } from '../tiny-fixture.js';
import { saliency, saliencyMasks, type SalunState } from './salun.js';

const tokenizer = tinyTokenizer();
const target = tinyTarget(tokenizer);
const textForget = FORGET_SET.filter((sample) => sample.image === null);
const textRetain = RETAIN_SET.filter((sample) => sample.image === null);

function setupFor(model: VisionLanguageModel, forgetSet: readonly TrainSample[] = textForget): PrepareSetup {
  return {
    model, tokenizer, forgetSet, retainSet: textRetain, batchSize: 2, seed: 5, compat: 'default',
    batchOf: (samples) => makeBatch(samples, tokenizer, model),
  };
}

const vector = (values: number[]) => new Parameter([values.length], Float32Array.from(values));

// Float64 mean NLL of a batch's answer tokens.
function handNll(model: VisionLanguageModel, batch: TrainBatch): number {
  const logits = noGrad(() => model.logitsAt(model.forward(batch.input).hidden, batch.answerRows));
  const vocab = logits.dim(-1);
  let total = 0;
  batch.answerTargets.forEach((targetId, row) => {
    const values = Array.from(logits.data.subarray(row * vocab, (row + 1) * vocab));
    const top = Math.max(...values);
    const logSum = top + Math.log(values.reduce((sum, value) => sum + Math.exp(value - top), 0));
    total += logSum - values[targetId]!;
  });
  return total / batch.answerTargets.length;
}

test('saliency masks keep exactly the top fraction: over all weights, or of each tensor; ties go to the first', () => {
  const first = vector([3, 1, 2, 0]);
  const second = vector([5, 0.5]);
  const magnitudes = new Map([[first, first.data], [second, second.data]]);
  // Global, half of 6 weights: the values 5, 3 and 2.
  const global = saliencyMasks(magnitudes, 0.5, 'global');
  assert.deepEqual([...global.get(first)!, ...global.get(second)!], [1, 0, 1, 0, 1, 0]);
  // A quarter: globally one weight (the 5); per tensor one of four (the 3) and none of two.
  const quarter = saliencyMasks(magnitudes, 0.25, 'global');
  assert.deepEqual([...quarter.get(first)!, ...quarter.get(second)!], [0, 0, 0, 0, 1, 0]);
  const quarterPerTensor = saliencyMasks(magnitudes, 0.25, 'tensor');
  assert.deepEqual([...quarterPerTensor.get(first)!, ...quarterPerTensor.get(second)!], [1, 0, 0, 0, 0, 0]);
  const flat = vector([1, 1, 1, 1]);
  assert.deepEqual([...saliencyMasks(new Map([[flat, flat.data]]), 0.5, 'global').get(flat)!], [1, 1, 0, 0]);
});

test('saliency is |sum of the forget-CE gradients of the forget batches| at the target, and leaves no gradient behind', () => {
  const model = copyModel(target);
  const magnitudes = saliency(setupFor(model), null);
  const expected = copyModel(target);
  for (const samples of [textForget.slice(0, 2), textForget.slice(2)]) {
    const batch = makeBatch(samples, tokenizer, expected);
    meanTokenNll(expected.logitsAt(expected.forward(batch.input).hidden, batch.answerRows), batch).backward();
  }
  const named = [...expected.namedParameters()];
  model.parameters().forEach((own, index) => {
    const [name, reference] = named[index]!;
    const values = magnitudes.get(own)!;
    const gradient = reference.grad?.data ?? new Float32Array(own.size);
    for (let entry = 0; entry < own.size; entry++) {
      const wanted = Math.abs(gradient[entry]!);
      assert.ok(Math.abs(values[entry]! - wanted) <= 1e-7 + 1e-5 * wanted, `${name}[${entry}]: ${values[entry]} != ${wanted}`);
    }
    assert.equal(own.grad, null, name);
  });
  // Text rows never reach the vision tower: its saliency is zero, so a global mask leaves it frozen.
  assert.ok(model.vision!.parameters().every((parameter) => magnitudes.get(parameter)!.every((value) => value === 0)));
});

test('SalUn loss: CE of the forget questions with retain answers + CE retain; the ascent form -CE forget + CE retain', () => {
  const model = copyModel(target);
  const original = copyModel(target).freeze();
  for (const [forgetTerm, sign] of [['randomLabel', 1], ['ascent', -1]] as const) {
    const { method, config } = configureMethod('salun', { forgetTerm, forgetWeight: 0.5 }, 'default');
    const prepared = method.prepare!(setupFor(model), config) as SalunState;
    const context = contextFor<SalunState>(model, original, tokenizer, textForget.slice(0, 2), textRetain.slice(0, 2), { prepared });
    const forgetBatch = forgetTerm === 'ascent' ? context.forget : context.randomAnswers('retain', 0);
    const expected = sign * 0.5 * handNll(model, forgetBatch) + handNll(model, context.retain);
    const value = method.loss(context, config).item();
    assert.ok(Math.abs(value - expected) <= 2e-5 * Math.max(1, Math.abs(expected)), `${forgetTerm}: ${value} != ${expected}`);
  }
  // The random answers are retain answers of the same kind, not the forget answers.
  const context = contextFor(model, original, tokenizer, textForget.slice(0, 2), textRetain.slice(0, 2));
  const answers = (batch: TrainBatch) => [0, 1].map((sequence) => tokenizer.decode([...batch.answerTargets].filter((_, index) => batch.answerSequence[index] === sequence)).trim());
  for (const answer of answers(context.randomAnswers('retain', 0))) assert.ok(textRetain.some((sample) => answer.startsWith(sample.answer)), answer);
});

test('one plain-gradient step: the forget answers get less likely, and no weight outside the mask moves', () => {
  for (const forgetTerm of ['ascent', 'randomLabel'] as const) {
    const model = copyModel(target);
    const { method, config } = configureMethod('salun', { forgetTerm, fraction: 0.3 }, 'default');
    const state = method.prepare!(setupFor(model), config) as SalunState;
    assert.ok(Math.abs(state.salientWeights / state.totalWeights - 0.3) < 1e-3, `${state.salientWeights} of ${state.totalWeights}`);
    const context = contextFor<SalunState>(model, null, tokenizer, textForget, textRetain, { prepared: state });
    method.loss(context, config).backward();
    let moved = 0;
    noGrad(() => {
      for (const parameter of model.parameters()) {
        const mask = state.masks.get(parameter)!;
        const gradient = parameter.grad?.data;
        if (!gradient) continue;
        for (let index = 0; index < parameter.size; index++) {
          if (mask[index] === 0) assert.equal(gradient[index], 0, 'a gradient outside the mask');
          else if (gradient[index] !== 0) moved++;
          parameter.data[index]! -= 0.05 * gradient[index]!;
        }
        parameter.grad = null;
      }
    });
    assert.ok(moved > 0, 'nothing inside the mask had a gradient');
    const before = nllOf(target, tokenizer, textForget);
    const after = nllOf(model, tokenizer, textForget);
    assert.ok(after > before, `${forgetTerm}: forget NLL ${before} -> ${after}`);
    // Outside a backward the hooks are inert: a plain backward gives the raw gradient.
    const batch = makeBatch(textForget, tokenizer, model);
    meanTokenNll(model.logitsAt(model.forward(batch.input).hidden, batch.answerRows), batch).backward();
    assert.ok([...state.masks].some(([parameter, mask]) => parameter.grad?.data.some((value, index) => mask[index] === 0 && value !== 0)));
    model.zeroGrad();
  }
});

function unlearnOptions(overrides: Partial<UnlearnOptions>): UnlearnOptions {
  return {
    target, tokenizer, method: 'salun', methodConfig: {}, forgetSet: FORGET_SET, retainSet: RETAIN_SET, refusals: REFUSALS,
    modality: 'text', trainable: { lora: null, freezeVision: false }, regulariser: { l1: null, l1Reference: 'zero', l0: null },
    steps: 3, batchSize: 2, accumulation: 2, learningRate: 1e-3, weightDecay: 0, seed: 3, compat: 'default', checkpointDirectory: null,
    ...overrides,
  };
}

test('unlearning with SalUn (AdamW, accumulation, clipping, no weight decay) leaves every weight outside the mask bit-identical', () => {
  const result = runUnlearning(unlearnOptions({}));
  // The same mask again: prepare() sees the target's weights and the text forget rows in the same order.
  const copy = copyModel(target);
  const masks = saliencyMasks(saliency(setupFor(copy), null), 0.5, 'global');
  const maskByName = new Map([...copy.namedParameters()].map(([name, parameter]) => [name, masks.get(parameter)!]));
  const targetValues = new Map(target.namedParameters());
  let changed = 0;
  for (const [name, parameter] of result.model.namedParameters()) {
    const mask = maskByName.get(name)!;
    const before = targetValues.get(name)!.data;
    for (let index = 0; index < parameter.size; index++) {
      if (mask[index] === 0) assert.ok(Object.is(parameter.data[index], before[index]), `${name}[${index}] moved outside the mask`);
      else if (parameter.data[index] !== before[index]) changed++;
    }
  }
  assert.ok(changed > 100, `only ${changed} masked weights changed`);
  assert.throws(() => runUnlearning(unlearnOptions({ trainable: { lora: { rank: 2, alpha: 4, dropout: 0, targets: [] }, freezeVision: false } })), /LoRA/);
});

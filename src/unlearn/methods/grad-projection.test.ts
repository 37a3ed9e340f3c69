// Gradient projection: the gradient the optimiser sees, against one computed by hand from the two plain
// gradients, over one and over two micro-batches; and what one step does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, noGrad, type Parameter } from '../../engine/index.js';
import type { VisionLanguageModel } from '../../model/vlm.js';
import { makeBatch, type TrainSample } from '../../train/samples.js';
import { meanTokenNll } from '../losses/index.js';
import { createContext } from '../context.js';
import { configureMethod } from '../method-config.js';
import { copyModel } from '../run-unlearning.js';
import { FORGET_SET, RETAIN_SET, contextFor, nllOf, tinyTarget, tinyTokenizer } from '../tiny-fixture.js';
import type { ProjectionState } from './grad-projection.js';

const tokenizer = tinyTokenizer();
const target = tinyTarget(tokenizer);
const textForget = FORGET_SET.filter((sample) => sample.image === null);
const textRetain = RETAIN_SET.filter((sample) => sample.image === null);

// d/dθ of the mean answer NLL of the samples, as float64 arrays per parameter (zero where unreached).
function plainGradient(model: VisionLanguageModel, samples: readonly TrainSample[], sign: number): Map<Parameter, Float64Array> {
  model.zeroGrad();
  const batch = makeBatch(samples, tokenizer, model);
  meanTokenNll(model.logitsAt(model.forward(batch.input).hidden, batch.answerRows), batch).backward();
  const gradients = new Map(model.parameters().map((parameter) => [parameter, Float64Array.from(parameter.grad?.data ?? new Float32Array(parameter.size), (value) => sign * value)]));
  model.zeroGrad();
  return gradients;
}

const dot = (first: Float64Array, second: Float64Array) => first.reduce((total, value, index) => total + value * second[index]!, 0);

// The reference's update for one parameter tensor: g_f - min(<g_f, g_r> / |g_r|^2, 0) g_r (+ w g_r).
function projected(forget: Float64Array, retain: Float64Array, retainWeight = 0): { values: Float64Array; conflicted: boolean } {
  const squares = dot(retain, retain);
  const coefficient = squares > 0 ? Math.min(0, dot(forget, retain) / squares) : 0;
  return { values: forget.map((value, index) => value - coefficient * retain[index]! + retainWeight * retain[index]!), conflicted: coefficient < 0 };
}

function assertGradients(model: VisionLanguageModel, expected: Map<Parameter, Float64Array>): void {
  for (const [name, parameter] of model.namedParameters()) {
    const wanted = expected.get(parameter)!;
    const actual = parameter.grad?.data ?? new Float32Array(parameter.size);
    const scale = Math.max(1e-6, ...Array.from(wanted, Math.abs));
    for (let index = 0; index < parameter.size; index++) {
      assert.ok(Math.abs(actual[index]! - wanted[index]!) <= 1e-4 * scale, `${name}[${index}]: ${actual[index]} != ${wanted[index]}`);
    }
  }
}

function methodWith(config: Record<string, unknown>, model: VisionLanguageModel) {
  const { method, config: parsed } = configureMethod('grad_projection', config, 'default');
  const state = method.prepare!({
    model, tokenizer, forgetSet: textForget, retainSet: textRetain, batchSize: 2, seed: 1, compat: 'default',
    batchOf: (samples) => makeBatch(samples, tokenizer, model),
  }, parsed) as ProjectionState;
  return { method, config: parsed, state };
}

test('one micro-batch: the gradient is -dCE(forget), projected per tensor off dCE(retain) where they conflict', () => {
  const model = copyModel(target);
  const forget = textForget.slice(0, 2);
  const retain = textRetain.slice(0, 2);
  const forgetGradient = plainGradient(model, forget, -1);
  const retainGradient = plainGradient(model, retain, 1);
  let conflicts = 0;
  let agreements = 0;
  const expected = new Map([...forgetGradient].map(([parameter, values]) => {
    const result = projected(values, retainGradient.get(parameter)!);
    if (dot(values, values) > 0) result.conflicted ? conflicts++ : agreements++;
    return [parameter, result.values];
  }));
  assert.ok(conflicts > 0 && agreements > 0, `the test needs both cases: ${conflicts} conflicts, ${agreements} agreements`);
  const { method, config, state } = methodWith({}, model);
  const loss = method.loss(contextFor<ProjectionState>(model, null, tokenizer, forget, retain, { prepared: state }), config);
  // The loss is plain gradient ascent's; only its gradient is changed.
  const batch = makeBatch(forget, tokenizer, model);
  assert.ok(Math.abs(loss.item() + noGrad(() => meanTokenNll(model.logitsAt(model.forward(batch.input).hidden, batch.answerRows), batch).item())) < 1e-6);
  loss.backward();
  assertGradients(model, expected);
  assert.equal(state.projected, conflicts);
  // Each projected tensor's update no longer raises the retain loss to first order.
  for (const parameter of model.parameters()) {
    const update = Float64Array.from(parameter.grad?.data ?? new Float32Array(parameter.size));
    assert.ok(dot(update, retainGradient.get(parameter)!) >= -1e-6 * Math.sqrt(dot(update, update) * dot(retainGradient.get(parameter)!, retainGradient.get(parameter)!)) - 1e-12);
  }
});

test('two micro-batches, as the trainer accumulates them: the projection of the step\'s mean gradients, and retainWeight adds the mean retain gradient', () => {
  const model = copyModel(target);
  const micro = [[textForget.slice(0, 2), textRetain.slice(0, 2)], [textForget.slice(2), textRetain.slice(2)]] as const;
  const forgetMean = new Map<Parameter, Float64Array>();
  const retainMean = new Map<Parameter, Float64Array>();
  for (const [forget, retain] of micro) {
    for (const [sums, gradient] of [[forgetMean, plainGradient(model, forget, -1)], [retainMean, plainGradient(model, retain, 1)]] as const) {
      for (const [parameter, values] of gradient) {
        const total = sums.get(parameter) ?? new Float64Array(parameter.size);
        values.forEach((value, index) => (total[index]! += value / 2));
        sums.set(parameter, total);
      }
    }
  }
  for (const retainWeight of [0, 0.5]) {
    const { method, config, state } = methodWith({ retainWeight }, model);
    model.zeroGrad();
    micro.forEach(([forget, retain], index) => {
      const context = createContext<ProjectionState>({
        model, original: null, forgetSamples: forget, retainSamples: retain, forgetPool: textForget, retainPool: textRetain, refusals: [],
        batchOf: (samples) => makeBatch(samples, tokenizer, model), step: 0, totalSteps: 1, micro: index, seed: 1, compat: 'default',
        prepared: state, dropoutSeed: null,
      });
      method.loss(context, config).backward(new Tensor([], new Float32Array([1 / micro.length])));
    });
    assertGradients(model, new Map([...forgetMean].map(([parameter, values]) => [parameter, projected(values, retainMean.get(parameter)!, retainWeight).values])));
    model.zeroGrad();
  }
});

test('one plain-gradient step raises the forget NLL; a later backward outside unlearning is not projected', () => {
  const model = copyModel(target);
  const { method, config, state } = methodWith({}, model);
  method.loss(contextFor<ProjectionState>(model, null, tokenizer, textForget, textRetain, { prepared: state }), config).backward();
  noGrad(() => {
    for (const parameter of model.parameters()) {
      const gradient = parameter.grad?.data;
      if (gradient) for (let index = 0; index < parameter.size; index++) parameter.data[index]! -= 0.05 * gradient[index]!;
    }
  });
  const before = nllOf(target, tokenizer, textForget);
  const after = nllOf(model, tokenizer, textForget);
  assert.ok(after > before, `forget NLL ${before} -> ${after}`);
  const raw = plainGradient(copyModel(model), textForget, 1);
  model.zeroGrad();
  const batch = makeBatch(textForget, tokenizer, model);
  meanTokenNll(model.logitsAt(model.forward(batch.input).hidden, batch.answerRows), batch).backward();
  assertGradients(model, new Map([...model.parameters()].map((parameter, index) => [parameter, [...raw.values()][index]!])));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng, Tensor, add } from '../engine/index.js';
import { attachLora, loraParameters, namedLinears } from '../model/lora.js';
import { VisionLanguageModel } from '../model/vlm.js';
import { makeBatch } from '../train/samples.js';
import { createRegulariser } from './regularisers.js';
import { answerNll } from './terms.js';
import { FORGET_SET, TINY_CONFIG, contextFor, tinyTokenizer } from './tiny-fixture.js';

const tokenizer = tinyTokenizer();
const samples = [FORGET_SET[0]!, FORGET_SET[2]!];

function randomise(parameters: readonly Tensor[], seed: number, std: number): void {
  const rng = new Rng(seed);
  for (const parameter of parameters) for (let index = 0; index < parameter.size; index++) parameter.data[index]! += std * rng.normal();
}

function loraModel(): VisionLanguageModel {
  const model = new VisionLanguageModel(TINY_CONFIG, 4);
  attachLora(model, { rank: 2, alpha: 4, dropout: 0, targets: [], seed: 5 });
  // B starts at zero; a trained adapter has both factors non-zero.
  randomise(loraParameters(model), 6, 0.1);
  return model;
}

function taskLoss(model: VisionLanguageModel): Tensor {
  const context = contextFor(model, null, tokenizer, samples, []);
  return answerNll(context, makeBatch(samples, tokenizer, model));
}

const sign = (value: number) => (value > 0 ? 1 : value < 0 ? -1 : 0);

test('L1 on LoRA adds lambda * (sum|A| + sum|B|) to the loss and lambda * sign(w) to the gradient', () => {
  const model = loraModel();
  const trainable = loraParameters(model);
  const lambda = 0.01;
  const regulariser = createRegulariser({ model, trainable, lora: true }, { l1: lambda, l1Reference: 'zero', l0: null });
  const expected = lambda * trainable.reduce((total, parameter) => total + parameter.data.reduce((rowTotal, value) => rowTotal + Math.abs(value), 0), 0);
  const penalty = regulariser.penalty()!;
  assert.ok(Math.abs(penalty.item() - expected) < 1e-5 * expected, `${penalty.item()} != ${expected}`);

  // The gradient of loss + penalty minus the gradient of the loss alone is lambda * sign(w).
  taskLoss(model).backward();
  const plain = trainable.map((parameter) => Float32Array.from(parameter.grad!.data));
  model.zeroGrad();
  add(taskLoss(model), regulariser.penalty()!).backward();
  trainable.forEach((parameter, index) => {
    for (let element = 0; element < parameter.size; element++) {
      const added = parameter.grad!.data[element]! - plain[index]![element]!;
      assert.ok(Math.abs(added - lambda * sign(parameter.data[element]!)) < 1e-6, `parameter ${index} element ${element}: ${added}`);
    }
  });
});

test('L1 without LoRA measures theta - theta_0 from the initial weights, or theta itself from zero', () => {
  const model = new VisionLanguageModel(TINY_CONFIG, 7);
  const trainable = [model.blocks[0]!.mlp.up.weight, model.head.weight];
  const initial = trainable.map((parameter) => Float32Array.from(parameter.data));
  const fromInitial = createRegulariser({ model, trainable, lora: false }, { l1: 0.5, l1Reference: 'initial', l0: null });
  const fromZero = createRegulariser({ model, trainable, lora: false }, { l1: 0.5, l1Reference: 'zero', l0: null });
  assert.equal(fromInitial.penalty()!.item(), 0);
  randomise(trainable, 8, 0.01);
  let moved = 0;
  let absolute = 0;
  trainable.forEach((parameter, index) => parameter.data.forEach((value, element) => {
    moved += Math.abs(value - initial[index]![element]!);
    absolute += Math.abs(value);
  }));
  assert.ok(Math.abs(fromInitial.penalty()!.item() - 0.5 * moved) < 1e-4 * moved);
  assert.ok(Math.abs(fromZero.penalty()!.item() - 0.5 * absolute) < 1e-4 * absolute);
  fromInitial.penalty()!.backward();
  trainable.forEach((parameter, index) => parameter.grad!.data.forEach((gradient, element) =>
    assert.equal(gradient, 0.5 * sign(parameter.data[element]! - initial[index]![element]!))));
});

test('L0 hard-concrete gates on LoRA rank components receive non-zero gradients from the loss and the penalty', () => {
  const model = loraModel();
  const trainable = loraParameters(model);
  const regulariser = createRegulariser({ model, trainable, lora: true }, { l1: null, l1Reference: 'zero', l0: 0.001 });
  const gates = regulariser.parameters;
  assert.equal(gates.length, trainable.length / 2);
  // A gate passes a gradient while its sample lies inside (0, 1); gates start mostly open (clipped at 1), so
  // over a few draws every gate of the decoder's adapters (the samples reach all of them) gets a task gradient.
  const reached = new Set<number>();
  for (let draw = 0; draw < 12; draw++) {
    regulariser.beforeForward(draw);
    taskLoss(model).backward();
    gates.forEach((gate, index) => {
      if (gate.grad?.data.some((value) => value !== 0)) reached.add(index);
      gate.grad = null;
    });
    model.zeroGrad();
  }
  const decoderGates = namedLinears(model).filter(([name, layer]) => layer.lora && !name.startsWith('vision')).length;
  assert.ok(reached.size >= decoderGates, `${reached.size} of ${gates.length} gates got a task gradient`);
  // The penalty is lambda * sum sigmoid(log alpha - (2/3) log(0.1 / 1.1)), with its own gradient.
  const penalty = regulariser.penalty()!;
  const shifted = 0.001 * gates.reduce((total, gate) => total + gate.data.reduce((gateTotal, logAlpha) => gateTotal + 1 / (1 + Math.exp(-(logAlpha - (2 / 3) * Math.log(0.1 / 1.1)))), 0), 0);
  assert.ok(Math.abs(penalty.item() - shifted) < 1e-6, `${penalty.item()} != ${shifted}`);
  model.zeroGrad();
  for (const gate of gates) gate.grad = null;
  penalty.backward();
  for (const gate of gates) assert.ok(gate.grad!.data.every((value) => value > 0), 'the penalty closes every gate');
});

test('L0 gates without LoRA gate each row of theta - theta_0; finishing fixes closed rows back to theta_0', () => {
  const model = new VisionLanguageModel(TINY_CONFIG, 9);
  const weight = model.blocks[1]!.attention.query.weight;
  const trainable = [weight];
  const initial = Float32Array.from(weight.data);
  const regulariser = createRegulariser({ model, trainable, lora: false }, { l1: null, l1Reference: 'zero', l0: 0.01 });
  randomise(trainable, 10, 0.05);
  const [gate] = regulariser.parameters;
  const reached = new Set<number>();
  for (let draw = 0; draw < 12; draw++) {
    regulariser.beforeForward(draw);
    assert.notEqual(model.blocks[1]!.attention.query.weight, weight, 'the slot holds the gated stand-in during a step');
    taskLoss(model).backward();
    gate!.grad!.data.forEach((value, row) => value !== 0 && reached.add(row));
    gate!.grad = null;
  }
  assert.ok(reached.size > gate!.size / 2, `${reached.size} of ${gate!.size} row gates got a task gradient`);
  assert.ok(weight.grad!.data.some((value) => value !== 0), 'the raw weight gets a gradient through the gate');
  // Close the first row's gate, leave the others open: the finished weight keeps the update on open rows only.
  gate!.data.fill(6);
  gate!.data[0] = -6;
  const trained = Float32Array.from(weight.data);
  regulariser.finish();
  assert.equal(model.blocks[1]!.attention.query.weight, weight, 'finish puts the raw parameter back');
  const columns = weight.dim(1);
  for (let column = 0; column < columns; column++) {
    assert.equal(weight.data[column], initial[column], 'closed row returns to theta_0');
    assert.ok(Math.abs(weight.data[columns + column]! - trained[columns + column]!) < 1e-6, 'open row keeps its update');
  }
});

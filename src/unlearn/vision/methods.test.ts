import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng, noGrad } from '../../engine/index.js';
import { FaceClassifier, amSoftmaxLoss } from '../../model/face-classifier.js';
import { chunks, faceBatch, faceCount, mirrorBatch, subsetFaces } from './face-set.js';
import type { FaceSet } from './face-set.js';
import type { VisionMethod, VisionUnlearnContext } from './method.js';
import { VISION_METHODS, configureVisionMethod, resolveVisionMethod } from './registry.js';
import { trainClassifier } from './train-classifier.js';
import { unlearnClassifier } from './unlearn-classifier.js';
import type { UnlearnRecipe } from './unlearn-classifier.js';

// Four "people", each a fixed random 8 x 8 pattern plus noise; person 0 is forgotten.
function syntheticFaces(seed: number, perPerson: number): FaceSet {
  const rng = new Rng(seed);
  const stride = 3 * 8 * 8;
  const patterns = Array.from({ length: 4 }, () => Float32Array.from({ length: stride }, () => rng.normal() * 0.8));
  const images = new Float32Array(4 * perPerson * stride);
  const labels = new Int32Array(4 * perPerson);
  for (let person = 0; person < 4; person++) {
    for (let copy = 0; copy < perPerson; copy++) {
      const row = person * perPerson + copy;
      labels[row] = person;
      for (let index = 0; index < stride; index++) images[row * stride + index] = patterns[person]![index]! + rng.normal() * 0.3;
    }
  }
  return { images, labels, imageSize: 8 };
}

const faces = syntheticFaces(1, 6);
const forgetSet = subsetFaces(faces, [0, 1, 2, 3, 4, 5]);
const retainSet = subsetFaces(faces, Array.from({ length: 18 }, (_, index) => index + 6));

function trainedClassifier(): FaceClassifier {
  const model = new FaceClassifier({ vision: { imageSize: 8, patchSize: 4, dim: 16, layers: 2, heads: 2, mlpDim: 32 }, classes: 4, scale: 8, margin: 0.2 }, new Rng(2));
  trainClassifier({ model, faces, recipe: { steps: 40, batchSize: 12, learningRate: 1e-2, weightDecay: 0, warmupSteps: 2, maxGradNorm: 1 }, seed: 3, label: 'test' });
  return model;
}
const original = trainedClassifier();

// Mean cosine of the forget faces to their own class row.
function forgetTrueCosine(model: FaceClassifier): number {
  return noGrad(() => {
    const cosines = model.forward(faceBatch(forgetSet, chunks(faceCount(forgetSet), 64)[0]!).images).cosines;
    return forgetSet.labels.reduce((total, label, row) => total + cosines.data[row * 4 + label]!, 0) / forgetSet.labels.length;
  });
}

const recipe: UnlearnRecipe = { steps: 8, forgetBatchSize: 6, retainBatchSize: 6, learningRate: 5e-3, weightDecay: 0, maxGradNorm: null };

function unlearn(name: string, options: Record<string, unknown> = {}, steps = recipe.steps): FaceClassifier {
  const method = resolveVisionMethod(name);
  return unlearnClassifier({ method, config: configureVisionMethod(method, options), original, forgetSet, retainSet, recipe: { ...recipe, steps }, seed: 5 }).model;
}

// The loss of one step with the model still equal to the original.
function firstLoss(method: VisionMethod, options: Record<string, unknown> = {}): number {
  const config = configureVisionMethod(method, options);
  const frozen = original.clone().freeze();
  const forget = faceBatch(forgetSet, [0, 1, 2, 3, 4, 5]);
  const retain = faceBatch(retainSet, [0, 1, 2, 3, 4, 5]);
  const context: VisionUnlearnContext = {
    model: original.clone(), original: frozen, forget, retain,
    forward: (batch, captureBlock) => context.model.forward(batch.images, captureBlock === undefined ? {} : { captureBlock }),
    originalForward: (batch, captureBlock) => noGrad(() => frozen.forward(batch.images, captureBlock === undefined ? {} : { captureBlock })),
    retainClasses: [1, 2, 3], step: 0, totalSteps: 1, seed: 1,
    prepared: method.prepare?.({ original: frozen, forgetSet, retainSet, seed: 1 }, config),
  };
  return method.loss(context, config).item();
}

test('the fixture classifier recognises the forget person', () => {
  assert.ok(forgetTrueCosine(original) > 0.5, `cosine ${forgetTrueCosine(original)}`);
});

for (const name of ['neggrad', 'dpo', 'llmu', 'scrub_bio', 'twins', 'rmu']) {
  test(`${name}: a few steps lower the forget faces' cosine to their own person`, () => {
    const before = forgetTrueCosine(original);
    const after = forgetTrueCosine(unlearn(name));
    assert.ok(after < before - 0.02, `${name}: cosine ${before} -> ${after}`);
    assert.equal(forgetTrueCosine(original), before, 'the original is left unchanged');
  });
}

test('losses at the start, by hand', () => {
  // DPO: policy = reference, so the margin is 0 and the loss -log sigmoid(0) = log 2.
  assert.ok(Math.abs(firstLoss(resolveVisionMethod('dpo')) - Math.log(2)) < 1e-6);
  // SCRUB bio: forget cosines to the original are 1 -> max(0, 1 - 0) = 1; retain 1 - 1 = 0.
  assert.ok(Math.abs(firstLoss(resolveVisionMethod('scrub_bio')) - 1) < 1e-5);
  // SCRUB, simultaneous: both KL terms are 0, so the loss is the retain AM-Softmax loss alone.
  const scrubLoss = firstLoss(resolveVisionMethod('scrub'), { mode: 'simultaneous' });
  const retainOnly = firstLoss(resolveVisionMethod('retain_ft'));
  assert.ok(Math.abs(scrubLoss - retainOnly) < 1e-5, `${scrubLoss} vs ${retainOnly}`);
  // NegGrad with equal weights: retain loss minus forget loss; the forget loss is positive.
  const negGrad = firstLoss(resolveVisionMethod('neggrad'));
  assert.ok(negGrad < retainOnly);
  // Twins: the MSE between each forget embedding and the original's embedding of its mirror image.
  const forget = faceBatch(forgetSet, [0, 1, 2, 3, 4, 5]);
  const expected = noGrad(() => {
    const plain = original.forward(forget.images).embeddings.data;
    const mirrored = original.forward(mirrorBatch(forget).images).embeddings.data;
    return plain.reduce((total, value, index) => total + (value - mirrored[index]!) ** 2, 0) / plain.length;
  });
  assert.ok(Math.abs(firstLoss(resolveVisionMethod('twins')) - expected) < 1e-5);
});

test('retain_ft lowers the retain loss; sparsity shrinks the backbone L1 norm', () => {
  const retainLoss = (model: FaceClassifier) => noGrad(() => {
    const batch = faceBatch(retainSet, Array.from({ length: faceCount(retainSet) }, (_, index) => index));
    return amSoftmaxLoss(model.forward(batch.images).cosines, batch.labels, model.config.scale, model.config.margin).item();
  });
  const tuned = unlearn('retain_ft', {}, 5);
  assert.ok(retainLoss(tuned) < retainLoss(original), `${retainLoss(original)} -> ${retainLoss(tuned)}`);
  const l1 = (model: FaceClassifier) => model.encoder.parameters().reduce((total, parameter) => total + parameter.data.reduce((sum, value) => sum + Math.abs(value), 0), 0);
  const sparse = unlearn('sparsity', { alpha: 1 }, 3);
  assert.ok(l1(sparse) < l1(original), `${l1(original)} -> ${l1(sparse)}`);
});

test('registry: reference script names resolve; unknown names and options are errors', () => {
  assert.equal(resolveVisionMethod('retrain').name, 'gold');
  assert.equal(resolveVisionMethod('FineTune').name, 'retain_ft');
  assert.equal(resolveVisionMethod('scrub_orig').name, 'scrub');
  assert.equal(new Set(VISION_METHODS.map((method) => method.name)).size, VISION_METHODS.length);
  assert.throws(() => resolveVisionMethod('salun'), /unknown vision method/);
  assert.throws(() => configureVisionMethod(resolveVisionMethod('dpo'), { gamma: 1 }), /dpo/);
  assert.throws(() => unlearn('gold'), /does not unlearn/);
});

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { availableBackends } from '../engine/backends/default.js';
import { gradCheck } from '../engine/gradcheck.js';
import { Rng, Tensor, crossEntropyPerRow, noGrad, withBackend } from '../engine/index.js';
import type { Backend } from '../engine/index.js';
import { FaceClassifier, amSoftmaxLogits, amSoftmaxLoss, cosineSimilarities } from './face-classifier.js';

function randomInput(backend: Backend, shape: number[], seed: number): Tensor {
  const rng = new Rng(seed);
  return new Tensor(shape, Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()), { requiresGrad: true, backend });
}

const VISION = { imageSize: 8, patchSize: 4, dim: 8, layers: 2, heads: 2, mlpDim: 16 };

for (const backend of availableBackends()) {
  describe(`AM-Softmax head on the ${backend.name} backend`, () => {
    test('per-row loss gradient w.r.t. embeddings and class rows matches finite differences', () => {
      withBackend(backend, () => {
        const labels = Int32Array.from([0, 3, 1, 3]);
        const targets = new Tensor([4], labels, { backend });
        const result = gradCheck(
          ([embeddings, weights]) => crossEntropyPerRow(amSoftmaxLogits(cosineSimilarities(embeddings!, weights!), labels, 4, 0.35), targets),
          [randomInput(backend, [4, 6], 1), randomInput(backend, [5, 6], 2)],
        );
        assert.ok(result.maxRelativeError < 2e-2, `relative error ${result.maxRelativeError} at ${result.worst}`);
      });
    });
  });
}

test('AM-Softmax loss by hand', () => {
  // Embeddings are normalised: [3, 0] -> [1, 0] and [0, 2] -> [0, 1]; class rows [1, 0], [0, 5] -> [0, 1].
  // Row 0 (label 0): cos = [1, 0]; logits 2 * ([1, 0] - [0.5, 0]) = [1, 0]; loss log(1 + e^-1).
  // Row 1 (label 0): cos = [0, 1]; logits 2 * ([0, 1] - [0.5, 0]) = [-1, 2]; loss log(1 + e^3).
  const cosines = cosineSimilarities(new Tensor([2, 2], Float32Array.from([3, 0, 0, 2])), new Tensor([2, 2], Float32Array.from([1, 0, 0, 5])));
  assert.deepEqual(cosines.toArray().map((value) => Math.round(value * 1e6) / 1e6), [1, 0, 0, 1]);
  const loss = amSoftmaxLoss(cosines, Int32Array.from([0, 0]), 2, 0.5).item();
  const expected = (Math.log(1 + Math.exp(-1)) + Math.log(1 + Math.exp(3))) / 2;
  assert.ok(Math.abs(loss - expected) < 1e-5, `loss ${loss}, expected ${expected}`);
  assert.throws(() => amSoftmaxLoss(cosines, Int32Array.from([0, 2]), 2, 0.5), /outside 2 classes/);
});

test('classifier: shapes, cosines in [-1, 1], captured block, clone gives the same outputs', () => {
  const model = new FaceClassifier({ vision: VISION, classes: 5, scale: 16, margin: 0.2 }, new Rng(3));
  const images = randomInput(model.head.weight.backend, [3, 3, 8, 8], 4);
  noGrad(() => {
    const forward = model.forward(images, { captureBlock: 0 });
    assert.deepEqual(forward.embeddings.shape, [3, 8]);
    assert.deepEqual(forward.cosines.shape, [3, 5]);
    assert.deepEqual(forward.captured?.shape, [3, 4, 8]);
    assert.ok(forward.cosines.toArray().every((value) => value >= -1.0001 && value <= 1.0001));
    assert.equal(model.forward(images).captured, null);
    const copy = model.clone();
    assert.deepEqual(copy.forward(images).cosines.toArray(), forward.cosines.toArray());
    copy.head.weight.data[0] = (copy.head.weight.data[0] ?? 0) + 1;
    assert.notEqual(model.head.weight.data[0], copy.head.weight.data[0]);
  });
  assert.throws(() => new FaceClassifier({ vision: VISION, classes: 0, scale: 16, margin: 0.2 }, new Rng(3)));
});

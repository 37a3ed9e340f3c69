import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng, Tensor } from '../../engine/index.js';
import { mirrorBatch, randomlyMirrored } from './face-set.js';

test('randomlyMirrored leaves each image as it was or mirrors it whole, and does both within a batch', () => {
  const count = 32;
  const size = 4;
  const images = Float32Array.from({ length: count * 3 * size * size }, (_, index) => Math.sin(index * 1.7));
  const batch = { images: new Tensor([count, 3, size, size], images), labels: new Int32Array(count) };
  const mirrored = mirrorBatch(batch).images.data;
  const augmented = randomlyMirrored(batch, new Rng(5)).images.data;
  const stride = 3 * size * size;
  let flipped = 0;
  for (let image = 0; image < count; image++) {
    const slice = (data: ArrayLike<number>) => Array.from({ length: stride }, (_, offset) => data[image * stride + offset]);
    const result = slice(augmented);
    const isOriginal = result.every((value, offset) => value === slice(images)[offset]);
    const isMirrored = result.every((value, offset) => value === slice(mirrored)[offset]);
    assert.ok(isOriginal || isMirrored, `image ${image} is neither the original nor its mirror`);
    if (isMirrored) flipped++;
  }
  assert.ok(flipped > 4 && flipped < count - 4, `${flipped} of ${count} mirrored`);
  assert.deepEqual(randomlyMirrored(batch, new Rng(5)).images.data, augmented, 'the same seed mirrors the same images');
});

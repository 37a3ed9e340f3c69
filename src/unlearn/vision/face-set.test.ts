import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng, Tensor } from '../../engine/index.js';
import { mirrorBatch, randomlyAugmented } from './face-set.js';

// The picture seen through a window moved by (shiftX, shiftY), edges repeated, mirrored first if asked.
function expected(images: Float32Array, image: number, size: number, mirrored: boolean, shiftX: number, shiftY: number): number[] {
  const values: number[] = [];
  const at = (channel: number, row: number, column: number) => images[((image * 3 + channel) * size + row) * size + column]!;
  const clamp = (value: number) => Math.min(size - 1, Math.max(0, value));
  for (let channel = 0; channel < 3; channel++) {
    for (let row = 0; row < size; row++) {
      for (let column = 0; column < size; column++) {
        const x = clamp(column - shiftX);
        values.push(at(channel, clamp(row - shiftY), mirrored ? size - 1 - x : x));
      }
    }
  }
  return values;
}

test('randomlyAugmented mirrors some images and moves them by at most one pixel, the same for the same seed', () => {
  const count = 64;
  const size = 5;
  const images = Float32Array.from({ length: count * 3 * size * size }, (_, index) => Math.sin(index * 1.7));
  const batch = { images: new Tensor([count, 3, size, size], images), labels: new Int32Array(count) };
  const augmented = randomlyAugmented(batch, new Rng(5)).images.data;
  const stride = 3 * size * size;
  const seen = new Set<string>();
  for (let image = 0; image < count; image++) {
    const result = Array.from(augmented.subarray(image * stride, (image + 1) * stride));
    const matches: string[] = [];
    for (const mirrored of [false, true]) {
      for (const shiftX of [-1, 0, 1]) {
        for (const shiftY of [-1, 0, 1]) {
          if (expected(images, image, size, mirrored, shiftX, shiftY).every((value, offset) => value === result[offset])) matches.push(`${mirrored} ${shiftX} ${shiftY}`);
        }
      }
    }
    assert.equal(matches.length, 1, `image ${image} is not one mirrored or moved copy of the original`);
    seen.add(matches[0]!);
  }
  assert.ok(seen.size >= 12, `only ${seen.size} of the 18 variants drawn in ${count} images`);
  assert.deepEqual(randomlyAugmented(batch, new Rng(5)).images.data, augmented, 'the same seed gives the same images');
});

test('mirrorBatch reverses every row of every channel', () => {
  const images = Float32Array.from({ length: 2 * 3 * 2 * 3 }, (_, index) => index);
  const mirrored = mirrorBatch({ images: new Tensor([2, 3, 2, 3], images), labels: new Int32Array(2) }).images.data;
  assert.deepEqual(Array.from(mirrored.subarray(0, 6)), [2, 1, 0, 5, 4, 3]);
});

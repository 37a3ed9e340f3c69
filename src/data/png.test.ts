import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeImage, decodeImageRgb, decodeImages } from './decode-image.js';
import { encodePng } from './png.js';

function pattern(size: number): Uint8Array {
  const rgb = new Uint8Array(size * size * 3);
  for (let index = 0; index < rgb.length; index++) rgb[index] = (index * 37 + (index >> 5) * 11) & 0xff;
  return rgb;
}

test('encodePng is lossless and deterministic', async () => {
  const rgb = pattern(24);
  const first = encodePng(rgb, 24);
  assert.deepEqual(first, encodePng(rgb, 24));
  assert.deepEqual(await decodeImageRgb(first, 24), rgb);
});

test('decodeImage gives CHW float32 in [-1, 1]', async () => {
  const size = 4;
  const rgb = new Uint8Array(size * size * 3);
  for (let pixel = 0; pixel < size * size; pixel++) rgb.set([255, 0, 128], pixel * 3);
  const input = await decodeImage(encodePng(rgb, size), size);
  assert.equal(input.length, 3 * size * size);
  assert.equal(input[0], 1); // red plane first
  assert.equal(input[size * size], -1); // then green
  assert.ok(Math.abs((input[2 * size * size] ?? 0) - (128 / 127.5 - 1)) < 1e-6);
  const batch = await decodeImages([encodePng(rgb, size), encodePng(pattern(size), size)], 2);
  assert.equal(batch.length, 2 * 3 * 2 * 2);
  assert.ok(batch.every((value) => value >= -1 && value <= 1));
});

test('undecodable bytes are rejected', async () => {
  const broken = encodePng(pattern(16), 16).slice(0, 60);
  await assert.rejects(decodeImage(broken, 8));
  await assert.rejects(decodeImages([encodePng(pattern(8), 8), broken], 8), /image 1 does not decode/);
});

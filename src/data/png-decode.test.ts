import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { decodeSimplePng, downscaleByWholeFactor } from './png-decode.js';
import { encodePng } from './png.js';

function pattern(width: number, height: number, channels: number): Uint8Array {
  return Uint8Array.from({ length: width * height * channels }, (_, index) => (index * 37 + (index % 7) * 11 + Math.floor(index / 13)) % 256);
}

test('decodes our own PNGs and sharp-written ones (every filter type, RGB and RGBA) to the pixels sharp reads', async () => {
  const ours = encodePng(pattern(20, 20, 3), 20);
  const rgba = await sharp(Buffer.from(pattern(17, 9, 4)), { raw: { width: 17, height: 9, channels: 4 } }).png({ adaptiveFiltering: true, compressionLevel: 9 }).toBuffer();
  const rgb = await sharp(Buffer.from(pattern(33, 12, 3)), { raw: { width: 33, height: 12, channels: 3 } }).png({ adaptiveFiltering: true }).toBuffer();
  for (const bytes of [ours, new Uint8Array(rgba), new Uint8Array(rgb)]) {
    const decoded = decodeSimplePng(bytes);
    assert.ok(decoded);
    const expected = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    assert.equal(decoded.width, expected.info.width);
    assert.equal(decoded.height, expected.info.height);
    assert.deepEqual(Buffer.from(decoded.rgb), expected.data);
  }
});

test('anything but 8-bit non-interlaced truecolour PNG is left to sharp', async () => {
  const jpeg = await sharp(Buffer.from(pattern(8, 8, 3)), { raw: { width: 8, height: 8, channels: 3 } }).jpeg().toBuffer();
  const grey = await sharp(Buffer.from(pattern(8, 8, 3)), { raw: { width: 8, height: 8, channels: 3 } }).toColourspace('b-w').png().toBuffer();
  const sixteenBit = await sharp(Buffer.from(pattern(8, 8, 3)), { raw: { width: 8, height: 8, channels: 3 } }).toColourspace('rgb16').png().toBuffer();
  const interlaced = await sharp(Buffer.from(pattern(8, 8, 3)), { raw: { width: 8, height: 8, channels: 3 } }).png({ progressive: true }).toBuffer();
  for (const bytes of [jpeg, grey, sixteenBit, interlaced]) assert.equal(decodeSimplePng(new Uint8Array(bytes)), null);
  assert.equal(decodeSimplePng(new Uint8Array([1, 2, 3])), null);
});

test('downscaling averages whole blocks and refuses sizes that are not whole multiples', () => {
  // 4x2 picture -> 2x1: each output pixel is the rounded mean of a 2x2 block.
  const rgb = Uint8Array.from([
    0, 10, 20, 2, 12, 22, 100, 0, 0, 200, 0, 1,
    4, 14, 24, 6, 16, 25, 50, 0, 0, 51, 0, 0,
  ]);
  const wide = { rgb, width: 4, height: 2 };
  assert.equal(downscaleByWholeFactor(wide, 3), null);
  assert.deepEqual(Array.from(downscaleByWholeFactor({ rgb, width: 4, height: 2 }, 1) ?? []).length, 0, 'a 4x2 picture is not square');
  const square = { rgb: Uint8Array.from([0, 0, 0, 10, 10, 10, 20, 20, 20, 31, 31, 31]), width: 2, height: 2 };
  assert.deepEqual(Array.from(downscaleByWholeFactor(square, 1)!), [15, 15, 15]);
  assert.deepEqual(Array.from(downscaleByWholeFactor(square, 2)!), Array.from(square.rgb));
});

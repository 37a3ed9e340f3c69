import { constants, deflateSync } from 'node:zlib';
import type { Canvas } from '@napi-rs/canvas';

// A minimal PNG encoder (8-bit RGB, Paeth filter, run-length deflate). It is faster here than a round trip
// through an image library for 64x64 pictures, and its output depends only on the pixels. With sensor noise in
// every picture, long matches are rare: run-length deflate is 3x faster than the default and no larger.

function crcTable(): Uint32Array {
  const table = new Uint32Array(256);
  for (let index = 0; index < 256; index++) {
    let value = index;
    for (let bit = 0; bit < 8; bit++) value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1;
    table[index] = value >>> 0;
  }
  return table;
}

const CRC_TABLE = crcTable();

function crc32(bytes: Uint8Array, start: number, end: number): number {
  let crc = 0xffffffff;
  for (let index = start; index < end; index++) crc = (CRC_TABLE[(crc ^ (bytes[index] ?? 0)) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(12 + data.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, data.length);
  for (let index = 0; index < 4; index++) bytes[4 + index] = type.charCodeAt(index);
  bytes.set(data, 8);
  view.setUint32(8 + data.length, crc32(bytes, 4, 8 + data.length));
  return bytes;
}

/** Paeth-filtered scanlines, each prefixed with its filter type (4). */
function filterScanlines(rgb: Uint8Array, width: number, height: number): Uint8Array {
  const stride = width * 3;
  const output = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * stride;
    const above = row - stride;
    const out = y * (stride + 1);
    output[out] = 4;
    for (let index = 0; index < stride; index++) {
      const left = index >= 3 ? (rgb[row + index - 3] ?? 0) : 0;
      const up = y > 0 ? (rgb[above + index] ?? 0) : 0;
      const upLeft = y > 0 && index >= 3 ? (rgb[above + index - 3] ?? 0) : 0;
      const estimate = left + up - upLeft;
      const distanceLeft = Math.abs(estimate - left);
      const distanceUp = Math.abs(estimate - up);
      const distanceUpLeft = Math.abs(estimate - upLeft);
      const prediction = distanceLeft <= distanceUp && distanceLeft <= distanceUpLeft ? left : distanceUp <= distanceUpLeft ? up : upLeft;
      output[out + 1 + index] = ((rgb[row + index] ?? 0) - prediction) & 0xff;
    }
  }
  return output;
}

/** PNG bytes of RGB pixels (HWC, width x height x 3). */
export function encodePng(rgb: Uint8Array, width: number, height = width): Uint8Array {
  if (rgb.length !== width * height * 3) throw new Error(`expected ${width * height * 3} RGB bytes, got ${rgb.length}`);
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits per channel, truecolour, deflate, adaptive filtering, no interlace
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(filterScanlines(rgb, width, height), { level: 6, strategy: constants.Z_RLE })),
    chunk('IEND', new Uint8Array(0)),
  ];
  const output = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    output.set(part, at);
    at += part.length;
  }
  return output;
}

export interface PixelPass {
  /** Brightness at the picture's centre and its change from the left edge to the right edge. */
  brightness: number;
  lightSlope: number;
  tint: readonly [number, number, number];
  /** Noise amplitude in 0..255 levels (triangular distribution). */
  noise: number;
  noiseSeed: number;
}

/** Reads the canvas (opaque RGBA) into RGB, applying side light, tint and noise on the way. */
export function canvasToRgb(canvas: Canvas, size: number, pass: PixelPass): Uint8Array {
  const rgba = canvas.data();
  const output = new Uint8Array(size * size * 3);
  // Light and tint depend on the column and channel only.
  const gain = new Float32Array(size * 3);
  for (let x = 0; x < size; x++) {
    const light = pass.brightness + pass.lightSlope * (x / size - 0.5);
    for (let channel = 0; channel < 3; channel++) gain[x * 3 + channel] = light * (pass.tint[channel] ?? 1);
  }
  const noise = pass.noise / 65536;
  let state = (pass.noiseSeed >>> 0) || 0x9e3779b9;
  for (let pixel = 0; pixel < size * size; pixel++) {
    const column = (pixel % size) * 3;
    for (let channel = 0; channel < 3; channel++) {
      // xorshift32; its two 16-bit halves summed give a triangular noise in (-1, 1).
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      const triangular = (state & 0xffff) + ((state >>> 16) & 0xffff) - 65535;
      const value = (rgba[pixel * 4 + channel] ?? 0) * (gain[column + channel] ?? 1) + triangular * noise;
      output[pixel * 3 + channel] = value < 0 ? 0 : value > 255 ? 255 : value + 0.5;
    }
  }
  return output;
}

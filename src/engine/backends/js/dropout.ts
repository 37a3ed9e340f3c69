import type { Buffer } from '../../backend.js';
import { requireLength } from '../checks.js';

// The dropout mask is a pure function of (seed, index), so any thread split, and the native kernel
// (native/kernels/dropout.cc, which must stay bit-identical), draws the same mask.

// A 32-bit integer finaliser (xorshift-multiply, constants from Wellons's hash-prospector "lowbias32").
function mix32(value: number): number {
  let x = value >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

// Folds a seed of up to 53 bits into one 32-bit key.
export function dropoutKey(seed: number): number {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`dropout seed must be a safe integer, got ${seed}`);
  const low = seed >>> 0;
  const high = Math.floor(seed / 4294967296) >>> 0;
  return mix32(low ^ mix32(high ^ 0x9e3779b9));
}

// Uniform in [0, 1) with 32 random bits, for element `index` under `key`.
export function dropoutUniform(key: number, index: number): number {
  return mix32(mix32(index + key) ^ key) * 2 ** -32;
}

export function checkDropout(x: Buffer, p: number, out: Buffer, mask: Buffer): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`dropout probability must be in [0, 1], got ${p}`);
  requireLength(out, x.length, 'dropout out');
  requireLength(mask, x.length, 'dropout mask');
}

export function dropout(x: Buffer, p: number, seed: number, out: Buffer, mask: Buffer): void {
  checkDropout(x, p, out, mask);
  const key = dropoutKey(seed);
  const keptScale = p < 1 ? Math.fround(1 / (1 - p)) : 0;
  for (let index = 0; index < x.length; index++) {
    const maskValue = dropoutUniform(key, index) >= p ? keptScale : 0;
    mask[index] = maskValue;
    out[index] = x[index]! * maskValue;
  }
}

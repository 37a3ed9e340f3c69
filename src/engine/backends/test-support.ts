// Helpers for the backend tests: seeded random buffers and tolerance-based comparison.
import assert from 'node:assert/strict';

// mulberry32: a tiny seeded generator, so every test draws the same inputs on every run.
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

// Uniform values in [low, high).
export function randomBuffer(random: () => number, length: number, low = -1, high = 1): Float32Array {
  return Float32Array.from({ length }, () => low + (high - low) * random());
}

export function randomIds(random: () => number, length: number, limit: number): Int32Array {
  return Int32Array.from({ length }, () => Math.floor(random() * limit));
}

export interface Tolerance {
  readonly relative?: number;
  readonly absolute?: number;
}

// Every element within absolute + relative * |expected| (NaN matches NaN, infinities match exactly).
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, label: string,
  tolerance: Tolerance = {}): void {
  const relative = tolerance.relative ?? 1e-5;
  const absolute = tolerance.absolute ?? 1e-6;
  assert.equal(actual.length, expected.length, `${label}: length`);
  for (let index = 0; index < expected.length; index++) {
    const want = expected[index]!;
    const got = actual[index]!;
    if (Number.isNaN(want) || !Number.isFinite(want)) {
      assert.ok(Object.is(got, want) || (Number.isNaN(want) && Number.isNaN(got)), `${label}[${index}]: got ${got}, want ${want}`);
      continue;
    }
    const error = Math.abs(got - want);
    assert.ok(error <= absolute + relative * Math.abs(want),
      `${label}[${index}]: got ${got}, want ${want} (error ${error.toExponential(2)})`);
  }
}

// Bitwise equality of two float buffers (distinguishes -0 from 0).
export function assertIdentical(actual: Float32Array, expected: Float32Array, label: string): void {
  assert.equal(actual.length, expected.length, `${label}: length`);
  const actualBits = new Uint32Array(actual.buffer, actual.byteOffset, actual.length);
  const expectedBits = new Uint32Array(expected.buffer, expected.byteOffset, expected.length);
  for (let index = 0; index < actual.length; index++) {
    if (actualBits[index] !== expectedBits[index]) assert.fail(`${label}[${index}]: ${actual[index]} vs ${expected[index]}`);
  }
}

export function maxAbs(values: ArrayLike<number>): number {
  let max = 0;
  for (let index = 0; index < values.length; index++) max = Math.max(max, Math.abs(values[index]!));
  return max;
}

// Runs `make` on two backends (it must draw its inputs from a fixed seed, so both see the same ones) and
// compares every buffer it returns.
export function compareBackends<B>(label: string, reference: B, candidate: B, make: (backend: B) => ArrayLike<number>[],
  tolerance: Tolerance = {}): void {
  const expected = make(reference);
  const actual = make(candidate);
  assert.equal(actual.length, expected.length);
  expected.forEach((buffer, index) => assertClose(actual[index]!, buffer, `${label} #${index}`, tolerance));
}

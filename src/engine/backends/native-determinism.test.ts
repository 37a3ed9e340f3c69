// Bit-level guarantees: dropout masks equal the reference's exactly, and native kernels that reduce
// (parameter gradients, scatter-adds, norms of gradients) give identical bits on one and two threads.
import { test } from 'node:test';
import type { Backend } from '../backend.js';
import { jsBackend } from './js.js';
import { nativeBackend, setThreads, threads } from './native.js';
import { assertIdentical, randomBuffer, randomIds, seededRandom } from './test-support.js';

function dropoutOn(backend: Backend, length: number, p: number, seed: number): Float32Array[] {
  const x = randomBuffer(seededRandom(length), length);
  const out = new Float32Array(length);
  const mask = new Float32Array(length);
  backend.dropout(x, p, seed, out, mask);
  return [out, mask];
}

function withThreads<T>(count: number, body: () => T): T {
  const original = threads();
  setThreads(count);
  try {
    return body();
  } finally {
    setThreads(original);
  }
}

test('dropout: native masks and outputs are bit-identical to the reference', () => {
  for (const length of [1, 33, 100_003]) {
    for (const p of [0, 0.1, 0.5, 0.999, 1]) {
      for (const seed of [0, 42, 2 ** 40 + 5]) {
        const [expectedOut, expectedMask] = dropoutOn(jsBackend, length, p, seed);
        const [actualOut, actualMask] = dropoutOn(nativeBackend, length, p, seed);
        assertIdentical(actualMask!, expectedMask!, `mask n=${length} p=${p} seed=${seed}`);
        assertIdentical(actualOut!, expectedOut!, `out n=${length} p=${p} seed=${seed}`);
      }
    }
  }
});

// A mix of kernels whose float sums could depend on how work is split between threads.
function reducingKernels(): Float32Array[] {
  const random = seededRandom(77);
  const rows = 1000;
  const cols = 65;
  const x = randomBuffer(random, rows * cols);
  const gradOut = randomBuffer(random, rows * cols);
  const weight = randomBuffer(random, cols);
  const mean = new Float32Array(rows);
  const rstd = new Float32Array(rows);
  const normalized = new Float32Array(rows * cols);
  nativeBackend.layerNorm(x, weight, null, rows, cols, 1e-5, normalized, mean, rstd);
  const gradX = new Float32Array(rows * cols);
  const gradWeight = new Float32Array(cols);
  const gradBias = new Float32Array(cols);
  nativeBackend.layerNormBackward(x, weight, mean, rstd, gradOut, rows, cols, gradX, gradWeight, gradBias);
  const bias = new Float32Array(cols);
  nativeBackend.sumToShape(gradOut, [rows, cols], bias, [1, cols]);
  const gradTable = new Float32Array(50 * cols);
  nativeBackend.embeddingBackward(gradOut, randomIds(random, rows, 50), cols, gradTable);
  const sums = new Float32Array(cols);
  nativeBackend.reduce('sum', x, 1, rows, cols, sums, null);
  const mask = new Float32Array(rows * cols);
  nativeBackend.dropout(x, 0.3, 9, new Float32Array(rows * cols), mask);
  // The float64 sum is compared through its raw bits, as two float32 words.
  const norm = new Float32Array(Float64Array.of(nativeBackend.sumOfSquares(randomBuffer(random, 1_000_000))).buffer);
  return [normalized, gradX, gradWeight, gradBias, bias, gradTable, sums, mask, norm];
}

test('reducing kernels and dropout give the same bits on one, two and three threads, run after run', () => {
  // Threads take pieces of work as they come free (a late thread may take none), so runs split the work
  // differently; three threads on two cores make late threads common.
  const single = withThreads(1, reducingKernels);
  for (const count of [2, 3]) {
    for (let run = 0; run < 3; run++) {
      const several = withThreads(count, reducingKernels);
      single.forEach((buffer, index) => assertIdentical(several[index]!, buffer, `${count} threads, run ${run}, kernel output #${index}`));
    }
  }
});

// Native GEMM against the reference on both paths (OpenBLAS and built-in): every transpose case, odd
// shapes that leave partial register tiles, shapes that cross the cache blocks, batches with shared
// operands, offsets, alpha/beta, and thread-count independence of the built-in kernel.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GemmParams } from '../backend.js';
import type { GemmKernel, GemmPath } from './native.js';
import { gemmKernel, gemmPath, nativeBackend, openBlasAvailable, setGemmKernel, setGemmPath, setThreads, threads } from './native.js';
import { jsBackend } from './js.js';
import { assertClose, assertIdentical, randomBuffer, seededRandom } from './test-support.js';

// Each configuration the native GEMM can run: OpenBLAS, and the built-in path with every micro-kernel
// this CPU supports (the AVX2 one is the fallback on machines without AVX-512).
interface Configuration { readonly path: GemmPath; readonly kernel: GemmKernel }
const widest: GemmKernel = gemmKernel().startsWith('avx512') ? 'avx512' : 'avx2';
const configurations: Configuration[] = [
  ...(openBlasAvailable() ? [{ path: 'openblas', kernel: widest } as const] : []),
  { path: 'builtin', kernel: widest },
  ...(widest === 'avx512' ? [{ path: 'builtin', kernel: 'avx2' } as const] : []),
];

interface Case {
  batch: number; m: number; n: number; k: number; transA: boolean; transB: boolean;
  shareA?: boolean; shareB?: boolean; offset?: number; alpha?: number; beta?: number;
}

function params(testCase: Case, seed: number): { native: GemmParams; reference: GemmParams } {
  const random = seededRandom(seed);
  const { batch, m, n, k } = testCase;
  const offset = testCase.offset ?? 0;
  const strideA = testCase.shareA === true ? 0 : m * k + 3; // a gap between matrices checks the stride is honoured
  const strideB = testCase.shareB === true ? 0 : k * n + 5;
  const strideC = m * n + 2;
  const a = randomBuffer(random, offset + strideA * (batch - 1) + m * k);
  const b = randomBuffer(random, offset + strideB * (batch - 1) + k * n);
  const c = randomBuffer(random, offset + strideC * (batch - 1) + m * n);
  const beta = testCase.beta ?? 0;
  if (beta === 0) c.fill(Number.NaN); // beta = 0 must overwrite C without reading it
  const shared = { a, b, batch, m, n, k, transA: testCase.transA, transB: testCase.transB, strideA, strideB, strideC,
    offsetA: offset, offsetB: offset, offsetC: offset, alpha: testCase.alpha ?? 1, beta };
  return { native: { ...shared, c }, reference: { ...shared, c: c.slice() } };
}

function check(testCase: Case, seed: number): void {
  const { native, reference } = params(testCase, seed);
  nativeBackend.gemm(native);
  jsBackend.gemm(reference);
  const label = `${gemmPath()} ${gemmKernel()} ${JSON.stringify(testCase)}`;
  assertClose(native.c, reference.c, label, { relative: 1e-5, absolute: 4e-6 * Math.sqrt(testCase.k + 1) });
}

function onEachPath(body: () => void): void {
  const original = gemmPath();
  try {
    for (const { path, kernel } of configurations) {
      setGemmPath(path);
      setGemmKernel(kernel);
      body();
    }
  } finally {
    setGemmPath(original);
    setGemmKernel(widest);
  }
}

test('gemm: all four transpose cases on odd shapes', () => {
  const sizes = [1, 3, 7, 33, 65, 130];
  onEachPath(() => {
    let seed = 1;
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        for (const [m, n, k] of [[1, 1, 1], [3, 7, 33], [65, 130, 7], [130, 33, 65], [7, 1, 130], [33, 65, 3]] as const) {
          check({ batch: 1, m, n, k, transA, transB }, seed++);
        }
        check({ batch: 1, m: sizes[seed % 6]!, n: 17, k: 9, transA, transB, alpha: -0.5, beta: 0.75 }, seed++);
      }
    }
  });
});

test('gemm: shapes crossing the cache blocks (m > 192, k > 256, several kc slabs)', () => {
  onEachPath(() => {
    check({ batch: 1, m: 203, n: 70, k: 523, transA: false, transB: true, beta: 1 }, 11);
    check({ batch: 1, m: 385, n: 97, k: 260, transA: true, transB: false, alpha: 2 }, 12);
    check({ batch: 1, m: 5, n: 300, k: 40, transA: false, transB: false }, 13); // few rows: the split goes by columns
  });
});

test('gemm: batches with a shared (stride 0) operand, offsets, alpha and beta', () => {
  onEachPath(() => {
    check({ batch: 3, m: 33, n: 7, k: 65, transA: false, transB: true, shareB: true, offset: 5 }, 21);
    check({ batch: 4, m: 7, n: 33, k: 3, transA: true, transB: false, shareA: true, alpha: 0.5, beta: -2 }, 22);
    check({ batch: 2, m: 65, n: 65, k: 130, transA: true, transB: true, offset: 1, beta: 1 }, 23);
    check({ batch: 16, m: 64, n: 64, k: 32, transA: false, transB: true }, 24); // per-matrix threads
  });
});

test('gemm: k = 0 scales C by beta, and beta = 0 clears it', () => {
  onEachPath(() => {
    const c = Float32Array.of(1, 2, 3, 4);
    const base = { a: new Float32Array(0), b: new Float32Array(0), batch: 1, m: 2, n: 2, k: 0, transA: false, transB: false,
      strideA: 0, strideB: 0, strideC: 0, offsetA: 0, offsetB: 0, offsetC: 0, alpha: 1 };
    nativeBackend.gemm({ ...base, c, beta: 3 });
    assert.deepEqual([...c], [3, 6, 9, 12]);
    c.fill(Number.NaN);
    nativeBackend.gemm({ ...base, c, beta: 0 });
    assert.deepEqual([...c], [0, 0, 0, 0]);
  });
});

test('gemm: undersized buffers are rejected before any kernel runs', () => {
  const c = new Float32Array(4);
  assert.throws(() => nativeBackend.gemm({ a: new Float32Array(3), b: new Float32Array(4), c, batch: 1, m: 2, n: 2, k: 2,
    transA: false, transB: false, strideA: 0, strideB: 0, strideC: 0, offsetA: 0, offsetB: 0, offsetC: 0, alpha: 1, beta: 0 }),
  RangeError);
});

test('gemm: the built-in result is bit-identical on one and two threads', () => {
  const original = gemmPath();
  const originalThreads = threads();
  try {
    setGemmPath('builtin');
    for (const kernel of widest === 'avx512' ? ['avx512', 'avx2'] as const : ['avx2'] as const) {
      setGemmKernel(kernel);
      const results: Float32Array[] = [];
      for (const count of [1, 2]) {
        setThreads(count);
        // Wide enough to split by rows, then few enough rows to split by columns.
        for (const [m, n] of [[301, 150], [13, 700]] as const) {
          const { native } = params({ batch: 2, m, n, k: 290, transA: false, transB: true }, 31);
          nativeBackend.gemm(native);
          results.push(native.c);
        }
      }
      assertIdentical(results[2]!, results[0]!, `${kernel}: one thread vs two, row split`);
      assertIdentical(results[3]!, results[1]!, `${kernel}: one thread vs two, column split`);
    }
  } finally {
    setGemmPath(original);
    setGemmKernel(widest);
    setThreads(originalThreads);
  }
});

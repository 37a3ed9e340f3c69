// The native backend: float32 kernels in C++ (native/), multithreaded with OpenMP, GEMM through OpenBLAS
// or the built-in blocked kernel. This file loads the addon built by `npm install` (node-gyp) and maps
// each Backend method onto it; argument checks happen in the addon, before any kernel touches memory.
import { createRequire } from 'node:module';
import type { Backend, BinaryOp, Buffer, IdBuffer, ReduceOp, UnaryOp } from '../backend.js';
import { dropoutKey } from './js/dropout.js';

export type GemmPath = 'openblas' | 'builtin';
export type GemmKernel = 'avx512' | 'avx2';

// The addon's functions; op codes follow the enums in native/kernels/kernels.h.
interface NativeAddon {
  setGemmPath(path: GemmPath): void;
  gemmPath(): GemmPath;
  openBlasAvailable(): boolean;
  gemmKernel(): string;
  setGemmKernel(kernel: GemmKernel): void;
  setThreads(threads: number): void;
  threads(): number;
  gemm(a: Buffer, b: Buffer, c: Buffer, batch: number, m: number, n: number, k: number, transA: boolean, transB: boolean,
    strideA: number, strideB: number, strideC: number, offsetA: number, offsetB: number, offsetC: number,
    alpha: number, beta: number): void;
  binary(op: number, a: Buffer, aShape: readonly number[], b: Buffer, bShape: readonly number[], out: Buffer,
    outShape: readonly number[]): void;
  sumToShape(gradOut: Buffer, outShape: readonly number[], gradIn: Buffer, inShape: readonly number[]): void;
  unary(op: number, x: Buffer, out: Buffer, scalar: number): void;
  unaryBackward(op: number, x: Buffer, y: Buffer, gradY: Buffer, gradX: Buffer, scalar: number): void;
  reduce(op: number, x: Buffer, outer: number, size: number, inner: number, out: Buffer, argmax: IdBuffer | null): void;
  reduceBackward(op: number, gradOut: Buffer, outer: number, size: number, inner: number, gradX: Buffer,
    argmax: IdBuffer | null): void;
  softmax: Backend['softmax'];
  softmaxBackward: Backend['softmaxBackward'];
  logSoftmax: Backend['logSoftmax'];
  logSoftmaxBackward: Backend['logSoftmaxBackward'];
  layerNorm: Backend['layerNorm'];
  layerNormBackward: Backend['layerNormBackward'];
  rmsNorm: Backend['rmsNorm'];
  rmsNormBackward: Backend['rmsNormBackward'];
  embedding: Backend['embedding'];
  embeddingBackward: Backend['embeddingBackward'];
  crossEntropy: Backend['crossEntropy'];
  crossEntropyBackward: Backend['crossEntropyBackward'];
  attention(batch: number, heads: number, queryLength: number, keyLength: number, headDim: number, causal: boolean,
    scale: number, keyMask: IdBuffer | null, q: Buffer, k: Buffer, v: Buffer, out: Buffer, logSumExp: Buffer): void;
  attentionBackward(batch: number, heads: number, queryLength: number, keyLength: number, headDim: number,
    causal: boolean, scale: number, keyMask: IdBuffer | null, q: Buffer, k: Buffer, v: Buffer, out: Buffer,
    logSumExp: Buffer, gradOut: Buffer, gradQ: Buffer, gradK: Buffer, gradV: Buffer): void;
  permute: Backend['permute'];
  slice: Backend['slice'];
  sliceBackward: Backend['sliceBackward'];
  patchify: Backend['patchify'];
  patchifyBackward: Backend['patchifyBackward'];
  dropout(x: Buffer, p: number, key: number, out: Buffer, mask: Buffer): void;
  adamw: Backend['adamw'];
  sgd: Backend['sgd'];
  axpy: Backend['axpy'];
  sumOfSquares: Backend['sumOfSquares'];
}

const addonPath = '../../../build/Release/clearbench_native.node';

function loadAddon(): NativeAddon {
  // The kernels run on the addon's own thread pool (native/kernels/parallel.h), but an OpenMP build of
  // OpenBLAS still uses libgomp, whose threads spin between parallel regions by default; when anything else
  // wants a core (another process, the GC thread), a spinning thread holds up the next kernel by a whole
  // scheduler slice (the training step was 3x slower: 1384 ms spinning vs 487 ms passive, one other
  // process running). libgomp reads this when the addon loads it, so it is set just before, unless the user did.
  process.env['OMP_WAIT_POLICY'] ??= 'passive';
  const require = createRequire(import.meta.url);
  let addon: NativeAddon;
  try {
    addon = require(addonPath) as NativeAddon;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`the native addon (build/Release/clearbench_native.node) could not be loaded: ${reason}. `
      + 'Run `npm install` (it builds the addon with node-gyp; a C++17 compiler is needed, libopenblas-dev optional).');
  }
  // The one environment read outside src/cli (allowed for the backend loader): pick the GEMM path once.
  // The built-in kernel is the default: on these AVX-512 machines it beats Debian's OpenBLAS, which does not
  // know the CPU and runs its AVX2 kernels (npm run bench:gemm; bench/step.bench.ts 289 vs 368 ms).
  // CLEARBENCH_GEMM=openblas takes OpenBLAS when the build found it.
  const requested = process.env['CLEARBENCH_GEMM'];
  if (requested === 'builtin' || requested === 'openblas') addon.setGemmPath(requested);
  else if (requested !== undefined && requested !== '') {
    throw new Error(`CLEARBENCH_GEMM must be 'openblas' or 'builtin', got '${requested}'`);
  } else addon.setGemmPath('builtin');
  return addon;
}

const addon = loadAddon();

const binaryCodes: Record<BinaryOp, number> = { add: 0, sub: 1, mul: 2, div: 3 };
const unaryCodes: Record<UnaryOp, number> = {
  neg: 0, exp: 1, log: 2, sqrt: 3, tanh: 4, sigmoid: 5, gelu: 6, relu: 7, abs: 8, square: 9, pow: 10, scale: 11, addScalar: 12,
};
const reduceCodes: Record<ReduceOp, number> = { sum: 0, max: 1 };

export const nativeBackend = {
  name: 'native',
  gemm(params) {
    addon.gemm(params.a, params.b, params.c, params.batch, params.m, params.n, params.k, params.transA, params.transB,
      params.strideA, params.strideB, params.strideC, params.offsetA, params.offsetB, params.offsetC, params.alpha, params.beta);
  },
  binary(op, a, aShape, b, bShape, out, outShape) {
    addon.binary(binaryCodes[op], a, aShape, b, bShape, out, outShape);
  },
  sumToShape: (gradOut, outShape, gradIn, inShape) => addon.sumToShape(gradOut, outShape, gradIn, inShape),
  unary: (op, x, out, scalar) => addon.unary(unaryCodes[op], x, out, scalar),
  unaryBackward: (op, x, y, gradY, gradX, scalar) => addon.unaryBackward(unaryCodes[op], x, y, gradY, gradX, scalar),
  reduce: (op, x, outer, size, inner, out, argmax) => addon.reduce(reduceCodes[op], x, outer, size, inner, out, argmax),
  reduceBackward: (op, gradOut, outer, size, inner, gradX, argmax) =>
    addon.reduceBackward(reduceCodes[op], gradOut, outer, size, inner, gradX, argmax),
  softmax: addon.softmax,
  softmaxBackward: addon.softmaxBackward,
  logSoftmax: addon.logSoftmax,
  logSoftmaxBackward: addon.logSoftmaxBackward,
  layerNorm: addon.layerNorm,
  layerNormBackward: addon.layerNormBackward,
  rmsNorm: addon.rmsNorm,
  rmsNormBackward: addon.rmsNormBackward,
  embedding: addon.embedding,
  embeddingBackward: addon.embeddingBackward,
  crossEntropy: addon.crossEntropy,
  crossEntropyBackward: addon.crossEntropyBackward,
  attention(params, q, k, v, out, logSumExp) {
    addon.attention(params.batch, params.heads, params.queryLength, params.keyLength, params.headDim, params.causal,
      params.scale, params.keyMask, q, k, v, out, logSumExp);
  },
  attentionBackward(params, q, k, v, out, logSumExp, gradOut, gradQ, gradK, gradV) {
    addon.attentionBackward(params.batch, params.heads, params.queryLength, params.keyLength, params.headDim,
      params.causal, params.scale, params.keyMask, q, k, v, out, logSumExp, gradOut, gradQ, gradK, gradV);
  },
  permute: addon.permute,
  slice: addon.slice,
  sliceBackward: addon.sliceBackward,
  patchify: addon.patchify,
  patchifyBackward: addon.patchifyBackward,
  dropout: (x, p, seed, out, mask) => addon.dropout(x, p, dropoutKey(seed), out, mask),
  adamw: addon.adamw,
  sgd: addon.sgd,
  axpy: addon.axpy,
  sumOfSquares: addon.sumOfSquares,
} as const satisfies Backend;

// GEMM path of the native backend: OpenBLAS (when built with it) or the built-in kernel.
export function setGemmPath(path: GemmPath): void {
  addon.setGemmPath(path);
}

export function gemmPath(): GemmPath {
  return addon.gemmPath();
}

export function openBlasAvailable(): boolean {
  return addon.openBlasAvailable();
}

// The built-in GEMM's micro-kernel, e.g. 'avx512-12x32' (the widest the CPU runs, chosen at load time).
export function gemmKernel(): string {
  return addon.gemmKernel();
}

// Forces the built-in path's micro-kernel, so tests on an AVX-512 machine also cover the AVX2 one.
// Throws if the CPU cannot run it.
export function setGemmKernel(kernel: GemmKernel): void {
  addon.setGemmKernel(kernel);
}

// Threads for every native kernel and for OpenBLAS (default: one per core).
export function setThreads(threads: number): void {
  addon.setThreads(threads);
}

export function threads(): number {
  return addon.threads();
}

// GEMM throughput of the native backend on each path (OpenBLAS, built-in) at 1024^3 and at the shapes
// the model runs: forward (x @ W^T) and both backward products (dX = dY @ W, dW = dY^T @ X).
// One JSON line per (path, shape) on stdout; progress on stderr.
// Usage: node --import tsx bench/gemm.bench.ts [--quick]
import type { GemmParams } from '../src/engine/backend.js';
import type { GemmPath } from '../src/engine/backends/native.js';
import { gemmKernel, nativeBackend, openBlasAvailable, setGemmPath, threads } from '../src/engine/backends/native.js';

interface Shape {
  readonly label: string;
  readonly m: number; readonly n: number; readonly k: number;
  readonly transA: boolean; readonly transB: boolean;
}

// tokens x width -> tokens x out, with W stored (out, in) as a PyTorch Linear.
function linear(tokens: number, inFeatures: number, outFeatures: number): Shape[] {
  return [
    { label: 'forward', m: tokens, n: outFeatures, k: inFeatures, transA: false, transB: true },
    { label: 'backward-input', m: tokens, n: inFeatures, k: outFeatures, transA: false, transB: false },
    { label: 'backward-weight', m: outFeatures, n: inFeatures, k: tokens, transA: true, transB: false },
  ];
}

const shapes: Shape[] = [
  { label: 'square', m: 1024, n: 1024, k: 1024, transA: false, transB: false },
  ...linear(1024, 256, 768), // fused QKV projection
  ...linear(1024, 256, 1024), // MLP up
  ...linear(1024, 1024, 256), // MLP down
  ...linear(1024, 256, 512),
  ...linear(1024, 256, 256), // attention output projection
];

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function measure(shape: Shape, minimumMs: number): { iterations: number; medianMs: number; bestMs: number } {
  const { m, n, k } = shape;
  const params: GemmParams = {
    a: Float32Array.from({ length: m * k }, (_, index) => ((index * 7919) % 1000) / 1000 - 0.5),
    b: Float32Array.from({ length: k * n }, (_, index) => ((index * 104729) % 1000) / 1000 - 0.5),
    c: new Float32Array(m * n), batch: 1, m, n, k, transA: shape.transA, transB: shape.transB,
    strideA: 0, strideB: 0, strideC: 0, offsetA: 0, offsetB: 0, offsetC: 0, alpha: 1, beta: 0,
  };
  for (let warmup = 0; warmup < 3; warmup++) nativeBackend.gemm(params);
  const times: number[] = [];
  const start = performance.now();
  while (times.length < 5 || (performance.now() - start < minimumMs && times.length < 200)) {
    const before = performance.now();
    nativeBackend.gemm(params);
    times.push(performance.now() - before);
  }
  return { iterations: times.length, medianMs: median(times), bestMs: Math.min(...times) };
}

const quick = process.argv.includes('--quick');
const paths: GemmPath[] = openBlasAvailable() ? ['openblas', 'builtin'] : ['builtin'];
console.error(`threads ${threads()}, built-in kernel ${gemmKernel()}, paths ${paths.join(', ')}`);
for (const shape of quick ? shapes.slice(0, 1) : shapes) {
  for (const path of paths) {
    setGemmPath(path);
    const { iterations, medianMs, bestMs } = measure(shape, quick ? 300 : 1000);
    const flops = 2 * shape.m * shape.n * shape.k;
    console.log(JSON.stringify({
      name: 'gemm', backend: 'native', path, shape: [shape.m, shape.n, shape.k], op: shape.label,
      transA: shape.transA, transB: shape.transB, threads: threads(), iterations,
      medianMs: Number(medianMs.toFixed(4)), gflops: Number((flops / (medianMs * 1e6)).toFixed(1)),
      // The fastest run shows the kernel's speed when other processes share the cores; the median is the
      // figure to compare on a quiet machine.
      bestMs: Number(bestMs.toFixed(4)), bestGflops: Number((flops / (bestMs * 1e6)).toFixed(1)),
    }));
  }
}

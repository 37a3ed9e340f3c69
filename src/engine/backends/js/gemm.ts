import type { GemmParams } from '../../backend.js';
import { requireCount, requireLength } from '../checks.js';

// Checks every batch's A, B and C fit their buffers; shared by both backends.
export function checkGemm(params: GemmParams): void {
  const { batch, m, n, k } = params;
  for (const [value, name] of [[batch, 'batch'], [m, 'm'], [n, 'n'], [k, 'k'], [params.offsetA, 'offsetA'],
    [params.offsetB, 'offsetB'], [params.offsetC, 'offsetC'], [params.strideA, 'strideA'], [params.strideB, 'strideB'],
    [params.strideC, 'strideC']] as const) requireCount(value, `gemm ${name}`);
  if (batch === 0 || m === 0 || n === 0) return;
  const last = batch - 1;
  if (k > 0) {
    requireLength(params.a, params.offsetA + last * params.strideA + m * k, 'gemm a');
    requireLength(params.b, params.offsetB + last * params.strideB + k * n, 'gemm b');
  }
  requireLength(params.c, params.offsetC + last * params.strideC + m * n, 'gemm c');
}

// The textbook triple loop, one float64 sum per output element.
export function gemm(params: GemmParams): void {
  checkGemm(params);
  const { a, b, c, m, n, k, transA, transB, alpha, beta } = params;
  for (let batchIndex = 0; batchIndex < params.batch; batchIndex++) {
    const aStart = params.offsetA + batchIndex * params.strideA;
    const bStart = params.offsetB + batchIndex * params.strideB;
    const cStart = params.offsetC + batchIndex * params.strideC;
    for (let row = 0; row < m; row++) {
      for (let column = 0; column < n; column++) {
        let sum = 0;
        for (let inner = 0; inner < k; inner++) {
          const aValue = transA ? a[aStart + inner * m + row]! : a[aStart + row * k + inner]!;
          const bValue = transB ? b[bStart + column * k + inner]! : b[bStart + inner * n + column]!;
          sum += aValue * bValue;
        }
        const index = cStart + row * n + column;
        // beta = 0 must not read C: it may hold NaN from a fresh allocation's previous use.
        c[index] = alpha * sum + (beta === 0 ? 0 : beta * c[index]!);
      }
    }
  }
}

import type { GemmParams } from '../backend.js';
import { Tensor, ShapeError, formatShape, gradBuffer, gradTarget } from '../tensor.js';
import { emptyLike, expectFloat, record } from './record.js';

function gemm(params: Partial<GemmParams> & Pick<GemmParams, 'a' | 'b' | 'c' | 'm' | 'n' | 'k'>, tensor: Tensor): void {
  tensor.backend.gemm({
    batch: 1, transA: false, transB: false, strideA: 0, strideB: 0, strideC: 0,
    offsetA: 0, offsetB: 0, offsetC: 0, alpha: 1, beta: 0, ...params,
  });
}

// a: (..., m, k) @ b: (..., k, n) -> (..., m, n). b may also be a plain (k, n) matrix shared by the batch;
// with transposeB it is given as (..., n, k), which is how attention scores and tied weights are laid out.
export function matmul(a: Tensor, b: Tensor, options: { transposeB?: boolean } = {}): Tensor {
  expectFloat('matmul', a, b);
  const transB = options.transposeB ?? false;
  if (a.rank < 2 || b.rank < 2) throw new ShapeError(`matmul: both operands need rank >= 2, got ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  const m = a.dim(-2);
  const k = a.dim(-1);
  const n = transB ? b.dim(-2) : b.dim(-1);
  const kOfB = transB ? b.dim(-1) : b.dim(-2);
  const batchShape = a.shape.slice(0, -2);
  const batch = batchShape.reduce((product, dimension) => product * dimension, 1);
  const sharedB = b.rank === 2;
  const batchMatches = sharedB || (b.rank === a.rank && b.shape.slice(0, -2).every((dimension, axis) => dimension === batchShape[axis]));
  if (k !== kOfB || !batchMatches) {
    throw new ShapeError(`matmul: cannot multiply ${formatShape(a.shape)} by ${formatShape(b.shape)}${transB ? ' (transposed)' : ''}`);
  }
  const output = emptyLike([...batchShape, m, n], a);
  const strideB = sharedB ? 0 : k * n;
  gemm({ a: a.data, b: b.data, c: output.data, batch, m, n, k, transB, strideA: m * k, strideB, strideC: m * n }, a);
  return record(output, 'matmul', [a, b], (gradOutput) => {
    // Each product below covers its whole gradient, so a gradient made for it is overwritten (beta 0).
    if (a.requiresGrad) {
      // dA = dC @ op(B)^T
      const gradA = gradTarget(a);
      gemm({ a: gradOutput, b: b.data, c: gradA.data, batch, m, n: k, k: n, transB: !transB, strideA: m * n, strideB, strideC: m * k, beta: gradA.beta }, a);
    }
    if (b.requiresGrad) {
      const { data: gradB, beta } = gradTarget(b);
      if (sharedB) {
        // A shared matrix gets the sum over the batch: fold the batch into the rows of one product.
        if (transB) gemm({ a: gradOutput, b: a.data, c: gradB, m: n, n: k, k: batch * m, transA: true, beta }, a);
        else gemm({ a: a.data, b: gradOutput, c: gradB, m: k, n, k: batch * m, transA: true, beta }, a);
      } else if (transB) {
        // B stored (n, k): dB = dC^T @ A
        gemm({ a: gradOutput, b: a.data, c: gradB, batch, m: n, n: k, k: m, transA: true, strideA: m * n, strideB: m * k, strideC: n * k, beta }, a);
      } else {
        // dB = A^T @ dC
        gemm({ a: a.data, b: gradOutput, c: gradB, batch, m: k, n, k: m, transA: true, strideA: m * k, strideB: m * n, strideC: k * n, beta }, a);
      }
    }
  });
}

// x: (..., in) times weight: (out, in) transposed, plus bias: (out) — PyTorch's nn.Linear layout.
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null): Tensor {
  expectFloat('linear', x, weight);
  const inFeatures = x.dim(-1);
  if (weight.rank !== 2 || weight.dim(1) !== inFeatures) {
    throw new ShapeError(`linear: input ${formatShape(x.shape)} does not fit weight ${formatShape(weight.shape)}`);
  }
  const outFeatures = weight.dim(0);
  if (bias && (bias.rank !== 1 || bias.dim(0) !== outFeatures)) {
    throw new ShapeError(`linear: bias ${formatShape(bias.shape)} does not fit weight ${formatShape(weight.shape)}`);
  }
  const rows = x.size / inFeatures;
  const output = emptyLike([...x.shape.slice(0, -1), outFeatures], x);
  gemm({ a: x.data, b: weight.data, c: output.data, m: rows, n: outFeatures, k: inFeatures, transB: true }, x);
  // The bias is added in place, in one kernel call (a JS loop of per-row copies cost more than the GEMM).
  if (bias) x.backend.binary('add', output.data, [rows, outFeatures], bias.data, [1, outFeatures], output.data, [rows, outFeatures]);
  const inputs = bias ? [x, weight, bias] : [x, weight];
  return record(output, 'linear', inputs, (gradOutput) => {
    // Each product covers its whole gradient, so a gradient made for it is overwritten (beta 0).
    if (x.requiresGrad) {
      const gradX = gradTarget(x);
      gemm({ a: gradOutput, b: weight.data, c: gradX.data, m: rows, n: inFeatures, k: outFeatures, beta: gradX.beta }, x);
    }
    if (weight.requiresGrad) {
      const gradWeight = gradTarget(weight);
      gemm({ a: gradOutput, b: x.data, c: gradWeight.data, m: outFeatures, n: inFeatures, k: rows, transA: true, beta: gradWeight.beta }, x);
    }
    if (bias?.requiresGrad) x.backend.sumToShape(gradOutput, [rows, outFeatures], gradBuffer(bias), [1, outFeatures]);
  });
}

import type { Buffer } from '../../backend.js';
import { requireLength } from '../checks.js';

// Parameter gradients are summed over rows in float64 and added once, so the oracle rounds only at the end.
function addColumnSums(sums: Float64Array, grad: Buffer | null): void {
  if (grad === null) return;
  for (let col = 0; col < sums.length; col++) grad[col]! += sums[col]!;
}

// Layer normalisation over the last axis of x (rows, cols), with the biased variance as PyTorch.
export function layerNorm(x: Buffer, weight: Buffer, bias: Buffer | null, rows: number, cols: number, eps: number,
  out: Buffer, mean: Buffer, rstd: Buffer): void {
  requireLength(x, rows * cols, 'layerNorm x');
  requireLength(out, rows * cols, 'layerNorm out');
  requireLength(weight, cols, 'layerNorm weight');
  if (bias !== null) requireLength(bias, cols, 'layerNorm bias');
  requireLength(mean, rows, 'layerNorm mean');
  requireLength(rstd, rows, 'layerNorm rstd');
  for (let row = 0; row < rows; row++) {
    const start = row * cols;
    let sum = 0;
    for (let col = 0; col < cols; col++) sum += x[start + col]!;
    const rowMean = sum / cols;
    let squares = 0;
    for (let col = 0; col < cols; col++) squares += (x[start + col]! - rowMean) ** 2;
    const rowRstd = 1 / Math.sqrt(squares / cols + eps);
    for (let col = 0; col < cols; col++) {
      const normalized = (x[start + col]! - rowMean) * rowRstd;
      out[start + col] = normalized * weight[col]! + (bias === null ? 0 : bias[col]!);
    }
    mean[row] = rowMean;
    rstd[row] = rowRstd;
  }
}

// With n = (x - mean) * rstd and d = gradOut * weight: gradX += rstd * (d - mean(d) - n * mean(d * n)).
export function layerNormBackward(x: Buffer, weight: Buffer, mean: Buffer, rstd: Buffer, gradOut: Buffer, rows: number,
  cols: number, gradX: Buffer, gradWeight: Buffer | null, gradBias: Buffer | null): void {
  for (const [buffer, name] of [[x, 'x'], [gradOut, 'gradOut'], [gradX, 'gradX']] as const) {
    requireLength(buffer, rows * cols, `layerNormBackward ${name}`);
  }
  requireLength(weight, cols, 'layerNormBackward weight');
  requireLength(mean, rows, 'layerNormBackward mean');
  requireLength(rstd, rows, 'layerNormBackward rstd');
  if (gradWeight !== null) requireLength(gradWeight, cols, 'layerNormBackward gradWeight');
  if (gradBias !== null) requireLength(gradBias, cols, 'layerNormBackward gradBias');
  const weightSums = new Float64Array(cols);
  const biasSums = new Float64Array(cols);
  for (let row = 0; row < rows; row++) {
    const start = row * cols;
    const rowMean = mean[row]!;
    const rowRstd = rstd[row]!;
    let gradMean = 0;
    let gradDotNormalized = 0;
    for (let col = 0; col < cols; col++) {
      const normalized = (x[start + col]! - rowMean) * rowRstd;
      const gradNormalized = gradOut[start + col]! * weight[col]!;
      gradMean += gradNormalized;
      gradDotNormalized += gradNormalized * normalized;
    }
    gradMean /= cols;
    gradDotNormalized /= cols;
    for (let col = 0; col < cols; col++) {
      const normalized = (x[start + col]! - rowMean) * rowRstd;
      const gradNormalized = gradOut[start + col]! * weight[col]!;
      gradX[start + col]! += rowRstd * (gradNormalized - gradMean - normalized * gradDotNormalized);
      weightSums[col]! += gradOut[start + col]! * normalized;
      biasSums[col]! += gradOut[start + col]!;
    }
  }
  addColumnSums(weightSums, gradWeight);
  addColumnSums(biasSums, gradBias);
}

// RMS normalisation: out = x * rstd * weight with rstd = 1 / sqrt(mean(x^2) + eps).
export function rmsNorm(x: Buffer, weight: Buffer, rows: number, cols: number, eps: number, out: Buffer, rstd: Buffer): void {
  requireLength(x, rows * cols, 'rmsNorm x');
  requireLength(out, rows * cols, 'rmsNorm out');
  requireLength(weight, cols, 'rmsNorm weight');
  requireLength(rstd, rows, 'rmsNorm rstd');
  for (let row = 0; row < rows; row++) {
    const start = row * cols;
    let squares = 0;
    for (let col = 0; col < cols; col++) squares += x[start + col]! ** 2;
    const rowRstd = 1 / Math.sqrt(squares / cols + eps);
    for (let col = 0; col < cols; col++) out[start + col] = x[start + col]! * rowRstd * weight[col]!;
    rstd[row] = rowRstd;
  }
}

// With n = x * rstd and d = gradOut * weight: gradX += rstd * (d - n * mean(d * n)).
export function rmsNormBackward(x: Buffer, weight: Buffer, rstd: Buffer, gradOut: Buffer, rows: number, cols: number,
  gradX: Buffer, gradWeight: Buffer | null): void {
  for (const [buffer, name] of [[x, 'x'], [gradOut, 'gradOut'], [gradX, 'gradX']] as const) {
    requireLength(buffer, rows * cols, `rmsNormBackward ${name}`);
  }
  requireLength(weight, cols, 'rmsNormBackward weight');
  requireLength(rstd, rows, 'rmsNormBackward rstd');
  if (gradWeight !== null) requireLength(gradWeight, cols, 'rmsNormBackward gradWeight');
  const weightSums = new Float64Array(cols);
  for (let row = 0; row < rows; row++) {
    const start = row * cols;
    const rowRstd = rstd[row]!;
    let gradDotNormalized = 0;
    for (let col = 0; col < cols; col++) {
      gradDotNormalized += gradOut[start + col]! * weight[col]! * x[start + col]! * rowRstd;
    }
    gradDotNormalized /= cols;
    for (let col = 0; col < cols; col++) {
      const normalized = x[start + col]! * rowRstd;
      gradX[start + col]! += rowRstd * (gradOut[start + col]! * weight[col]! - normalized * gradDotNormalized);
      weightSums[col]! += gradOut[start + col]! * normalized;
    }
  }
  addColumnSums(weightSums, gradWeight);
}

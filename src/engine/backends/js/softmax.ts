import type { Buffer } from '../../backend.js';
import { requireLength } from '../checks.js';

function checkRows(name: string, rows: number, cols: number, ...buffers: Buffer[]): void {
  for (const buffer of buffers) requireLength(buffer, rows * cols, name);
}

// log(sum(exp(row))) of one row, shifted by its maximum so no exp overflows.
export function rowLogSumExp(x: Buffer, start: number, cols: number): number {
  let max = -Infinity;
  for (let col = 0; col < cols; col++) max = Math.max(max, x[start + col]!);
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (let col = 0; col < cols; col++) sum += Math.exp(x[start + col]! - max);
  return max + Math.log(sum);
}

export function softmax(x: Buffer, rows: number, cols: number, out: Buffer): void {
  checkRows('softmax', rows, cols, x, out);
  for (let row = 0; row < rows; row++) {
    const start = row * cols;
    const logSumExp = rowLogSumExp(x, start, cols);
    for (let col = 0; col < cols; col++) out[start + col] = Math.exp(x[start + col]! - logSumExp);
  }
}

// gradX += y * (gradY - sum(gradY * y)).
export function softmaxBackward(y: Buffer, gradY: Buffer, rows: number, cols: number, gradX: Buffer): void {
  checkRows('softmaxBackward', rows, cols, y, gradY, gradX);
  for (let row = 0; row < rows; row++) {
    const start = row * cols;
    let dot = 0;
    for (let col = 0; col < cols; col++) dot += gradY[start + col]! * y[start + col]!;
    for (let col = 0; col < cols; col++) gradX[start + col]! += y[start + col]! * (gradY[start + col]! - dot);
  }
}

export function logSoftmax(x: Buffer, rows: number, cols: number, out: Buffer): void {
  checkRows('logSoftmax', rows, cols, x, out);
  for (let row = 0; row < rows; row++) {
    const start = row * cols;
    const logSumExp = rowLogSumExp(x, start, cols);
    for (let col = 0; col < cols; col++) out[start + col] = x[start + col]! - logSumExp;
  }
}

// gradX += gradY - exp(y) * sum(gradY), with y = log softmax(x).
export function logSoftmaxBackward(y: Buffer, gradY: Buffer, rows: number, cols: number, gradX: Buffer): void {
  checkRows('logSoftmaxBackward', rows, cols, y, gradY, gradX);
  for (let row = 0; row < rows; row++) {
    const start = row * cols;
    let sum = 0;
    for (let col = 0; col < cols; col++) sum += gradY[start + col]!;
    for (let col = 0; col < cols; col++) gradX[start + col]! += gradY[start + col]! - Math.exp(y[start + col]!) * sum;
  }
}

import type { Buffer } from '../../backend.js';
import { requireLength } from '../checks.js';

function checkSame(name: string, length: number, buffers: Record<string, Buffer>): void {
  for (const [label, buffer] of Object.entries(buffers)) requireLength(buffer, length, `${name} ${label}`);
}

// AdamW with bias correction (step counts from 1) and decoupled weight decay on the old parameter.
export function adamw(param: Buffer, grad: Buffer, m: Buffer, v: Buffer, step: number, lr: number, beta1: number,
  beta2: number, eps: number, weightDecay: number): void {
  if (!Number.isInteger(step) || step < 1) throw new RangeError(`adamw step counts from 1, got ${step}`);
  checkSame('adamw', param.length, { grad, m, v });
  const correction1 = 1 - beta1 ** step;
  const correction2 = 1 - beta2 ** step;
  for (let index = 0; index < param.length; index++) {
    const gradient = grad[index]!;
    const firstMoment = beta1 * m[index]! + (1 - beta1) * gradient;
    const secondMoment = beta2 * v[index]! + (1 - beta2) * gradient * gradient;
    m[index] = firstMoment;
    v[index] = secondMoment;
    const update = firstMoment / correction1 / (Math.sqrt(secondMoment / correction2) + eps);
    param[index] = param[index]! - lr * (update + weightDecay * param[index]!);
  }
}

export function sgd(param: Buffer, grad: Buffer, momentumBuffer: Buffer, firstStep: boolean, lr: number, momentum: number,
  weightDecay: number): void {
  checkSame('sgd', param.length, { grad, momentumBuffer });
  for (let index = 0; index < param.length; index++) {
    const gradient = grad[index]! + weightDecay * param[index]!;
    const buffered = firstStep ? gradient : momentum * momentumBuffer[index]! + gradient;
    momentumBuffer[index] = buffered;
    param[index] = param[index]! - lr * buffered;
  }
}

export function axpy(alpha: number, src: Buffer, dst: Buffer): void {
  requireLength(dst, src.length, 'axpy dst');
  for (let index = 0; index < src.length; index++) dst[index]! += alpha * src[index]!;
}

export function sumOfSquares(x: Buffer): number {
  let sum = 0;
  for (const value of x) sum += value * value;
  return sum;
}

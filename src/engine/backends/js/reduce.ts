import type { Buffer, IdBuffer, ReduceOp } from '../../backend.js';
import { requireLength } from '../checks.js';

// x (outer, size, inner) -> out (outer, inner). max keeps the first index of the largest value; a NaN wins.
export function reduce(op: ReduceOp, x: Buffer, outer: number, size: number, inner: number, out: Buffer,
  argmax: IdBuffer | null): void {
  requireLength(x, outer * size * inner, 'reduce x');
  requireLength(out, outer * inner, 'reduce out');
  if (op === 'max') {
    if (size === 0) throw new RangeError('reduce max over an empty axis');
    if (argmax !== null) requireLength(argmax, outer * inner, 'reduce argmax');
  }
  for (let outerIndex = 0; outerIndex < outer; outerIndex++) {
    for (let innerIndex = 0; innerIndex < inner; innerIndex++) {
      const base = outerIndex * size * inner + innerIndex;
      const outIndex = outerIndex * inner + innerIndex;
      if (op === 'sum') {
        let sum = 0;
        for (let position = 0; position < size; position++) sum += x[base + position * inner]!;
        out[outIndex] = sum;
      } else {
        let best = x[base]!;
        let bestPosition = 0;
        for (let position = 1; position < size && !Number.isNaN(best); position++) {
          const value = x[base + position * inner]!;
          if (value > best || Number.isNaN(value)) {
            best = value;
            bestPosition = position;
          }
        }
        out[outIndex] = best;
        if (argmax !== null) argmax[outIndex] = bestPosition;
      }
    }
  }
}

export function reduceBackward(op: ReduceOp, gradOut: Buffer, outer: number, size: number, inner: number, gradX: Buffer,
  argmax: IdBuffer | null): void {
  requireLength(gradOut, outer * inner, 'reduceBackward gradOut');
  requireLength(gradX, outer * size * inner, 'reduceBackward gradX');
  if (op === 'max') {
    if (argmax === null) throw new RangeError('reduceBackward max needs the argmax written by reduce');
    requireLength(argmax, outer * inner, 'reduceBackward argmax');
  }
  for (let outerIndex = 0; outerIndex < outer; outerIndex++) {
    for (let innerIndex = 0; innerIndex < inner; innerIndex++) {
      const base = outerIndex * size * inner + innerIndex;
      const grad = gradOut[outerIndex * inner + innerIndex]!;
      if (argmax === null || op === 'sum') {
        for (let position = 0; position < size; position++) gradX[base + position * inner]! += grad;
      } else {
        const position = argmax[outerIndex * inner + innerIndex]!;
        if (position < 0 || position >= size) throw new RangeError(`argmax ${position} outside [0, ${size})`);
        gradX[base + position * inner]! += grad;
      }
    }
  }
}

import type { BinaryOp, Buffer } from '../../backend.js';
import { broadcastStrides, forEachBroadcast, product, requireLength } from '../checks.js';

export function applyBinary(op: BinaryOp, left: number, right: number): number {
  switch (op) {
    case 'add': return left + right;
    case 'sub': return left - right;
    case 'mul': return left * right;
    case 'div': return left / right;
  }
}

export function binary(op: BinaryOp, a: Buffer, aShape: readonly number[], b: Buffer, bShape: readonly number[],
  out: Buffer, outShape: readonly number[]): void {
  const aStrides = broadcastStrides(aShape, outShape, 'binary a');
  const bStrides = broadcastStrides(bShape, outShape, 'binary b');
  requireLength(a, product(aShape), 'binary a');
  requireLength(b, product(bShape), 'binary b');
  requireLength(out, product(outShape), 'binary out');
  forEachBroadcast(outShape, [aStrides, bStrides], (outIndex, offsets) => {
    out[outIndex] = applyBinary(op, a[offsets[0]!]!, b[offsets[1]!]!);
  });
}

export function sumToShape(gradOut: Buffer, outShape: readonly number[], gradIn: Buffer, inShape: readonly number[]): void {
  const inStrides = broadcastStrides(inShape, outShape, 'sumToShape gradIn');
  requireLength(gradOut, product(outShape), 'sumToShape gradOut');
  const inSize = product(inShape);
  requireLength(gradIn, inSize, 'sumToShape gradIn');
  const sums = new Float64Array(inSize);
  forEachBroadcast(outShape, [inStrides], (outIndex, offsets) => {
    sums[offsets[0]!]! += gradOut[outIndex]!;
  });
  for (let index = 0; index < inSize; index++) gradIn[index]! += sums[index]!;
}

import type { BinaryOp, UnaryOp } from '../backend.js';
import { Tensor, ShapeError, accumulateGradient, accumulateOwned, formatShape, gradBuffer } from '../tensor.js';
import { emptyLike, expectFloat, record, releaseScratch, scratch } from './record.js';

function broadcastShapes(op: string, a: readonly number[], b: readonly number[]): { out: number[]; a: number[]; b: number[] } {
  const rank = Math.max(a.length, b.length);
  const paddedA = [...new Array<number>(rank - a.length).fill(1), ...a];
  const paddedB = [...new Array<number>(rank - b.length).fill(1), ...b];
  const out = paddedA.map((dimension, axis) => {
    const other = paddedB[axis]!;
    if (dimension !== other && dimension !== 1 && other !== 1) {
      throw new ShapeError(`${op}: shapes ${formatShape(a)} and ${formatShape(b)} do not broadcast`);
    }
    return dimension === 1 ? other : dimension;
  });
  return { out, a: paddedA, b: paddedB };
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((dimension, axis) => dimension === b[axis]);
}

function binary(op: BinaryOp, a: Tensor, b: Tensor): Tensor {
  expectFloat(op, a, b);
  const shapes = broadcastShapes(op, a.shape, b.shape);
  const backend = a.backend;
  const output = emptyLike(shapes.out, a);
  backend.binary(op, a.data, shapes.a, b.data, shapes.b, output.data, shapes.out);
  return record(output, op, [a, b], (gradOutput) => {
    // Reduce a full-size gradient term onto an input's (possibly broadcast) shape.
    const accumulate = (input: Tensor, paddedShape: number[], term: Float32Array, handOver = false) => {
      if (sameShape(paddedShape, shapes.out)) accumulateGradient(input, term, handOver);
      else backend.sumToShape(term, shapes.out, gradBuffer(input), paddedShape);
    };
    // The same for a term in a scratch buffer of this op, which is handed over or given back.
    const accumulateScratch = (input: Tensor, paddedShape: number[], term: Float32Array) => {
      if (sameShape(paddedShape, shapes.out)) {
        accumulateOwned(input, term);
        return;
      }
      backend.sumToShape(term, shapes.out, gradBuffer(input), paddedShape);
      releaseScratch(term);
    };
    const product = (x: Float32Array, xShape: number[], y: Float32Array, yShape: number[], kind: BinaryOp) => {
      const result = scratch(output.size, false);
      backend.binary(kind, x, xShape, y, yShape, result, shapes.out);
      return result;
    };
    if (op === 'add' || op === 'sub') {
      // gradOutput itself may go to a (b is handled first, while gradOutput is still untouched).
      if (b.requiresGrad) {
        if (op === 'sub') {
          const term = scratch(output.size, false);
          backend.unary('neg', gradOutput, term, 0);
          accumulateScratch(b, shapes.b, term);
        } else accumulate(b, shapes.b, gradOutput);
      }
      if (a.requiresGrad) accumulate(a, shapes.a, gradOutput, a !== b);
    } else if (op === 'mul') {
      if (a.requiresGrad) accumulateScratch(a, shapes.a, product(gradOutput, shapes.out, b.data, shapes.b, 'mul'));
      if (b.requiresGrad) accumulateScratch(b, shapes.b, product(gradOutput, shapes.out, a.data, shapes.a, 'mul'));
    } else {
      // d(a/b)/da = 1/b; d(a/b)/db = -(a/b)/b.
      const gradOverB = product(gradOutput, shapes.out, b.data, shapes.b, 'div');
      if (b.requiresGrad) {
        const term = product(gradOverB, shapes.out, output.data, shapes.out, 'mul');
        backend.unary('neg', term, term, 0);
        accumulateScratch(b, shapes.b, term);
      }
      if (a.requiresGrad) accumulateScratch(a, shapes.a, gradOverB);
      else releaseScratch(gradOverB);
    }
  });
}

export const add = (a: Tensor, b: Tensor): Tensor => binary('add', a, b);
export const sub = (a: Tensor, b: Tensor): Tensor => binary('sub', a, b);
export const mul = (a: Tensor, b: Tensor): Tensor => binary('mul', a, b);
export const div = (a: Tensor, b: Tensor): Tensor => binary('div', a, b);

function unary(op: UnaryOp, x: Tensor, scalar = 0): Tensor {
  expectFloat(op, x);
  const output = emptyLike(x.shape, x);
  x.backend.unary(op, x.data, output.data, scalar);
  return record(output, op, [x], (gradOutput) => {
    x.backend.unaryBackward(op, x.data, output.data, gradOutput, gradBuffer(x), scalar);
  });
}

export const neg = (x: Tensor): Tensor => unary('neg', x);
export const exp = (x: Tensor): Tensor => unary('exp', x);
export const log = (x: Tensor): Tensor => unary('log', x);
export const sqrt = (x: Tensor): Tensor => unary('sqrt', x);
export const tanh = (x: Tensor): Tensor => unary('tanh', x);
export const sigmoid = (x: Tensor): Tensor => unary('sigmoid', x);
export const gelu = (x: Tensor): Tensor => unary('gelu', x);
export const relu = (x: Tensor): Tensor => unary('relu', x);
export const abs = (x: Tensor): Tensor => unary('abs', x);
export const square = (x: Tensor): Tensor => unary('square', x);
export const pow = (x: Tensor, exponent: number): Tensor => unary('pow', x, exponent);
export const scale = (x: Tensor, factor: number): Tensor => unary('scale', x, factor);
export const addScalar = (x: Tensor, value: number): Tensor => unary('addScalar', x, value);

// log(sigmoid(x)) without overflow: -softplus(-x) = min(x, 0) - log(1 + exp(-|x|)), built from primitives.
export function logSigmoid(x: Tensor): Tensor {
  const negativePart = scale(sub(x, abs(x)), 0.5);
  return sub(negativePart, log(addScalar(exp(neg(abs(x))), 1)));
}

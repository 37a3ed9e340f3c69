// Native binary, sumToShape, unary, reduce and softmax kernels against the reference backend.
import { test } from 'node:test';
import type { Backend, BinaryOp, UnaryOp } from '../backend.js';
import { jsBackend } from './js.js';
import { nativeBackend } from './native.js';
import { compareBackends, randomBuffer, seededRandom } from './test-support.js';

function compare(label: string, make: (backend: Backend) => ArrayLike<number>[], relative = 1e-5, absolute = 1e-6): void {
  compareBackends<Backend>(label, jsBackend, nativeBackend, make, { relative, absolute });
}

function size(shape: readonly number[]): number {
  return shape.reduce((total, extent) => total * extent, 1);
}

const broadcastCases: [number[], number[], number[]][] = [
  [[7, 33], [7, 33], [7, 33]], // same shape
  [[3, 7, 33], [1, 1, 33], [3, 7, 33]], // trailing vector (bias)
  [[65, 3], [65, 1], [65, 3]], // column
  [[130], [1], [130]], // scalar
  [[1, 33], [7, 33], [7, 33]], // left operand broadcast
  [[7, 1, 3], [1, 5, 3], [7, 5, 3]], // both broadcast
  [[2, 3, 1, 5], [2, 1, 4, 1], [2, 3, 4, 5]],
  [[], [], []], // rank 0
  [[300, 130], [300, 130], [300, 130]], // large enough to split across threads
];

test('binary: every op on same-shape, vector, column, scalar and two-sided broadcasts', () => {
  let seed = 100;
  for (const op of ['add', 'sub', 'mul', 'div'] as BinaryOp[]) {
    for (const [aShape, bShape, outShape] of broadcastCases) {
      const caseSeed = seed++;
      compare(`${op} [${aShape}] [${bShape}]`, (backend) => {
        const random = seededRandom(caseSeed);
        const a = randomBuffer(random, size(aShape));
        const b = randomBuffer(random, size(bShape), 0.5, 2); // away from 0 for div
        const out = new Float32Array(size(outShape));
        backend.binary(op, a, aShape, b, bShape, out, outShape);
        return [out];
      }, 0, 0); // single float operations round identically in both backends
    }
  }
});

test('sumToShape: reductions over leading, trailing, alternating and all axes accumulate into gradIn', () => {
  const cases: [number[], number[]][] = [
    [[7, 33], [7, 33]], [[7, 33], [1, 33]], [[7, 33], [7, 1]], [[7, 33], [1, 1]], [[3, 7, 5], [3, 1, 5]],
    [[3, 7, 5], [1, 7, 1]], [[2, 3, 4, 5], [2, 1, 4, 1]], [[1000, 65], [1, 65]], [[65, 1000], [65, 1]], [[130], [1]],
  ];
  cases.forEach(([outShape, inShape], index) => {
    compare(`[${outShape}] -> [${inShape}]`, (backend) => {
      const random = seededRandom(200 + index);
      const gradOut = randomBuffer(random, size(outShape));
      const gradIn = randomBuffer(random, size(inShape));
      backend.sumToShape(gradOut, outShape, gradIn, inShape);
      return [gradIn];
    }, 1e-5, 1e-5);
  });
});

const unaryOps: UnaryOp[] = ['neg', 'exp', 'log', 'sqrt', 'tanh', 'sigmoid', 'gelu', 'relu', 'abs', 'square', 'pow', 'scale',
  'addScalar'];

test('unary and unaryBackward: every op, odd lengths, tails of the eight-lane loops', () => {
  for (const op of unaryOps) {
    for (const length of [1, 3, 7, 33, 65, 130, 40_000]) {
      const positive = op === 'log' || op === 'sqrt' || op === 'pow';
      const scalar = op === 'pow' ? 1.5 : op === 'scale' ? -0.75 : 0.25;
      compare(`${op} x${length}`, (backend) => {
        const random = seededRandom(300 + length);
        const x = randomBuffer(random, length, positive ? 0.1 : -6, positive ? 4 : 6);
        const y = new Float32Array(length);
        backend.unary(op, x, y, scalar);
        const gradX = randomBuffer(random, length);
        backend.unaryBackward(op, x, y, randomBuffer(random, length), gradX, scalar);
        return [y, gradX];
      }, 2e-6, 1e-6);
    }
  }
});

test('unary exp/sigmoid/gelu/tanh at extremes: overflow, underflow, infinities and NaN', () => {
  for (const op of ['exp', 'sigmoid', 'gelu', 'tanh'] as UnaryOp[]) {
    compare(`${op} extremes`, (backend) => {
      const x = Float32Array.of(-Infinity, -200, -104, -88, -20, -1e-30, 0, 1e-30, 20, 88, 88.7, 89, 200, Infinity, Number.NaN);
      const out = new Float32Array(x.length);
      backend.unary(op, x, out, 0);
      return [out];
    }, 2e-6, 1e-30);
  }
});

test('reduce sum/max and their backward over (outer, size, inner) layouts', () => {
  const layouts: [number, number, number][] = [[3, 7, 5], [1, 130, 1], [65, 1, 3], [4, 33, 1], [1, 3, 65], [200, 65, 3]];
  layouts.forEach(([outer, sizeAlong, inner], index) => {
    for (const op of ['sum', 'max'] as const) {
      compare(`${op} (${outer}, ${sizeAlong}, ${inner})`, (backend) => {
        const random = seededRandom(400 + index);
        const x = randomBuffer(random, outer * sizeAlong * inner);
        const out = new Float32Array(outer * inner);
        const argmax = new Int32Array(outer * inner);
        backend.reduce(op, x, outer, sizeAlong, inner, out, argmax);
        const gradX = randomBuffer(random, x.length);
        backend.reduceBackward(op, randomBuffer(random, out.length), outer, sizeAlong, inner, gradX, argmax);
        return op === 'max' ? [out, argmax, gradX] : [out, gradX];
      }, 1e-5, 1e-5);
    }
  });
});

test('softmax and log-softmax with their backward, including large logits and -inf entries', () => {
  const shapes: [number, number][] = [[7, 33], [3, 1], [5, 130], [2, 1000], [300, 65]];
  shapes.forEach(([rows, cols], index) => {
    compare(`softmax ${rows}x${cols}`, (backend) => {
      const random = seededRandom(500 + index);
      const x = randomBuffer(random, rows * cols, -30, 30);
      if (cols > 1) x[1] = -Infinity; // a masked logit
      const y = new Float32Array(x.length);
      const logY = new Float32Array(x.length);
      backend.softmax(x, rows, cols, y);
      backend.logSoftmax(x, rows, cols, logY);
      const gradX = randomBuffer(random, x.length);
      const gradLogX = randomBuffer(random, x.length);
      const gradY = randomBuffer(random, x.length);
      backend.softmaxBackward(y, gradY, rows, cols, gradX);
      backend.logSoftmaxBackward(logY, gradY, rows, cols, gradLogX);
      return [y, logY, gradX, gradLogX];
    }, 1e-5, 1e-6);
  });
});

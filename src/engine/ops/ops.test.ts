import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Backend } from '../backend.js';
import { availableBackends } from '../backends/default.js';
import { gradCheck } from '../gradcheck.js';
import { Rng } from '../random.js';
import { Tensor } from '../tensor.js';
import { withBackend } from '../state.js';
import * as ops from '../index.js';

const TOLERANCE = 2e-2;

function input(backend: Backend, shape: number[], seed: number, options: { positive?: boolean; awayFromZero?: boolean } = {}): Tensor {
  const rng = new Rng(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  const data = Float32Array.from({ length: size }, () => {
    let value = rng.normal();
    if (options.positive) value = Math.abs(value) + 0.5;
    if (options.awayFromZero) value = Math.sign(value || 1) * (Math.abs(value) + 0.2);
    return value;
  });
  return new Tensor(shape, data, { requiresGrad: true, backend });
}

function ids(backend: Backend, values: number[], shape: number[]): Tensor {
  return new Tensor(shape, Int32Array.from(values), { backend });
}

function check(name: string, backend: Backend, build: () => { fn: (inputs: Tensor[]) => Tensor; inputs: Tensor[] }): void {
  test(`${name} gradient matches finite differences`, () => {
    withBackend(backend, () => {
      const { fn, inputs } = build();
      const result = gradCheck(fn, inputs);
      assert.ok(result.maxRelativeError < TOLERANCE, `${name}: relative error ${result.maxRelativeError} at ${result.worst}`);
    });
  });
}

for (const backend of availableBackends()) {
  describe(`ops on the ${backend.name} backend`, () => {
    for (const op of ['add', 'sub', 'mul', 'div'] as const) {
      check(`${op} with broadcasting`, backend, () => ({
        fn: ([a, b]) => ops[op](a!, b!),
        inputs: [input(backend, [3, 1, 5], 1), input(backend, [4, 1], 2, { positive: true })],
      }));
      check(`${op} same shape`, backend, () => ({
        fn: ([a, b]) => ops[op](a!, b!),
        inputs: [input(backend, [7, 3], 3), input(backend, [7, 3], 4, { positive: true })],
      }));
    }
    const unaries: [string, (x: Tensor) => Tensor, { positive?: boolean; awayFromZero?: boolean }][] = [
      ['neg', ops.neg, {}], ['exp', ops.exp, {}], ['log', ops.log, { positive: true }], ['sqrt', ops.sqrt, { positive: true }],
      ['tanh', ops.tanh, {}], ['sigmoid', ops.sigmoid, {}], ['gelu', ops.gelu, {}], ['relu', ops.relu, { awayFromZero: true }],
      ['abs', ops.abs, { awayFromZero: true }], ['square', ops.square, {}], ['pow', (x) => ops.pow(x, 2.5), { positive: true }],
      ['scale', (x) => ops.scale(x, -3), {}], ['addScalar', (x) => ops.addScalar(x, 2), {}], ['logSigmoid', ops.logSigmoid, {}],
    ];
    for (const [name, fn, options] of unaries) {
      check(name, backend, () => ({ fn: ([x]) => fn(x!), inputs: [input(backend, [5, 3], 5, options)] }));
    }
    check('matmul batched', backend, () => ({ fn: ([a, b]) => ops.matmul(a!, b!), inputs: [input(backend, [2, 3, 4], 6), input(backend, [2, 4, 5], 7)] }));
    check('matmul transposed', backend, () => ({
      fn: ([a, b]) => ops.matmul(a!, b!, { transposeB: true }), inputs: [input(backend, [2, 3, 4], 8), input(backend, [2, 5, 4], 9)],
    }));
    check('matmul shared matrix', backend, () => ({ fn: ([a, b]) => ops.matmul(a!, b!), inputs: [input(backend, [2, 3, 4], 10), input(backend, [4, 5], 11)] }));
    check('matmul shared transposed', backend, () => ({
      fn: ([a, b]) => ops.matmul(a!, b!, { transposeB: true }), inputs: [input(backend, [2, 3, 4], 10), input(backend, [5, 4], 11)],
    }));
    check('linear with bias', backend, () => ({
      fn: ([x, w, b]) => ops.linear(x!, w!, b!), inputs: [input(backend, [2, 3, 7], 12), input(backend, [5, 7], 13), input(backend, [5], 14)],
    }));
    check('linear without bias', backend, () => ({ fn: ([x, w]) => ops.linear(x!, w!, null), inputs: [input(backend, [3, 7], 15), input(backend, [5, 7], 16)] }));
    check('sum over all', backend, () => ({ fn: ([x]) => ops.sum(x!), inputs: [input(backend, [3, 4], 17)] }));
    check('sum over an axis', backend, () => ({ fn: ([x]) => ops.sum(x!, { axis: 1, keepDim: true }), inputs: [input(backend, [3, 4, 2], 18)] }));
    check('mean over last axis', backend, () => ({ fn: ([x]) => ops.mean(x!, { axis: -1 }), inputs: [input(backend, [3, 5], 19)] }));
    check('max over an axis', backend, () => ({ fn: ([x]) => ops.max(x!, { axis: 0 }), inputs: [input(backend, [4, 3], 20)] }));
    check('softmax', backend, () => ({ fn: ([x]) => ops.softmax(x!), inputs: [input(backend, [3, 7], 21)] }));
    check('logSoftmax', backend, () => ({ fn: ([x]) => ops.logSoftmax(x!), inputs: [input(backend, [3, 7], 22)] }));
    check('layerNorm', backend, () => ({
      fn: ([x, w, b]) => ops.layerNorm(x!, w!, b!), inputs: [input(backend, [3, 6], 23), input(backend, [6], 24), input(backend, [6], 25)],
    }));
    check('rmsNorm', backend, () => ({ fn: ([x, w]) => ops.rmsNorm(x!, w!), inputs: [input(backend, [3, 6], 26), input(backend, [6], 27)] }));
    check('embedding', backend, () => ({ fn: ([table]) => ops.embedding(table!, ids(backend, [2, 0, 2, 4], [2, 2])), inputs: [input(backend, [5, 3], 28)] }));
    check('crossEntropy with ignored rows', backend, () => ({
      fn: ([logits]) => ops.crossEntropy(logits!, ids(backend, [1, -100, 4, 0], [4])), inputs: [input(backend, [4, 5], 29)],
    }));
    check('crossEntropyPerRow', backend, () => ({
      fn: ([logits]) => ops.crossEntropyPerRow(logits!, ids(backend, [1, 2, -100], [3])), inputs: [input(backend, [3, 6], 30)],
    }));
    check('attention causal', backend, () => ({
      fn: ([q, k, v]) => ops.attention(q!, k!, v!, { causal: true }),
      inputs: [input(backend, [2, 3, 2, 4], 31), input(backend, [2, 3, 2, 4], 32), input(backend, [2, 3, 2, 4], 33)],
    }));
    check('attention padded, fewer queries than keys', backend, () => ({
      fn: ([q, k, v]) => ops.attention(q!, k!, v!, { causal: true, keyMask: Int32Array.from([1, 1, 1, 1, 1, 1, 1, 0, 0, 0]) }),
      inputs: [input(backend, [2, 2, 2, 3], 34), input(backend, [2, 5, 2, 3], 35), input(backend, [2, 5, 2, 3], 36)],
    }));
    check('attention bidirectional', backend, () => ({
      fn: ([q, k, v]) => ops.attention(q!, k!, v!, { causal: false }),
      inputs: [input(backend, [1, 4, 2, 3], 37), input(backend, [1, 4, 2, 3], 38), input(backend, [1, 4, 2, 3], 39)],
    }));

    test('attention reads and writes (batch, length, heads, headDim): it equals softmax(q k^T) v per head', () => {
      withBackend(backend, () => {
        const [batch, length, heads, headDim] = [2, 5, 3, 4];
        const [q, k, v] = [60, 61, 62].map((seed) => input(backend, [batch, length, heads, headDim], seed));
        const fused = ops.attention(q!, k!, v!, { causal: true });
        // The same from primitives on (batch, heads, length, headDim), with -1e9 above the diagonal.
        const perHead = (x: Tensor) => ops.permute(x, [0, 2, 1, 3]);
        const future = new Tensor([length, length], Float32Array.from({ length: length * length }, (_, index) => (index % length > Math.floor(index / length) ? -1e9 : 0)), { backend });
        const scores = ops.add(ops.scale(ops.matmul(perHead(q!), perHead(k!), { transposeB: true }), 1 / Math.sqrt(headDim)), future);
        const composed = ops.permute(ops.matmul(ops.softmax(scores), perHead(v!)), [0, 2, 1, 3]);
        assert.deepEqual(fused.shape, [batch, length, heads, headDim]);
        fused.toArray().forEach((value, index) => assert.ok(Math.abs(value - composed.data[index]!) < 1e-5, `element ${index}: ${value} vs ${composed.data[index]}`));
      });
    });
    check('permute', backend, () => ({ fn: ([x]) => ops.permute(x!, [2, 0, 1]), inputs: [input(backend, [2, 3, 4], 40)] }));
    check('transpose', backend, () => ({ fn: ([x]) => ops.transpose(x!, 1, 2), inputs: [input(backend, [2, 3, 4], 41)] }));
    check('slice', backend, () => ({ fn: ([x]) => ops.slice(x!, 1, 1, 3), inputs: [input(backend, [2, 4, 3], 42)] }));
    check('concat', backend, () => ({ fn: ([a, b]) => ops.concat([a!, b!], 1), inputs: [input(backend, [2, 1, 3], 43), input(backend, [2, 3, 3], 44)] }));
    check('reshape', backend, () => ({ fn: ([x]) => ops.mul(x!.reshape([4, 3]), x!.reshape([4, 3])), inputs: [input(backend, [2, 6], 45)] }));
    check('patchify', backend, () => ({ fn: ([x]) => ops.patchify(x!, 2), inputs: [input(backend, [2, 3, 4, 6], 46)] }));
    check('dropout', backend, () => ({ fn: ([x]) => ops.dropout(x!, 0.3, 1234), inputs: [input(backend, [4, 5], 47)] }));
    check('meanSquaredError', backend, () => ({ fn: ([a, b]) => ops.meanSquaredError(a!, b!), inputs: [input(backend, [3, 4], 48), input(backend, [3, 4], 49)] }));
    check('l1Norm', backend, () => ({ fn: ([x]) => ops.l1Norm(x!), inputs: [input(backend, [3, 4], 50, { awayFromZero: true })] }));
    check('klDivergenceFromLogits', backend, () => ({
      fn: ([p, q]) => ops.klDivergenceFromLogits(p!, q!), inputs: [input(backend, [3, 5], 51), input(backend, [3, 5], 52)],
    }));

    test('a tensor used twice accumulates both gradients', () => {
      withBackend(backend, () => {
        const x = input(backend, [3], 53);
        ops.sum(ops.add(ops.mul(x, x), x)).backward();
        x.toArray().forEach((value, index) => assert.ok(Math.abs(x.grad!.data[index]! - (2 * value + 1)) < 1e-5));
      });
    });

    test('shape errors name the op and both shapes', () => {
      withBackend(backend, () => {
        assert.throws(() => ops.add(input(backend, [2, 3], 1), input(backend, [4], 2)), /add: shapes \[2, 3\] and \[4\] do not broadcast/);
        assert.throws(() => ops.matmul(input(backend, [2, 3], 1), input(backend, [4, 5], 2)), /matmul: cannot multiply \[2, 3\] by \[4, 5\]/);
        assert.throws(() => ops.linear(input(backend, [2, 3], 1), input(backend, [4, 5], 2), null), /linear: input \[2, 3\] does not fit weight \[4, 5\]/);
      });
    });

    test('noGrad records no graph', () => {
      withBackend(backend, () => {
        const x = input(backend, [3], 54);
        const y = ops.noGrad(() => ops.exp(x));
        assert.equal(y.requiresGrad, false);
        assert.equal(y.node, null);
      });
    });

    test('a NaN is reported with the op when numerics are checked', () => {
      withBackend(backend, () => {
        const x = new Tensor([2], Float32Array.from([-1, 4]), { requiresGrad: true, backend });
        ops.setCheckNumerics(true);
        try {
          assert.throws(() => ops.sum(ops.sqrt(ops.log(x))), /log: non-finite output \(NaN or Inf\) at element 0, inputs \[2\]/);
        } finally {
          ops.setCheckNumerics(false);
        }
      });
    });
  });
}

// The reference backend checked against values worked out by hand (or by float64 PyTorch/SciPy, noted),
// so the oracle the native backend is compared with is itself trustworthy.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsBackend } from './js.js';
import { erf, erfc } from './js/erf.js';
import { assertClose } from './test-support.js';

const exact = { relative: 1e-6, absolute: 1e-7 };

test('erf and erfc match SciPy to 1e-12 across both of their regimes', () => {
  // scipy.special.erf / erfc in float64.
  const cases: [number, number][] = [[0.5, 0.5204998778130465], [2, 0.9953222650189527], [3.5, 0.9999992569016276],
    [-4.5, -0.9999999998033839]];
  for (const [x, want] of cases) assert.ok(Math.abs(erf(x) - want) < 1e-12, `erf(${x}) = ${erf(x)}`);
  assert.ok(Math.abs(erfc(5) / 1.5374597944280347e-12 - 1) < 1e-9, `erfc(5) = ${erfc(5)}`);
  assert.ok(Math.abs(erfc(-2) - 1.9953222650189528) < 1e-12);
  assert.equal(erf(0), 0);
});

test('gelu and its derivative equal float64 PyTorch F.gelu (exact erf form)', () => {
  const x = Float32Array.of(-3, -1, 0.5, 1, 2.5);
  const out = new Float32Array(5);
  jsBackend.unary('gelu', x, out, 0);
  // torch.nn.functional.gelu(torch.tensor([...], dtype=torch.float64)) and its gradient.
  assertClose(out, [-0.00404969409489031, -0.15865525393145702, 0.34573123063700656, 0.841344746068543, 2.4844758366855597],
    'gelu', exact);
  const grad = new Float32Array(5);
  jsBackend.unaryBackward('gelu', x, out, new Float32Array(5).fill(1), grad, 0);
  assertClose(grad, [-0.01194564720418392, -0.08331547058768635, 0.8674951246561629, 1.0833154705876864, 1.037611085908145],
    'gelu gradient', exact);
});

test('softmax and log-softmax of [1, 2, 3]', () => {
  const x = Float32Array.of(1, 2, 3);
  const out = new Float32Array(3);
  jsBackend.softmax(x, 1, 3, out);
  // e^i / (e + e^2 + e^3).
  assertClose(out, [0.09003057317038046, 0.24472847105479767, 0.6652409557748219], 'softmax', exact);
  jsBackend.logSoftmax(x, 1, 3, out);
  assertClose(out, [-2.40760596444438, -1.40760596444438, -0.40760596444438], 'logSoftmax', exact);
});

test('cross-entropy of a known row, its gradient, and an ignored row', () => {
  const logits = Float32Array.of(1, 2, 3, 5, 5, 5);
  const targets = Int32Array.of(0, -100);
  const losses = new Float32Array(2);
  const logSumExp = new Float32Array(2);
  jsBackend.crossEntropy(logits, targets, 2, 3, -100, losses, logSumExp);
  // -log softmax([1,2,3])[0] = log(e + e^2 + e^3) - 1; the ignored row costs nothing.
  assertClose(losses, [2.40760596444438, 0], 'losses', exact);
  assertClose(logSumExp, [3.40760596444438, 5 + Math.log(3)], 'logSumExp', exact);
  const grad = new Float32Array(6).fill(0.5);
  jsBackend.crossEntropyBackward(logits, targets, logSumExp, Float32Array.of(2, 2), 2, 3, -100, grad);
  // 0.5 + 2 * (softmax - onehot) on the first row, untouched on the second.
  assertClose(grad, [0.5 + 2 * (0.09003057317038046 - 1), 0.5 + 2 * 0.24472847105479767, 0.5 + 2 * 0.6652409557748219,
    0.5, 0.5, 0.5], 'gradLogits', exact);
});

test('layer norm of [1, 2, 3, 4]: mean 2.5, variance 1.25', () => {
  const out = new Float32Array(4);
  const mean = new Float32Array(1);
  const rstd = new Float32Array(1);
  jsBackend.layerNorm(Float32Array.of(1, 2, 3, 4), Float32Array.of(1, 1, 2, 1), Float32Array.of(0, 0, 0, 1), 1, 4, 0,
    out, mean, rstd);
  const scale = 1 / Math.sqrt(1.25);
  assertClose(out, [-1.5 * scale, -0.5 * scale, 2 * 0.5 * scale, 1.5 * scale + 1], 'layerNorm', exact);
  assertClose(mean, [2.5], 'mean', exact);
  assertClose(rstd, [scale], 'rstd', exact);
});

test('gemm: [[1,2],[3,4]] @ [[5,6],[7,8]], alpha 2, beta 1 on C = 1', () => {
  const c = new Float32Array(4).fill(1);
  jsBackend.gemm({ a: Float32Array.of(1, 2, 3, 4), b: Float32Array.of(5, 6, 7, 8), c, batch: 1, m: 2, n: 2, k: 2,
    transA: false, transB: false, strideA: 0, strideB: 0, strideC: 0, offsetA: 0, offsetB: 0, offsetC: 0, alpha: 2, beta: 1 });
  assert.deepEqual([...c], [39, 45, 87, 101]);
  // With A transposed the stored [1,2,3,4] is read as [[1,3],[2,4]].
  jsBackend.gemm({ a: Float32Array.of(1, 2, 3, 4), b: Float32Array.of(5, 6, 7, 8), c, batch: 1, m: 2, n: 2, k: 2,
    transA: true, transB: false, strideA: 0, strideB: 0, strideC: 0, offsetA: 0, offsetB: 0, offsetC: 0, alpha: 1, beta: 0 });
  assert.deepEqual([...c], [26, 30, 38, 44]);
});

test('attention: one query over two keys, causal and padded variants', () => {
  const params = { batch: 1, heads: 1, queryLength: 1, keyLength: 2, headDim: 1, causal: true, scale: 1, keyMask: null };
  const out = new Float32Array(1);
  const logSumExp = new Float32Array(1);
  jsBackend.attention(params, Float32Array.of(1), Float32Array.of(0, 1), Float32Array.of(10, 20), out, logSumExp);
  // Scores [0, 1]: p = [1, e] / (1 + e); the single query sits at the last position, so causality hides nothing.
  const weight = Math.E / (1 + Math.E);
  assertClose(out, [10 * (1 - weight) + 20 * weight], 'out', exact);
  assertClose(logSumExp, [Math.log(1 + Math.E)], 'logSumExp', exact);
  jsBackend.attention({ ...params, keyMask: Int32Array.of(1, 0) }, Float32Array.of(1), Float32Array.of(0, 1),
    Float32Array.of(10, 20), out, logSumExp);
  assertClose(out, [10], 'padded out', exact);
  const two = new Float32Array(2);
  jsBackend.attention({ ...params, queryLength: 2 }, Float32Array.of(1, 1), Float32Array.of(0, 1), Float32Array.of(10, 20),
    two, new Float32Array(2));
  assertClose(two, [10, 10 * (1 - weight) + 20 * weight], 'causal out', exact);
});

test('optimisers: one AdamW step and two SGD steps', () => {
  const param = Float32Array.of(1);
  const m = new Float32Array(1);
  const v = new Float32Array(1);
  jsBackend.adamw(param, Float32Array.of(0.5), m, v, 1, 0.1, 0.9, 0.999, 1e-8, 0.01);
  // m = 0.05, v = 0.00025, mHat = 0.5, vHat = 0.25: param = 1 - 0.1 (0.5 / (0.5 + 1e-8) + 0.01 * 1).
  assertClose(param, [1 - 0.1 * (0.5 / (0.5 + 1e-8) + 0.01)], 'adamw param', exact);
  assertClose(m, [0.05], 'adamw m', exact);
  assertClose(v, [0.00025], 'adamw v', exact);
  const sgdParam = Float32Array.of(1);
  const buffer = new Float32Array(1);
  jsBackend.sgd(sgdParam, Float32Array.of(0.5), buffer, true, 0.1, 0.9, 0.1);
  assertClose(sgdParam, [0.94], 'sgd first step', exact);
  jsBackend.sgd(sgdParam, Float32Array.of(0.5), buffer, false, 0.1, 0.9, 0.1);
  // buf = 0.9 * 0.6 + (0.5 + 0.1 * 0.94) = 1.134.
  assertClose(sgdParam, [0.94 - 0.1134], 'sgd second step', exact);
});

test('layout: transpose, slice and 2x2 patches of a 4x4 image', () => {
  const out = new Float32Array(6);
  jsBackend.permute(Float32Array.of(0, 1, 2, 3, 4, 5), [2, 3], [1, 0], out);
  assert.deepEqual([...out], [0, 3, 1, 4, 2, 5]);
  const part = new Float32Array(4);
  jsBackend.slice(Float32Array.of(0, 1, 2, 3, 4, 5, 6, 7), 2, 4, 1, 1, 2, part);
  assert.deepEqual([...part], [1, 2, 5, 6]);
  const image = Float32Array.from({ length: 16 }, (_, index) => index);
  const patches = new Float32Array(16);
  jsBackend.patchify(image, 1, 1, 4, 4, 2, patches);
  assert.deepEqual([...patches], [0, 1, 4, 5, 2, 3, 6, 7, 8, 9, 12, 13, 10, 11, 14, 15]);
});

test('reduce max keeps the first maximum; broadcasting adds a row vector', () => {
  const out = new Float32Array(2);
  const argmax = new Int32Array(2);
  jsBackend.reduce('max', Float32Array.of(3, 7, 7, 1, 9, 9), 2, 3, 1, out, argmax);
  assert.deepEqual([...out], [7, 9]);
  assert.deepEqual([...argmax], [1, 1]);
  const sum = new Float32Array(4);
  jsBackend.binary('add', Float32Array.of(1, 2, 3, 4), [2, 2], Float32Array.of(10, 20), [1, 2], sum, [2, 2]);
  assert.deepEqual([...sum], [11, 22, 13, 24]);
});

test('dropout keeps about 1 - p of the elements, scaled by 1 / (1 - p)', () => {
  const count = 100_000;
  const out = new Float32Array(count);
  const mask = new Float32Array(count);
  jsBackend.dropout(new Float32Array(count).fill(1), 0.25, 7, out, mask);
  let kept = 0;
  for (const value of mask) {
    assert.ok(value === 0 || value === Math.fround(4 / 3));
    if (value !== 0) kept++;
  }
  // Binomial standard deviation is about 137 elements; 1,000 is over seven of them.
  assert.ok(Math.abs(kept - 0.75 * count) < 1000, `kept ${kept}`);
  const other = new Float32Array(count);
  jsBackend.dropout(new Float32Array(count).fill(1), 0.25, 8, out, other);
  assert.notDeepEqual([...other.subarray(0, 64)], [...mask.subarray(0, 64)]);
});

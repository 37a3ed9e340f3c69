// Native normalisation, embedding, cross-entropy, attention, layout and optimiser kernels against the
// reference backend.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AttentionParams, Backend } from '../backend.js';
import { jsBackend } from './js.js';
import { nativeBackend } from './native.js';
import { compareBackends, randomBuffer, randomIds, seededRandom } from './test-support.js';

function compare(label: string, make: (backend: Backend) => ArrayLike<number>[], relative = 1e-5, absolute = 1e-5): void {
  compareBackends<Backend>(label, jsBackend, nativeBackend, make, { relative, absolute });
}

test('layerNorm and rmsNorm forward and backward, with and without bias and parameter gradients', () => {
  const shapes: [number, number][] = [[7, 33], [1, 130], [65, 3], [300, 65]];
  shapes.forEach(([rows, cols], index) => {
    for (const withParameters of [true, false]) {
      compare(`layerNorm ${rows}x${cols} ${withParameters}`, (backend) => {
        const random = seededRandom(600 + index);
        const x = randomBuffer(random, rows * cols, -2, 3);
        const weight = randomBuffer(random, cols);
        const bias = withParameters ? randomBuffer(random, cols) : null;
        const out = new Float32Array(rows * cols);
        const mean = new Float32Array(rows);
        const rstd = new Float32Array(rows);
        backend.layerNorm(x, weight, bias, rows, cols, 1e-5, out, mean, rstd);
        const gradX = randomBuffer(random, x.length);
        const gradWeight = withParameters ? randomBuffer(random, cols) : null;
        const gradBias = withParameters ? randomBuffer(random, cols) : null;
        backend.layerNormBackward(x, weight, mean, rstd, randomBuffer(random, x.length), rows, cols, gradX, gradWeight, gradBias);
        return [out, mean, rstd, gradX, ...(gradWeight && gradBias ? [gradWeight, gradBias] : [])];
      }, 1e-5, 2e-5);
      compare(`rmsNorm ${rows}x${cols} ${withParameters}`, (backend) => {
        const random = seededRandom(650 + index);
        const x = randomBuffer(random, rows * cols, -2, 3);
        const weight = randomBuffer(random, cols);
        const out = new Float32Array(rows * cols);
        const rstd = new Float32Array(rows);
        backend.rmsNorm(x, weight, rows, cols, 1e-6, out, rstd);
        const gradX = randomBuffer(random, x.length);
        const gradWeight = withParameters ? randomBuffer(random, cols) : null;
        backend.rmsNormBackward(x, weight, rstd, randomBuffer(random, x.length), rows, cols, gradX, gradWeight);
        return [out, rstd, gradX, ...(gradWeight ? [gradWeight] : [])];
      }, 1e-5, 2e-5);
    }
  });
});

test('embedding lookup and scatter-add backward with repeated ids', () => {
  for (const [vocab, dim, count] of [[11, 33, 65], [3, 1, 130], [1000, 65, 700]] as const) {
    compare(`embedding ${vocab}x${dim} x${count}`, (backend) => {
      const random = seededRandom(700 + dim);
      const table = randomBuffer(random, vocab * dim);
      const ids = randomIds(random, count, vocab);
      const out = new Float32Array(count * dim);
      backend.embedding(table, ids, dim, out);
      const gradTable = randomBuffer(random, vocab * dim);
      backend.embeddingBackward(randomBuffer(random, count * dim), ids, dim, gradTable);
      return [out, gradTable];
    });
  }
  assert.throws(() => nativeBackend.embedding(new Float32Array(6), Int32Array.of(0, 3), 2, new Float32Array(4)), RangeError);
});

test('cross-entropy and its backward with ignored rows', () => {
  for (const [rows, vocab] of [[33, 130], [7, 7], [65, 1], [200, 1000]] as const) {
    compare(`crossEntropy ${rows}x${vocab}`, (backend) => {
      const random = seededRandom(800 + vocab);
      const logits = randomBuffer(random, rows * vocab, -8, 8);
      const targets = randomIds(random, rows, vocab);
      for (let row = 0; row < rows; row += 3) targets[row] = -100;
      const losses = new Float32Array(rows);
      const logSumExp = new Float32Array(rows);
      backend.crossEntropy(logits, targets, rows, vocab, -100, losses, logSumExp);
      const gradLogits = randomBuffer(random, logits.length);
      backend.crossEntropyBackward(logits, targets, logSumExp, randomBuffer(random, rows), rows, vocab, -100, gradLogits);
      return [losses, logSumExp, gradLogits];
    });
  }
  assert.throws(() => nativeBackend.crossEntropy(new Float32Array(4), Int32Array.of(2, 0), 2, 2, -100, new Float32Array(2),
    new Float32Array(2)), RangeError);
});

function attentionCase(label: string, params: AttentionParams, seed: number): void {
  compare(label, (backend) => {
    const random = seededRandom(seed);
    const { batch, heads, queryLength, keyLength, headDim } = params;
    const q = randomBuffer(random, batch * heads * queryLength * headDim);
    const k = randomBuffer(random, batch * heads * keyLength * headDim);
    const v = randomBuffer(random, batch * heads * keyLength * headDim);
    const out = new Float32Array(q.length);
    const logSumExp = new Float32Array(batch * heads * queryLength);
    backend.attention(params, q, k, v, out, logSumExp);
    const gradQ = randomBuffer(random, q.length);
    const gradK = randomBuffer(random, k.length);
    const gradV = randomBuffer(random, v.length);
    backend.attentionBackward(params, q, k, v, out, logSumExp, randomBuffer(random, q.length), gradQ, gradK, gradV);
    return [out, logSumExp, gradQ, gradK, gradV];
  }, 1e-5, 2e-5);
}

test('attention forward and backward: causal, padded, fewer queries than keys, fully hidden queries', () => {
  const base = { batch: 2, heads: 3, queryLength: 7, keyLength: 7, headDim: 33, causal: true, scale: 1 / Math.sqrt(33),
    keyMask: null };
  attentionCase('causal square', base, 900);
  attentionCase('not causal', { ...base, causal: false }, 901);
  // Right-padded keys on the second batch item, and three queries attending over seven cached keys.
  const padding = Int32Array.of(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0);
  attentionCase('causal, padded, queryLength < keyLength', { ...base, queryLength: 3, headDim: 16, keyMask: padding }, 902);
  attentionCase('padded, not causal', { ...base, causal: false, queryLength: 5, keyMask: padding }, 903);
  // The second batch item is all padding, and with more queries than keys the first queries see no key:
  // those rows give out = 0, logSumExp = -inf and no gradient.
  const hidden = Int32Array.of(1, 1, 1, 0, 0, 0, 0, 0, 0, 0);
  attentionCase('hidden queries', { ...base, queryLength: 8, keyLength: 5, headDim: 1, keyMask: hidden }, 904);
  attentionCase('long rows', { batch: 1, heads: 2, queryLength: 65, keyLength: 130, headDim: 64, causal: true, scale: 0.125,
    keyMask: null }, 905);
});

test('permute, slice and patchify with their backward', () => {
  const permutations: [number[], number[]][] = [[[2, 3, 4, 5], [0, 2, 1, 3]], [[2, 3, 4, 5], [3, 2, 1, 0]],
    [[2, 3, 4, 5], [1, 0, 2, 3]], [[7, 33], [1, 0]], [[65], [0]], [[1, 7, 1, 3], [2, 3, 0, 1]], [[130, 65], [1, 0]]];
  permutations.forEach(([shape, perm], index) => {
    compare(`permute [${shape}] by [${perm}]`, (backend) => {
      const x = randomBuffer(seededRandom(1000 + index), shape.reduce((total, extent) => total * extent, 1));
      const out = new Float32Array(x.length);
      backend.permute(x, shape, perm, out);
      return [out];
    }, 0, 0);
  });
  for (const [outer, size, inner, start, length] of [[3, 7, 5, 2, 4], [1, 130, 1, 0, 130], [65, 3, 1, 2, 1]] as const) {
    compare(`slice ${outer},${size},${inner} [${start}, +${length})`, (backend) => {
      const random = seededRandom(1100 + size);
      const x = randomBuffer(random, outer * size * inner);
      const out = new Float32Array(outer * length * inner);
      backend.slice(x, outer, size, inner, start, length, out);
      const gradX = randomBuffer(random, x.length);
      backend.sliceBackward(randomBuffer(random, out.length), outer, size, inner, start, length, gradX);
      return [out, gradX];
    }, 0, 0);
  }
  for (const [batch, channels, height, width, patch] of [[2, 3, 8, 12, 4], [1, 1, 7, 7, 7], [3, 2, 6, 4, 1]] as const) {
    compare(`patchify ${batch}x${channels}x${height}x${width} / ${patch}`, (backend) => {
      const random = seededRandom(1200 + height);
      const images = randomBuffer(random, batch * channels * height * width);
      const out = new Float32Array(images.length);
      backend.patchify(images, batch, channels, height, width, patch, out);
      const gradImages = randomBuffer(random, images.length);
      backend.patchifyBackward(randomBuffer(random, out.length), batch, channels, height, width, patch, gradImages);
      return [out, gradImages];
    }, 0, 0);
  }
});

test('adamw, sgd, axpy and sumOfSquares', () => {
  for (const length of [1, 33, 70_000]) {
    compare(`optimisers x${length}`, (backend) => {
      const random = seededRandom(1300 + length);
      const param = randomBuffer(random, length);
      const m = randomBuffer(random, length, -0.1, 0.1);
      const v = randomBuffer(random, length, 0, 0.01);
      for (const step of [1, 2, 30]) backend.adamw(param, randomBuffer(random, length), m, v, step, 1e-3, 0.9, 0.999, 1e-8, 0.01);
      const sgdParam = randomBuffer(random, length);
      const buffer = new Float32Array(length);
      backend.sgd(sgdParam, randomBuffer(random, length), buffer, true, 0.1, 0.9, 0.01);
      backend.sgd(sgdParam, randomBuffer(random, length), buffer, false, 0.1, 0.9, 0.01);
      const destination = randomBuffer(random, length);
      backend.axpy(-0.3, randomBuffer(random, length), destination);
      return [param, m, v, sgdParam, buffer, destination, [backend.sumOfSquares(destination)]];
    }, 1e-5, 1e-6);
  }
});

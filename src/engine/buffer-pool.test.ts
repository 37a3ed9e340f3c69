import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BufferPool } from './buffer-pool.js';
import { Tensor, recycleActivations } from './tensor.js';
import { engineState, noGrad } from './state.js';
import { Parameter } from './module.js';
import { SGD } from './optim.js';
import { add, mul, tanh } from './ops/elementwise.js';
import { matmul } from './ops/matmul.js';
import { sum } from './ops/reduce.js';

test('buffer pool: a released buffer is handed out again, zeroed on request, at the exact length asked for', () => {
  const pool = new BufferPool(2 ** 20);
  const first = pool.acquire(5000);
  first.fill(7);
  pool.release(first);
  assert.equal(pool.bytesIdle, first.buffer.byteLength);
  // 5100 falls in the same size class as 5000 (eight classes per power of two), so it reuses the storage.
  const second = pool.acquire(5100);
  assert.equal(second.buffer, first.buffer);
  assert.equal(second.length, 5100);
  assert.equal(second[0], 7);
  pool.release(second);
  const zeroed = pool.acquireZeroed(5050);
  assert.equal(zeroed.buffer, first.buffer);
  assert.ok(zeroed.every((value) => value === 0));
  assert.equal(pool.bytesIdle, 0);
});

test('buffer pool: double releases throw; foreign buffers and releases past the limit are left to the GC', () => {
  const pool = new BufferPool(60_000);
  const buffer = pool.acquire(4096);
  pool.release(buffer);
  assert.throws(() => pool.release(buffer), /released twice/);
  pool.release(new Float32Array(4096));
  const big = pool.acquire(8192);
  const other = pool.acquire(8192);
  pool.release(big);
  pool.release(other);
  assert.equal(pool.bytesIdle, 4096 * 4 + 8192 * 4, 'the second 8192-float buffer exceeds the 60,000-byte limit');
  pool.clear();
  assert.equal(pool.bytesIdle, 0);
});

// y = sum(tanh(x @ w) * x + x), computed inside recycleActivations or not.
function objective(x: Tensor, w: Tensor, recycle: boolean): Tensor {
  const body = () => add(mul(tanh(matmul(x, w)), x), x);
  return sum(recycle ? recycleActivations(body) : body());
}

function inputs(): [Tensor, Tensor] {
  const x = new Tensor([32, 64], Float32Array.from({ length: 32 * 64 }, (_, index) => Math.sin(index)), { requiresGrad: true });
  const w = new Tensor([64, 64], Float32Array.from({ length: 64 * 64 }, (_, index) => Math.cos(index) / 8), { requiresGrad: true });
  return [x, w];
}

test('recycleActivations: the same gradients, its activations go back to the pool, the output survives', () => {
  const [x, w] = inputs();
  objective(x, w, false).backward();
  const expected = [Array.from(x.grad!.data), Array.from(w.grad!.data)];
  x.grad = null;
  w.grad = null;
  let inner: Tensor | null = null;
  const output = recycleActivations(() => {
    inner = tanh(matmul(x, w));
    return add(mul(inner, x), x).reshape([64, 32]);
  });
  const kept = Array.from(output.data);
  const idleBefore = engineState.pool.bytesIdle;
  sum(output).backward();
  assert.deepEqual([Array.from(x.grad!.data), Array.from(w.grad!.data)], expected);
  assert.ok(engineState.pool.bytesIdle > idleBefore, 'the activations went back to the pool');
  const released = inner as Tensor | null;
  assert.ok(released?.released);
  assert.throws(() => released?.item(), /recycled/);
  assert.deepEqual(Array.from(output.data), kept, 'the returned tensor (a reshape of an activation) keeps its values');
  assert.equal(x.released || w.released, false, 'leaves are never recycled');
});

test('recycleActivations: without a graph (noGrad) the activations go back to the pool when run returns', () => {
  const [x, w] = inputs();
  const expected = Array.from(noGrad(() => objective(x, w, false)).data);
  let inner: Tensor | null = null;
  const output = noGrad(() => recycleActivations(() => {
    inner = tanh(matmul(x, w));
    return add(mul(inner, x), x);
  }));
  assert.ok((inner as Tensor | null)?.released);
  assert.deepEqual(Array.from(sum(output).data), expected);
});

test('recycleActivations: a second backward through the graph throws, unless the first retained it', () => {
  const [x, w] = inputs();
  const loss = objective(x, w, true);
  loss.backward();
  assert.throws(() => loss.backward(), /retainGraph/);
  const twice = (recycle: boolean) => {
    x.grad = null;
    const graph = objective(x, w, recycle);
    graph.backward(undefined, { retainGraph: true });
    graph.backward();
    return Array.from(x.grad!.data);
  };
  assert.deepEqual(twice(true), twice(false));
});

test('Optimizer.zeroGrad keeps a parameter gradient buffer for the next backward, which overwrites it', () => {
  const [x, w] = inputs();
  const parameter = new Parameter(w.shape, Float32Array.from(w.data));
  const optimizer = new SGD([parameter]);
  const gradient = () => {
    sum(matmul(x, parameter)).backward();
    return Array.from(parameter.grad!.data);
  };
  const first = gradient();
  const buffer = parameter.grad!.data;
  optimizer.zeroGrad();
  assert.equal(parameter.grad, null);
  // The same gradient again, in the same memory: written afresh, not added to the stale one.
  assert.deepEqual(gradient(), first);
  assert.equal(parameter.grad!.data, buffer);
});

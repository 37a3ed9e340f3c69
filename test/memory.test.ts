import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { AdamW, Rng, intTensor } from '../src/engine/index.js';
import { Gpt } from '../bench/gpt-model.js';

// A full collection before each reading, so the figure is what the engine holds, not what the GC has
// not yet reclaimed.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

test('resident memory stays flat over 2,000 training steps', () => {
  const config = { vocab: 64, dim: 32, layers: 2, heads: 2, mlp: 64, length: 16, batch: 4 };
  const model = new Gpt(config, 3);
  const optimizer = new AdamW(model.parameters());
  const rng = new Rng(4);
  const tokens = config.batch * config.length;
  const inputs = intTensor(Array.from({ length: tokens }, () => rng.int(config.vocab)), [config.batch, config.length]);
  const targets = intTensor(Array.from({ length: tokens }, () => rng.int(config.vocab)), [tokens]);
  const readings: number[] = [];
  for (let step = 1; step <= 2000; step++) {
    optimizer.zeroGrad();
    model.loss(inputs, targets).backward();
    optimizer.step(1e-3);
    if (step % 250 === 0) {
      collect();
      readings.push(process.memoryUsage().rss);
    }
  }
  // The first reading (after 250 steps) is the baseline: optimiser state and code are in place by then.
  const baseline = readings[0]!;
  const peak = Math.max(...readings);
  assert.ok(peak <= baseline * 1.05, `RSS grew from ${(baseline / 2 ** 20).toFixed(1)} MiB to ${(peak / 2 ** 20).toFixed(1)} MiB`);
});

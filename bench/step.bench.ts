// One training step (forward, backward, AdamW) of exactly the model of ../shared/reference/torch_step.py:
// vocab 512, d 256, 4 layers, 4 heads, MLP 1024, seq 64, batch 16, fp32. Prints one JSON line.
//   npm run bench:step -- --json [--backend native|js]
import { parseArgs } from 'node:util';
import { AdamW, Rng, intTensor, useBackend } from '../src/engine/index.js';
import { backendByName } from '../src/engine/backends/default.js';
import { Gpt } from './gpt-model.js';

const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, backend: { type: 'string', default: 'native' }, steps: { type: 'string', default: '20' } } });
const backend = backendByName(values.backend);
useBackend(backend);
const config = { vocab: 512, dim: 256, layers: 4, heads: 4, mlp: 1024, length: 64, batch: 16 };
const model = new Gpt(config, 0);
const optimizer = new AdamW(model.parameters(), { weightDecay: 0.01 });
const rng = new Rng(0);
const tokens = config.batch * config.length;
const inputs = intTensor(Array.from({ length: tokens }, () => rng.int(config.vocab)), [config.batch, config.length]);
const targets = intTensor(Array.from({ length: tokens }, () => rng.int(config.vocab)), [tokens]);

function step(): number {
  const loss = model.loss(inputs, targets);
  optimizer.zeroGrad();
  loss.backward();
  optimizer.step(1e-3);
  return loss.item();
}

for (let warmup = 0; warmup < 5; warmup++) step();
const times: number[] = [];
for (let iteration = 0; iteration < Number(values.steps); iteration++) {
  const start = performance.now();
  step();
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)]!;
const result = {
  engine: 'clearbench', backend: backend.name, params: model.parameterCount(), median_ms: Number(median.toFixed(2)),
  tokens_per_s: Math.round(tokens / (median / 1000)),
};
if (values.json) console.log(JSON.stringify(result));
else console.log(`clearbench (${backend.name}): ${result.median_ms} ms per step, ${result.tokens_per_s} tokens/s, ${result.params} parameters`);

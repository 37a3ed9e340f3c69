import { AdamW, Rng, intTensor, useBackend } from '../src/engine/index.js';
import { backendByName } from '../src/engine/backends/default.js';
import { Gpt } from './gpt-model.js';
const backend = backendByName('native') as Record<string, unknown>;
const times = new Map<string, number>();
const wrapped: Record<string, unknown> = {};
for (const [key, value] of Object.entries(backend)) {
  if (typeof value === 'function') {
    wrapped[key] = (...args: unknown[]) => { const t = performance.now(); const r = (value as Function)(...args); times.set(key, (times.get(key) ?? 0) + performance.now() - t); return r; };
  } else wrapped[key] = value;
}
useBackend(wrapped as never);
const config = { vocab: 512, dim: 256, layers: 4, heads: 4, mlp: 1024, length: 64, batch: 16 };
const model = new Gpt(config, 0);
const optimizer = new AdamW(model.parameters(), { weightDecay: 0.01 });
const rng = new Rng(0);
const tokens = 1024;
const inputs = intTensor(Array.from({ length: tokens }, () => rng.int(512)), [16, 64]);
const targets = intTensor(Array.from({ length: tokens }, () => rng.int(512)), [tokens]);
const step = () => { const loss = model.loss(inputs, targets); optimizer.zeroGrad(); loss.backward(); optimizer.step(1e-3); };
step(); times.clear();
const t0 = performance.now();
for (let i = 0; i < 5; i++) step();
const total = (performance.now() - t0) / 5;
console.log('step ms', total.toFixed(1));
for (const [k, v] of [...times].sort((a, b) => b[1] - a[1])) console.log(k.padEnd(24), (v / 5).toFixed(1));

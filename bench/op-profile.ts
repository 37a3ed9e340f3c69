// Where the time of one training step goes, per backend kernel (the step of bench/step.bench.ts).
//   node --import tsx bench/op-profile.ts [native|js]
import { AdamW, Rng, intTensor, useBackend } from '../src/engine/index.js';
import { backendByName } from '../src/engine/backends/default.js';
import { Gpt } from './gpt-model.js';

const backend = backendByName(process.argv[2] ?? 'native');
const times = new Map<string, number>();
// A proxy times every kernel call and keeps the Backend type.
const timed = new Proxy(backend, {
  get(target, key, receiver) {
    const value: unknown = Reflect.get(target, key, receiver);
    if (typeof value !== 'function' || typeof key !== 'string') return value;
    return (...args: unknown[]) => {
      const started = performance.now();
      const result: unknown = Reflect.apply(value, target, args);
      times.set(key, (times.get(key) ?? 0) + performance.now() - started);
      return result;
    };
  },
});
useBackend(timed);
const config = { vocab: 512, dim: 256, layers: 4, heads: 4, mlp: 1024, length: 64, batch: 16 };
const model = new Gpt(config, 0);
const optimizer = new AdamW(model.parameters(), { weightDecay: 0.01 });
const rng = new Rng(0);
const tokens = config.batch * config.length;
const inputs = intTensor(Array.from({ length: tokens }, () => rng.int(config.vocab)), [config.batch, config.length]);
const targets = intTensor(Array.from({ length: tokens }, () => rng.int(config.vocab)), [tokens]);
const step = () => {
  const loss = model.loss(inputs, targets);
  optimizer.zeroGrad();
  loss.backward();
  optimizer.step(1e-3);
};
step();
times.clear();
const steps = 5;
const started = performance.now();
for (let index = 0; index < steps; index++) step();
const total = (performance.now() - started) / steps;
const kernels = [...times].sort((a, b) => b[1] - a[1]).map(([name, ms]) => ({ kernel: name, ms: Number((ms / steps).toFixed(2)) }));
const inKernels = kernels.reduce((sum, entry) => sum + entry.ms, 0);
console.log(JSON.stringify({ name: 'step-profile', backend: backend.name, stepMs: Number(total.toFixed(1)), outsideKernelsMs: Number((total - inKernels).toFixed(1)), kernels }));

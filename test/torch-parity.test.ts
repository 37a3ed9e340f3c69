import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { AdamW, Tensor, intTensor, withBackend } from '../src/engine/index.js';
import { availableBackends } from '../src/engine/backends/default.js';
import { Gpt, type GptConfig } from '../bench/gpt-model.js';

interface Fixture {
  magic: string; version: number; config: GptConfig; inputs: number[]; targets: number[];
  shapes: Record<string, number[]>; initial: Record<string, string>; loss: number; gradients: Record<string, string>;
  stepLosses: number[]; adamw: { lr: number; betas: [number, number]; eps: number; weightDecay: number };
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/torch-gpt.json', import.meta.url), 'utf8')) as Fixture;
const decode = (base64: string) => {
  const bytes = Buffer.from(base64, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
};

test('the fixture is the one this test reads', () => {
  assert.equal(fixture.magic, 'clearbench-torch-fixture');
  assert.equal(fixture.version, 1);
});

for (const backend of availableBackends()) {
  test(`GPT loss, gradients and 10 AdamW steps match PyTorch on the ${backend.name} backend`, () => {
    withBackend(backend, () => {
      const model = new Gpt(fixture.config, 1);
      const state = new Map(Object.entries(fixture.initial).map(([name, data]) => [name, new Tensor(fixture.shapes[name]!, decode(data))]));
      model.loadStateDict(state);
      const { batch, length } = fixture.config;
      const inputs = intTensor(fixture.inputs, [batch, length]);
      const targets = intTensor(fixture.targets, [batch * length]);
      const loss = model.loss(inputs, targets);
      assert.ok(Math.abs(loss.item() - fixture.loss) / fixture.loss < 1e-5, `loss ${loss.item()} vs PyTorch ${fixture.loss}`);
      loss.backward();
      for (const [name, parameter] of model.namedParameters()) {
        const expected = decode(fixture.gradients[name]!);
        let errorNorm = 0;
        let norm = 0;
        for (let index = 0; index < expected.length; index++) {
          errorNorm += (parameter.grad!.data[index]! - expected[index]!) ** 2;
          norm += expected[index]! ** 2;
        }
        const relative = Math.sqrt(errorNorm) / Math.max(Math.sqrt(norm), 1e-12);
        assert.ok(relative < 1e-4, `gradient of ${name}: relative error ${relative}`);
      }
      const optimizer = new AdamW(model.parameters(), { beta1: fixture.adamw.betas[0], beta2: fixture.adamw.betas[1], eps: fixture.adamw.eps, weightDecay: fixture.adamw.weightDecay });
      model.zeroGrad();
      fixture.stepLosses.forEach((expected, step) => {
        optimizer.zeroGrad();
        const stepLoss = model.loss(inputs, targets);
        stepLoss.backward();
        optimizer.step(fixture.adamw.lr);
        assert.ok(Math.abs(stepLoss.item() - expected) / expected < 1e-4, `step ${step}: loss ${stepLoss.item()} vs PyTorch ${expected}`);
      });
    });
  });
}

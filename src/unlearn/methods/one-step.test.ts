// One small plain-gradient step of each method, from a target that knows every row, moves what the method
// targets the intended way (first order: the step follows the gradient exactly, no optimiser state).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng, noGrad } from '../../engine/index.js';
import type { VisionLanguageModel } from '../../model/vlm.js';
import { makeBatch, type TrainSample } from '../../train/samples.js';
import type { Compat } from '../method.js';
import { configureMethod } from '../method-config.js';
import { copyModel } from '../run-unlearning.js';
import { klToOriginal } from '../terms.js';
import { FORGET_SET, REFUSALS, RETAIN_SET, contextFor, nllOf, tinyTarget, tinyTokenizer } from '../tiny-fixture.js';
import { negateTaskVector } from './sku.js';

const tokenizer = tinyTokenizer();
const target = tinyTarget(tokenizer);
const forgetSamples = [FORGET_SET[0]!, FORGET_SET[2]!, FORGET_SET[4]!];
const retainSamples = [RETAIN_SET[0]!, RETAIN_SET[2]!, RETAIN_SET[4]!];
const refusalSamples = forgetSamples.map((sample, index) => ({ ...sample, answer: REFUSALS[index % REFUSALS.length]! }));
const LEARNING_RATE = 0.05;

interface Stepped {
  model: VisionLanguageModel;
  original: VisionLanguageModel;
  lossBefore: number;
  lossAfter: number;
}

// model <- model - lr * grad(method loss) on one forget / retain batch pair.
function oneStep(name: string, options: { compat?: Compat; step?: number; start?: (model: VisionLanguageModel) => void; config?: Record<string, unknown>; learningRate?: number } = {}): Stepped {
  const compat = options.compat ?? 'default';
  const { method, config } = configureMethod(name, options.config ?? {}, compat);
  const model = copyModel(target);
  options.start?.(model);
  const original = copyModel(target).freeze();
  const prepared = method.prepare?.({
    model, tokenizer, forgetSet: forgetSamples, retainSet: retainSamples, batchSize: 3, seed: 5, compat,
    batchOf: (samples: readonly TrainSample[]) => makeBatch(samples, tokenizer, model),
  }, config);
  const context = () => contextFor(model, original, tokenizer, forgetSamples, retainSamples, { compat, step: options.step ?? 0, totalSteps: 10, prepared });
  const loss = method.loss(context(), config);
  loss.backward();
  noGrad(() => {
    for (const parameter of model.parameters()) {
      const grad = parameter.grad?.data;
      if (grad) for (let index = 0; index < parameter.size; index++) parameter.data[index]! -= (options.learningRate ?? LEARNING_RATE) * grad[index]!;
      parameter.grad = null;
    }
  });
  const lossAfter = noGrad(() => method.loss(context(), config).item());
  return { model, original, lossBefore: loss.item(), lossAfter };
}

const forgetNll = (model: VisionLanguageModel) => nllOf(model, tokenizer, forgetSamples);
const before = { forget: forgetNll(target), retain: nllOf(target, tokenizer, retainSamples), refusal: nllOf(target, tokenizer, refusalSamples) };

test('the target knows the forget rows and not the refusals', () => {
  assert.ok(before.forget < 0.1 && before.retain < 0.1, `forget ${before.forget}, retain ${before.retain}`);
  assert.ok(before.refusal > 2, `refusal ${before.refusal}`);
});

for (const name of ['ga', 'gd', 'kl', 'npo', 'npo_rt', 'simnpo', 'llmu', 'undial', 'grad_diff_forget_entropy_retain_ce', 'grad_diff_forget_kl_retain_kl']) {
  test(`${name}: one step raises the forget answers' NLL`, () => {
    const { model } = oneStep(name, name.includes('forget_kl') ? { start: perturb } : {});
    const after = forgetNll(model);
    assert.ok(after > before.forget, `forget NLL ${before.forget} -> ${after}`);
  });
}

test('retain_ft: one step lowers the retain NLL', () => {
  const after = nllOf(oneStep('retain_ft').model, tokenizer, retainSamples);
  assert.ok(after < before.retain, `retain NLL ${before.retain} -> ${after}`);
});

for (const name of ['idk', 'dpo']) {
  test(`${name}: one step makes the refusals more likely, and under compat it does not (it trains the true answers)`, () => {
    const after = nllOf(oneStep(name).model, tokenizer, refusalSamples);
    assert.ok(after < before.refusal - 0.01, `refusal NLL ${before.refusal} -> ${after}`);
    // The reference's defect: its refusal input holds the true answers, so they become MORE likely.
    // (The reference's DPO sums token NLLs per answer, a gradient several times larger: a smaller step.)
    const compat = oneStep(name, { compat: 'reference', learningRate: LEARNING_RATE / 10 }).model;
    assert.ok(forgetNll(compat) < before.forget, `compat forget NLL ${before.forget} -> ${forgetNll(compat)}`);
    assert.ok(Math.abs(nllOf(compat, tokenizer, refusalSamples) - before.refusal) < Math.abs(after - before.refusal) / 4);
  });
}

// Tiny weight noise, so a student starts apart from its teacher (KL terms have zero gradient at equality).
function perturb(model: VisionLanguageModel): void {
  const rng = new Rng(9);
  for (const parameter of model.parameters()) for (let index = 0; index < parameter.size; index++) parameter.data[index]! += 2e-3 * rng.normal();
}

test('scrub: a max-step moves the student away from the teacher on forget, a min-step lowers the retain loss', () => {
  const forgetKl = (model: VisionLanguageModel, original: VisionLanguageModel) =>
    noGrad(() => klToOriginal(contextFor(model, original, tokenizer, forgetSamples, retainSamples), contextFor(model, original, tokenizer, forgetSamples, retainSamples).forget).item());
  const start = copyModel(target);
  perturb(start);
  const kept = copyModel(target);
  const maxStep = oneStep('scrub', { step: 0, start: perturb });
  assert.ok(forgetKl(maxStep.model, maxStep.original) > forgetKl(start, kept), 'forget KL did not grow');
  const minStep = oneStep('scrub', { step: 1, start: perturb });
  assert.ok(minStep.lossAfter < minStep.lossBefore, `min-step loss ${minStep.lossBefore} -> ${minStep.lossAfter}`);
});

test('rmu: one step brings the forget activations closer to the steering target', () => {
  const { lossBefore, lossAfter } = oneStep('rmu', { config: { retainWeight: 0 } });
  assert.ok(lossAfter < lossBefore, `forget MSE ${lossBefore} -> ${lossAfter}`);
});

// With the mismatched-answer term off, the stage-one step is plain descent on the forget answers: the
// sign test of SKU's two stages (learn the forget set, then subtract what was learned).
test('sku: stage one learns the forget answers, negating that change makes them less likely', () => {
  const { model, original } = oneStep('sku', { config: { randomWeight: 0 } });
  assert.ok(forgetNll(model) < before.forget, `stage one: forget NLL ${before.forget} -> ${forgetNll(model)}`);
  negateTaskVector(model, original);
  assert.ok(forgetNll(model) > before.forget, `forget NLL ${before.forget} -> ${forgetNll(model)}`);
});

test('eco: one step moves the clean prompts towards the corrupted-prompt answers', () => {
  const { lossBefore, lossAfter, model } = oneStep('eco', { config: { retainWeight: 0 } });
  assert.ok(lossAfter < lossBefore, `NLL of the corrupted-prompt answers ${lossBefore} -> ${lossAfter}`);
  assert.ok(forgetNll(model) > before.forget, `forget NLL ${before.forget} -> ${forgetNll(model)}`);
});

// Each method's loss on a fixed tiny batch against a float64 hand computation from the two models' logits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, noGrad } from '../../engine/index.js';
import { VisionLanguageModel } from '../../model/vlm.js';
import type { TrainBatch } from '../../train/samples.js';
import type { Compat, UnlearnContext } from '../method.js';
import { configureMethod } from '../method-config.js';
import { FORGET_SET, REFUSALS, RETAIN_SET, TINY_CONFIG, contextFor, tinyTokenizer } from '../tiny-fixture.js';
import type { RmuState } from './rmu.js';

const tokenizer = tinyTokenizer();
const model = new VisionLanguageModel(TINY_CONFIG, 2);
const original = new VisionLanguageModel(TINY_CONFIG, 3);
const forgetSamples = [FORGET_SET[0]!, FORGET_SET[2]!]; // a text row and an image row
const retainSamples = [RETAIN_SET[1]!, RETAIN_SET[2]!];

const close = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= 2e-5 * Math.max(1, Math.abs(expected)), `${what}: ${actual} != ${expected}`);
const logSigmoid = (x: number) => -Math.log1p(Math.exp(-x));
const average = (values: readonly number[]) => values.reduce((total, value) => total + value, 0) / values.length;

function logSoftmaxRow(row: readonly number[]): number[] {
  const top = Math.max(...row);
  const logSum = top + Math.log(row.reduce((total, value) => total + Math.exp(value - top), 0));
  return row.map((value) => value - logSum);
}

// Float64 log-probability rows of a model at the batch's answer rows (or every row).
function logProbRows(which: VisionLanguageModel, batch: TrainBatch, all = false): number[][] {
  const rows = all ? Int32Array.from({ length: batch.input.batch * batch.input.length }, (_, row) => row) : batch.answerRows;
  const logits = noGrad(() => which.logitsAt(which.forward(batch.input).hidden, rows));
  const vocab = logits.dim(-1);
  return Array.from({ length: rows.length }, (_, row) => logSoftmaxRow(Array.from(logits.data.subarray(row * vocab, (row + 1) * vocab))));
}

const tokenLogProbs = (which: VisionLanguageModel, batch: TrainBatch) => logProbRows(which, batch).map((row, index) => row[batch.answerTargets[index]!]!);
const meanNll = (which: VisionLanguageModel, batch: TrainBatch) => -average(tokenLogProbs(which, batch));
function sequenceLogProbs(which: VisionLanguageModel, batch: TrainBatch): number[] {
  const sums = new Array<number>(batch.input.batch).fill(0);
  tokenLogProbs(which, batch).forEach((value, index) => (sums[batch.answerSequence[index]!]! += value));
  return sums;
}
const klRow = (p: readonly number[], q: readonly number[]) => p.reduce((total, value, index) => total + Math.exp(value) * (value - q[index]!), 0);
function meanKl(batch: TrainBatch, direction: 'original-current' | 'current-original', all = false): number {
  const current = logProbRows(model, batch, all);
  const frozen = logProbRows(original, batch, all);
  return average(current.map((row, index) => (direction === 'original-current' ? klRow(frozen[index]!, row) : klRow(row, frozen[index]!))));
}
const entropy = (rows: number[][]) => rows.map((row) => -row.reduce((total, value) => total + Math.exp(value) * value, 0));

function lossOf<State = undefined>(name: string, options: { config?: Record<string, unknown>; compat?: Compat; step?: number; totalSteps?: number; prepared?: State } = {}) {
  const compat = options.compat ?? 'default';
  const { method, config } = configureMethod(name, options.config ?? {}, compat);
  const context: UnlearnContext<State> = contextFor<State>(model, original, tokenizer, forgetSamples, retainSamples, { ...options, compat });
  return { value: method.loss(context, config).item(), context };
}

const forgetBatch = () => contextFor(model, original, tokenizer, forgetSamples, retainSamples).forget;
const retainBatch = () => contextFor(model, original, tokenizer, forgetSamples, retainSamples).retain;

test('NPO: (2/beta) mean log(1 + (pi/ref)^beta) on whole-answer likelihoods; npo_rt adds CE on retain', () => {
  const beta = 0.1;
  const policy = sequenceLogProbs(model, forgetBatch());
  const reference = sequenceLogProbs(original, forgetBatch());
  const expected = (2 / beta) * average(policy.map((value, index) => Math.log1p(Math.exp(beta * (value - reference[index]!)))));
  close(lossOf('npo').value, expected, 'npo');
  close(lossOf('npo_rt').value, expected + meanNll(model, retainBatch()), 'npo_rt');
});

test('SimNPO: -(2/beta) mean log sigmoid(-(beta/|y|) log pi - gamma), weighted, + CE retain', () => {
  const { value } = lossOf('simnpo', { config: { beta: 2.5, gamma: 0.5, forgetWeight: 0.5 } });
  const batch = forgetBatch();
  const lengths = [0, 0];
  for (const sequence of batch.answerSequence) lengths[sequence]! += 1;
  const forget = -(2 / 2.5) * average(sequenceLogProbs(model, batch).map((logProb, index) => logSigmoid(-(2.5 / lengths[index]!) * logProb - 0.5)));
  close(value, 0.5 * forget + meanNll(model, retainBatch()), 'simnpo');
});

test('DPO prefers the refusal over the true answer, relative to the original; compat is the NLL of the true answers', () => {
  const { value, context } = lossOf('dpo');
  const preferred = context.forgetRefusal;
  const answerText = (batch: TrainBatch, sequence: number) => tokenizer.decode([...batch.answerTargets].filter((_, index) => batch.answerSequence[index] === sequence)).trim();
  for (let sequence = 0; sequence < 2; sequence++) assert.ok(REFUSALS.includes(answerText(preferred, sequence)), `preferred answer: ${answerText(preferred, sequence)}`);
  const rejected = forgetBatch();
  const [pw, rw, pl, rl] = [sequenceLogProbs(model, preferred), sequenceLogProbs(original, preferred), sequenceLogProbs(model, rejected), sequenceLogProbs(original, rejected)];
  const expected = -average(pw.map((_, index) => logSigmoid(0.1 * ((pw[index]! - rw[index]!) - (pl[index]! - rl[index]!)))));
  close(value, expected, 'dpo');
  // The reference's DPO: mean summed NLL of its "idk" input, which holds the true forget answers.
  close(lossOf('dpo', { compat: 'reference' }).value, -average(sequenceLogProbs(model, rejected)), 'dpo compat');
});

test('IDK trains on refusals by default and on the true forget answers under compat', () => {
  const { value, context } = lossOf('idk');
  close(value, meanNll(model, context.forgetRefusal) + meanNll(model, retainBatch()), 'idk');
  close(lossOf('idk', { compat: 'reference' }).value, meanNll(model, forgetBatch()) + meanNll(model, retainBatch()), 'idk compat');
});

test('KL: -CE forget + KL(original || current) on the retain answers', () => {
  close(lossOf('kl').value, -meanNll(model, forgetBatch()) + meanKl(retainBatch(), 'original-current'), 'kl');
});

test('GD: all six forget / retain pairs, and the reference entropy sign under compat', () => {
  const forget = { ce: meanNll(model, forgetBatch()), kl: meanKl(forgetBatch(), 'original-current'), entropy: average(entropy(logProbRows(model, forgetBatch()))) };
  const retain = { ce: meanNll(model, retainBatch()), kl: meanKl(retainBatch(), 'original-current') };
  for (const forgetTerm of ['ce', 'entropy', 'kl'] as const) {
    for (const retainTerm of ['ce', 'kl'] as const) {
      close(lossOf(`grad_diff_forget_${forgetTerm}_retain_${retainTerm}`).value, -forget[forgetTerm] + retain[retainTerm], `${forgetTerm}/${retainTerm}`);
    }
  }
  // Reference: -beta * sum(p log p) over every position = +sum of entropies, which minimising lowers.
  const allEntropy = entropy(logProbRows(model, forgetBatch(), true)).reduce((total, value) => total + value, 0);
  close(lossOf('grad_diff_forget_entropy_retain_ce', { compat: 'reference' }).value, allEntropy + retain.ce, 'entropy compat');
});

test('SCRUB alternates max-steps on forget and min-steps on retain; the reference mode is one simultaneous step', () => {
  const forgetKl = meanKl(forgetBatch(), 'original-current');
  const minStep = meanKl(retainBatch(), 'original-current') + meanNll(model, retainBatch());
  close(lossOf('scrub', { step: 0, totalSteps: 10 }).value, -forgetKl, 'max-step');
  close(lossOf('scrub', { step: 1, totalSteps: 10 }).value, minStep, 'min-step');
  close(lossOf('scrub', { step: 6, totalSteps: 10 }).value, minStep, 'after the alternating half');
  close(lossOf('scrub', { step: 6, totalSteps: 10, config: { maxSteps: 8 } }).value, -forgetKl, 'maxSteps 8');
  close(lossOf('scrub', { config: { mode: 'simultaneous' } }).value, -forgetKl + minStep, 'simultaneous');
  // --compat reference: simultaneous, KL(student || teacher) over every position.
  const reference = -meanKl(forgetBatch(), 'current-original', true) + meanKl(retainBatch(), 'current-original', true) + meanNll(model, retainBatch());
  close(lossOf('scrub', { compat: 'reference', step: 1 }).value, reference, 'compat');
});

test('LLMU: -0.5 CE forget + CE of mismatched answers + KL on retain', () => {
  const { value, context } = lossOf('llmu');
  const expected = -0.5 * meanNll(model, forgetBatch()) + meanNll(model, context.randomAnswers('retain', 0)) + meanKl(retainBatch(), 'original-current');
  close(value, expected, 'llmu');
  // The mismatched answers are other people's answers of the same kind.
  const random = context.randomAnswers('retain', 0);
  assert.notDeepEqual([...random.answerTargets], [...forgetBatch().answerTargets]);
});

test('SKU stage one: bad 2.5 * CE forget + mean CE of K mismatched answers - 0.5 KL on retain', () => {
  const { value, context } = lossOf('sku');
  const random = average([0, 1, 2].map((draw) => meanNll(model, context.randomAnswers('forget', draw))));
  close(value, 2.5 * meanNll(model, forgetBatch()) + random - 0.5 * meanKl(retainBatch(), 'original-current'), 'sku');
  close(lossOf('sku', { config: { form: 'direct' } }).value, -value, 'sku direct');
});

test('UNDIAL: cross-entropy to the original distribution with the answer logit lowered', () => {
  const batch = forgetBatch();
  const logitsOriginal = noGrad(() => original.logitsAt(original.forward(batch.input).hidden, batch.answerRows));
  const vocab = logitsOriginal.dim(-1);
  const current = logProbRows(model, batch);
  const expected = average(current.map((row, index) => {
    const adjusted = Array.from(logitsOriginal.data.subarray(index * vocab, (index + 1) * vocab));
    adjusted[batch.answerTargets[index]!]! -= 3;
    const target = logSoftmaxRow(adjusted).map(Math.exp);
    return -target.reduce((total, weight, v) => total + weight * row[v]!, 0);
  }));
  close(lossOf('undial', { config: { strength: 3 } }).value, expected, 'undial');
});

test('RMU: MSE of forget activations to coefficient * u, alpha * MSE of retain activations to the frozen ones', () => {
  const dim = TINY_CONFIG.dim;
  const direction = Float32Array.from({ length: dim }, (_, index) => (index % 3) + 1);
  const norm = Math.hypot(...direction);
  const prepared: RmuState = {
    layer: 1, coefficient: 4, meanNorm: 1,
    direction: new Tensor([1, dim], direction.map((value) => value / norm)),
    referenceTargets: new Tensor([2, dim], new Float32Array(2 * dim)),
  };
  const { value } = lossOf<RmuState>('rmu', { prepared, config: { retainWeight: 7 } });
  const activations = (which: VisionLanguageModel, batch: TrainBatch) => noGrad(() => which.forward(batch.input, { captureLayer: 1 }).captured!.data);
  const realRows = (batch: TrainBatch) => [...batch.input.attentionMask.keys()].filter((row) => batch.input.attentionMask[row] === 1);
  let forget = 0;
  const forgetActivations = activations(model, forgetBatch());
  const forgetRows = realRows(forgetBatch());
  for (const row of forgetRows) for (let d = 0; d < dim; d++) forget += (forgetActivations[row * dim + d]! - (4 * direction[d]!) / norm) ** 2;
  let retain = 0;
  const current = activations(model, retainBatch());
  const frozen = activations(original, retainBatch());
  const retainRows = realRows(retainBatch());
  for (const row of retainRows) for (let d = 0; d < dim; d++) retain += (current[row * dim + d]! - frozen[row * dim + d]!) ** 2;
  close(value, forget / (forgetRows.length * dim) + 7 * (retain / (retainRows.length * dim)), 'rmu');
});

test('ECO trains the clean forget prompts on the corrupted-prompt answers; eco_ft (compat) on the true answers', () => {
  const answers = new Map(forgetSamples.map((sample, index) => [sample, index === 0 ? 'Nobody knows.' : 'A portrait.']));
  const { value, context } = lossOf('eco', { prepared: { answers } });
  const ecoBatch = context.batchOf(forgetSamples.map((sample) => ({ ...sample, answer: answers.get(sample)! })));
  close(value, meanNll(model, ecoBatch) + meanNll(model, retainBatch()), 'eco');
  close(lossOf('eco_ft', { prepared: { answers } }).value, meanNll(model, forgetBatch()) + meanNll(model, retainBatch()), 'eco_ft');
  close(lossOf('eco', { compat: 'reference', prepared: { answers } }).value, meanNll(model, forgetBatch()) + meanNll(model, retainBatch()), 'eco compat');
});

test('GA and retain_ft are the plain CE terms', () => {
  close(lossOf('grad_ascent').value, -meanNll(model, forgetBatch()), 'ga');
  close(lossOf('retain_ft').value, meanNll(model, retainBatch()), 'retain_ft');
});

test('compat NPO uses every vocabulary entry at every position with the reference beta 1; compat LLMU cancels its ascent', () => {
  const current = logProbRows(model, forgetBatch(), true);
  const frozen = logProbRows(original, forgetBatch(), true);
  const terms = current.flatMap((row, index) => row.map((logProb, v) => Math.log1p(Math.exp(logProb) / (Math.exp(frozen[index]![v]!) + 1e-8))));
  close(lossOf('npo', { compat: 'reference' }).value, 2 * average(terms), 'npo compat');
  // Reference LLMU: -CE forget + CE of the "idk" input (the true forget answers) + KL(current || original) everywhere.
  close(lossOf('llmu', { compat: 'reference' }).value, meanKl(retainBatch(), 'current-original', true), 'llmu compat');
});

test('compat RMU: every sequence mean (padding included) against every row of the per-position target matrix', () => {
  const dim = TINY_CONFIG.dim;
  const targets = Float32Array.from({ length: 2 * dim }, (_, index) => (index % 5) * 0.3);
  const prepared: RmuState = { layer: 0, coefficient: 1, meanNorm: 1, direction: new Tensor([1, dim], new Float32Array(dim)), referenceTargets: new Tensor([2, dim], targets) };
  const { value } = lossOf<RmuState>('rmu', { prepared, compat: 'reference', config: { retainWeight: 0 } });
  const batch = forgetBatch();
  const activations = noGrad(() => model.forward(batch.input, { captureLayer: 0 }).captured!.data);
  let total = 0;
  for (let sequence = 0; sequence < 2; sequence++) {
    for (let d = 0; d < dim; d++) {
      let sum = 0;
      for (let t = 0; t < batch.input.length; t++) sum += activations[(sequence * batch.input.length + t) * dim + d]!;
      for (let row = 0; row < 2; row++) total += (sum / batch.input.length - targets[row * dim + d]!) ** 2;
    }
  }
  close(value, total / (2 * 2 * dim), 'rmu compat');
});

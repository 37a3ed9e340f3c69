import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdamW, Rng, crossEntropy, intTensor, noGrad } from '../engine/index.js';
import { collate, encodeAnswer, formatExample, formatPrompt, IGNORE_INDEX } from './chat.js';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.js';
import type { ModelConfig } from './config.js';
import { generateGreedy, scoreCandidates } from './inference.js';
import { attachLora, mergeLora, unmergeLora } from './lora.js';
import { trainTokenizer } from './tokenizer.js';
import { VisionLanguageModel, type ModelInput } from './vlm.js';

const config: ModelConfig = {
  vocabSize: 300, dim: 32, layers: 2, heads: 2, mlpDim: 64, maxLength: 64,
  vision: { imageSize: 8, patchSize: 4, dim: 16, layers: 1, heads: 2, mlpDim: 32 },
};
const texts = ['Who wrote the red book?', 'Ada Lovelace wrote it.', 'Describe the image.', 'A person with green hair.', 'Where was Ada born?', 'In London.'];
const tokenizer = trainTokenizer(texts, { vocabSize: 300 });
const examples = [
  { question: 'Who wrote the red book?', answer: 'Ada Lovelace wrote it.', hasImage: false },
  { question: 'Describe the image.', answer: 'A person with green hair.', hasImage: true },
  { question: 'Where was Ada born?', answer: 'In London.', hasImage: false },
];

function image(seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: 3 * 8 * 8 }, () => rng.next() * 2 - 1);
}

function batchOf(model: VisionLanguageModel): { input: ModelInput; labels: Int32Array } {
  const formatted = examples.map((example) => formatExample(example, tokenizer));
  const batch = collate(formatted, { padId: tokenizer.padId, imageId: tokenizer.imageId, imageTokens: model.imageTokens });
  const images = examples.map((example, index) => (example.hasImage ? image(index) : null));
  return { input: { ...batch, images }, labels: batch.labels };
}

function lossOf(model: VisionLanguageModel, input: ModelInput, labels: Int32Array) {
  const rows = Int32Array.from([...labels.keys()].filter((row) => labels[row] !== IGNORE_INDEX));
  const { hidden } = model.forward(input);
  return crossEntropy(model.logitsAt(hidden, rows), intTensor(rows.map((row) => labels[row]!)));
}

test('a tiny model learns three examples to near-zero loss', () => {
  const model = new VisionLanguageModel(config, 1);
  const { input, labels } = batchOf(model);
  const optimizer = new AdamW(model.parameters(), { weightDecay: 0 });
  let loss = Infinity;
  for (let step = 0; step < 150 && loss > 0.02; step++) {
    optimizer.zeroGrad();
    const value = lossOf(model, input, labels);
    value.backward();
    optimizer.step(3e-3);
    loss = value.item();
  }
  assert.ok(loss < 0.05, `loss after training: ${loss}`);
  // And it generates what it learned, from the image for the caption.
  const generated = generateGreedy(model, tokenizer, examples.map((example, index) => ({
    prompt: formatPrompt(example, tokenizer), image: example.hasImage ? image(index) : null,
  })), 60);
  examples.forEach((example, index) => assert.equal(tokenizer.decode(generated[index]!).trim(), example.answer));
});

test('generation with the KV cache equals generation by full recomputation', () => {
  const model = new VisionLanguageModel(config, 2);
  const prompts = examples.map((example, index) => ({ prompt: formatPrompt(example, tokenizer), image: example.hasImage ? image(index) : null }));
  const cached = generateGreedy(model, tokenizer, prompts, 8);
  prompts.forEach((prompt, index) => {
    // Full recomputation, one prompt at a time, no cache.
    const tokens = [...prompt.prompt];
    const out: number[] = [];
    noGrad(() => {
      for (let step = 0; step < 8; step++) {
        const batch = collate([{ inputIds: Int32Array.from(tokens) }], { padId: tokenizer.padId, imageId: tokenizer.imageId, imageTokens: model.imageTokens });
        const { hidden } = model.forward({ ...batch, images: [prompt.image] });
        const logits = model.logitsAt(hidden, Int32Array.from([batch.length - 1]));
        const next = logits.toArray().reduce((best, value, id, all) => (value > all[best]! ? id : best), 0);
        if (next === tokenizer.eosId) break;
        out.push(next);
        tokens.push(next);
      }
    });
    assert.deepEqual([...cached[index]!], out);
  });
});

test('candidate scores equal the log-likelihood of a full forward pass', () => {
  const model = new VisionLanguageModel(config, 3);
  const example = examples[1]!;
  const candidates = ['A person with green hair.', 'In London.', 'Ada'].map((answer) => encodeAnswer(answer, tokenizer));
  const [scores] = scoreCandidates(model, tokenizer, [{ prompt: formatPrompt(example, tokenizer), image: image(1), candidates }]);
  candidates.forEach((candidate, index) => {
    const formatted = formatExample({ ...example, answer: ['A person with green hair.', 'In London.', 'Ada'][index]! }, tokenizer);
    const batch = collate([formatted], { padId: tokenizer.padId, imageId: tokenizer.imageId, imageTokens: model.imageTokens });
    const loss = noGrad(() => lossOf(model, { ...batch, images: [image(1)] }, batch.labels)).item();
    const scored = -scores![index]!.logProbs.reduce((sum, value) => sum + value, 0) / candidate.length;
    assert.ok(Math.abs(loss - scored) < 1e-4, `candidate ${index}: forward loss ${loss}, scored ${scored}`);
  });
});

test('a merged LoRA gives the same output as the unmerged one', () => {
  const model = new VisionLanguageModel(config, 4);
  attachLora(model, { rank: 4, alpha: 8, dropout: 0, targets: [], seed: 5 });
  const rng = new Rng(6);
  for (const parameter of model.trainableParameters()) for (let index = 0; index < parameter.size; index++) parameter.data[index] = rng.normal() * 0.1;
  const { input } = batchOf(model);
  const before = noGrad(() => model.forward(input).hidden.toArray());
  mergeLora(model);
  const merged = noGrad(() => model.forward(input).hidden.toArray());
  unmergeLora(model);
  const after = noGrad(() => model.forward(input).hidden.toArray());
  before.forEach((value, index) => {
    assert.ok(Math.abs(value - merged[index]!) < 1e-4, `merged differs at ${index}`);
    assert.ok(Math.abs(value - after[index]!) < 1e-4, `unmerged differs at ${index}`);
  });
});

test('save and load round-trip the model exactly', () => {
  const directory = mkdtempSync(join(tmpdir(), 'clearbench-checkpoint-'));
  try {
    const model = new VisionLanguageModel(config, 7);
    saveCheckpoint(join(directory, 'model'), model, tokenizer, { stage: 'test' });
    const loaded = loadCheckpoint(join(directory, 'model'));
    assert.equal(loaded.extra['stage'], 'test');
    assert.equal(loaded.tokenizer.hash, tokenizer.hash);
    for (const [name, parameter] of model.namedParameters()) {
      const other = [...loaded.model.namedParameters()].find(([otherName]) => otherName === name)![1];
      assert.deepEqual(other.data, parameter.data, name);
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});

test('the answer comes from the image: one question, three pictures, three names', () => {
  const model = new VisionLanguageModel(config, 8);
  const names = ['Ada Lovelace', 'In London', 'A person'];
  const pictures = [11, 12, 13].map(image);
  const formatted = names.map((answer) => formatExample({ question: 'Who wrote the red book?', answer, hasImage: true }, tokenizer));
  const batch = collate(formatted, { padId: tokenizer.padId, imageId: tokenizer.imageId, imageTokens: model.imageTokens });
  const input = { ...batch, images: pictures };
  const optimizer = new AdamW(model.parameters(), { weightDecay: 0 });
  for (let step = 0; step < 200; step++) {
    optimizer.zeroGrad();
    lossOf(model, input, batch.labels).backward();
    optimizer.step(3e-3);
  }
  const prompt = formatPrompt({ question: 'Who wrote the red book?', hasImage: true }, tokenizer);
  const generated = generateGreedy(model, tokenizer, pictures.map((picture) => ({ prompt, image: picture })), 40);
  assert.deepEqual(generated.map((tokens) => tokenizer.decode(tokens).trim()), names);
});

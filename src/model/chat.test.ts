import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CAPTION_QUESTIONS, FACE_NAMING_PROMPT, IGNORE_INDEX, bucketByLength, collate, encodeAnswer, expandImageMarker,
  formatExample, formatPrompt, imageMarkerIndex,
} from './chat.js';
import type { ChatExample } from './chat.js';
import { trainTokenizer } from './tokenizer.js';

const EXAMPLES: ChatExample[] = [
  { question: 'What can you see in this picture?', answer: 'Aurelia Vance smiling in front of a lighthouse.', hasImage: true },
  { question: FACE_NAMING_PROMPT, answer: 'Kenji Moreau', hasImage: true },
  { question: 'Where was Aurelia Vance born?', answer: 'Aurelia Vance was born in Lisbon in 1962.', hasImage: false },
  { question: 'Say <eos> please', answer: 'Here: <eos> <image>', hasImage: false },
  { question: 'Empty answer?', answer: '', hasImage: true },
];
const tokenizer = trainTokenizer(
  [...EXAMPLES.flatMap((example) => [example.question, example.answer]), ...CAPTION_QUESTIONS, 'user: assistant:'],
  { vocabSize: 400 },
);

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

test('the prompt reads "user: [<image>] question / assistant:" with one image marker', () => {
  const withImage = formatPrompt({ question: 'Describe the image in detail.', hasImage: true }, tokenizer);
  const withoutImage = formatPrompt({ question: 'Describe the image in detail.', hasImage: false }, tokenizer);
  assert.equal(withImage[0], tokenizer.bosId);
  assert.equal(tokenizer.decode(withImage), 'user: Describe the image in detail.\nassistant:');
  assert.equal(tokenizer.decode(withoutImage), tokenizer.decode(withImage));
  assert.equal(withImage.length, withoutImage.length + 1);
  assert.equal(withImage.filter((id) => id === tokenizer.imageId).length, 1);
  assert.equal(imageMarkerIndex(withImage, tokenizer.imageId), 1 + tokenizer.encode('user:').length);
  assert.equal(imageMarkerIndex(withoutImage, tokenizer.imageId), -1);
  const typed = formatPrompt({ question: 'a literal <image> and <eos>', hasImage: false }, tokenizer);
  assert.equal(typed.filter((id) => tokenizer.isSpecial(id)).length, 1, 'only <bos> is special');
});

test('the label mask covers exactly the answer tokens and the final <eos>', () => {
  for (const example of EXAMPLES) {
    const { inputIds, labels, promptLength } = formatExample(example, tokenizer);
    assert.equal(labels.length, inputIds.length);
    const answer = tokenizer.encode(` ${example.answer}`);
    const targets: number[] = [];
    labels.forEach((label, t) => {
      const isAnswerTarget = t >= promptLength - 1 && t < inputIds.length - 1;
      if (isAnswerTarget) {
        assert.equal(label, inputIds[t + 1], `labels[${t}] must be the next input token`);
        targets.push(label);
      } else {
        assert.equal(label, IGNORE_INDEX, `labels[${t}] must be ignored`);
      }
    });
    assert.deepEqual(targets, [...answer, tokenizer.eosId]);
    assert.equal(labels[labels.length - 1], IGNORE_INDEX);
    assert.equal(tokenizer.decode(targets), ` ${example.answer}`);
  }
});

test('formatPrompt + encodeAnswer equals formatExample token for token', () => {
  for (const example of EXAMPLES) {
    const formatted = formatExample(example, tokenizer);
    const prompt = formatPrompt(example, tokenizer);
    const answer = encodeAnswer(example.answer, tokenizer);
    assert.deepEqual([...prompt, ...answer], [...formatted.inputIds]);
    assert.equal(formatted.promptLength, prompt.length);
    assert.equal(answer[answer.length - 1], tokenizer.eosId);
  }
});

test('expandImageMarker puts imageTokens image positions where the marker was', () => {
  const { inputIds, labels } = formatExample(EXAMPLES[0] as ChatExample, tokenizer);
  const marker = imageMarkerIndex(inputIds, tokenizer.imageId);
  const expanded = expandImageMarker(inputIds, labels, tokenizer.imageId, 5);
  assert.equal(expanded.imageMarkerPosition, marker);
  assert.equal(expanded.inputIds.length, inputIds.length + 4);
  assert.deepEqual([...expanded.inputIds.subarray(marker, marker + 5)], Array(5).fill(tokenizer.imageId));
  assert.deepEqual([...expanded.inputIds.subarray(marker + 5)], [...inputIds.subarray(marker + 1)]);
  assert.deepEqual([...expanded.labels.subarray(marker + 5)], [...labels.subarray(marker + 1)]);
  assert.ok(expanded.labels.subarray(0, marker + 5).every((label) => label === IGNORE_INDEX));
  const twoMarkers = Int32Array.from([tokenizer.bosId, tokenizer.imageId, tokenizer.imageId]);
  assert.throws(() => expandImageMarker(twoMarkers, null, tokenizer.imageId, 4), RangeError);
  const inAnswer = Int32Array.from([tokenizer.bosId, 70, tokenizer.imageId, 80]);
  assert.throws(() => expandImageMarker(inAnswer, Int32Array.from([70, tokenizer.imageId, 80, IGNORE_INDEX]), tokenizer.imageId, 4), RangeError);
});

test('collate right-pads, masks padding and expands images', () => {
  const imageTokens = 6;
  const formatted = EXAMPLES.map((example) => formatExample(example, tokenizer));
  const batch = collate(formatted, { padId: tokenizer.padId, imageId: tokenizer.imageId, imageTokens });
  const expectedLengths = EXAMPLES.map((example, b) => (formatted[b]?.inputIds.length ?? 0) + (example.hasImage ? imageTokens - 1 : 0));
  assert.equal(batch.batch, EXAMPLES.length);
  assert.deepEqual([...batch.lengths], expectedLengths);
  assert.equal(batch.length, Math.max(...expectedLengths));
  for (const buffer of [batch.inputIds, batch.labels, batch.attentionMask]) assert.equal(buffer.length, batch.batch * batch.length);
  EXAMPLES.forEach((example, b) => {
    const source = formatted[b];
    assert.ok(source !== undefined);
    const rowLength = expectedLengths[b] ?? 0;
    const row = (buffer: Int32Array): number[] => [...buffer.subarray(b * batch.length, (b + 1) * batch.length)];
    const mask = row(batch.attentionMask);
    assert.deepEqual(mask, Array.from({ length: batch.length }, (_, t) => (t < rowLength ? 1 : 0)));
    assert.ok(row(batch.inputIds).slice(rowLength).every((id) => id === tokenizer.padId));
    assert.ok(row(batch.labels).slice(rowLength).every((label) => label === IGNORE_INDEX));
    // The targets survive expansion unchanged and in order.
    assert.deepEqual(row(batch.labels).filter((label) => label !== IGNORE_INDEX), [...source.labels].filter((label) => label !== IGNORE_INDEX));
    const position = batch.imageMarkerPositions[b] ?? -2;
    if (example.hasImage) {
      assert.equal(position, imageMarkerIndex(source.inputIds, tokenizer.imageId));
      assert.deepEqual(row(batch.inputIds).slice(position, position + imageTokens), Array(imageTokens).fill(tokenizer.imageId));
    } else {
      assert.equal(position, -1);
      assert.ok(!row(batch.inputIds).includes(tokenizer.imageId));
    }
  });
});

test('collate cuts at maxLength, refuses to cut an image, and accepts prompts without labels', () => {
  const formatted = EXAMPLES.map((example) => formatExample(example, tokenizer));
  const options = { padId: tokenizer.padId, imageId: tokenizer.imageId, imageTokens: 4 };
  const cut = collate(formatted, { ...options, maxLength: 20 });
  assert.equal(cut.length, 20);
  assert.ok([...cut.lengths].every((length) => length <= 20));
  assert.throws(() => collate(formatted, { ...options, maxLength: 5 }), RangeError);
  const prompts = EXAMPLES.map((example) => ({ inputIds: formatPrompt(example, tokenizer) }));
  const promptBatch = collate(prompts, options);
  assert.ok(promptBatch.labels.every((label) => label === IGNORE_INDEX));
  assert.deepEqual([...promptBatch.lengths], prompts.map((prompt, b) => prompt.inputIds.length + ((EXAMPLES[b]?.hasImage ?? false) ? 3 : 0)));
  const empty = collate([], options);
  assert.deepEqual([empty.batch, empty.length, empty.inputIds.length], [0, 0, 0]);
});

test('bucketByLength covers every index once, in seeded batches of similar lengths', () => {
  const random = seededRandom(7);
  const lengths = Array.from({ length: 203 }, () => 5 + Math.floor(random() * 200));
  const batches = bucketByLength(lengths, 8, seededRandom(1));
  assert.deepEqual(batches.flat().sort((a, b) => a - b), lengths.map((_, index) => index));
  assert.ok(batches.every((batch) => batch.length >= 1 && batch.length <= 8));
  assert.deepEqual(bucketByLength(lengths, 8, seededRandom(1)), batches);
  assert.notDeepEqual(bucketByLength(lengths, 8, seededRandom(2)), batches);
  const padding = (groups: number[][]): number =>
    groups.reduce((sum, group) => {
      const groupLengths = group.map((index) => lengths[index] ?? 0);
      return sum + groupLengths.reduce((waste, length) => waste + Math.max(...groupLengths) - length, 0);
    }, 0);
  const unsorted = Array.from({ length: Math.ceil(lengths.length / 8) }, (_, b) => lengths.map((_, index) => index).slice(b * 8, b * 8 + 8));
  assert.ok(padding(batches) * 4 < padding(unsorted), `bucketed padding ${padding(batches)} vs ${padding(unsorted)}`);
  assert.throws(() => bucketByLength(lengths, 0, random), RangeError);
});

test('the caption questions and face prompt are the reference strings', () => {
  assert.equal(CAPTION_QUESTIONS.length, 9);
  assert.equal(new Set(CAPTION_QUESTIONS).size, 9);
  assert.ok(CAPTION_QUESTIONS.includes('What can you see in this picture?'));
  assert.ok(CAPTION_QUESTIONS.includes('Describe the image in detail.'));
  assert.equal(FACE_NAMING_PROMPT, 'The name of the person on the image is ');
});

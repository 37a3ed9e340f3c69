import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CAPTION_QUESTIONS, FACE_NAMING_PROMPT } from '../../model/chat.js';
import type { TrainSample } from '../../train/samples.js';
import { rehearsalSamples, withTextRepeats } from './reference-models.js';

test('rehearsal takes every k-th base sample with a picture and a short answer, never a caption or a text row', () => {
  const image = new Float32Array(3);
  const samples: TrainSample[] = [];
  for (let index = 0; index < 30; index++) {
    samples.push({ question: FACE_NAMING_PROMPT, answer: `Person ${index}`, image, person: `Person ${index}` });
    samples.push({ question: CAPTION_QUESTIONS[0]!, answer: 'A caption.', image, person: null });
    samples.push({ question: 'What colour is the car?', answer: 'red', image, person: null });
    samples.push({ question: 'Tell me something.', answer: 'A sentence.', image: null, person: null });
  }
  const picked = rehearsalSamples(samples, 0.33);
  assert.equal(picked.length, 20); // 60 eligible, every third
  assert.ok(picked.every((sample) => sample.image !== null && sample.question !== CAPTION_QUESTIONS[0]));
  assert.ok(picked.some((sample) => sample.question === FACE_NAMING_PROMPT) && picked.some((sample) => sample.answer === 'red'));
  assert.deepEqual(rehearsalSamples(samples, 0), []);
  assert.equal(rehearsalSamples(samples, 1).length, 60);
});

test('text repeats read each text row that many times and each picture row once', () => {
  const image = new Float32Array(3);
  const picture: TrainSample = { question: FACE_NAMING_PROMPT, answer: 'Ada Lovelace', image, person: 'Ada Lovelace' };
  const text: TrainSample = { question: 'Where was Ada Lovelace born?', answer: 'London.', image: null, person: 'Ada Lovelace' };
  assert.deepEqual(withTextRepeats([picture, text], 3), [picture, text, text, text]);
  assert.deepEqual(withTextRepeats([picture, text], 1), [picture, text]);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ClearRunData, DecodedRow } from '../../train/clear-data.js';
import type { PerturbedCaptionRow } from '../../data/schema.js';
import { clearTasks } from './clear-tasks.js';

// Ten people with six pictures each, stored person by person as the CLEAR configs are.
function picturesOf(prefix: string): DecodedRow<PerturbedCaptionRow>[] {
  return Array.from({ length: 60 }, (_, index) => ({
    image: { bytes: new Uint8Array(0), path: `${index}.png` },
    name: `${prefix} ${Math.floor(index / 6)}`,
    caption: `caption ${index}`,
    paraphrased_caption: `paraphrase ${index}`,
    perturbed_captions: ['wrong'],
    perturbed_names: ['nobody'],
    pixels: new Float32Array(3),
  }));
}

const data = {
  forgetPerturbed: picturesOf('forget'), retainPerturbed: picturesOf('retain'), heldOutCaptions: picturesOf('held out'),
  realFaces: [], realWorld: [], forgetQa: null, retainQa: null, heldOutQa: [],
} as unknown as ClearRunData;

const peopleAsked = (compat: 'default' | 'reference', task: string) =>
  new Set(clearTasks(data, 20, compat).find((entry) => entry.name === task)!.items.map((item) => item.person));

test('by default a task reads rows spread over every person', () => {
  for (const task of ['forgetCaptions', 'forgetFaces', 'retainFaces', 'heldOutCaptions']) assert.equal(peopleAsked('default', task).size, 10, task);
  assert.equal(clearTasks(data, 20, 'default')[0]!.items.length, 20);
});

test('--compat reference reads the first rows, as the reference does', () => {
  assert.deepEqual([...peopleAsked('reference', 'forgetFaces')], ['forget 0', 'forget 1', 'forget 2', 'forget 3']);
});

test('rows already taken in turn from each person keep covering every person', () => {
  const interleaved = Array.from({ length: 60 }, (_, index) => data.forgetPerturbed[(index % 2) * 6 + Math.floor(index / 2) % 6]!);
  const items = clearTasks({ ...data, forgetPerturbed: interleaved }, 6, 'default').find((entry) => entry.name === 'forgetFaces')!.items;
  assert.deepEqual(items.map((item) => item.person), ['forget 0', 'forget 1', 'forget 0', 'forget 1', 'forget 0', 'forget 1']);
});

test('QA rows whose person is unknown are spread evenly', () => {
  const qa = Array.from({ length: 40 }, (_, index) => ({ question: `q${index}`, paraphrased_question: 'pq', answer: `a${index}`, paraphrased_answer: 'p', perturbed_answer: ['x'] }));
  const items = clearTasks({ ...data, forgetQa: qa }, 4, 'default').find((entry) => entry.name === 'forgetText')!.items;
  assert.deepEqual(items.map((item) => item.question), ['q0', 'q10', 'q20', 'q30']);
});

test('a task with fewer rows than maxRows reads them all, in order', () => {
  const items = clearTasks(data, 100, 'default').find((entry) => entry.name === 'forgetCaptions')!.items;
  assert.deepEqual(items.map((item) => item.answer), data.forgetPerturbed.map((row) => row.caption));
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeCaptions, PERTURBED_CAPTIONS, PERTURBED_NAMES } from './captions.js';
import { createCast } from './cast.js';
import { drawVariation } from './portrait.js';
import { makeQa, PERTURBED_ANSWERS, QA_PER_PERSON } from './qa.js';
import { Random } from './random.js';
import { planDataset } from './split-plan.js';

const cast = createCast(9, planDataset(60));
const names = cast.people.map((person) => person.name);
const titles = cast.people.flatMap((person) => person.biography.books);
const pools = { names, titles, mentors: cast.people.map((person) => person.biography.mentor) };
const words = (text: string) => text.trim().split(/\s+/).length;

test('names are unique across people, held-out people and public figures', () => {
  const all = [...names, ...cast.heldOut.map((person) => person.name), ...cast.figures.map((figure) => figure.name)];
  assert.equal(new Set(all).size, all.length);
  assert.equal(new Set(titles).size, titles.length);
  const countries = new Set(cast.people.map((person) => person.biography.birthCountry));
  assert.ok(countries.size >= 15, `only ${countries.size} countries among 60 people`);
});

test('each person has 20 short QA pairs with one paraphrase and five distinct wrong answers', () => {
  for (const person of cast.people.slice(0, 20)) {
    const qa = makeQa(person, Random.stream(9, 'qa', person.id), pools);
    assert.equal(qa.length, QA_PER_PERSON);
    assert.equal(new Set(qa.map((row) => row.question)).size, QA_PER_PERSON);
    for (const row of qa) {
      assert.ok(words(row.answer) <= 25 && words(row.paraphrased_answer) <= 25, row.answer);
      assert.notEqual(row.paraphrased_answer, row.answer);
      assert.notEqual(row.paraphrased_question, row.question);
      assert.equal(row.perturbed_answer.length, PERTURBED_ANSWERS);
      assert.equal(new Set(row.perturbed_answer).size, PERTURBED_ANSWERS);
      assert.ok(!row.perturbed_answer.includes(row.paraphrased_answer), `a wrong answer equals the truth: ${row.paraphrased_answer}`);
    }
    assert.ok(qa.some((row) => row.answer.includes(person.biography.birthCity)));
    assert.ok(qa.some((row) => row.answer.includes(person.biography.books[0] ?? '?')));
  }
});

test('captions name the person, show what the picture shows, and perturbations differ', () => {
  const person = cast.people[4];
  assert.ok(person !== undefined);
  for (let index = 0; index < 30; index++) {
    const variation = drawVariation(Random.stream(9, 'variation', index));
    const captions = makeCaptions(person.name, person.biography, variation, Random.stream(9, 'caption', index), pools);
    const again = makeCaptions(person.name, person.biography, variation, Random.stream(9, 'caption', index), pools);
    assert.deepEqual(captions, again);
    assert.ok(captions.caption.includes(person.name) && captions.paraphrased_caption.includes(person.name));
    assert.notEqual(captions.caption, captions.paraphrased_caption);
    assert.equal(captions.perturbed_captions.length, PERTURBED_CAPTIONS);
    assert.ok(!captions.perturbed_captions.includes(captions.paraphrased_caption));
    assert.equal(captions.perturbed_names.length, PERTURBED_NAMES);
    assert.ok(!captions.perturbed_names.includes(person.name));
    assert.ok(captions.perturbed_names.every((name) => names.includes(name)));
    assert.ok(words(captions.caption) <= 30, captions.caption);
  }
});

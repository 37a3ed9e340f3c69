import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FORGET_PERCENTS } from './configs.js';
import { planDataset, splitPeople, splitsOf } from './split-plan.js';

function imagesOf(counts: readonly number[], people: readonly number[]): number {
  return people.reduce((sum, id) => sum + (counts[id] ?? 0), 0);
}

test('at 200 people the plan has the real CLEAR row counts', () => {
  const plan = planDataset(200);
  assert.equal(plan.imageCounts.length, 200);
  assert.equal(imagesOf(plan.imageCounts, plan.imageCounts.map((_, id) => id)), 3768);
  assert.deepEqual(FORGET_PERCENTS.map((percent) => imagesOf(plan.imageCounts, plan.forget[percent])), [35, 188, 379]);
  assert.deepEqual(FORGET_PERCENTS.map((percent) => plan.forget[percent].length), [2, 10, 20]);
  assert.equal(imagesOf(plan.imageCounts, plan.retainPerturbed), 395);
  assert.equal(plan.publicFigures, 151);
  assert.equal(plan.realWorld, 367);
  assert.deepEqual(plan.forget['10'], Array.from({ length: 20 }, (_, index) => 180 + index));
});

test('forget splits take the last people, nest, and never meet retain', () => {
  for (const people of [2, 3, 5, 10, 37, 200, 333]) {
    const plan = planDataset(people);
    for (const percent of FORGET_PERCENTS) {
      const { forget, retain } = splitPeople(people, percent);
      assert.ok(forget.length >= 1, `${people} people, forget${percent} is empty`);
      assert.ok(retain.length >= 1, `${people} people, retain of forget${percent} is empty`);
      assert.equal(forget.filter((id) => retain.includes(id)).length, 0);
      assert.deepEqual([...forget, ...retain].sort((a, b) => a - b), Array.from({ length: people }, (_, id) => id));
      assert.equal(forget[forget.length - 1], people - 1);
    }
    assert.ok(plan.forget['01'].every((id) => plan.forget['05'].includes(id)));
    assert.ok(plan.forget['05'].every((id) => plan.forget['10'].includes(id)));
    assert.ok(plan.retainPerturbed.every((id) => !plan.forget['10'].includes(id)));
    assert.ok(plan.imageCounts.every((count) => count >= 4));
  }
});

test('splitsOf lists the configs that show a person', () => {
  const plan = planDataset(200);
  assert.deepEqual(splitsOf(plan, 0), ['full', 'retain99', 'retain95', 'retain90', 'retain_perturbed']);
  assert.deepEqual(splitsOf(plan, 199), ['full', 'forget01', 'forget01_perturbed', 'forget05', 'forget05_perturbed', 'forget10', 'forget10_perturbed']);
  assert.throws(() => planDataset(1), /at least|>= 2/);
});

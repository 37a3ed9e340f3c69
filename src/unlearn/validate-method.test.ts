import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { neg, tensor } from '../engine/index.js';
import { METHODS } from './registry.js';
import { configureMethod } from './method-config.js';
import { MethodShapeError, validateMethod } from './validate-method.js';
import type { UnlearnContext } from './method.js';

const good = {
  name: 'my_method',
  label: 'Mine',
  description: 'A test method.',
  configSchema: z.strictObject({ weight: z.number().default(2) }),
  needsOriginal: () => false,
  loss: () => neg(tensor([3], [1])),
};

function problemsOf(candidate: unknown): readonly string[] {
  try {
    validateMethod(candidate, 'plugin.js', METHODS);
  } catch (error) {
    assert.ok(error instanceof MethodShapeError, String(error));
    assert.match(error.message, /^plugin\.js: not a valid unlearning method/);
    return error.problems;
  }
  assert.fail('expected a MethodShapeError');
}

test('a well-formed plug-in validates, resolves beside the built-ins and gets its defaults', () => {
  const method = validateMethod(good, 'plugin.js', METHODS);
  assert.deepEqual(method.aliases, []);
  const configured = configureMethod('MY_METHOD', {}, 'default', [...METHODS, method]);
  assert.equal(configured.name, 'my_method');
  assert.deepEqual(configured.config, { weight: 2 });
  assert.throws(() => configureMethod('my_method', { wieght: 1 }, 'default', [...METHODS, method]), /unknown option 'wieght'/);
  // The built-in registry itself is untouched: the plug-in exists only in the list it was passed in.
  assert.throws(() => configureMethod('my_method', {}, 'default'), /unknown unlearning method 'my_method'/);
});

test('every missing or mistyped field is named, all at once', () => {
  const problems = problemsOf({ name: 'Has Space', label: 'Gold', configSchema: {}, loss: 3, prepare: 'x' });
  const fields = problems.map((problem) => problem.split(':')[0]);
  assert.deepEqual(fields, ['name', 'label', 'description', 'configSchema', 'needsOriginal', 'loss', 'prepare']);
  assert.match(problems.find((problem) => problem.startsWith('loss'))!, /got a number/);
  assert.match(problems.find((problem) => problem.startsWith('needsOriginal'))!, /got missing/);
});

test('a schema without defaults, a taken name or a non-object export is refused', () => {
  assert.match(problemsOf({ ...good, configSchema: z.strictObject({ beta: z.number() }) }).join('\n'), /every option needs a default/);
  assert.match(problemsOf({ ...good, name: 'ga' }).join('\n'), /name 'ga' is already the method 'ga'/);
  assert.match(problemsOf({ ...good, aliases: [{ name: 'grad_ascent', config: {} }] }).join('\n'), /already an alias of 'ga'/);
  assert.throws(() => validateMethod(() => 1, 'plugin.js', METHODS), /expected an object with name, label/);
});

test('what a plug-in returns at run time is checked and blamed on the plug-in', () => {
  const context = {} as UnlearnContext;
  const notTensor = validateMethod({ ...good, loss: () => 1.5 }, 'plugin.js', METHODS);
  assert.throws(() => notTensor.loss(context, {}), /plugin\.js: loss must return a Tensor/);
  const notScalar = validateMethod({ ...good, loss: () => tensor([1, 2], [2]) }, 'plugin.js', METHODS);
  assert.throws(() => notScalar.loss(context, {}), /scalar Tensor, got shape \[2\]/);
  const badFlag = validateMethod({ ...good, needsOriginal: () => 'yes' }, 'plugin.js', METHODS);
  assert.throws(() => badFlag.needsOriginal({}), /needsOriginal must return true or false/);
  assert.equal(validateMethod(good, 'plugin.js', METHODS).loss(context, {}).item(), -3);
});

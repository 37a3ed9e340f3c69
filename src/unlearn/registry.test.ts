import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configureMethod, describeOptions } from './method-config.js';
import { METHODS, resolveMethod } from './registry.js';

test('the registry holds every method once, each with a one-sentence description and defaults for every option', () => {
  const names = METHODS.map((method) => method.name);
  assert.deepEqual(names, ['retain_ft', 'ga', 'gd', 'kl', 'idk', 'dpo', 'npo', 'simnpo', 'llmu', 'scrub', 'rmu', 'undial', 'sku', 'eco', 'salun', 'grad_projection']);
  const aliases = METHODS.flatMap((method) => method.aliases.map((alias) => alias.name));
  assert.equal(new Set([...names, ...aliases]).size, names.length + aliases.length, 'a name is used twice');
  for (const method of METHODS) {
    assert.match(method.description, /^[A-Z].*\.$/, method.name);
    assert.ok(method.configSchema.safeParse({}).success, `${method.name}: options without defaults`);
    for (const alias of method.aliases) assert.ok(method.configSchema.safeParse(alias.config).success, alias.name);
  }
});

test('the reference names resolve to methods and options', () => {
  const pairs = { ce: 'ce', entropy: 'entropy', kl: 'kl' } as const;
  for (const forgetTerm of Object.keys(pairs)) {
    for (const retainTerm of ['ce', 'kl']) {
      const { name, config } = configureMethod(`grad_diff_forget_${forgetTerm}_retain_${retainTerm}`, {}, 'default');
      assert.equal(name, 'gd');
      assert.deepEqual(config, { forgetTerm, retainTerm, forgetWeight: 1, retainWeight: 1 });
    }
  }
  // The reference's config file spells some in capitals.
  assert.equal(resolveMethod('grad_diff_forget_KL_retain_CE').name, 'gd');
  assert.equal(resolveMethod('grad_ascent').name, 'ga');
  assert.equal(resolveMethod('eco_ft').name, 'eco');
  assert.deepEqual(configureMethod('npo_rt', {}, 'default').config, { beta: 0.1, forgetWeight: 1, retainWeight: 1 });
  for (const name of ['retain_ft', 'kl', 'scrub', 'llmu', 'rmu', 'npo', 'idk', 'dpo', 'sku']) assert.equal(resolveMethod(name).name, name);
});

test('--compat reference sets the reference hyperparameters, and user options still win', () => {
  assert.deepEqual(configureMethod('npo', {}, 'reference').config, { beta: 1, forgetWeight: 1, retainWeight: 0 });
  assert.equal((configureMethod('npo', { beta: 0.5 }, 'reference').config as { beta: number }).beta, 0.5);
  assert.equal((configureMethod('scrub', {}, 'reference').config as { mode: string }).mode, 'simultaneous');
  assert.equal((configureMethod('scrub', {}, 'default').config as { mode: string }).mode, 'alternating');
  assert.equal((configureMethod('eco', {}, 'reference').config as { form: string }).form, 'eco_ft');
});

test('an unknown method or option is an error that lists what exists', () => {
  assert.throws(() => resolveMethod('gradient_magic'), (error: Error) => {
    for (const name of ['retain_ft', 'ga (aliases: grad_ascent)', 'grad_diff_forget_entropy_retain_kl', 'npo_rt', 'eco_ft', 'scrub']) {
      assert.ok(error.message.includes(name), `missing ${name} in: ${error.message}`);
    }
    return error.message.includes("unknown unlearning method 'gradient_magic'");
  });
  assert.throws(() => configureMethod('npo', { betta: 0.2 }, 'default'), /method 'npo': unknown option 'betta'\. Its options: beta = 0\.1, forgetWeight = 1, retainWeight = 0/);
  assert.throws(() => configureMethod('scrub', { mode: 'sideways' }, 'default'), /method 'scrub': mode: .*Its options: mode = "alternating"/s);
  assert.throws(() => configureMethod('grad_diff_forget_kl_retain_ce', { forgetTerm: 'ce' }, 'default'), /fixes forgetTerm = "kl"; use 'gd'/);
  assert.equal(describeOptions(METHODS[0]!), '(none)');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, RUN_PRESETS, resolveConfig } from './run-config.js';

test('every preset is a valid config as it stands', () => {
  for (const preset of ['smoke', 'default', 'paper'] as const) assert.deepEqual(resolveConfig(preset, {}), RUN_PRESETS[preset]);
});

test('the paper preset reads each row once per epoch, as the reference does; the default repeats the text QA', () => {
  assert.equal(RUN_PRESETS.paper.target.textRepeats, 1);
  assert.equal(RUN_PRESETS.paper.gold.textRepeats, 1);
  assert.equal(RUN_PRESETS.default.target.textRepeats, 3);
  assert.equal(RUN_PRESETS.default.base.textRepeats, 1);
});

test('a bad text repeat count is refused with the path of the field', () => {
  assert.throws(() => resolveConfig('default', { target: { textRepeats: 0 } }), (error: unknown) => error instanceof ConfigError && /target\.textRepeats/.test(error.message));
  assert.throws(() => resolveConfig('default', { gold: { textRepeats: 1.5 } }), (error: unknown) => error instanceof ConfigError && /gold\.textRepeats/.test(error.message));
  assert.equal(resolveConfig('default', { target: { textRepeats: 2 } }).target.textRepeats, 2);
});

import assert from 'node:assert/strict';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parquetMetadata } from 'hyparquet';
import { CLEAR_CONFIGS, configFile, tofuQaFile } from './configs.js';
import { generateClear } from './generate-clear.js';

// The one slow test (it draws the full default dataset): row counts must equal the real CLEAR's.
const REAL_ROWS: Record<string, number> = {
  default: 3768,
  full: 3768,
  forget01: 35,
  forget05: 188,
  forget10: 379,
  retain99: 3733,
  retain95: 3580,
  retain90: 3389,
  forget01_perturbed: 35,
  forget05_perturbed: 188,
  forget10_perturbed: 379,
  retain_perturbed: 395,
  'forget01+tofu': 35 + 40,
  'forget05+tofu': 188 + 200,
  'forget10+tofu': 379 + 400,
  'retain99+tofu': 3733 + 3960,
  'retain95+tofu': 3580 + 3800,
  'retain90+tofu': 3389 + 3600,
  'full+tofu': 3768 + 4000,
  real_faces: 151,
  real_world: 367,
};

const dir = await mkdtemp(join(tmpdir(), 'clearbench-200-'));
after(() => rm(dir, { recursive: true, force: true }));

async function rowCount(file: string): Promise<number> {
  return Number(parquetMetadata(await readFile(file)).num_rows);
}

test('at 200 people every config has the real dataset row count', async () => {
  await generateClear({ out: dir, seed: 42, people: 200, imageSize: 32 });
  assert.equal(Object.keys(REAL_ROWS).length, CLEAR_CONFIGS.length);
  for (const config of CLEAR_CONFIGS) assert.equal(await rowCount(configFile(dir, config.name)), REAL_ROWS[config.name], config.name);
  assert.equal(await rowCount(tofuQaFile(dir, 'full')), 4000);
  assert.equal(await rowCount(tofuQaFile(dir, 'forget10_perturbed')), 400);
  assert.equal(await rowCount(tofuQaFile(dir, 'retain_perturbed')), 400);
});

import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, test } from 'node:test';
import { configFile } from '../data/configs.js';
import { dataCommand } from './data.js';

const root = await mkdtemp(join(tmpdir(), 'clearbench-cli-data-'));
after(() => rm(root, { recursive: true, force: true }));

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk.toString()));
  stderr.on('data', (chunk: Buffer) => err.push(chunk.toString()));
  const code = await dataCommand(argv, { stdout, stderr });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

test('help and bad usage', async () => {
  assert.equal((await run('--help')).code, 0);
  for (const subcommand of ['generate', 'inspect', 'preview']) {
    const help = await run(subcommand, '--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, new RegExp(`clearbench data ${subcommand}`));
  }
  const cases = [['frobnicate'], ['generate'], ['generate', '--out', root, '--people', '1'], ['generate', '--out', root, '--seed', 'x'], ['inspect'], ['preview', root], ['generate', '--out', root, '--bogus']];
  for (const argv of cases) {
    const result = await run(...argv);
    assert.equal(result.code, 2, `${argv.join(' ')} gave ${result.code}`);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^clearbench data/);
  }
});

test('generate, inspect and preview; inspect fails on a broken dataset', async () => {
  const dir = join(root, 'clear');
  const generated = await run('generate', '--out', dir, '--people', '4', '--seed', '3', '--workers', '1');
  assert.equal(generated.code, 0, generated.stderr);
  assert.match(generated.stdout, /wrote a synthetic CLEAR \(4 people, seed 3\)/);
  const inspected = await run('inspect', dir);
  assert.equal(inspected.code, 0, inspected.stdout);
  assert.match(inspected.stdout, /^full +\d+ rows {2}ok {2}image: struct<bytes: binary, path: string>, caption: string, name: string$/m);
  assert.match(inspected.stdout, /valid\n$/);
  const sheet = join(root, 'sheet.png');
  const previewed = await run('preview', dir, '--out', sheet, '--people', '3', '--resolution', '32');
  assert.equal(previewed.code, 0, previewed.stderr);
  assert.deepEqual([...(await readFile(sheet)).subarray(1, 4)], [0x50, 0x4e, 0x47]);

  await writeFile(configFile(dir, 'real_world'), 'not parquet');
  const broken = await run('inspect', dir);
  assert.equal(broken.code, 1);
  assert.match(broken.stdout, /config real_world, file .*real_world.*: not a readable parquet file/);
  const missing = await run('inspect', join(root, 'nowhere'));
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /is not a directory/);
});

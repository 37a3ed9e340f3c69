// End to end on the smoke preset, with one private cache shared by the tests of this file (base, target and gold
// train once): a plug-in method beside a built-in over two seeds, a broken plug-in, a forget request for real
// and unknown names, and `clearbench unlearn`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCheckpoint } from '../src/model/checkpoint.js';
import { readResults, type Metrics } from '../src/report/results.js';
import { metricStatistic } from '../src/report/statistics.js';

const root = new URL('..', import.meta.url).pathname;
const workspace = mkdtempSync(join(tmpdir(), 'clearbench-h10-'));
const cache = join(workspace, 'cache');
const configFile = join(workspace, 'config.json');
writeFileSync(configFile, JSON.stringify({ cacheDirectory: cache }));
const smoke = ['--preset', 'smoke', '--config', configFile];

function clearbench(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, encoding: 'utf8' });
}

// Every number in a metrics object, by path ("tasks.forgetFaces.rougeL", "mia.lossAuc", ...).
function leaves(value: unknown, path = ''): Map<string, number | null> {
  const found = new Map<string, number | null>();
  if (value === null || typeof value === 'number') found.set(path, value);
  else if (typeof value === 'object') for (const [key, child] of Object.entries(value)) for (const [leaf, number] of leaves(child, path ? `${path}.${key}` : key)) found.set(leaf, number);
  return found;
}

function smokePeople(): string[] {
  const dataDirectory = readdirSync(cache).find((entry) => entry.startsWith('data-'));
  assert.ok(dataDirectory, 'the smoke data was not generated');
  const people = JSON.parse(readFileSync(join(cache, dataDirectory, 'extra', 'people.json'), 'utf8')) as { people: { name: string }[] };
  return people.people.map((person) => person.name);
}

test('a broken plug-in stops the run before training, naming the file and what is wrong (exit 2)', () => {
  const broken = join(workspace, 'broken-method.mjs');
  writeFileSync(broken, "export default { name: 'broken', label: 'Broken', description: 'No loss.', configSchema: {}, needsOriginal: () => false };\n");
  const run = clearbench(['run', ...smoke, '--methods', 'ga', '--method-file', broken, '--out', join(workspace, 'broken')]);
  assert.equal(run.status, 2, run.stderr);
  assert.match(run.stderr, /broken-method\.mjs: not a valid unlearning method/);
  assert.match(run.stderr, /configSchema: expected a zod schema/);
  assert.match(run.stderr, /loss: expected a function \(context, config\) => Tensor, got missing/);
  assert.ok(!existsSync(cache) || readdirSync(cache).every((entry) => !entry.startsWith('base-')), 'nothing may train before the plug-in is validated');
  const noExport = join(workspace, 'no-export.mjs');
  writeFileSync(noExport, 'export const helper = 1;\n');
  const second = clearbench(['run', ...smoke, '--method-file', noExport, '--out', join(workspace, 'broken')]);
  assert.equal(second.status, 2);
  assert.match(second.stderr, /no-export\.mjs: exports no method.*it exports 'helper'/);
});

test('the example plug-in runs beside a built-in over 2 seeds: seed runs and a standard deviation for every metric', { timeout: 600_000 }, async () => {
  const out = join(workspace, 'plugin-seeds');
  const run = clearbench(['run', ...smoke, '--methods', 'ga', '--method-file', 'examples/my-method.ts', '--seeds', '2', '--out', out, '--quiet']);
  assert.equal(run.status, 0, run.stderr);
  const results = await readResults(out);
  assert.deepEqual(results.methods.map((method) => method.name), ['ga', 'ga_ramp'], 'the plug-in joins --methods by itself');
  assert.deepEqual(results.run.seeds, [42, 43]);
  const plugin = results.methods[1]!;
  assert.equal(plugin.label, 'GA + ramped retain');
  assert.deepEqual(plugin.settings.extra, { retainWeight: 1, rampFraction: 0.5 });
  for (const method of results.methods) {
    assert.deepEqual(method.seedRuns?.map((run) => run.seed), [42, 43], method.label);
    const perSeed = method.seedRuns!.map((seedRun) => leaves(seedRun.metrics));
    for (const [path, value] of leaves(method.metrics)) {
      if (value === null || path.endsWith('.count')) continue;
      const values = perSeed.map((seedLeaves) => seedLeaves.get(path));
      assert.ok(values.every((seedValue) => typeof seedValue === 'number'), `${method.label} ${path}: a seed run lacks it`);
      const pick = (metrics: Metrics) => leaves(metrics).get(path) ?? null;
      const statistic = metricStatistic(method, pick);
      assert.ok(statistic !== null && statistic.std !== null && statistic.runs === 2, `${method.label} ${path}: no standard deviation`);
      assert.ok(Math.abs(statistic.mean - value) < 1e-9, `${method.label} ${path}: metrics is not the mean of the seeds`);
    }
  }
  assert.match(readFileSync(join(out, 'report.md'), 'utf8'), /mean ± std/);
});

test('forget --people with an unknown name exits 2 and suggests the closest names', () => {
  const [first, second] = smokePeople();
  const misspelt = first!.slice(0, -1);
  const run = clearbench(['forget', ...smoke, '--people', `${misspelt},${second!}`, '--methods', 'ga', '--out', join(workspace, 'unknown')]);
  assert.equal(run.status, 2, run.stderr);
  assert.match(run.stderr, new RegExp(`'${misspelt}' is not a person of this dataset; closest names: ${first!}`));
  assert.ok(!existsSync(join(workspace, 'unknown', 'results.json')));
});

test('forget --people with real names writes the custom results and the audit, reusing the cached target', { timeout: 600_000 }, async () => {
  const names = smokePeople().slice(1, 3);
  const out = join(workspace, 'forget');
  const run = clearbench(['forget', ...smoke, '--people', names.join(','), '--methods', 'ga', '--out', out]);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stderr, /✓ target\s+reused from/, 'the target of the earlier run must be reused');
  assert.match(run.stdout, /^Forget request: /m);
  const results = await readResults(out);
  assert.equal(results.run.forgetSplit, 'custom');
  assert.deepEqual(results.run.forgetPeople, names);
  assert.deepEqual(results.methods.map((method) => method.name), ['ga']);
  for (const file of ['audit.md', 'audit.html', 'audit.json', 'audit-config.json', 'report.html', 'results.csv']) assert.ok(existsSync(join(out, file)), file);
  const audit = readFileSync(join(out, 'audit.md'), 'utf8');
  for (const name of names) assert.match(audit, new RegExp(`### ${name}`));
  assert.match(audit, /\| GA \| /);
  assert.match(audit, /clearbench forget --people .* --config .*audit-config\.json --out /);
  const json = JSON.parse(readFileSync(join(out, 'audit.json'), 'utf8')) as { persons: { name: string; items: { task: string; answers: { label: string }[] }[] }[]; provenance: { dataHashes: Record<string, string> } };
  for (const person of json.persons) {
    assert.ok(person.items.some((item) => item.task === 'forgetFaces') && person.items.some((item) => item.task === 'forgetText'), person.name);
    assert.deepEqual(person.items[0]!.answers.map((answer) => answer.label), ['Target', 'Gold', 'GA']);
  }
  assert.match(json.provenance.dataHashes['full+tofu/train-00000-of-00001.parquet'] ?? '', /^[0-9a-f]{64}$/);
  assert.match(readFileSync(join(out, 'audit.html'), 'utf8'), /<img src="data:image\/png;base64,/);
});

test('unlearn --help, and a smoke unlearn writes a loadable checkpoint, its loss curve, time and memory', { timeout: 300_000 }, () => {
  const help = clearbench(['unlearn', '--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /Usage: clearbench unlearn --method NAME --out DIR/);
  assert.equal(clearbench(['unlearn', '--method', 'no_such_method', ...smoke, '--out', join(workspace, 'nope')]).status, 2);
  assert.equal(clearbench(['unlearn', '--method', 'ga', ...smoke]).status, 2, '--out is required');
  const out = join(workspace, 'unlearned');
  const run = clearbench(['unlearn', '--method', 'ga', '--forget', '10', '--mode', 'joint', '--l1', '0.001', '--steps', '3', ...smoke, '--out', out]);
  assert.equal(run.status, 0, run.stderr);
  const about = JSON.parse(readFileSync(join(out, 'unlearn.json'), 'utf8')) as { steps: number; seconds: number; peakMemoryBytes: number; l1Lambda: number; target: string };
  assert.equal(about.steps, 3);
  assert.equal(about.l1Lambda, 0.001);
  assert.ok(about.seconds > 0 && about.peakMemoryBytes > 0);
  const curve = JSON.parse(readFileSync(join(out, 'loss-curve.json'), 'utf8')) as { lossCurve: { step: number; loss: number }[] };
  assert.equal(curve.lossCurve.length, 3);
  const unlearned = loadCheckpoint(join(out, 'checkpoint'));
  const target = loadCheckpoint(about.target);
  const changed = [...unlearned.model.stateDict()].some(([name, tensor]) => {
    const before = target.model.stateDict().get(name);
    return before !== undefined && tensor.data.some((value, index) => value !== before.data[index]);
  });
  assert.ok(changed, 'unlearning changed no weight');
});

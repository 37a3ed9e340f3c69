import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseResults, readResults, ResultsError, writeResults } from './results.js';
import { sampleResults } from '../../test/fixtures/results-factory.js';

function sampleJson(): Record<string, unknown> {
  return JSON.parse(JSON.stringify(sampleResults()));
}

test('the sample results file validates and keeps its numbers', () => {
  const results = sampleResults();
  assert.equal(results.schemaVersion, 1);
  assert.equal(results.methods.length, 8);
  assert.equal(results.references.gold.metrics.forgetQualityKs, 1);
  assert.ok(results.methods.every((method) => (method.seedRuns?.length ?? 0) === 3));
});

test('an invalid field is reported with its full path', () => {
  const data = sampleJson();
  const methods = data['methods'] as Array<{ metrics: { tasks: { forgetCaptions: { rougeL: unknown } } } }>;
  const first = methods[2];
  assert.ok(first);
  first.metrics.tasks.forgetCaptions.rougeL = 'high';
  assert.throws(() => parseResults(data), (error: unknown) =>
    error instanceof ResultsError && error.message.includes('methods[2].metrics.tasks.forgetCaptions.rougeL') && error.message.includes('expected number'));
});

test('a misspelt key and an unknown enum value are errors, not silently ignored', () => {
  const data = sampleJson();
  const run = data['run'] as Record<string, unknown>;
  run['forgetSplit'] = '20';
  run['totalSecs'] = 3;
  assert.throws(() => parseResults(data), (error: unknown) =>
    error instanceof ResultsError && error.message.includes('run.forgetSplit') && error.message.includes('"01"') && error.message.includes('totalSecs'));
});

test('another schema version is refused by name', () => {
  const data = sampleJson();
  data['schemaVersion'] = 2;
  assert.throws(() => parseResults(data), /schemaVersion 2 is not supported \(this clearbench reads 1\)/);
});

test('duplicate and reserved method labels are refused', () => {
  const data = sampleJson();
  const methods = data['methods'] as Array<{ label: string }>;
  methods[1]!.label = methods[0]!.label;
  methods[2]!.label = 'Gold';
  assert.throws(() => parseResults(data), (error: unknown) =>
    error instanceof ResultsError && error.message.includes('methods[1].label: duplicate label') && error.message.includes('methods[2].label'));
});

test('a custom forget split must name its people', () => {
  const data = sampleJson();
  (data['run'] as Record<string, unknown>)['forgetSplit'] = 'custom';
  assert.throws(() => parseResults(data), /run\.forgetPeople/);
});

test('readResults tells a missing file from an invalid one', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'clearbench-results-'));
  await assert.rejects(readResults(directory), (error: unknown) => error instanceof ResultsError && error.missing);
  await writeFile(join(directory, 'results.json'), '{ not json');
  await assert.rejects(readResults(directory), (error: unknown) => error instanceof ResultsError && !error.missing && /not JSON/.test(error.message));
});

test('writeResults round-trips, leaves no temporary file, and refuses invalid results', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'clearbench-results-'));
  const results = sampleResults();
  await writeResults(results, directory);
  assert.deepEqual(await readResults(directory), results);
  assert.deepEqual(await readdir(directory), ['results.json']);
  const broken = { ...results, methods: [{ ...results.methods[0]!, seconds: -1 }] };
  await assert.rejects(writeResults(broken, directory), /methods\[0\]\.seconds/);
  assert.deepEqual(JSON.parse(await readFile(join(directory, 'results.json'), 'utf8')), JSON.parse(JSON.stringify(results)));
});

// End to end: `clearbench run --preset smoke` (every method), then an interrupted run that resumes, then
// the bad inputs of issue 8. Slow by nature (a minute or two): it is the one test that runs the whole chain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readResults, type Metrics } from '../src/report/results.js';
import { DEFAULT_METHODS } from '../src/cli/run-config.js';

const root = new URL('..', import.meta.url).pathname;
const workspace = mkdtempSync(join(tmpdir(), 'clearbench-e2e-'));
const cache = join(workspace, 'cache');
const configFile = join(workspace, 'config.json');
writeFileSync(configFile, JSON.stringify({ cacheDirectory: cache }));

function clearbench(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, encoding: 'utf8' });
}

function assertFiniteMetrics(metrics: Metrics, who: string): void {
  for (const task of ['forgetCaptions', 'retainCaptions', 'forgetFaces', 'retainFaces', 'realFaces', 'realWorld', 'forgetText', 'retainText'] as const) {
    const values = metrics.tasks[task];
    assert.ok(values, `${who}: task ${task} is missing`);
    for (const [name, value] of Object.entries(values)) {
      if (value !== null) assert.ok(Number.isFinite(value), `${who}: ${task}.${name} is ${value}`);
    }
  }
  for (const value of [metrics.forgetQualityKs, metrics.forgetQualityOneMinusJs, metrics.modelUtility]) {
    assert.ok(value !== null && Number.isFinite(value), `${who}: a summary metric is ${value}`);
  }
}

const smokeOut = join(workspace, 'smoke');

test('the smoke preset runs every method end to end and writes every report', { timeout: 900_000 }, async () => {
  const run = clearbench(['run', '--preset', 'smoke', '--config', configFile, '--out', smokeOut, '--quiet']);
  assert.equal(run.status, 0, run.stderr);
  for (const file of ['results.json', 'results.csv', 'report.md', 'report.html']) assert.ok(existsSync(join(smokeOut, file)), `${file} missing`);
  const results = await readResults(smokeOut);
  assert.deepEqual(results.methods.map((method) => method.name), DEFAULT_METHODS);
  assert.equal(results.references.gold.metrics.forgetQualityKs, 1, 'the gold model compared with itself must have forget quality 1');
  assert.equal(results.references.gold.metrics.forgetQualityOneMinusJs, 1);
  assertFiniteMetrics(results.references.target.metrics, 'target');
  for (const method of results.methods) assertFiniteMetrics(method.metrics, method.label);
});

test('report.html opens in headless Chromium without console errors', { timeout: 120_000 }, async (context) => {
  if (!existsSync('/usr/bin/chromium')) {
    context.skip('/usr/bin/chromium is not installed (.ci/run installs it)');
    return;
  }
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`file://${join(smokeOut, 'report.html')}`);
    await page.screenshot({ path: join(smokeOut, 'report.png'), fullPage: false });
    assert.deepEqual(errors, []);
    assert.ok(existsSync(join(smokeOut, 'report.png')));
  } finally {
    await browser.close();
  }
});

// A copy of the smoke run's cache with its trained base, target and gold but no method, and a config using it.
function cacheWithoutMethods(name: string): { directory: string; config: string } {
  const directory = join(workspace, `${name}-cache`);
  cpSync(cache, directory, { recursive: true, filter: (source) => !source.split('/').at(-1)!.startsWith('method-') });
  const config = join(workspace, `${name}-config.json`);
  writeFileSync(config, JSON.stringify({ cacheDirectory: directory }));
  return { directory, config };
}

// Runs clearbench with --json and kills it (-9) at the first event matching `moment`; true if it was killed.
function killedAt(args: string[], moment: RegExp): Promise<boolean> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args, '--json'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let buffered = '';
  return new Promise<boolean>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      if (moment.test(buffered) && child.exitCode === null) child.kill('SIGKILL');
    });
    child.on('exit', (_code, signal) => resolve(signal === 'SIGKILL'));
  });
}

async function assertSameMetricsAsSmoke(out: string, names: readonly string[]): Promise<void> {
  const resumed = await readResults(out);
  const uninterrupted = await readResults(smokeOut);
  for (const name of names) {
    const before = uninterrupted.methods.find((method) => method.name === name)!;
    const after = resumed.methods.find((method) => method.name === name)!;
    assert.deepEqual(after.metrics, before.metrics, `${name}: metrics differ from the uninterrupted smoke run`);
  }
}

test('a run killed in the middle of a method resumes and gives the same numbers', { timeout: 600_000 }, async () => {
  // Same trained base, target and gold as the smoke run; the methods start from nothing.
  const { directory, config } = cacheWithoutMethods('resume');
  const out = join(workspace, 'resumed');
  // One lane: the methods run in this process, one after the other (the lanes case follows).
  // Kill -9 at NPO's first progress event: GA is done, NPO is half way.
  const killed = await killedAt(['run', '--preset', 'smoke', '--config', config, '--out', out, '--methods', 'ga,npo', '--lanes', '1'], /"event":"progress","stage":"NPO"/);
  assert.ok(killed, 'the run finished before it could be killed');
  assert.ok(!existsSync(join(out, 'results.json')));
  assert.ok(readdirSync(directory).some((entry) => entry.startsWith('method-ga-')), 'GA finished before the kill');
  const rerun = clearbench(['run', '--preset', 'smoke', '--config', config, '--out', out, '--methods', 'ga,npo', '--quiet']);
  assert.equal(rerun.status, 0, rerun.stderr);
  await assertSameMetricsAsSmoke(out, ['ga', 'npo']);
});

test('a run with lanes killed while its workers compute stops them, and its rerun gives the same numbers', { timeout: 600_000 }, async () => {
  const { directory, config } = cacheWithoutMethods('lanes');
  const out = join(workspace, 'lanes');
  const args = ['run', '--preset', 'smoke', '--config', config, '--out', out, '--methods', 'ga,npo,scrub', '--lanes', '2'];
  assert.ok(await killedAt(args, /"event":"stage-start","stage":"methods"/), 'the run finished before it could be killed');
  // Its workers notice that the run is gone (their IPC channel closes) and exit within moments.
  const workersAlive = () => spawnSync('pgrep', ['-f', join(directory, 'lanes')], { encoding: 'utf8' }).stdout.trim();
  for (let attempt = 0; attempt < 50 && workersAlive() !== ''; attempt++) await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(workersAlive(), '', 'lane workers outlived their run');
  const rerun = clearbench([...args, '--quiet']);
  assert.equal(rerun.status, 0, rerun.stderr);
  await assertSameMetricsAsSmoke(out, ['ga', 'npo', 'scrub']);
});

test('bad input gets a one-line error and exit code 2, keeping finished stages', () => {
  const unknownMethod = clearbench(['run', '--preset', 'smoke', '--config', configFile, '--methods', 'ga,forget_everything']);
  assert.equal(unknownMethod.status, 2);
  assert.match(unknownMethod.stderr, /unknown unlearning method 'forget_everything'/);
  const unknownPreset = clearbench(['run', '--preset', 'huge']);
  assert.equal(unknownPreset.status, 2);
  assert.match(unknownPreset.stderr, /unknown preset 'huge' \(allowed: smoke, default, paper\)/);
  const unknownOption = clearbench(['run', '--fast']);
  assert.equal(unknownOption.status, 2);
  assert.match(unknownOption.stderr, /Unknown option '--fast'/);
  const missingData = clearbench(['run', '--preset', 'smoke', '--config', configFile, '--data', join(workspace, 'no-such-dir')]);
  assert.equal(missingData.status, 2);
  assert.match(missingData.stderr, /data directory .*no-such-dir does not exist/);
  const badConfig = join(workspace, 'bad-config.json');
  writeFileSync(badConfig, JSON.stringify({ unlearn: { learningRate: 'fast' } }));
  const invalid = clearbench(['run', '--config', badConfig]);
  assert.equal(invalid.status, 2);
  assert.match(invalid.stderr, /unlearn\.learningRate: /);
  // A corrupt parquet file in a dataset: the error names the file; stages already cached stay.
  const corrupt = join(workspace, 'corrupt-data');
  const generated = readdirSync(cache).find((entry) => entry.startsWith('data-'))!;
  cpSync(join(cache, generated), corrupt, { recursive: true });
  writeFileSync(join(corrupt, 'real_faces', 'train-00000-of-00001.parquet'), 'not a parquet file');
  const corruptRun = clearbench(['run', '--preset', 'smoke', '--config', configFile, '--data', corrupt, '--methods', 'ga']);
  assert.equal(corruptRun.status, 1);
  assert.match(corruptRun.stderr, /real_faces/);
  assert.ok(readdirSync(cache).some((entry) => entry.startsWith('base-')), 'cached stages are kept');
  // A diverging loss stops the method with a message; the run fails with exit code 1.
  const divergingConfig = join(workspace, 'diverging-config.json');
  writeFileSync(divergingConfig, JSON.stringify({ cacheDirectory: cache, unlearn: { learningRate: 1e12 } }));
  const diverging = clearbench(['run', '--preset', 'smoke', '--config', divergingConfig, '--methods', 'ga', '--out', join(workspace, 'diverging')]);
  assert.equal(diverging.status, 1);
  assert.match(diverging.stderr, /loss became (NaN|-?Infinity|-?[0-9.e+]+) at step \d+/);
});

test('--track all runs the multimodal, text-only and vision-only tracks side by side', { timeout: 600_000 }, async () => {
  const out = join(workspace, 'tracks');
  const run = clearbench(['run', '--preset', 'smoke', '--config', configFile, '--track', 'all', '--methods', 'ga', '--out', out, '--quiet']);
  assert.equal(run.status, 0, run.stderr);
  const text = await readResults(join(out, 'llm'));
  assert.equal(text.run.track, 'text');
  assert.ok(existsSync(join(out, 'multimodal', 'report.html')));
  assert.ok(existsSync(join(out, 'vision', 'vision-report.md')));
  const unknown = clearbench(['run', '--preset', 'smoke', '--track', 'audio']);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown track 'audio' \(allowed: multimodal, llm, vision, all\)/);
});

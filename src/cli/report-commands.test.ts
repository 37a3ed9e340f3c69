import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { gateCommand, leaderboardCommand, reportCommand } from './report-commands.js';
import { sampleResultsPath } from '../../test/fixtures/results-factory.js';

function capture() {
  const chunks = { stdout: '', stderr: '' };
  const stream = (key: 'stdout' | 'stderr') => new Writable({ write(chunk, _encoding, done) { chunks[key] += String(chunk); done(); } });
  return { io: { stdout: stream('stdout'), stderr: stream('stderr') }, chunks };
}

async function runDirectory(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'clearbench-cli-'));
  await writeFile(join(directory, 'results.json'), await readFile(sampleResultsPath));
  return directory;
}

test('report rebuilds report.md, report.html and results.csv from results.json', async () => {
  const directory = await runDirectory();
  const { io, chunks } = capture();
  assert.equal(await reportCommand([directory], io), 0);
  assert.deepEqual((await readdir(directory)).sort(), ['report.html', 'report.md', 'results.csv', 'results.json']);
  assert.equal(chunks.stdout.trim().split('\n').length, 3);
  const out = join(directory, 'elsewhere');
  assert.equal(await reportCommand([directory, '--out', out], capture().io), 0);
  assert.deepEqual((await readdir(out)).sort(), ['report.html', 'report.md', 'results.csv']);
});

test('report: --help exits 0; bad usage and a missing directory exit 2; an invalid file exits 1', async () => {
  const help = capture();
  assert.equal(await reportCommand(['--help'], help.io), 0);
  assert.match(help.chunks.stdout, /^Usage: clearbench report RESULTS_DIR/);
  const unknown = capture();
  assert.equal(await reportCommand(['--colour'], unknown.io), 2);
  assert.match(unknown.chunks.stderr, /^clearbench report: .*--colour.*\(see clearbench report --help\)\n$/);
  assert.equal(await reportCommand([], capture().io), 2);
  assert.equal(await reportCommand([join(tmpdir(), 'clearbench-no-such-run')], capture().io), 2);
  const directory = await mkdtemp(join(tmpdir(), 'clearbench-cli-'));
  await writeFile(join(directory, 'results.json'), JSON.stringify({ schemaVersion: 1, run: {} }));
  const invalid = capture();
  assert.equal(await reportCommand([directory], invalid.io), 1);
  assert.match(invalid.chunks.stderr, /run\.clearbenchVersion/);
});

test('gate exits 0 when every criterion holds, and 1 with one line per failed criterion', async () => {
  const directory = await runDirectory();
  const pass = capture();
  assert.equal(await gateCommand([directory, '--method', 'LLMU + L1', '--min-forget-quality', '0.05', '--max-utility-drop', '0.1'], pass.io), 0);
  assert.match(pass.chunks.stdout, /^gate passed: LLMU \+ L1, 2 criteria hold\n$/);
  const fail = capture();
  const junit = join(directory, 'gate.xml');
  assert.equal(await gateCommand([directory, '--method', 'GA', '--min-forget-quality', '0.05', '--max-utility-drop', '0.1', '--max-mia-auc', '0.9', '--junit', junit], fail.io), 1);
  const lines = fail.chunks.stdout.trim().split('\n');
  assert.equal(lines.length, 3);
  assert.match(lines[0] ?? '', /^FAIL forget quality \(KS p-value\): measured 0\.01721, bound >= 0\.05/);
  assert.match(lines[1] ?? '', /^FAIL model utility drop .*bound <= 0\.1/);
  assert.match(lines[2] ?? '', /^gate failed: GA, 2 of 3 criteria failed$/);
  assert.match(await readFile(junit, 'utf8'), /<testsuites name="clearbench gate" tests="3" failures="2"/);
});

test('gate: a missing method, criterion or number is bad usage (exit 2)', async () => {
  const directory = await runDirectory();
  assert.equal(await gateCommand([directory, '--min-forget-quality', '0.1'], capture().io), 2);
  assert.equal(await gateCommand([directory, '--method', 'GA'], capture().io), 2);
  assert.equal(await gateCommand([directory, '--method', 'GA', '--max-mia-auc', 'high'], capture().io), 2);
  const unknown = capture();
  assert.equal(await gateCommand([directory, '--method', 'nope', '--max-mia-auc', '0.6'], unknown.io), 2);
  assert.match(unknown.chunks.stderr, /no method "nope" in this run/);
  assert.equal(await gateCommand(['--help'], capture().io), 0);
});

test('leaderboard prints Markdown, or writes Markdown and HTML with --out', async () => {
  const first = await runDirectory();
  const second = await runDirectory();
  const printed = capture();
  assert.equal(await leaderboardCommand([first, second, '--submitted-by', 'someone'], printed.io), 0);
  assert.match(printed.chunks.stdout, /^# clearbench leaderboard/);
  const out = join(first, 'board');
  assert.equal(await leaderboardCommand([first, second, '--out', out], capture().io), 0);
  assert.deepEqual((await readdir(out)).sort(), ['leaderboard.html', 'leaderboard.md']);
  assert.equal(await leaderboardCommand([], capture().io), 2);
});

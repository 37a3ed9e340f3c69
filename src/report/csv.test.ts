import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvField, renderCsv } from './csv.js';
import { sampleResults } from '../../test/fixtures/results-factory.js';

// RFC 4180 reader: quoted fields may hold commas, quotes (doubled) and line breaks.
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index];
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') { field += '"'; index += 1; }
      else if (character === '"') quoted = false;
      else field += character;
    } else if (character === '"') quoted = true;
    else if (character === ',') { row.push(field); field = ''; }
    else if (character === '\r' && text[index + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; index += 1; }
    else field += character;
  }
  return rows;
}

test('results.csv is long-form: one row per model, seed, task and metric', () => {
  const results = sampleResults();
  const rows = parseCsv(renderCsv(results));
  assert.deepEqual(rows[0], ['model', 'kind', 'method', 'seed', 'task', 'metric', 'value']);
  assert.ok(rows.slice(1).every((row) => row.length === 7 && Number.isFinite(Number(row[6]))));
  const find = (model: string, seed: string, task: string, metric: string) =>
    rows.filter((row) => row[0] === model && row[3] === seed && row[4] === task && row[5] === metric);
  const llmu = results.methods.find((method) => method.label === 'LLMU + L1');
  assert.ok(llmu);
  assert.equal(find('LLMU + L1', '', 'summary', 'forgetQualityKs')[0]?.[6], String(llmu.metrics.forgetQualityKs));
  assert.equal(find('LLMU + L1', '43', 'forgetCaptions', 'rougeL')[0]?.[6], String(llmu.seedRuns?.[1]?.metrics.tasks.forgetCaptions?.rougeL));
  assert.equal(find('Target', '', 'realWorld', 'accuracy')[0]?.[1], 'target');
  // Captions have no accuracy (null): the row is left out rather than written as empty or 0.
  assert.deepEqual(find('Target', '', 'forgetCaptions', 'accuracy'), []);
  const seeds = new Set(rows.filter((row) => row[0] === 'GA').map((row) => row[3]));
  assert.deepEqual([...seeds].sort(), ['', '42', '43', '44']);
});

test('labels with commas, quotes and line breaks survive the round trip', () => {
  const results = sampleResults();
  const method = results.methods[0];
  assert.ok(method);
  method.label = 'GA, "tuned"\nv2';
  const rows = parseCsv(renderCsv(results));
  assert.ok(rows.some((row) => row[0] === 'GA, "tuned"\nv2'));
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a"b'), '"a""b"');
});

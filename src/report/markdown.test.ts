import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decide } from './decision.js';
import { markdownTable, renderMarkdown } from './markdown.js';
import { sampleResults } from '../../test/fixtures/results-factory.js';

function tableRows(markdown: string, heading: string): string[] {
  const start = markdown.indexOf(`### ${heading}`);
  assert.ok(start >= 0, `no table ${heading}`);
  const lines = markdown.slice(start).split('\n');
  const first = lines.findIndex((line) => line.startsWith('|'));
  const rows: string[] = [];
  for (const line of lines.slice(first)) {
    if (!line.startsWith('|')) break;
    rows.push(line);
  }
  return rows.slice(2); // past the header and the rule
}

test('the main table has the reference rows, then one row per method, with every paper column', () => {
  const results = sampleResults();
  const markdown = renderMarkdown(results, decide(results));
  const rows = tableRows(markdown, 'Main table');
  assert.deepEqual(rows.map((row) => row.split('|')[1]?.trim()), ['*Target*', '*Gold*', ...results.methods.map((method) => method.label)]);
  const header = markdown.slice(markdown.indexOf('### Main table')).split('\n').find((line) => line.startsWith('| Method')) ?? '';
  for (const column of ['Forget captions ROUGE', 'Retain captions Prob', 'Real faces TR', 'Real world ROUGE', 'Forget quality KS', 'Forget quality 1−JS', 'Utility MU', 'Cost Time']) {
    assert.ok(header.includes(column), column);
  }
  // 1 label + 4 tasks x 3 metrics + 2 forget-quality forms + utility + time
  assert.equal((rows[0]?.split('|').length ?? 0) - 2, 1 + 12 + 2 + 1 + 1);
});

test('numbers appear as measured, with ± std for the headline columns and the best value in bold', () => {
  const results = sampleResults();
  const markdown = renderMarkdown(results, decide(results));
  const llmu = tableRows(markdown, 'Main table').find((row) => row.startsWith('| LLMU + L1 ')) ?? '';
  assert.match(llmu, /\*\*0\.42 ± 0\.17\*\*/); // the highest forget quality
  assert.match(llmu, /\| 0\.546 ± 0\.002 \|/); // utility, not the best
  const target = tableRows(markdown, 'Main table')[0] ?? '';
  assert.match(target, /\| 3\.4e-9 \|/);
  assert.ok(!target.includes('**'), 'reference rows are never best');
});

test('the face-naming and text-QA table sits beside the main one, with accuracy for faces', () => {
  const results = sampleResults();
  const markdown = renderMarkdown(results, decide(results));
  const header = markdown.slice(markdown.indexOf('### Face naming and text QA')).split('\n').find((line) => line.startsWith('| Method')) ?? '';
  assert.ok(header.includes('Forget faces Acc') && header.includes('Retain text QA TR') && header.includes('Utility MU + text'));
  assert.equal(tableRows(markdown, 'Face naming and text QA').length, 2 + results.methods.length);
});

test('columns nobody measured are dropped instead of printed as dashes', () => {
  const results = sampleResults();
  const allMetrics = [results.references.target, results.references.gold, ...results.methods].map((model) => model.metrics);
  for (const method of results.methods) allMetrics.push(...(method.seedRuns ?? []).map((run) => run.metrics));
  for (const metrics of allMetrics) {
    delete metrics.tasks.forgetText;
    delete metrics.tasks.retainText;
  }
  const markdown = renderMarkdown(results, decide(results));
  assert.ok(!markdown.includes('text QA ROUGE'));
  assert.ok(markdown.includes('Forget faces ROUGE'));
});

test('the decision section states each rule and the scope of the advice', () => {
  const results = sampleResults();
  const markdown = renderMarkdown(results, decide(results));
  const section = markdown.slice(markdown.indexOf('## Choosing a method'));
  assert.match(section, /holds for this run/);
  assert.match(section, /### Forgetting first/);
  assert.match(section, /### Balanced/);
  assert.match(section, /### Cost first/);
  assert.match(section, /3\. \*\*GA \+ L1\*\*: .*\(not significant vs NPO: intervals overlap\)/);
  assert.match(section, /- \*\*IDK\*\* \(`idk`\): Teaches the model/);
});

test('cells with pipes and newlines cannot break a Markdown table', () => {
  const table = markdownTable(['a', 'b'], [['x | y', 'line\nbreak']]);
  assert.equal(table.split('\n').length, 3);
  assert.ok(table.includes('x \\| y'));
});

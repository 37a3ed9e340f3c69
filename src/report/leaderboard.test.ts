import { test } from 'node:test';
import assert from 'node:assert/strict';
import { leaderboardEntries, leaderboardHtml, leaderboardMarkdown } from './leaderboard.js';
import { sampleResults } from '../../test/fixtures/results-factory.js';

function twoRuns() {
  const first = sampleResults();
  const second = sampleResults();
  second.run.forgetSplit = '10';
  delete second.run.config['submittedBy'];
  second.methods = second.methods.slice(0, 2);
  return [{ results: first, source: 'runs/forget05' }, { results: second, source: 'runs/forget10' }];
}

test('runs merge into groups by track and forget split, ordered by forget quality then utility', () => {
  const entries = leaderboardEntries(twoRuns(), { submittedBy: 'ci-bot' });
  assert.equal(entries.length, 8 + 2);
  assert.deepEqual([...new Set(entries.map((entry) => entry.group))], ['multimodal track, forget05', 'multimodal track, forget10']);
  const forget05 = entries.filter((entry) => entry.group.endsWith('forget05'));
  assert.equal(forget05[0]?.label, 'LLMU + L1');
  for (let index = 1; index < forget05.length; index += 1) {
    assert.ok((forget05[index - 1]?.forgetQualityKs ?? 0) >= (forget05[index]?.forgetQualityKs ?? 0));
  }
});

test('the submitter comes from the run config, else from the caller', () => {
  const entries = leaderboardEntries(twoRuns(), { submittedBy: 'ci-bot' });
  assert.ok(entries.filter((entry) => entry.source === 'runs/forget05').every((entry) => entry.submittedBy === 'clearbench fixtures'));
  assert.ok(entries.filter((entry) => entry.source === 'runs/forget10').every((entry) => entry.submittedBy === 'ci-bot'));
  assert.ok(leaderboardEntries(twoRuns()).some((entry) => entry.submittedBy === 'unknown'));
});

test('the leaderboard renders as Markdown and as a self-contained HTML page with the settings', () => {
  const entries = leaderboardEntries(twoRuns(), { submittedBy: 'ci-bot' });
  const markdown = leaderboardMarkdown(entries);
  assert.match(markdown, /## multimodal track, forget10/);
  assert.match(markdown, /\| 1 \| LLMU \+ L1 \| llmu \| joint, L1 λ=5e-4, all weights, 240 steps, lr 1e-5/);
  const html = leaderboardHtml(entries);
  assert.ok(!/\b(?:src|href)\s*=\s*["']?(?:https?:|\/\/)/i.test(html));
  assert.ok(!/<script\b/i.test(html));
  assert.match(html, /ci-bot/);
});

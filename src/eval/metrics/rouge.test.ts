import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadMetricFixtures } from '../../../test/metric-fixtures.js';
import { porterStem } from './porter-stemmer.js';
import { longestCommonSubsequenceLength, rougeLRecall, rougeScores, rougeTokenize } from './rouge.js';

const fixtures = loadMetricFixtures();
const tolerance = 1e-12;

test('porterStem equals NLTK PorterStemmer().stem on every fixture word', () => {
  assert.ok(fixtures.porterStem.length >= 1000);
  const mismatches = fixtures.porterStem.filter(([word, stem]) => porterStem(word) !== stem);
  assert.deepEqual(mismatches.slice(0, 10), []);
});

test('porterStem: stemming cases by hand (NLTK_EXTENSIONS mode)', () => {
  assert.equal(porterStem('running'), 'run');
  assert.equal(porterStem('ran'), 'ran');
  assert.equal(porterStem('generously'), 'gener');
  assert.equal(porterStem('agreed'), 'agre');
  assert.equal(porterStem('happiness'), 'happi');
  assert.equal(porterStem('skies'), 'sky'); // irregular-forms table
  assert.equal(porterStem('dying'), 'die');
  assert.equal(porterStem('controlling'), 'control');
  assert.equal(porterStem('yyyyyy'), 'yyyyyi');
  // NLTK gives 'y' * 499 + 'i' for 500 y's; a run of 100000 must not exhaust the stack.
  assert.equal(porterStem('y'.repeat(500)), `${'y'.repeat(499)}i`);
  assert.equal(porterStem('y'.repeat(100000)).length, 100000);
});

test('rougeScores equals rouge-score (use_stemmer=True) on every fixture pair to 1e-12', () => {
  assert.ok(fixtures.rouge.length >= 200);
  for (const item of fixtures.rouge) {
    assert.deepEqual(rougeTokenize(item.reference), item.referenceTokens, `tokens of ${JSON.stringify(item.reference)}`);
    const scores = rougeScores(item.prediction, item.reference);
    const got = [scores.rouge1.precision, scores.rouge1.recall, scores.rouge1.fmeasure,
      scores.rougeL.precision, scores.rougeL.recall, scores.rougeL.fmeasure];
    const want = [...item.rouge1, ...item.rougeL];
    got.forEach((value, index) => {
      assert.ok(Math.abs(value - (want[index] ?? Number.NaN)) <= tolerance,
        `${JSON.stringify(item.prediction)} vs ${JSON.stringify(item.reference)}: [${got}] != [${want}]`);
    });
  }
});

test('rougeScores: argument order, stemming and empty sides', () => {
  // 'running' and 'runs' both stem to 'run'; the prediction has 2 tokens, the reference 4.
  const scores = rougeScores('running fast', 'he runs very fast');
  assert.equal(scores.rouge1.precision, 1);
  assert.equal(scores.rouge1.recall, 0.5);
  assert.equal(scores.rougeL.recall, 0.5);
  assert.deepEqual(rougeScores('', 'anything'), {
    rouge1: { precision: 0, recall: 0, fmeasure: 0 }, rougeL: { precision: 0, recall: 0, fmeasure: 0 },
  });
  assert.deepEqual(rougeTokenize('Zoë, 3.14!'), ['zo', '3', '14']);
});

test('longestCommonSubsequenceLength by hand', () => {
  assert.equal(longestCommonSubsequenceLength(['a', 'b', 'c', 'd'], ['b', 'x', 'd', 'a']), 2);
  assert.equal(longestCommonSubsequenceLength([], ['a']), 0);
});

test('rougeLRecall averages per-sample recall and rejects missing input', () => {
  const result = rougeLRecall(['the cat', 'a dog barked'], ['the cat sat', 'dog']);
  assert.deepEqual(result.perExample, [2 / 3, 1]);
  assert.equal(result.aggregate, (2 / 3 + 1) / 2);
  assert.throws(() => rougeLRecall([], []), /empty/);
  assert.throws(() => rougeLRecall(['a'], ['a', 'b']), /1 entries but references has 2/);
});

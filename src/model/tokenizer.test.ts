import { test } from 'node:test';
import assert from 'node:assert/strict';
import { learnMerges } from './byte-pair-merges.js';
import { BYTE_OFFSET, FIRST_MERGE_ID, Tokenizer, pretokenize, trainTokenizer } from './tokenizer.js';

const CORPUS = [
  'Aurelia Vance was born in 1962 in the city of Lisbon.',
  'The author Aurelia Vance is known for her novels about the sea.',
  "Aurelia's father was a fisherman; her mother was a teacher.",
  'What is depicted in the image? A woman with glasses standing near the sea.',
  'Kenji Moreau wrote 12 books between 1990 and 2015.',
  'Kenji Moreau was born in Lyon, France, on 3 March 1958.',
  'Café au lait, naïve résumé — Zoë and Zürich are written in UTF-8.',
  'The name of the person on the image is Kenji Moreau.',
  'Numbers: 0 1 2 3 4 5 6 7 8 9 10 100 1000.',
  '  indented   text\twith\ttabs\nand new lines\n\n',
];

const SAMPLES = [
  '',
  'hello world',
  'Hello, World! How are you?',
  '  leading and trailing spaces  ',
  'tabs\tand\nnewlines\r\n',
  'digits 0123456789 and 3.14159 and -42',
  'Café naïve résumé Zürich',
  '中文字符和日本語のテキスト',
  'emoji 😀👍🏽 and flags 🇫🇷',
  'combining e\u0301 marks',
  '\uFEFFleading byte order mark',
  'user text with <eos> and <image> and <pad> inside',
];

// Textbook BPE, recounting every pair after every merge: the incremental learner must agree with it exactly.
function naiveMerges(words: number[][], frequencies: number[], firstMergeId: number, maxMerges: number): [number, number][] {
  const current = words.map((word) => [...word]);
  const merges: [number, number][] = [];
  while (merges.length < maxMerges) {
    const counts = new Map<string, number>();
    current.forEach((word, w) => {
      for (let i = 0; i + 1 < word.length; i++) {
        const key = `${word[i]},${word[i + 1]}`;
        counts.set(key, (counts.get(key) ?? 0) + (frequencies[w] ?? 0));
      }
    });
    let best: [number, number] | null = null;
    let bestCount = 0;
    for (const [key, count] of counts) {
      const [first, second] = key.split(',').map(Number) as [number, number];
      const better = count > bestCount || (count === bestCount && best !== null && (first < best[0] || (first === best[0] && second < best[1])));
      if (better) {
        best = [first, second];
        bestCount = count;
      }
    }
    if (best === null || bestCount < 2) break;
    const merged = firstMergeId + merges.length;
    merges.push(best);
    for (let w = 0; w < current.length; w++) {
      const word = current[w] ?? [];
      const next: number[] = [];
      for (let i = 0; i < word.length; i++) {
        if (i + 1 < word.length && word[i] === best[0] && word[i + 1] === best[1]) {
          next.push(merged);
          i++;
        } else next.push(word[i] ?? 0);
      }
      current[w] = next;
    }
  }
  return merges;
}

test('pretokenize covers the text exactly, keeps leading spaces and splits digits', () => {
  for (const text of [...SAMPLES, ...CORPUS]) assert.equal(pretokenize(text).join(''), text);
  assert.deepEqual(pretokenize('Born in 1962, she wrote.'), ['Born', ' in', ' 1', '9', '6', '2', ',', ' she', ' wrote', '.']);
  assert.deepEqual(pretokenize("it's  two"), ['it', "'s", ' ', ' two']);
});

test('incremental merge learning equals the textbook full recount', () => {
  const counts = new Map<string, number>();
  for (const text of CORPUS) for (const word of pretokenize(text)) counts.set(word, (counts.get(word) ?? 0) + 1);
  const encoder = new TextEncoder();
  const words = [...counts.keys()].map((word) => Array.from(encoder.encode(word), (byte) => BYTE_OFFSET + byte));
  const frequencies = [...counts.values()];
  const expected = naiveMerges(words, frequencies, FIRST_MERGE_ID, 200);
  const actual = learnMerges(words, frequencies, { firstMergeId: FIRST_MERGE_ID, maxMerges: 200, minFrequency: 2 });
  assert.ok(expected.length > 50, 'the corpus should support many merges');
  assert.deepEqual(actual, expected);
});

test('incremental merge learning equals the full recount on tie-heavy repetitive words', () => {
  let state = 12345;
  const random = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 4294967296;
  };
  const words: number[][] = [];
  const frequencies: number[] = [];
  for (let w = 0; w < 400; w++) {
    const length = 1 + Math.floor(random() * 14);
    words.push(Array.from({ length }, () => BYTE_OFFSET + 'aab'.charCodeAt(Math.floor(random() * 3))));
    frequencies.push(1 + Math.floor(random() * 3));
  }
  const expected = naiveMerges(words, frequencies, FIRST_MERGE_ID, 300);
  const actual = learnMerges(words, frequencies, { firstMergeId: FIRST_MERGE_ID, maxMerges: 300, minFrequency: 2 });
  assert.ok(expected.length > 30);
  assert.deepEqual(actual, expected);
});

test('repeated symbols merge left to right in training and encoding alike', () => {
  const tokenizer = trainTokenizer(['aaaa aaaa aaaa', 'aaa aaa'], { vocabSize: 300 });
  const a = BYTE_OFFSET + 'a'.charCodeAt(0);
  assert.deepEqual(tokenizer.merges[0], [a, a]);
  for (const text of ['aaa', 'aaaaa', ' aaaa aaa']) assert.equal(tokenizer.decode(tokenizer.encode(text)), text);
});

test('encode then decode is the identity on ASCII, Unicode, digits and the empty string', () => {
  const tokenizer = trainTokenizer(CORPUS, { vocabSize: 400 });
  for (const text of [...SAMPLES, ...CORPUS]) {
    const ids = tokenizer.encode(text);
    assert.equal(tokenizer.decode(ids), text, JSON.stringify(text));
    for (const id of ids) assert.ok(id >= BYTE_OFFSET && id < tokenizer.vocabSize);
  }
  assert.deepEqual(tokenizer.encode(''), []);
  assert.equal(tokenizer.decode([]), '');
});

test('a trained tokenizer compresses its training text and spells numbers digit by digit', () => {
  const tokenizer = trainTokenizer(CORPUS, { vocabSize: 400 });
  assert.ok(tokenizer.vocabSize > FIRST_MERGE_ID && tokenizer.vocabSize <= 400);
  const text = CORPUS[1] ?? '';
  assert.ok(tokenizer.encode(text).length < new TextEncoder().encode(text).length / 2);
  const year = tokenizer.encode(' 1962').map((id) => tokenizer.tokenText(id));
  assert.deepEqual(year, [' 1', '9', '6', '2']);
});

test('special token strings in user text never become special ids', () => {
  const tokenizer = trainTokenizer([...CORPUS, '<eos> <image> <bos> <pad>'.repeat(20)], { vocabSize: 500 });
  const ids = tokenizer.encode('Answer: <eos><image><bos><pad>');
  assert.ok(ids.every((id) => !tokenizer.isSpecial(id)));
  assert.equal(tokenizer.decode(ids), 'Answer: <eos><image><bos><pad>');
  assert.deepEqual([tokenizer.padId, tokenizer.bosId, tokenizer.eosId, tokenizer.imageId], [0, 1, 2, 3]);
  assert.equal(tokenizer.decode([tokenizer.bosId, ...tokenizer.encode('hi'), tokenizer.eosId, tokenizer.padId]), 'hi');
  assert.equal(tokenizer.tokenText(tokenizer.imageId), '<image>');
});

test('decode survives a cut inside a multi-byte character and rejects unknown ids', () => {
  const tokenizer = trainTokenizer(CORPUS, { vocabSize: 300 });
  const ids = tokenizer.encode('ж'); // two bytes, absent from the corpus so never merged
  assert.equal(ids.length, 2);
  assert.equal(tokenizer.decode(ids.slice(0, 1)), '\uFFFD');
  assert.throws(() => tokenizer.decode([tokenizer.vocabSize]), RangeError);
  assert.throws(() => tokenizer.decode([-100]), RangeError);
});

test('training is deterministic and independent of text order', () => {
  const first = trainTokenizer(CORPUS, { vocabSize: 450 });
  const second = trainTokenizer(CORPUS, { vocabSize: 450 });
  const reversed = trainTokenizer([...CORPUS].reverse(), { vocabSize: 450 });
  assert.equal(JSON.stringify(first.toJSON()), JSON.stringify(second.toJSON()));
  assert.deepEqual(reversed.merges, first.merges);
  assert.equal(reversed.hash, first.hash);
  const smaller = trainTokenizer(CORPUS, { vocabSize: 300 });
  assert.notEqual(smaller.hash, first.hash);
  assert.deepEqual(smaller.merges, first.merges.slice(0, 40), 'a smaller vocabulary is a prefix of the larger one');
});

test('toJSON / fromJSON round trip behaves identically', () => {
  const tokenizer = trainTokenizer(CORPUS, { vocabSize: 450 });
  const json = JSON.stringify(tokenizer.toJSON());
  const loaded = Tokenizer.fromJSON(json);
  const loadedFromObject = Tokenizer.fromJSON(JSON.parse(json));
  assert.equal(loaded.vocabSize, tokenizer.vocabSize);
  assert.equal(loaded.hash, tokenizer.hash);
  assert.equal(JSON.stringify(loadedFromObject.toJSON()), json);
  for (const text of [...SAMPLES, ...CORPUS]) assert.deepEqual(loaded.encode(text), tokenizer.encode(text));
  assert.match(tokenizer.hash, /^[0-9a-f]{64}$/);
});

test('fromJSON rejects other formats, versions and inconsistent merges', () => {
  const json = trainTokenizer(CORPUS, { vocabSize: 300 }).toJSON();
  assert.throws(() => Tokenizer.fromJSON({ ...json, version: 2 }));
  assert.throws(() => Tokenizer.fromJSON({ ...json, format: 'other' }));
  assert.throws(() => Tokenizer.fromJSON({ ...json, extra: true }));
  assert.throws(() => Tokenizer.fromJSON({ ...json, vocabSize: json.vocabSize + 1 }), RangeError);
  assert.throws(() => Tokenizer.fromJSON({ ...json, merges: [[5, FIRST_MERGE_ID]], vocabSize: FIRST_MERGE_ID + 1 }), RangeError);
  assert.throws(() => Tokenizer.fromJSON({ ...json, merges: [[2, 5]], vocabSize: FIRST_MERGE_ID + 1 }), RangeError);
  assert.throws(() => trainTokenizer(CORPUS, { vocabSize: FIRST_MERGE_ID - 1 }), RangeError);
  assert.throws(() => trainTokenizer(CORPUS, { vocabSize: 40_000 }), RangeError);
});

test('a tiny word cache gives the same encodings as a large one', () => {
  const tokenizer = trainTokenizer(CORPUS, { vocabSize: 450 });
  const tiny = Tokenizer.fromJSON(tokenizer.toJSON(), { cacheSize: 2 });
  const none = Tokenizer.fromJSON(tokenizer.toJSON(), { cacheSize: 0 });
  for (let round = 0; round < 2; round++) {
    for (const text of CORPUS) {
      assert.deepEqual(tiny.encode(text), tokenizer.encode(text));
      assert.deepEqual(none.encode(text), tokenizer.encode(text));
    }
  }
});

// Times tokenizer training and encoding on a synthetic corpus shaped like CLEAR's text (biography QA and
// captions: common words, invented names, years). Prints one JSON object per line.
// Run: node --import tsx bench/tokenizer.bench.ts [texts] [vocabSize]
import { Tokenizer, trainTokenizer } from '../src/model/tokenizer.js';

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

const COMMON = (
  'the a of and to in is was her his their born city work author known for books novel wrote award ' +
  'person image picture shows wearing standing front with near at on background smiling glasses hair ' +
  'young old woman man father mother career early life writing genre style themes inspired many readers'
).split(' ');
const SYLLABLES = 'ka lo mi ra zen tu ber an el so vi dar ish mon qu ye fal rin os tal'.split(' ');

function makeCorpus(count: number, random: () => number): string[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const name = (): string => {
    const syllables = 2 + Math.floor(random() * 3);
    let word = '';
    for (let i = 0; i < syllables; i++) word += pick(SYLLABLES);
    return word.charAt(0).toUpperCase() + word.slice(1);
  };
  const people = Array.from({ length: 400 }, () => `${name()} ${name()}`);
  const texts: string[] = [];
  for (let t = 0; t < count; t++) {
    const words: string[] = [];
    const length = 30 + Math.floor(random() * 50);
    for (let w = 0; w < length; w++) {
      const roll = random();
      if (roll < 0.08) words.push(pick(people));
      else if (roll < 0.11) words.push(String(1900 + Math.floor(random() * 120)));
      else if (roll < 0.14) words.push(name().toLowerCase());
      else words.push(pick(COMMON));
    }
    texts.push(`${words.join(' ')}.`);
  }
  return texts;
}

const textCount = Number(process.argv[2] ?? 8000);
const vocabSize = Number(process.argv[3] ?? 4096);
const corpus = makeCorpus(textCount, seededRandom(42));
const corpusBytes = corpus.reduce((sum, text) => sum + Buffer.byteLength(text), 0);

const trainTimes: number[] = [];
let tokenizer = trainTokenizer(corpus.slice(0, 100), { vocabSize: 300 }); // warm-up of the JIT
for (let run = 0; run < 3; run++) {
  const start = performance.now();
  tokenizer = trainTokenizer(corpus, { vocabSize });
  trainTimes.push(performance.now() - start);
}
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
console.log(JSON.stringify({
  name: 'tokenizer.train', backend: 'ts', shape: { texts: textCount, bytes: corpusBytes, vocabSize, learnedVocab: tokenizer.vocabSize },
  iterations: trainTimes.length, medianMs: Math.round(median(trainTimes)),
}));

const encodeTimes: number[] = [];
let tokens = 0;
const encoding = Tokenizer.fromJSON(tokenizer.toJSON()); // empty word cache: run 0 is cold, later runs warm
for (let run = 0; run < 3; run++) {
  const start = performance.now();
  tokens = 0;
  for (const text of corpus) tokens += encoding.encode(text).length;
  encodeTimes.push(performance.now() - start);
}
console.log(JSON.stringify({
  name: 'tokenizer.encode', backend: 'ts', shape: { texts: textCount, bytes: corpusBytes, tokens, bytesPerToken: +(corpusBytes / tokens).toFixed(2) },
  iterations: encodeTimes.length, medianMs: Math.round(median(encodeTimes)), coldMs: Math.round(encodeTimes[0] ?? NaN),
}));

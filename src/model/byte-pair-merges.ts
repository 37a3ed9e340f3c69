// Learns byte-pair merges from word frequencies. The classic loop recounts every pair after each merge
// (O(merges * corpus)); here pair counts are kept incrementally: each merge visits only the distinct words
// that contain the merged pair (a word seen 500 times is one entry with frequency 500) and changes only the
// pairs beside each merge site; the most frequent pair comes from a max-heap whose outdated entries are
// skipped when popped (lazy deletion).
// Ties are broken by the smaller pair (first id, then second id), so the merges are a pure function of the
// word counts, independent of Map iteration or insertion order.

// A pair (a, b) packs into one key a * PAIR_BASE + b. Keeping keys below 2^30 keeps them small integers
// (Smis) for V8: larger keys are boxed doubles, and boxing one per Map lookup made training spend most
// of its time in the garbage collector. Hence vocabularies of at most PAIR_BASE = 32,768 ids.
export const PAIR_BASE = 2 ** 15;

export function pairKey(first: number, second: number): number {
  return first * PAIR_BASE + second;
}

export interface LearnMergesOptions {
  firstMergeId: number; // id given to the first merged token; later merges take consecutive ids
  maxMerges: number;
  minFrequency: number; // stop once the best pair occurs fewer times than this
}

// One (count, key) max-heap over two parallel arrays; higher count first, then smaller key.
class PairHeap {
  private readonly counts: number[] = [];
  private readonly keys: number[] = [];

  get size(): number {
    return this.counts.length;
  }

  private before(i: number, j: number): boolean {
    const countI = this.counts[i] ?? 0;
    const countJ = this.counts[j] ?? 0;
    return countI > countJ || (countI === countJ && (this.keys[i] ?? 0) < (this.keys[j] ?? 0));
  }

  private swap(i: number, j: number): void {
    const count = this.counts[i] ?? 0;
    const key = this.keys[i] ?? 0;
    this.counts[i] = this.counts[j] ?? 0;
    this.keys[i] = this.keys[j] ?? 0;
    this.counts[j] = count;
    this.keys[j] = key;
  }

  push(count: number, key: number): void {
    this.counts.push(count);
    this.keys.push(key);
    let child = this.counts.length - 1;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (!this.before(child, parent)) break;
      this.swap(child, parent);
      child = parent;
    }
  }

  // Returns the top entry and removes it; the heap must not be empty.
  pop(): { count: number; key: number } {
    const top = { count: this.counts[0] ?? 0, key: this.keys[0] ?? 0 };
    const lastCount = this.counts.pop() ?? 0;
    const lastKey = this.keys.pop() ?? 0;
    if (this.counts.length > 0) {
      this.counts[0] = lastCount;
      this.keys[0] = lastKey;
      let parent = 0;
      for (;;) {
        const left = 2 * parent + 1;
        const right = left + 1;
        let best = parent;
        if (left < this.counts.length && this.before(left, best)) best = left;
        if (right < this.counts.length && this.before(right, best)) best = right;
        if (best === parent) break;
        this.swap(parent, best);
        parent = best;
      }
    }
    return top;
  }
}

// Replaces, in place, every non-overlapping (first, second), scanning left to right, by merged. Encoding
// uses the same rule, so "aaa" with merge (a, a) becomes [aa, a] in both training and encoding.
export function mergePair(word: number[], first: number, second: number, merged: number): void {
  let write = 0;
  for (let read = 0; read < word.length; read++) {
    if (read + 1 < word.length && word[read] === first && word[read + 1] === second) {
      word[write++] = merged;
      read += 1;
    } else {
      word[write++] = word[read] ?? 0;
    }
  }
  word.length = write;
}

// words[w] is a word as base-token ids, frequencies[w] how often it occurs. Returns the merges in the order
// learned: merge r creates token firstMergeId + r from the pair merges[r].
export function learnMerges(
  words: readonly ArrayLike<number>[],
  frequencies: readonly number[],
  options: LearnMergesOptions,
): [number, number][] {
  const { firstMergeId, maxMerges, minFrequency } = options;
  if (firstMergeId + maxMerges > PAIR_BASE) throw new RangeError(`vocabulary larger than ${PAIR_BASE} ids`);
  // All words in one flat buffer, merged in place: word w occupies symbols[starts[w] .. starts[w] + lengths[w]).
  // Hundreds of thousands of small arrays would otherwise keep the garbage collector busy.
  const starts = new Int32Array(words.length);
  const lengths = new Int32Array(words.length);
  let total = 0;
  words.forEach((word, w) => {
    starts[w] = total;
    lengths[w] = word.length;
    total += word.length;
  });
  const symbols = new Int32Array(total);
  words.forEach((word, w) => symbols.set(word, starts[w] ?? 0));

  const pairCounts = new Map<number, number>();
  // Word indices that contained the pair when it was last added; may hold words that no longer contain it
  // (checked when used), and a word may appear twice, but never twice in a row.
  const pairWords = new Map<number, number[]>();

  const touched = new Map<number, number>(); // pair key -> its count before the current merge
  const adjust = (key: number, delta: number, wordIndex: number): void => {
    const count = pairCounts.get(key) ?? 0;
    if (!touched.has(key)) touched.set(key, count);
    pairCounts.set(key, count + delta);
    if (delta < 0) return; // a word losing a pair stays in its holders; containsPair sorts that out
    const holders = pairWords.get(key);
    if (holders === undefined) pairWords.set(key, [wordIndex]);
    else if (holders[holders.length - 1] !== wordIndex) holders.push(wordIndex);
  };
  const containsPair = (wordIndex: number, first: number, second: number): boolean => {
    const end = (starts[wordIndex] ?? 0) + (lengths[wordIndex] ?? 0);
    for (let i = starts[wordIndex] ?? 0; i + 1 < end; i++) if (symbols[i] === first && symbols[i + 1] === second) return true;
    return false;
  };
  // Same left-to-right rule as mergePair, on the word's slice of the flat buffer, adjusting only the pairs
  // next to each merge site: (previous, first) becomes (previous, merged) and (second, next) becomes
  // (merged, next). The previous symbol is read after rewriting, so in "abab" the second site turns the
  // (merged, a) just added into (merged, merged). Counts of the merged pair itself are dropped by the caller.
  const mergeInWord = (wordIndex: number, first: number, second: number, merged: number): void => {
    const frequency = frequencies[wordIndex] ?? 0;
    const start = starts[wordIndex] ?? 0;
    const end = start + (lengths[wordIndex] ?? 0);
    let write = start;
    for (let read = start; read < end; read++) {
      if (read + 1 < end && symbols[read] === first && symbols[read + 1] === second) {
        if (write > start) {
          const previous = symbols[write - 1] ?? 0;
          adjust(pairKey(previous, first), -frequency, wordIndex);
          adjust(pairKey(previous, merged), frequency, wordIndex);
        }
        if (read + 2 < end) {
          const next = symbols[read + 2] ?? 0;
          adjust(pairKey(second, next), -frequency, wordIndex);
          adjust(pairKey(merged, next), frequency, wordIndex);
        }
        symbols[write++] = merged;
        read += 1;
      } else {
        symbols[write++] = symbols[read] ?? 0;
      }
    }
    lengths[wordIndex] = write - start;
  };

  for (let wordIndex = 0; wordIndex < words.length; wordIndex++) {
    const frequency = frequencies[wordIndex] ?? 0;
    const end = (starts[wordIndex] ?? 0) + (lengths[wordIndex] ?? 0);
    for (let i = starts[wordIndex] ?? 0; i + 1 < end; i++) adjust(pairKey(symbols[i] ?? 0, symbols[i + 1] ?? 0), frequency, wordIndex);
  }
  touched.clear();
  const heap = new PairHeap();
  for (const [key, count] of pairCounts) heap.push(count, key);

  const merges: [number, number][] = [];
  while (merges.length < maxMerges && heap.size > 0) {
    const { count, key } = heap.pop();
    if (pairCounts.get(key) !== count) continue; // outdated entry: the pair's count changed since the push
    if (count < minFrequency) break;
    const first = Math.floor(key / PAIR_BASE);
    const second = key - first * PAIR_BASE;
    const merged = firstMergeId + merges.length;
    merges.push([first, second]);

    touched.clear();
    for (const wordIndex of pairWords.get(key) ?? []) {
      if (containsPair(wordIndex, first, second)) mergeInWord(wordIndex, first, second, merged);
    }
    pairCounts.delete(key);
    pairWords.delete(key);
    for (const [touchedKey, before] of touched) {
      if (touchedKey === key) continue;
      const after = pairCounts.get(touchedKey) ?? 0;
      if (after <= 0) {
        pairCounts.delete(touchedKey);
        pairWords.delete(touchedKey);
      } else if (after !== before) {
        heap.push(after, touchedKey);
      }
    }
  }
  return merges;
}

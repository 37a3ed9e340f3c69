// Learns byte-pair merges from word frequencies. The classic loop recounts every pair after each merge
// (O(merges * corpus)); here pair counts are kept incrementally: each merge touches only the distinct words
// that contain the merged pair (a word seen 500 times is one entry with frequency 500), and the most frequent
// pair comes from a max-heap whose outdated entries are skipped when popped (lazy deletion).
// Ties are broken by the smaller pair (first id, then second id), so the merges are a pure function of the
// word counts, independent of Map iteration or insertion order.

// Ids must stay below PAIR_BASE so that a pair (a, b) packs into one exact double: a * PAIR_BASE + b < 2^42.
export const PAIR_BASE = 2 ** 21;

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

// Replaces every non-overlapping (first, second), scanning left to right, by merged. Encoding uses the same
// rule, so "aaa" with merge (a, a) becomes [aa, a] in both training and encoding.
export function mergePair(word: readonly number[], first: number, second: number, merged: number): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < word.length) {
    if (i + 1 < word.length && word[i] === first && word[i + 1] === second) {
      out.push(merged);
      i += 2;
    } else {
      out.push(word[i] ?? 0);
      i += 1;
    }
  }
  return out;
}

function containsPair(word: readonly number[], first: number, second: number): boolean {
  for (let i = 0; i + 1 < word.length; i++) if (word[i] === first && word[i + 1] === second) return true;
  return false;
}

// words[w] is a word as base-token ids, frequencies[w] how often it occurs. Returns the merges in the order
// learned: merge r creates token firstMergeId + r from the pair merges[r].
export function learnMerges(
  words: readonly (readonly number[])[],
  frequencies: readonly number[],
  options: LearnMergesOptions,
): [number, number][] {
  const { firstMergeId, maxMerges, minFrequency } = options;
  if (firstMergeId + maxMerges > PAIR_BASE) throw new RangeError(`vocabulary larger than ${PAIR_BASE} ids`);
  const current = words.map((word) => [...word]);
  const pairCounts = new Map<number, number>();
  // Word indices that contained the pair when it was last added; may hold words that no longer contain it
  // (checked when used), and a word may appear twice, but never twice in a row.
  const pairWords = new Map<number, number[]>();

  const addPairs = (wordIndex: number, word: readonly number[], frequency: number, touched: Map<number, number> | null): void => {
    for (let i = 0; i + 1 < word.length; i++) {
      const key = pairKey(word[i] ?? 0, word[i + 1] ?? 0);
      const count = pairCounts.get(key) ?? 0;
      if (touched !== null && !touched.has(key)) touched.set(key, count);
      pairCounts.set(key, count + frequency);
      const holders = pairWords.get(key);
      if (holders === undefined) pairWords.set(key, [wordIndex]);
      else if (holders[holders.length - 1] !== wordIndex) holders.push(wordIndex);
    }
  };
  const removePairs = (word: readonly number[], frequency: number, touched: Map<number, number>): void => {
    for (let i = 0; i + 1 < word.length; i++) {
      const key = pairKey(word[i] ?? 0, word[i + 1] ?? 0);
      const count = pairCounts.get(key) ?? 0;
      if (!touched.has(key)) touched.set(key, count);
      pairCounts.set(key, count - frequency);
    }
  };

  current.forEach((word, wordIndex) => addPairs(wordIndex, word, frequencies[wordIndex] ?? 0, null));
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

    const touched = new Map<number, number>(); // pair key -> count before this merge
    for (const wordIndex of pairWords.get(key) ?? []) {
      const word = current[wordIndex] ?? [];
      if (!containsPair(word, first, second)) continue;
      const frequency = frequencies[wordIndex] ?? 0;
      removePairs(word, frequency, touched);
      const next = mergePair(word, first, second, merged);
      current[wordIndex] = next;
      addPairs(wordIndex, next, frequency, touched);
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

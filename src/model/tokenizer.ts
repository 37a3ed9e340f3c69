// Byte-level BPE tokenizer learned from the training text and saved beside each checkpoint.
//
// Id layout (fixed, whatever the vocabulary size):
//   0 <pad>, 1 <bos>, 2 <eos>, 3 <image>   special tokens; only the chat formatter inserts them
//   4 .. 259                               the 256 bytes (id = 4 + byte value)
//   260 .. vocabSize - 1                   merges, in the order they were learned
// Text is only ever encoded as text: "<eos>" typed by a user becomes the bytes '<', 'eos', '>', never id 2,
// so no prompt can forge a special token. Decoding skips the special ids.
//
// Pre-tokenisation splits text into words before any merge (a merge never crosses a word boundary), GPT-2
// style: a word keeps its leading space (" Paris"), every digit is its own word (so numbers are spelled out
// digit by digit, as LLaMA does), runs of punctuation and runs of whitespace are words of their own.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { PAIR_BASE, learnMerges, mergePair, pairKey } from './byte-pair-merges.js';

export const SPECIAL_TOKENS = ['<pad>', '<bos>', '<eos>', '<image>'] as const;
export const PAD_ID = 0;
export const BOS_ID = 1;
export const EOS_ID = 2;
export const IMAGE_ID = 3;
export const BYTE_OFFSET = SPECIAL_TOKENS.length;
export const FIRST_MERGE_ID = BYTE_OFFSET + 256;

export const TOKENIZER_FORMAT = 'clearbench-tokenizer';
export const TOKENIZER_VERSION = 1;
const PRETOKENIZER = 'words-digits-v1'; // names the regex below; change it whenever the regex changes

// Contractions, words (letters and combining marks) with an optional leading space, single digits,
// punctuation runs, whitespace that does not precede a word (the last space goes to the word), any whitespace.
const WORD_PATTERN = /'(?:s|t|re|ve|m|ll|d)| ?[\p{L}\p{M}]+| ?\p{N}| ?[^\s\p{L}\p{M}\p{N}]+|\s+(?!\S)|\s+/gu;

export function pretokenize(text: string): string[] {
  return text.match(WORD_PATTERN) ?? [];
}

const tokenizerJsonSchema = z.strictObject({
  format: z.literal(TOKENIZER_FORMAT),
  version: z.literal(TOKENIZER_VERSION),
  pretokenizer: z.literal(PRETOKENIZER),
  specialTokens: z.tuple([z.literal('<pad>'), z.literal('<bos>'), z.literal('<eos>'), z.literal('<image>')]),
  byteOffset: z.literal(BYTE_OFFSET),
  vocabSize: z.number().int(),
  merges: z.array(z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()])),
});
export type TokenizerJson = z.infer<typeof tokenizerJsonSchema>;

export interface TokenizerOptions {
  cacheSize?: number; // words whose encoding is remembered; the oldest is dropped past this
}

const DEFAULT_CACHE_SIZE = 65_536;

export class Tokenizer {
  readonly vocabSize: number;
  readonly padId = PAD_ID;
  readonly bosId = BOS_ID;
  readonly eosId = EOS_ID;
  readonly imageId = IMAGE_ID;
  readonly merges: readonly (readonly [number, number])[];
  private readonly mergeRanks = new Map<number, number>(); // pairKey -> rank (merged id = FIRST_MERGE_ID + rank)
  private readonly tokenBytes: Uint8Array[]; // bytes of every non-special id; empty for specials
  private readonly wordCache = new Map<string, readonly number[]>();
  private readonly cacheSize: number;
  private readonly encoder = new TextEncoder();
  // ignoreBOM keeps a leading U+FEFF instead of silently dropping it, so decode(encode(text)) === text.
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  private cachedHash: string | null = null;

  constructor(merges: readonly (readonly [number, number])[], options: TokenizerOptions = {}) {
    this.cacheSize = options.cacheSize ?? DEFAULT_CACHE_SIZE;
    this.merges = merges.map(([first, second]) => [first, second] as const);
    this.vocabSize = FIRST_MERGE_ID + merges.length;
    if (this.vocabSize > PAIR_BASE) throw new RangeError(`vocabulary of ${this.vocabSize} exceeds the maximum ${PAIR_BASE}`);
    this.tokenBytes = [];
    for (let id = 0; id < BYTE_OFFSET; id++) this.tokenBytes.push(new Uint8Array(0));
    for (let byte = 0; byte < 256; byte++) this.tokenBytes.push(Uint8Array.of(byte));
    merges.forEach(([first, second], rank) => {
      const id = FIRST_MERGE_ID + rank;
      // A merge may only combine ids that exist before it, and never a special token.
      for (const part of [first, second]) {
        if (part < BYTE_OFFSET || part >= id) throw new RangeError(`merge ${rank} (${first}, ${second}) refers to an invalid id`);
      }
      const key = pairKey(first, second);
      if (this.mergeRanks.has(key)) throw new RangeError(`merge ${rank} (${first}, ${second}) is a duplicate`);
      this.mergeRanks.set(key, rank);
      const left = this.tokenBytes[first] ?? new Uint8Array(0);
      const right = this.tokenBytes[second] ?? new Uint8Array(0);
      const bytes = new Uint8Array(left.length + right.length);
      bytes.set(left, 0);
      bytes.set(right, left.length);
      this.tokenBytes.push(bytes);
    });
  }

  isSpecial(id: number): boolean {
    return id >= 0 && id < BYTE_OFFSET;
  }

  // Token ids of the text, with no special tokens added.
  encode(text: string): number[] {
    const ids: number[] = [];
    for (const word of pretokenize(text)) {
      let wordIds = this.wordCache.get(word);
      if (wordIds === undefined) {
        wordIds = this.encodeWord(word);
        if (this.wordCache.size >= this.cacheSize) {
          const oldest = this.wordCache.keys().next();
          if (oldest.done !== true) this.wordCache.delete(oldest.value);
        }
        if (this.cacheSize > 0) this.wordCache.set(word, wordIds);
      }
      for (const id of wordIds) ids.push(id);
    }
    return ids;
  }

  // Applies the lowest-ranked merge present until none applies; this equals replaying the merges in the
  // order learned, because a merge can only create pairs whose merges were learned after it.
  private encodeWord(word: string): number[] {
    const ids = Array.from(this.encoder.encode(word), (byte) => BYTE_OFFSET + byte);
    for (;;) {
      let bestRank = Infinity;
      for (let i = 0; i + 1 < ids.length; i++) {
        const rank = this.mergeRanks.get(pairKey(ids[i] ?? 0, ids[i + 1] ?? 0));
        if (rank !== undefined && rank < bestRank) bestRank = rank;
      }
      if (bestRank === Infinity) return ids;
      const [first, second] = this.merges[bestRank] ?? [0, 0];
      mergePair(ids, first, second, FIRST_MERGE_ID + bestRank);
    }
  }

  // Text of the ids, skipping special tokens. Byte sequences that are not valid UTF-8 (a generation cut
  // inside a multi-byte character) become U+FFFD rather than throwing.
  decode(ids: readonly number[] | Int32Array): string {
    let length = 0;
    for (const id of ids) length += this.bytesOf(id).length;
    const bytes = new Uint8Array(length);
    let offset = 0;
    for (const id of ids) {
      const tokenBytes = this.bytesOf(id);
      bytes.set(tokenBytes, offset);
      offset += tokenBytes.length;
    }
    return this.decoder.decode(bytes);
  }

  // Readable form of one token, for debugging and vocabulary dumps.
  tokenText(id: number): string {
    if (this.isSpecial(id)) return SPECIAL_TOKENS[id] ?? '';
    return this.decoder.decode(this.bytesOf(id));
  }

  private bytesOf(id: number): Uint8Array {
    const bytes = this.tokenBytes[id];
    if (bytes === undefined || !Number.isInteger(id)) throw new RangeError(`token id ${id} outside the vocabulary of ${this.vocabSize}`);
    return bytes;
  }

  toJSON(): TokenizerJson {
    return {
      format: TOKENIZER_FORMAT,
      version: TOKENIZER_VERSION,
      pretokenizer: PRETOKENIZER,
      specialTokens: [SPECIAL_TOKENS[0], SPECIAL_TOKENS[1], SPECIAL_TOKENS[2], SPECIAL_TOKENS[3]],
      byteOffset: BYTE_OFFSET,
      vocabSize: this.vocabSize,
      merges: this.merges.map(([first, second]) => [first, second]),
    };
  }

  // sha256 of the canonical JSON: equal hashes mean identical tokenisation (used in cache keys).
  get hash(): string {
    this.cachedHash ??= createHash('sha256').update(JSON.stringify(this.toJSON())).digest('hex');
    return this.cachedHash;
  }

  // Accepts the parsed object or its JSON text; throws on any other format, version or an inconsistent vocabSize.
  static fromJSON(json: unknown, options: TokenizerOptions = {}): Tokenizer {
    const parsed = tokenizerJsonSchema.parse(typeof json === 'string' ? JSON.parse(json) : json);
    const tokenizer = new Tokenizer(parsed.merges, options);
    if (tokenizer.vocabSize !== parsed.vocabSize) {
      throw new RangeError(`tokenizer JSON says vocabSize ${parsed.vocabSize} but has ${tokenizer.vocabSize} tokens`);
    }
    return tokenizer;
  }
}

export interface TrainTokenizerOptions {
  vocabSize: number; // upper bound (at most 32,768): training stops early when no pair occurs minFrequency times
  minFrequency?: number; // default 2: a pair seen once is not worth a token
  cacheSize?: number;
}

export function trainTokenizer(texts: Iterable<string>, options: TrainTokenizerOptions): Tokenizer {
  const { vocabSize, minFrequency = 2 } = options;
  if (!Number.isInteger(vocabSize) || vocabSize < FIRST_MERGE_ID || vocabSize > PAIR_BASE) {
    throw new RangeError(`vocabSize must be an integer in [${FIRST_MERGE_ID} (specials + bytes), ${PAIR_BASE}], got ${vocabSize}`);
  }
  const wordCounts = new Map<string, number>();
  for (const text of texts) {
    for (const word of pretokenize(text)) wordCounts.set(word, (wordCounts.get(word) ?? 0) + 1);
  }
  const encoder = new TextEncoder();
  const words: number[][] = [];
  const frequencies: number[] = [];
  for (const [word, count] of wordCounts) {
    words.push(Array.from(encoder.encode(word), (byte) => BYTE_OFFSET + byte));
    frequencies.push(count);
  }
  const merges = learnMerges(words, frequencies, {
    firstMergeId: FIRST_MERGE_ID,
    maxMerges: vocabSize - FIRST_MERGE_ID,
    minFrequency,
  });
  return new Tokenizer(merges, options.cacheSize === undefined ? {} : { cacheSize: options.cacheSize });
}

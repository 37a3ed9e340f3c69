// The CLEAR chat format, label masking and batching (SPEC section 2: a turn `user: [<image>] question` /
// `assistant: answer`, loss only on the answer).
//
// Token layout of one example, defined here once:
//   prompt = <bos> encode("user:") [<image>] encode(" " + question + "\nassistant:")
//   answer = encode(" " + answer) <eos>
// The prompt and the answer are encoded separately and concatenated, so formatPrompt + encodeAnswer gives
// exactly the tokens the model was trained on; scoring candidate answers against a shared prompt therefore
// sees the training tokenisation (no merge can straddle the prompt/answer boundary).
//
// Labels are already shifted for next-token prediction: labels[t] is the target of the logits at position
// t, i.e. inputIds[t + 1] when that token belongs to the answer (its text or the final <eos>), otherwise
// IGNORE_INDEX. The last position has no next token and is always IGNORE_INDEX. The loss thus covers exactly
// the answer tokens and <eos>.
//
// Images: formatExample and formatPrompt keep <image> as ONE marker token. collate expands each marker into
// `imageTokens` copies of the image id (labels IGNORE_INDEX), so a position in the batch's inputIds is the
// same position in the model's sequence; the model overwrites the positions
// [imageMarkerPositions[b], imageMarkerPositions[b] + imageTokens) with the projected patch embeddings.
// expandImageMarker does the same for a single sequence (generation). At most one image per example.
import type { Tokenizer } from './tokenizer.js';

export const IGNORE_INDEX = -100;

// The reference's caption questions (somvy/multimodal_unlearning, mm/dataset.py), verbatim: a caption row is
// asked one of them at random, in training and in evaluation.
export const CAPTION_QUESTIONS = [
  'What can you see in this picture?',
  'Tell me about the content of this image',
  'Can you give a description of the image?',
  'What is depicted in the image?',
  'Explain what you observe in the picture.',
  'Describe the image in detail.',
  'What is the main subject of this image?',
  'Can you describe the scene or objects in the image?',
  'What is happening in this image?',
] as const;

// The reference's face-recognition question, trailing space included.
export const FACE_NAMING_PROMPT = 'The name of the person on the image is ';

export interface ChatPrompt {
  question: string;
  hasImage: boolean;
}

export interface ChatExample extends ChatPrompt {
  answer: string;
}

export interface FormattedExample {
  inputIds: Int32Array; // (length,) prompt then answer, the <image> marker as one token
  labels: Int32Array; // (length,) labels[t] = target for position t, IGNORE_INDEX outside the answer
  promptLength: number; // number of prompt tokens; inputIds[promptLength] is the first answer token
}

export function formatPrompt(prompt: ChatPrompt, tokenizer: Tokenizer): Int32Array {
  const ids = [tokenizer.bosId, ...tokenizer.encode('user:')];
  if (prompt.hasImage) ids.push(tokenizer.imageId);
  ids.push(...tokenizer.encode(` ${prompt.question}\nassistant:`));
  return Int32Array.from(ids);
}

// The answer's tokens as the model must produce them after formatPrompt, <eos> included.
export function encodeAnswer(answer: string, tokenizer: Tokenizer): Int32Array {
  return Int32Array.from([...tokenizer.encode(` ${answer}`), tokenizer.eosId]);
}

export function formatExample(example: ChatExample, tokenizer: Tokenizer): FormattedExample {
  const prompt = formatPrompt(example, tokenizer);
  const answer = encodeAnswer(example.answer, tokenizer);
  const inputIds = new Int32Array(prompt.length + answer.length);
  inputIds.set(prompt, 0);
  inputIds.set(answer, prompt.length);
  const labels = new Int32Array(inputIds.length).fill(IGNORE_INDEX);
  for (let t = prompt.length - 1; t + 1 < inputIds.length; t++) labels[t] = inputIds[t + 1] ?? IGNORE_INDEX;
  return { inputIds, labels, promptLength: prompt.length };
}

// Index of the <image> marker, or -1 when the sequence has none.
export function imageMarkerIndex(inputIds: Int32Array | readonly number[], imageId: number): number {
  return inputIds.indexOf(imageId);
}

export interface ExpandedSequence {
  inputIds: Int32Array; // the marker replaced by imageTokens copies of imageId
  labels: Int32Array; // IGNORE_INDEX on the image positions
  imageMarkerPosition: number; // first image position, -1 without image
}

// Replaces the single <image> marker by imageTokens image positions. Labels may be omitted (a prompt for
// generation): they are then all IGNORE_INDEX.
export function expandImageMarker(
  inputIds: Int32Array,
  labels: Int32Array | null,
  imageId: number,
  imageTokens: number,
): ExpandedSequence {
  if (!Number.isInteger(imageTokens) || imageTokens < 1) throw new RangeError(`imageTokens must be a positive integer, got ${imageTokens}`);
  if (labels !== null && labels.length !== inputIds.length) throw new RangeError('labels and inputIds differ in length');
  const marker = imageMarkerIndex(inputIds, imageId);
  if (marker === -1) {
    return { inputIds, labels: labels ?? new Int32Array(inputIds.length).fill(IGNORE_INDEX), imageMarkerPosition: -1 };
  }
  if (inputIds.indexOf(imageId, marker + 1) !== -1) throw new RangeError('more than one <image> marker in one example');
  // The marker must sit in the prompt: neither it nor the token after it may be a training target.
  if (labels !== null && ((labels[marker - 1] ?? IGNORE_INDEX) !== IGNORE_INDEX || labels[marker] !== IGNORE_INDEX)) {
    throw new RangeError('the <image> marker lies inside the answer');
  }
  const expandedIds = new Int32Array(inputIds.length - 1 + imageTokens);
  expandedIds.set(inputIds.subarray(0, marker), 0);
  expandedIds.fill(imageId, marker, marker + imageTokens);
  expandedIds.set(inputIds.subarray(marker + 1), marker + imageTokens);
  const expandedLabels = new Int32Array(expandedIds.length).fill(IGNORE_INDEX);
  if (labels !== null) {
    expandedLabels.set(labels.subarray(0, marker), 0);
    expandedLabels.set(labels.subarray(marker + 1), marker + imageTokens);
  }
  return { inputIds: expandedIds, labels: expandedLabels, imageMarkerPosition: marker };
}

export interface CollateOptions {
  padId: number;
  imageId: number;
  imageTokens: number; // positions one image takes in the model's sequence
  maxLength?: number; // longer (expanded) sequences are cut on the right; an image must fit whole
}

export interface Batch {
  inputIds: Int32Array; // (batch, length), right-padded with padId
  labels: Int32Array; // (batch, length), IGNORE_INDEX on prompt, image and padding positions
  attentionMask: Int32Array; // (batch, length), 1 = real token, 0 = padding
  lengths: Int32Array; // (batch,) real tokens per row
  imageMarkerPositions: Int32Array; // (batch,) first image position of each row, -1 without image
  batch: number;
  length: number; // the longest row, image positions counted
}

// Examples without labels (prompts for generation or scoring) get IGNORE_INDEX labels. A row cut by
// maxLength keeps its last label: that target token exists in the data, only its input position is gone.
export function collate(
  examples: readonly { inputIds: Int32Array; labels?: Int32Array }[],
  options: CollateOptions,
): Batch {
  const { padId, imageId, imageTokens, maxLength } = options;
  if (maxLength !== undefined && (!Number.isInteger(maxLength) || maxLength < 1)) throw new RangeError(`maxLength must be a positive integer, got ${maxLength}`);
  const rows = examples.map((example) => expandImageMarker(example.inputIds, example.labels ?? null, imageId, imageTokens));
  const lengths = Int32Array.from(rows, (row) => Math.min(row.inputIds.length, maxLength ?? Infinity));
  const length = lengths.reduce((longest, rowLength) => Math.max(longest, rowLength), 0);
  const batch = rows.length;
  const inputIds = new Int32Array(batch * length).fill(padId);
  const labels = new Int32Array(batch * length).fill(IGNORE_INDEX);
  const attentionMask = new Int32Array(batch * length);
  const imageMarkerPositions = new Int32Array(batch).fill(-1);
  rows.forEach((row, b) => {
    const rowLength = lengths[b] ?? 0;
    if (row.imageMarkerPosition !== -1 && row.imageMarkerPosition + imageTokens > rowLength) {
      throw new RangeError(`row ${b}: maxLength ${maxLength} cuts through the image positions`);
    }
    inputIds.set(row.inputIds.subarray(0, rowLength), b * length);
    labels.set(row.labels.subarray(0, rowLength), b * length);
    attentionMask.fill(1, b * length, b * length + rowLength);
    imageMarkerPositions[b] = row.imageMarkerPosition;
  });
  return { inputIds, labels, attentionMask, lengths, imageMarkerPositions, batch, length };
}

// Batches of similar lengths, to cut padding, in a random order: indices are shuffled, cut into pools of
// poolBatches batches, each pool is sorted by length and cut into batches, then the batch order is shuffled.
// Pools keep the composition of batches random from one epoch to the next. The seed lives in `random`.
export function bucketByLength(
  lengths: readonly number[],
  batchSize: number,
  random: () => number,
  poolBatches = 16,
): number[][] {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  const order = shuffle(Array.from(lengths, (_, index) => index), random);
  const poolSize = batchSize * Math.max(1, poolBatches);
  const batches: number[][] = [];
  for (let start = 0; start < order.length; start += poolSize) {
    // Array.prototype.sort is stable, so equal lengths keep their shuffled order.
    const pool = order.slice(start, start + poolSize).sort((a, b) => (lengths[a] ?? 0) - (lengths[b] ?? 0));
    for (let offset = 0; offset < pool.length; offset += batchSize) batches.push(pool.slice(offset, offset + batchSize));
  }
  return shuffle(batches, random);
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const item = items[i] as T;
    items[i] = items[j] as T;
    items[j] = item;
  }
  return items;
}

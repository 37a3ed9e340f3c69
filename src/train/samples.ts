import { IGNORE_INDEX, collate, formatExample, type FormattedExample } from '../model/chat.js';
import type { Tokenizer } from '../model/tokenizer.js';
import type { ModelInput, VisionLanguageModel } from '../model/vlm.js';

// One chat turn to train or unlearn on: a question about an image (caption, face naming) or a text QA.
export interface TrainSample {
  question: string;
  answer: string;
  image: Float32Array | null; // 3 x size x size in [-1, 1], at the model's resolution
  person: string | null; // whose fact this is, when it is about a CLEAR person
}

export interface TrainBatch {
  input: ModelInput;
  labels: Int32Array; // (batch, length), IGNORE_INDEX outside answers
  answerRows: Int32Array; // flat (batch * length) rows whose label is a target, in order
  answerTargets: Int32Array; // the labels at those rows
  // For sequence-level losses (NPO, DPO): answerRows[i] belongs to sequence answerSequence[i].
  answerSequence: Int32Array;
  tokens: number; // real tokens in the batch
}

// Formatting is pure, so a training run formats each sample once and reuses it every epoch.
export type FormatCache = WeakMap<TrainSample, FormattedExample>;

export function formatSample(sample: TrainSample, tokenizer: Tokenizer, cache?: FormatCache): FormattedExample {
  const cached = cache?.get(sample);
  if (cached) return cached;
  const formatted = formatExample({ question: sample.question, answer: sample.answer, hasImage: sample.image !== null }, tokenizer);
  cache?.set(sample, formatted);
  return formatted;
}

export function makeBatch(samples: readonly TrainSample[], tokenizer: Tokenizer, model: VisionLanguageModel, cache?: FormatCache): TrainBatch {
  const formatted = samples.map((sample) => formatSample(sample, tokenizer, cache));
  const batch = collate(formatted, { padId: tokenizer.padId, imageId: tokenizer.imageId, imageTokens: Math.max(1, model.imageTokens), maxLength: model.config.maxLength });
  const rows: number[] = [];
  const targets: number[] = [];
  const sequences: number[] = [];
  for (let row = 0; row < batch.labels.length; row++) {
    if (batch.labels[row] === IGNORE_INDEX) continue;
    rows.push(row);
    targets.push(batch.labels[row]!);
    sequences.push(Math.floor(row / batch.length));
  }
  return {
    input: { ...batch, images: samples.map((sample) => sample.image) },
    labels: batch.labels,
    answerRows: Int32Array.from(rows),
    answerTargets: Int32Array.from(targets),
    answerSequence: Int32Array.from(sequences),
    tokens: batch.lengths.reduce((sum, length) => sum + length, 0),
  };
}

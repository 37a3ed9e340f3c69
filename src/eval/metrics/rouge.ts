// ROUGE-1 and ROUGE-L with the semantics of Google's rouge-score package, `RougeScorer(['rouge1',
// 'rougeL'], use_stemmer=True)`, which TOFU and the CLEAR reference use: their published numbers are only
// comparable with ours if tokenisation, stemming and the empty cases agree exactly.
import { porterStem } from './porter-stemmer.js';
import type { MetricResult } from './metric-result.js';
import { mean, requireSameLength } from './metric-result.js';

export interface RougeScore {
  precision: number;
  recall: number;
  fmeasure: number;
}

export interface RougeScores {
  rouge1: RougeScore;
  rougeL: RougeScore;
}

const validToken = /^[a-z0-9]+$/;

/**
 * rouge-score's tokenizer: lowercase, every run of characters outside [a-z0-9] becomes one space, split on
 * whitespace, Porter-stem tokens longer than 3 characters, keep tokens that are still [a-z0-9]+.
 * Non-ASCII letters are separators, so 'Zoë' gives ['zo'] (as in rouge-score).
 */
export function rougeTokenize(text: string): string[] {
  const pieces = text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').split(/\s+/);
  return pieces
    .map((piece) => (piece.length > 3 ? porterStem(piece) : piece))
    .filter((token) => validToken.test(token));
}

function fmeasure(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

function countTokens(tokens: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  return counts;
}

// Unigram overlap with clipped counts; rouge-score divides by max(count, 1), so an empty side gives 0.
function unigramScore(referenceTokens: readonly string[], predictionTokens: readonly string[]): RougeScore {
  const referenceCounts = countTokens(referenceTokens);
  const predictionCounts = countTokens(predictionTokens);
  let overlap = 0;
  for (const [token, count] of referenceCounts) overlap += Math.min(count, predictionCounts.get(token) ?? 0);
  const precision = overlap / Math.max(predictionTokens.length, 1);
  const recall = overlap / Math.max(referenceTokens.length, 1);
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

/** Length of the longest common subsequence of two token lists (one DP row kept at a time). */
export function longestCommonSubsequenceLength(first: readonly string[], second: readonly string[]): number {
  let previous = new Int32Array(second.length + 1);
  let current = new Int32Array(second.length + 1);
  for (const firstToken of first) {
    for (let column = 1; column <= second.length; column += 1) {
      current[column] = firstToken === second[column - 1]
        ? (previous[column - 1] ?? 0) + 1
        : Math.max(previous[column] ?? 0, current[column - 1] ?? 0);
    }
    [previous, current] = [current, previous];
  }
  return previous[second.length] ?? 0;
}

function lcsScore(referenceTokens: readonly string[], predictionTokens: readonly string[]): RougeScore {
  if (referenceTokens.length === 0 || predictionTokens.length === 0) return { precision: 0, recall: 0, fmeasure: 0 };
  const length = longestCommonSubsequenceLength(referenceTokens, predictionTokens);
  const precision = length / predictionTokens.length;
  const recall = length / referenceTokens.length;
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

/**
 * ROUGE-1 and ROUGE-L of a generated text against its reference answer. Argument order is
 * (prediction, reference); rouge-score's `score(target, prediction)` takes them the other way round.
 * Precision divides by the prediction's token count, recall by the reference's.
 */
export function rougeScores(prediction: string, reference: string): RougeScores {
  if (typeof prediction !== 'string' || typeof reference !== 'string') {
    throw new TypeError('rougeScores: prediction and reference must both be strings');
  }
  const predictionTokens = rougeTokenize(prediction);
  const referenceTokens = rougeTokenize(reference);
  return {
    rouge1: unigramScore(referenceTokens, predictionTokens),
    rougeL: lcsScore(referenceTokens, predictionTokens),
  };
}

/** The per-task number of SPEC section 4: mean ROUGE-L recall of each generation against its answer. */
export function rougeLRecall(predictions: readonly string[], references: readonly string[]): MetricResult {
  requireSameLength(predictions, references, 'rougeLRecall', 'predictions', 'references');
  const perExample = predictions.map((prediction, index) => rougeScores(prediction, references[index] ?? '').rougeL.recall);
  return { aggregate: mean(perExample, 'rougeLRecall'), perExample };
}

import { Tensor, embedding, intTensor, logSoftmax, noGrad } from '../engine/index.js';
import type { LayerCache } from './attention-block.js';
import { expandImageMarker } from './chat.js';
import type { Tokenizer } from './tokenizer.js';
import type { VisionLanguageModel } from './vlm.js';

export interface PromptInput {
  prompt: Int32Array; // formatPrompt's tokens, the <image> marker as one token
  image: Float32Array | null;
}

interface PromptBatch {
  inputIds: Int32Array; attentionMask: Int32Array; imageMarkerPositions: Int32Array; realLengths: Int32Array; batch: number; length: number;
}

// Left padding, so every row's last prompt token sits in the last column and generation appends in step.
function leftPad(model: VisionLanguageModel, tokenizer: Tokenizer, prompts: readonly PromptInput[]): PromptBatch {
  const expanded = prompts.map((prompt) => expandImageMarker(prompt.prompt, null, tokenizer.imageId, Math.max(1, model.imageTokens)));
  const length = Math.max(...expanded.map((row) => row.inputIds.length));
  const batch = prompts.length;
  const inputIds = new Int32Array(batch * length).fill(tokenizer.padId);
  const attentionMask = new Int32Array(batch * length);
  const imageMarkerPositions = new Int32Array(batch).fill(-1);
  const realLengths = new Int32Array(batch);
  expanded.forEach((row, index) => {
    const pad = length - row.inputIds.length;
    inputIds.set(row.inputIds, index * length + pad);
    attentionMask.fill(1, index * length + pad, (index + 1) * length);
    if (row.imageMarkerPosition >= 0) imageMarkerPositions[index] = row.imageMarkerPosition + pad;
    realLengths[index] = row.inputIds.length;
  });
  return { inputIds, attentionMask, imageMarkerPositions, realLengths, batch, length };
}

function runPrompts(model: VisionLanguageModel, tokenizer: Tokenizer, prompts: readonly PromptInput[]) {
  const padded = leftPad(model, tokenizer, prompts);
  const cache = model.newCache();
  const { hidden } = model.forward({ ...padded, images: prompts.map((prompt) => prompt.image) }, { cache });
  const lastRows = Int32Array.from({ length: padded.batch }, (_, row) => row * padded.length + padded.length - 1);
  return { padded, cache, lastLogits: model.logitsAt(hidden, lastRows) };
}

function argmaxRows(logits: Tensor): Int32Array {
  const vocab = logits.dim(-1);
  const rows = logits.size / vocab;
  const best = new Int32Array(rows);
  for (let row = 0; row < rows; row++) {
    let bestValue = -Infinity;
    for (let column = 0; column < vocab; column++) {
      const value = logits.data[row * vocab + column]!;
      if (value > bestValue) {
        bestValue = value;
        best[row] = column;
      }
    }
  }
  return best;
}

// Greedy decoding with a key/value cache: the prompt runs once, then one position per step.
// Returns each row's generated tokens, without the final <eos>.
export function generateGreedy(model: VisionLanguageModel, tokenizer: Tokenizer, prompts: readonly PromptInput[], maxNewTokens: number): Int32Array[] {
  if (prompts.length === 0) return [];
  return noGrad(() => {
    const { padded, cache, lastLogits } = runPrompts(model, tokenizer, prompts);
    const batch = padded.batch;
    const outputs: number[][] = prompts.map(() => []);
    const done = new Uint8Array(batch);
    let keyMask = padded.attentionMask;
    let keyLength = padded.length;
    const positions = Int32Array.from(padded.realLengths);
    let next = argmaxRows(lastLogits);
    const budget = Math.min(maxNewTokens, model.config.maxLength - Math.max(...padded.realLengths));
    for (let step = 0; step < budget; step++) {
      for (let row = 0; row < batch; row++) {
        if (done[row]) continue;
        if (next[row] === tokenizer.eosId) done[row] = 1;
        else outputs[row]!.push(next[row]!);
      }
      if (done.every(Boolean) || step === budget - 1) break;
      // Extend every row's key mask by the new position (finished rows keep computing, unread).
      const extended = new Int32Array(batch * (keyLength + 1));
      for (let row = 0; row < batch; row++) {
        extended.set(keyMask.subarray(row * keyLength, (row + 1) * keyLength), row * (keyLength + 1));
        extended[row * (keyLength + 1) + keyLength] = 1;
      }
      keyMask = extended;
      keyLength++;
      const { hidden } = model.forward(
        { inputIds: next, attentionMask: new Int32Array(batch).fill(1), imageMarkerPositions: new Int32Array(batch).fill(-1), images: [], batch, length: 1 },
        { cache, keyMask, positions },
      );
      for (let row = 0; row < batch; row++) positions[row] = Math.min(positions[row]! + 1, model.config.maxLength - 1);
      next = argmaxRows(model.logitsAt(hidden, Int32Array.from({ length: batch }, (_, row) => row)));
    }
    return outputs.map((tokens) => Int32Array.from(tokens));
  });
}

export interface TokenScores {
  logProbs: Float32Array; // log p(answer token t | prompt, earlier answer tokens), <eos> included
  meanLogProbs: Float32Array; // E_{v ~ p}[log p(v)] at each position (Min-K%++)
  stdLogProbs: Float32Array; // its standard deviation
}

export interface ScoringItem extends PromptInput {
  candidates: readonly Int32Array[]; // encodeAnswer's tokens, <eos> included
}

// Log-likelihoods of many candidate answers to one prompt, the prompt computed once: its keys and values
// are copied to each candidate's row and only the answers run through the model.
export function scoreCandidates(model: VisionLanguageModel, tokenizer: Tokenizer, items: readonly ScoringItem[]): TokenScores[][] {
  if (items.length === 0) return [];
  return noGrad(() => {
    const { padded, cache, lastLogits } = runPrompts(model, tokenizer, items);
    const firstTokenLogProbs = logSoftmax(lastLogits);
    const vocab = model.config.vocabSize;
    const owners: number[] = [];
    const answers: Int32Array[] = [];
    items.forEach((item, index) => item.candidates.forEach((candidate) => {
      if (candidate.length === 0) throw new Error(`scoring: item ${index} has an empty candidate answer`);
      owners.push(index);
      answers.push(candidate);
    }));
    const rows = answers.length;
    const answerLength = Math.max(...answers.map((answer) => answer.length));
    const promptLength = padded.length;
    const keyLength = promptLength + answerLength;
    const inputIds = new Int32Array(rows * answerLength).fill(tokenizer.padId);
    const keyMask = new Int32Array(rows * keyLength);
    const positions = new Int32Array(rows * answerLength);
    answers.forEach((answer, row) => {
      const owner = owners[row]!;
      inputIds.set(answer, row * answerLength);
      keyMask.set(padded.attentionMask.subarray(owner * promptLength, (owner + 1) * promptLength), row * keyLength);
      keyMask.fill(1, row * keyLength + promptLength, row * keyLength + promptLength + answer.length);
      for (let t = 0; t < answerLength; t++) positions[row * answerLength + t] = Math.min(padded.realLengths[owner]! + t, model.config.maxLength - 1);
    });
    const candidateCache: LayerCache[] = cache.map((layer) => ({ keys: replicateRows(layer.keys!, owners), values: replicateRows(layer.values!, owners) }));
    const { hidden } = model.forward(
      { inputIds, attentionMask: new Int32Array(rows * answerLength).fill(1), imageMarkerPositions: new Int32Array(rows).fill(-1), images: [], batch: rows, length: answerLength },
      { cache: candidateCache, keyMask, positions },
    );
    // Position t of a candidate row predicts answer token t + 1; the prompt's last position predicts token 0.
    const predictingRows: number[] = [];
    answers.forEach((answer, row) => {
      for (let t = 0; t + 1 < answer.length; t++) predictingRows.push(row * answerLength + t);
    });
    const answerLogProbs = predictingRows.length > 0 ? logSoftmax(model.logitsAt(hidden, Int32Array.from(predictingRows))) : null;
    const results: TokenScores[][] = items.map(() => []);
    let cursor = 0;
    answers.forEach((answer, row) => {
      const scores: TokenScores = {
        logProbs: new Float32Array(answer.length), meanLogProbs: new Float32Array(answer.length), stdLogProbs: new Float32Array(answer.length),
      };
      for (let t = 0; t < answer.length; t++) {
        const source = t === 0 ? firstTokenLogProbs.data : answerLogProbs!.data;
        const offset = (t === 0 ? owners[row]! : cursor++) * vocab;
        let mean = 0;
        let meanSquare = 0;
        for (let v = 0; v < vocab; v++) {
          const logProb = source[offset + v]!;
          const probability = Math.exp(logProb);
          mean += probability * logProb;
          meanSquare += probability * logProb * logProb;
        }
        scores.logProbs[t] = source[offset + answer[t]!]!;
        scores.meanLogProbs[t] = mean;
        scores.stdLogProbs[t] = Math.sqrt(Math.max(meanSquare - mean * mean, 0));
      }
      results[owners[row]!]!.push(scores);
    });
    return results;
  });
}

// (batch, heads, length, headDim) -> (rows, heads, length, headDim), row r a copy of batch item owners[r].
function replicateRows(cached: Tensor, owners: readonly number[]): Tensor {
  const [batch, heads, length, headDim] = cached.shape as [number, number, number, number];
  const perItem = heads * length * headDim;
  return embedding(cached.reshape([batch, perItem]), intTensor(owners, [owners.length])).reshape([owners.length, heads, length, headDim]);
}

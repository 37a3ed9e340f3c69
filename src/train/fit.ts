import { Rng, crossEntropy, intTensor, recycleActivations, warmupLinearDecay } from '../engine/index.js';
import { bucketByLength } from '../model/chat.js';
import { attachLora, loraParameters, mergeAndDropLora } from '../model/lora.js';
import type { Tokenizer } from '../model/tokenizer.js';
import type { VisionLanguageModel } from '../model/vlm.js';
import { formatSample, makeBatch, type FormatCache, type TrainSample } from './samples.js';
import { train, type TrainProgress, type TrainResult } from './trainer.js';

export interface Recipe {
  epochs: number;
  batchSize: number;
  accumulation: number;
  learningRate: number;
  warmupFraction: number; // of all steps (the reference warms up for one epoch)
  weightDecay: number;
  maxGradNorm: number | null;
  // null: every weight trains (base pretraining). Else LoRA adapters, merged into the weights afterwards.
  lora: { rank: number; alpha: number; dropout: number; targets: string[] } | null;
  freezeVision: boolean;
}

export interface FitOptions {
  model: VisionLanguageModel; // trained in place
  tokenizer: Tokenizer;
  samples: readonly TrainSample[];
  recipe: Recipe;
  seed: number;
  label: string;
  checkpointDirectory: string | null;
  onProgress?: (progress: TrainProgress) => void;
}

// Supervised fine-tuning on chat samples (loss on answers only): base, target and gold all come from here.
export function fit(options: FitOptions): TrainResult {
  const { model, tokenizer, samples, recipe } = options;
  if (samples.length === 0) throw new Error(`${options.label}: no training samples`);
  if (recipe.lora) attachLora(model, { ...recipe.lora, seed: options.seed + 1 });
  else model.unfreeze();
  if (recipe.freezeVision) {
    model.vision?.freeze();
    if (!recipe.lora) model.projector?.unfreeze();
  }
  const parameters = recipe.lora ? loraParameters(model).filter((parameter) => parameter.requiresGrad) : model.trainableParameters();
  // Batches of similar token length (8% padding, where character lengths left 15%), reshuffled every epoch from
  // the seed; a step's batches are a pure function of (seed, step), so a resumed run sees the same data as an
  // uninterrupted one.
  const formatCache: FormatCache = new WeakMap();
  const imageTokens = Math.max(1, model.imageTokens);
  const lengths = samples.map((sample) => formatSample(sample, tokenizer, formatCache).inputIds.length + (sample.image ? imageTokens - 1 : 0));
  const epochBatches = (epoch: number) => {
    const rng = new Rng(options.seed * 1009 + epoch);
    return bucketByLength(lengths, recipe.batchSize, () => rng.next());
  };
  const batchesPerEpoch = Math.ceil(samples.length / recipe.batchSize);
  const microBatches = Math.max(1, Math.round(recipe.epochs * batchesPerEpoch));
  const totalSteps = Math.max(1, Math.floor(microBatches / recipe.accumulation));
  let cachedEpoch = -1;
  let cached: number[][] = [];
  const result = train({
    parameters,
    totalSteps,
    accumulation: recipe.accumulation,
    learningRate: recipe.learningRate,
    schedule: warmupLinearDecay(totalSteps, Math.round(totalSteps * recipe.warmupFraction)),
    weightDecay: recipe.weightDecay,
    maxGradNorm: recipe.maxGradNorm,
    label: options.label,
    checkpointDirectory: options.checkpointDirectory,
    checkpointEvery: Math.max(1, Math.ceil(totalSteps / 4)),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    microBatchLoss: (step, micro, seed) => {
      const index = step * recipe.accumulation + micro;
      const epoch = Math.floor(index / batchesPerEpoch);
      if (epoch !== cachedEpoch) {
        cached = epochBatches(epoch);
        cachedEpoch = epoch;
      }
      const members = cached[index % cached.length]!;
      const batch = makeBatch(members.map((member) => samples[member]!), tokenizer, model, formatCache);
      // The logits and the embeddings are most of what the blocks do not recycle themselves.
      const loss = recycleActivations(() => {
        const { hidden } = model.forward(batch.input, { dropoutSeed: recipe.lora && recipe.lora.dropout > 0 ? seed : null });
        return crossEntropy(model.logitsAt(hidden, batch.answerRows), intTensor(batch.answerTargets));
      });
      return { loss, tokens: batch.tokens };
    },
  });
  if (recipe.lora) mergeAndDropLora(model);
  model.unfreeze();
  return result;
}

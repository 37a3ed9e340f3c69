import { add, warmupLinearDecay, type Parameter } from '../engine/index.js';
import { attachLora, loraParameters, mergeAndDropLora } from '../model/lora.js';
import type { Tokenizer } from '../model/tokenizer.js';
import { VisionLanguageModel } from '../model/vlm.js';
import { makeBatch, type TrainSample } from '../train/samples.js';
import { train, type TrainProgress } from '../train/trainer.js';
import { createContext } from './context.js';
import type { Compat, UnlearnMethod } from './method.js';
import { configureMethod } from './method-config.js';
import { createRegulariser, type RegulariserConfig } from './regularisers.js';
import { SampleStream } from './sample-stream.js';

export type Modality = 'joint' | 'text' | 'visual';

export interface LoraSettings {
  rank: number;
  alpha: number;
  dropout: number;
  targets: readonly string[]; // module-name fragments; empty = every linear layer but the head
}

export interface UnlearnOptions {
  target: VisionLanguageModel; // the merged target; never modified
  tokenizer: Tokenizer;
  method: string; // name or alias (resolveMethod)
  // The methods the name is looked up in (default: the built-in registry); a run with plug-ins passes the
  // built-ins plus its own, so nothing global changes.
  methods?: readonly UnlearnMethod[];
  methodConfig: Readonly<Record<string, unknown>>;
  forgetSet: readonly TrainSample[];
  retainSet: readonly TrainSample[];
  refusals: readonly string[];
  modality: Modality; // 'text': rows without image only, 'visual': rows with image only, for both sets
  // lora null: every weight trains, as the reference's unlearning does.
  trainable: { lora: LoraSettings | null; freezeVision: boolean };
  regulariser: RegulariserConfig;
  // Optimiser steps; or epochs over the forget set, turned into steps as the reference does
  // (epochs * forget rows / (batch * accumulation)). Exactly one of the two.
  steps?: number;
  epochs?: number;
  batchSize: number;
  accumulation: number;
  learningRate: number;
  weightDecay: number;
  seed: number;
  compat: Compat;
  checkpointDirectory: string | null;
  onProgress?: (progress: TrainProgress) => void;
  warmupSteps?: number; // default: one epoch (steps / epochs, or steps / 5), as the reference warms up for one epoch
  maxGradNorm?: number | null; // default 1, as the reference's trainer
  checkpointEvery?: number; // default 50 steps
}

export interface UnlearnResult {
  model: VisionLanguageModel; // unlearned, LoRA merged, a new model
  method: string; // the method's own name
  methodConfig: Record<string, unknown>; // the options it ran with, defaults filled in
  steps: number;
  lossCurve: { step: number; loss: number }[];
  seconds: number; // the whole call
  peakMemoryBytes: number; // largest resident set size seen at any micro-batch
}

export function copyModel(model: VisionLanguageModel): VisionLanguageModel {
  const copy = new VisionLanguageModel(model.config, 0);
  // loadStateDict copies the values into the new model's own buffers.
  copy.loadStateDict(model.stateDict());
  return copy;
}

export function filterModality(samples: readonly TrainSample[], modality: Modality): TrainSample[] {
  if (modality === 'joint') return [...samples];
  return samples.filter((sample) => (modality === 'visual') === (sample.image !== null));
}

function stepCount(options: UnlearnOptions, forgetRows: number): number {
  if ((options.steps === undefined) === (options.epochs === undefined)) throw new Error('unlearning: give exactly one of steps and epochs');
  const steps = options.steps ?? Math.max(1, Math.floor(((options.epochs ?? 0) * forgetRows) / (options.batchSize * options.accumulation)));
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`unlearning: steps must be a positive integer, got ${steps}`);
  return steps;
}

// Decides what trains: LoRA adapters (attached to the copy) or every weight; the vision tower frozen for
// real when asked (its parameters leave the optimiser and stop requiring gradients).
function chooseTrainable(model: VisionLanguageModel, options: UnlearnOptions): Parameter[] {
  const { lora, freezeVision } = options.trainable;
  if (lora) attachLora(model, { ...lora, seed: options.seed });
  else model.unfreeze();
  // Module.freeze walks every field, so adapters attached inside the vision tower freeze with it.
  if (freezeVision) model.vision?.freeze();
  const trainable = (lora ? loraParameters(model) : model.parameters()).filter((parameter) => parameter.requiresGrad);
  if (trainable.length === 0) throw new Error('unlearning: nothing is trainable');
  return trainable;
}

// Runs one unlearning method on a copy of the target: each step pairs forget and retain batches (each set
// cycled in its own seeded shuffled order), the method's loss plus the regularisers, on the shared trainer
// (accumulation, clipping, divergence guard, checkpoints and resume).
export function runUnlearning(options: UnlearnOptions): UnlearnResult {
  const started = performance.now();
  const configured = configureMethod(options.method, options.methodConfig, options.compat, options.methods);
  const { method, config } = configured;
  const forgetSet = filterModality(options.forgetSet, options.modality);
  const retainSet = filterModality(options.retainSet, options.modality);
  if (forgetSet.length === 0) throw new Error(`unlearning: the forget set has no ${options.modality} rows`);
  if (retainSet.length === 0) throw new Error(`unlearning: the retain set has no ${options.modality} rows`);
  const steps = stepCount(options, forgetSet.length);

  const model = copyModel(options.target);
  const original = method.needsOriginal(config) ? copyModel(options.target).freeze() : null;
  const batchOf = (samples: readonly TrainSample[]) => makeBatch(samples, options.tokenizer, model);
  const prepared = method.prepare?.({
    model, tokenizer: options.tokenizer, forgetSet, retainSet, batchSize: options.batchSize, seed: options.seed, compat: options.compat, batchOf,
  }, config);

  const trainable = chooseTrainable(model, options);
  const regulariser = createRegulariser({ model, trainable, lora: options.trainable.lora !== null }, options.regulariser);
  const forgetStream = new SampleStream(forgetSet, options.batchSize, options.seed);
  const retainStream = new SampleStream(retainSet, options.batchSize, (options.seed ^ 0x7f4a7c15) >>> 0);
  const dropout = options.trainable.lora !== null && options.trainable.lora.dropout > 0;
  let peakMemoryBytes = process.memoryUsage().rss;

  const result = train({
    parameters: [...trainable, ...regulariser.parameters],
    totalSteps: steps,
    accumulation: options.accumulation,
    learningRate: options.learningRate,
    schedule: warmupLinearDecay(steps, options.warmupSteps ?? Math.max(1, Math.round(steps / (options.epochs ?? 5)))),
    weightDecay: options.weightDecay,
    maxGradNorm: options.maxGradNorm === undefined ? 1 : options.maxGradNorm,
    checkpointDirectory: options.checkpointDirectory,
    checkpointEvery: options.checkpointEvery ?? 50,
    label: `unlearning (${configured.label})`,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    microBatchLoss: (step, micro, seed) => {
      const index = step * options.accumulation + micro;
      regulariser.beforeForward(seed);
      const context = createContext({
        model, original, forgetSamples: forgetStream.batchAt(index), retainSamples: retainStream.batchAt(index),
        forgetPool: forgetSet, retainPool: retainSet, refusals: options.refusals, batchOf,
        step, totalSteps: steps, micro, seed, compat: options.compat, prepared, dropoutSeed: dropout ? seed : null,
      });
      const methodLoss = method.loss(context, config);
      const penalty = regulariser.penalty();
      const loss = penalty ? add(methodLoss, penalty) : methodLoss;
      peakMemoryBytes = Math.max(peakMemoryBytes, process.memoryUsage().rss);
      return { loss, tokens: context.forget.tokens + context.retain.tokens, report: methodLoss.item() };
    },
  });

  regulariser.finish();
  if (options.trainable.lora) mergeAndDropLora(model);
  method.finalize?.(model, original, config, options.compat);
  model.unfreeze();
  return {
    model,
    method: method.name,
    methodConfig: typeof config === 'object' && config !== null ? Object.fromEntries(Object.entries(config)) : {},
    steps,
    lossCurve: result.lossCurve,
    seconds: (performance.now() - started) / 1000, // preparation (ECO's answers, RMU's norm) included
    peakMemoryBytes,
  };
}

import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AdamW, Tensor, clipGradNorm, type Parameter, type Schedule } from '../engine/index.js';
import { writeFileAtomic, replaceDirectory } from '../model/atomic.js';
import { loadSafetensors, saveSafetensors } from '../model/safetensors.js';

export interface TrainProgress {
  step: number; // steps done
  totalSteps: number;
  loss: number; // mean loss of the last optimiser step
  tokensPerSecond: number;
  elapsedSeconds: number;
}

export interface StepLoss {
  loss: Tensor; // scalar to minimise
  tokens: number; // tokens processed, for throughput
  report?: number; // value shown and logged instead of the loss (e.g. a method's forget loss)
}

export interface TrainerOptions {
  parameters: readonly Parameter[];
  totalSteps: number; // optimiser steps
  accumulation: number; // micro-batches per optimiser step
  learningRate: number;
  schedule: Schedule; // multiplier of learningRate per step
  weightDecay: number;
  maxGradNorm: number | null;
  // The loss of one micro-batch; `seed` is fresh per micro-batch (dropout), derived from the step.
  microBatchLoss: (step: number, micro: number, seed: number) => StepLoss;
  // Called after each optimiser step, e.g. for a method's extra update (SCRUB's alternation runs in the loss).
  onProgress?: (progress: TrainProgress) => void;
  // Where periodic training state goes; resume continues from it. null: no checkpoints.
  checkpointDirectory: string | null;
  checkpointEvery: number;
  // Loss above this (or NaN) stops training with an error; the last checkpoint is kept.
  divergenceThreshold?: number;
  // Called when a checkpoint is saved or restored, so the caller can save its own state beside it.
  label: string;
}

export interface TrainResult {
  lossCurve: { step: number; loss: number }[];
  seconds: number;
  resumedFrom: number;
}

export class TrainingDivergedError extends Error {
  override name = 'TrainingDivergedError';
}

// One loop for every stage and every unlearning method: gradient accumulation, schedule, clipping, AdamW,
// a divergence guard, and periodic atomic checkpoints of parameters + optimiser state to resume from.
export function train(options: TrainerOptions): TrainResult {
  const optimizer = new AdamW(options.parameters, { weightDecay: options.weightDecay });
  const lossCurve: { step: number; loss: number }[] = [];
  let startStep = 0;
  if (options.checkpointDirectory) {
    const restored = restoreTrainingState(options.checkpointDirectory, options.parameters, optimizer);
    if (restored) {
      startStep = restored.step;
      lossCurve.push(...restored.lossCurve);
    }
  }
  const started = performance.now();
  let tokens = 0;
  for (let step = startStep; step < options.totalSteps; step++) {
    optimizer.zeroGrad();
    let stepLoss = 0;
    for (let micro = 0; micro < options.accumulation; micro++) {
      const seed = (step * 7919 + micro * 104729 + 17) >>> 0;
      const result = options.microBatchLoss(step, micro, seed);
      const value = result.loss.item();
      const reported = result.report ?? value;
      if (!Number.isFinite(value) || Math.abs(value) > (options.divergenceThreshold ?? 1e6)) {
        throw new TrainingDivergedError(`${options.label}: loss became ${value} at step ${step}; stopped${options.checkpointDirectory ? ', the last checkpoint is kept' : ''}`);
      }
      // Each micro-batch's gradient is scaled so the accumulated one is their mean.
      result.loss.backward(new Tensor([], new Float32Array([1 / options.accumulation])));
      stepLoss += reported / options.accumulation;
      tokens += result.tokens;
    }
    if (options.maxGradNorm !== null) {
      const norm = clipGradNorm(options.parameters, options.maxGradNorm);
      if (!Number.isFinite(norm)) throw new TrainingDivergedError(`${options.label}: gradient norm became ${norm} at step ${step}`);
    }
    optimizer.step(options.learningRate * options.schedule(step));
    lossCurve.push({ step: step + 1, loss: stepLoss });
    const elapsedSeconds = (performance.now() - started) / 1000;
    options.onProgress?.({ step: step + 1, totalSteps: options.totalSteps, loss: stepLoss, tokensPerSecond: tokens / Math.max(elapsedSeconds, 1e-9), elapsedSeconds });
    const last = step + 1 === options.totalSteps;
    if (options.checkpointDirectory && !last && (step + 1) % options.checkpointEvery === 0) {
      saveTrainingState(options.checkpointDirectory, step + 1, options.parameters, optimizer, lossCurve);
    }
  }
  optimizer.zeroGrad();
  return { lossCurve, seconds: (performance.now() - started) / 1000, resumedFrom: startStep };
}

function saveTrainingState(directory: string, step: number, parameters: readonly Parameter[], optimizer: AdamW, lossCurve: { step: number; loss: number }[]): void {
  const temporary = `${directory}.partial-${process.pid}`;
  mkdirSync(temporary, { recursive: true });
  const tensors = new Map<string, Tensor>();
  const state = optimizer.state();
  parameters.forEach((parameter, index) => {
    tensors.set(`parameter.${index}`, parameter.detach());
    const moment = state.moments[index];
    if (moment) {
      tensors.set(`m.${index}`, new Tensor(parameter.shape, moment[0]));
      tensors.set(`v.${index}`, new Tensor(parameter.shape, moment[1]));
    }
  });
  saveSafetensors(join(temporary, 'state.safetensors'), tensors);
  writeFileAtomic(join(temporary, 'progress.json'), JSON.stringify({ step, optimizerStep: state.step, parameterCount: parameters.length, lossCurve }));
  replaceDirectory(temporary, directory);
}

function restoreTrainingState(directory: string, parameters: readonly Parameter[], optimizer: AdamW): { step: number; lossCurve: { step: number; loss: number }[] } | null {
  const progressPath = join(directory, 'progress.json');
  if (!existsSync(progressPath)) return null;
  const progress = JSON.parse(readFileSync(progressPath, 'utf8')) as { step: number; optimizerStep: number; parameterCount: number; lossCurve: { step: number; loss: number }[] };
  if (progress.parameterCount !== parameters.length) {
    throw new Error(`resume: ${directory} holds ${progress.parameterCount} parameters, this run trains ${parameters.length}; delete it or run with --fresh`);
  }
  const { tensors } = loadSafetensors(join(directory, 'state.safetensors'));
  parameters.forEach((parameter, index) => {
    const saved = tensors.get(`parameter.${index}`);
    if (!saved || saved.size !== parameter.size) throw new Error(`resume: ${directory} does not match parameter ${index}`);
    parameter.data.set(saved.data);
  });
  optimizer.loadState({
    step: progress.optimizerStep,
    moments: parameters.map((_, index) => {
      const m = tensors.get(`m.${index}`);
      const v = tensors.get(`v.${index}`);
      return m && v ? ([m.data, v.data] as const) : null;
    }),
  });
  return { step: progress.step, lossCurve: progress.lossCurve };
}

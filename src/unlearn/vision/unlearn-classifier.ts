import { Rng, noGrad, warmupCosine } from '../../engine/index.js';
import type { FaceClassifier, FaceForward } from '../../model/face-classifier.js';
import { train } from '../../train/trainer.js';
import type { TrainProgress, TrainResult } from '../../train/trainer.js';
import { IndexStream, faceBatch, faceCount } from './face-set.js';
import type { FaceBatch, FaceSet } from './face-set.js';
import type { VisionMethod, VisionUnlearnContext } from './method.js';

export interface UnlearnRecipe {
  steps: number;
  forgetBatchSize: number;
  retainBatchSize: number;
  learningRate: number;
  weightDecay: number;
  maxGradNorm: number | null;
}

export interface UnlearnClassifierOptions {
  method: VisionMethod;
  config: unknown; // parsed by method.configSchema
  original: FaceClassifier; // the fine-tuned classifier; left unchanged
  forgetSet: FaceSet;
  retainSet: FaceSet;
  recipe: UnlearnRecipe;
  seed: number;
  onProgress?: (progress: TrainProgress) => void;
}

// Memoised forward passes of one step: one per (batch, captured block).
function memoised(model: FaceClassifier, frozen: boolean): (batch: FaceBatch, captureBlock?: number) => FaceForward {
  const passes = new Map<FaceBatch, Map<number, FaceForward>>();
  return (batch, captureBlock) => {
    let byBlock = passes.get(batch);
    if (!byBlock) passes.set(batch, (byBlock = new Map()));
    const key = captureBlock ?? -1;
    // A pass that captured some block serves a request that needs none.
    const found = byBlock.get(key) ?? (captureBlock === undefined ? byBlock.values().next().value : undefined);
    if (found) return found;
    const run = () => model.forward(batch.images, captureBlock === undefined ? {} : { captureBlock });
    const forward = frozen ? noGrad(run) : run();
    byBlock.set(key, forward);
    return forward;
  };
}

// Runs an 'unlearn' method from the fine-tuned classifier: a copy of it is trained on the method's loss
// over paired forget / retain batches (AdamW, cosine decay). Returns the copy.
export function unlearnClassifier(options: UnlearnClassifierOptions): { model: FaceClassifier; training: TrainResult } {
  const { method, config, recipe } = options;
  if (method.procedure !== 'unlearn') throw new Error(`unlearnClassifier: '${method.name}' does not unlearn by a loss (${method.procedure})`);
  if (faceCount(options.forgetSet) === 0 || faceCount(options.retainSet) === 0) throw new Error(`${method.name}: the forget or the retain set is empty`);
  const original = options.original.clone().freeze();
  const model = options.original.clone();
  const prepared = method.prepare?.({ original, forgetSet: options.forgetSet, retainSet: options.retainSet, seed: options.seed }, config);
  const retainClasses = [...new Set(options.retainSet.labels)].sort((first, second) => first - second);
  const rng = new Rng(options.seed);
  const forgetStream = new IndexStream(faceCount(options.forgetSet), rng.fork());
  const retainStream = new IndexStream(faceCount(options.retainSet), rng.fork());
  const training = train({
    parameters: model.parameters(),
    totalSteps: recipe.steps,
    accumulation: 1,
    learningRate: recipe.learningRate,
    schedule: warmupCosine(recipe.steps, 0),
    weightDecay: recipe.weightDecay,
    maxGradNorm: recipe.maxGradNorm,
    microBatchLoss: (step, _micro, seed) => {
      const context: VisionUnlearnContext = {
        model,
        original,
        forget: faceBatch(options.forgetSet, forgetStream.next(recipe.forgetBatchSize)),
        retain: faceBatch(options.retainSet, retainStream.next(recipe.retainBatchSize)),
        forward: memoised(model, false),
        originalForward: memoised(original, true),
        retainClasses,
        step,
        totalSteps: recipe.steps,
        seed: (options.seed ^ seed) >>> 0,
        prepared,
      };
      return { loss: method.loss(context, config), tokens: recipe.forgetBatchSize + recipe.retainBatchSize };
    },
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    checkpointDirectory: null,
    checkpointEvery: 0,
    divergenceThreshold: 1e9,
    label: `unlearn ${method.name}`,
  });
  return { model, training };
}

import { Rng, warmupCosine } from '../../engine/index.js';
import type { Parameter } from '../../engine/index.js';
import { amSoftmaxLoss } from '../../model/face-classifier.js';
import type { FaceClassifier } from '../../model/face-classifier.js';
import { train } from '../../train/trainer.js';
import type { TrainProgress, TrainResult } from '../../train/trainer.js';
import { IndexStream, faceBatch, faceCount, randomlyAugmented } from './face-set.js';
import type { FaceSet } from './face-set.js';

// How a classifier is trained: pretraining, fine-tuning and Gold's retraining share it.
export interface ClassifierRecipe {
  steps: number;
  batchSize: number;
  learningRate: number;
  weightDecay: number;
  warmupSteps: number;
  maxGradNorm: number | null;
}

export interface TrainClassifierOptions {
  model: FaceClassifier;
  faces: FaceSet;
  recipe: ClassifierRecipe;
  seed: number;
  label: string;
  parameters?: readonly Parameter[]; // default: all of the model's
  augment?: boolean; // mirror and move each training image at random (randomlyAugmented; default: no augmentation)
  onProgress?: (progress: TrainProgress) => void;
}

// AM-Softmax training on shuffled epochs of the faces (AdamW, warm-up then cosine decay).
export function trainClassifier(options: TrainClassifierOptions): TrainResult {
  const { model, faces, recipe } = options;
  if (faceCount(faces) === 0) throw new Error(`${options.label}: no faces to train on`);
  const stream = new IndexStream(faceCount(faces), new Rng(options.seed));
  const augmentRng = new Rng(options.seed + 1);
  return train({
    parameters: options.parameters ?? model.parameters(),
    totalSteps: recipe.steps,
    accumulation: 1,
    learningRate: recipe.learningRate,
    schedule: warmupCosine(recipe.steps, recipe.warmupSteps),
    weightDecay: recipe.weightDecay,
    maxGradNorm: recipe.maxGradNorm,
    microBatchLoss: () => {
      const picked = faceBatch(faces, stream.next(Math.min(recipe.batchSize, faceCount(faces))));
      const batch = options.augment ? randomlyAugmented(picked, augmentRng) : picked;
      const loss = amSoftmaxLoss(model.forward(batch.images).cosines, batch.labels, model.config.scale, model.config.margin);
      return { loss, tokens: batch.labels.length };
    },
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    checkpointDirectory: null,
    checkpointEvery: 0,
    label: options.label,
  });
}

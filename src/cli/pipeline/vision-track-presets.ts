import type { VisionConfig } from '../../model/config.js';
import type { ClassifierRecipe } from '../../unlearn/vision/train-classifier.js';
import type { UnlearnRecipe } from '../../unlearn/vision/unlearn-classifier.js';

export type VisionTrackPresetName = 'smoke' | 'default';

// Sizes and recipes of the vision track. The reference (SPEC section 6): ResNet-18 at 224 px, AM-Softmax
// s = 30, m = 0.4, pretraining on 997 celebrities, fine-tuning on 100 of the 200 CLEAR people per split
// (the forget tenth plus a random half of the others), 128 splits of which 64 serve as U-LIRA shadows.
export interface VisionTrackPreset {
  people: number | null; // CLEAR people used, in the dataset's order (null: all)
  vision: VisionConfig;
  scale: number; // AM-Softmax s
  margin: number; // AM-Softmax m
  forgetShare: number; // share of the people in each forget group
  retainShare: number; // share of the remaining people a split trains on (the reference: 80 of 160)
  testShare: number; // share of each person's images held out for test accuracy
  splits: number; // target models (accuracies are their mean and std)
  shadowModels: number; // U-LIRA shadow models
  pretrain: ClassifierRecipe;
  finetune: ClassifierRecipe; // the original classifier of a split, and Gold's retraining
  unlearn: UnlearnRecipe;
}

export const VISION_TRACK_PRESETS: Readonly<Record<VisionTrackPresetName, VisionTrackPreset>> = Object.freeze({
  // Seconds on two cores: tiny images, one block, a few steps. Checks the plumbing, not the science.
  smoke: {
    people: 8,
    vision: { imageSize: 16, patchSize: 8, dim: 32, layers: 1, heads: 2, mlpDim: 64 },
    scale: 16,
    margin: 0.2,
    forgetShare: 0.1,
    retainShare: 1,
    testShare: 0.2,
    splits: 2,
    shadowModels: 2,
    pretrain: { steps: 20, batchSize: 16, learningRate: 3e-3, weightDecay: 0.01, warmupSteps: 2, maxGradNorm: 1 },
    finetune: { steps: 24, batchSize: 16, learningRate: 3e-3, weightDecay: 0.01, warmupSteps: 2, maxGradNorm: 1 },
    unlearn: { steps: 4, forgetBatchSize: 8, retainBatchSize: 8, learningRate: 1e-3, weightDecay: 0.01, maxGradNorm: 1 },
  },
  // A few minutes: 40 people at 16 x 16, a two-block ViT.
  default: {
    people: 40,
    vision: { imageSize: 16, patchSize: 4, dim: 64, layers: 2, heads: 4, mlpDim: 128 },
    scale: 16,
    margin: 0.2,
    forgetShare: 0.1,
    retainShare: 0.5,
    testShare: 0.2,
    splits: 3,
    shadowModels: 4,
    pretrain: { steps: 1000, batchSize: 32, learningRate: 2e-3, weightDecay: 0.01, warmupSteps: 50, maxGradNorm: 1 },
    finetune: { steps: 150, batchSize: 32, learningRate: 2e-3, weightDecay: 0.01, warmupSteps: 10, maxGradNorm: 1 },
    unlearn: { steps: 30, forgetBatchSize: 16, retainBatchSize: 16, learningRate: 5e-4, weightDecay: 0.01, maxGradNorm: 1 },
  },
});

import { Rng } from '../../engine/index.js';
import { FaceClassifier } from '../../model/face-classifier.js';
import type { FaceClassifierConfig } from '../../model/face-classifier.js';
import { subsetFaces } from '../../unlearn/vision/face-set.js';
import { trainClassifier } from '../../unlearn/vision/train-classifier.js';
import type { ClassifierRecipe } from '../../unlearn/vision/train-classifier.js';
import { cachedClassifier } from './vision-track-cache.js';
import type { CachedClassifier } from './vision-track-cache.js';
import { imagesOf } from './vision-track-data.js';
import type { PersonPartition, SplitPlan, VisionTrackData } from './vision-track-data.js';
import type { VisionTrackPreset } from './vision-track-presets.js';

export interface ClassifierStages {
  data: VisionTrackData;
  partition: PersonPartition;
  preset: VisionTrackPreset;
  seed: number;
  cacheDirectory: string | null;
  onPretrainStep?: (step: number, totalSteps: number, loss: number) => void;
}

export interface TrackClassifiers {
  config: FaceClassifierConfig; // of the CLEAR classifiers
  pretrained: CachedClassifier | null; // null: the dataset has no pretraining faces
  finetune(plan: SplitPlan): CachedClassifier; // the original of a split: its forget and retain people
  gold(plan: SplitPlan): CachedClassifier; // retrained on the split's retain people only
}

function timed(build: () => FaceClassifier): { model: FaceClassifier; seconds: number } {
  const start = performance.now();
  const model = build();
  return { model, seconds: (performance.now() - start) / 1000 };
}

// The classifiers every method starts from, each cached under a key of what it depends on: the backbone
// pretrained on the public-figure stand-ins (the reference: ImageNet ResNet-18 on 997 celebrities), then
// per split a classifier over every CLEAR person fine-tuned on the split's people (Gold: on its retain
// people only), its backbone from the pretrained one and a fresh AM-Softmax head.
export function trackClassifiers(stages: ClassifierStages): TrackClassifiers {
  const { data, partition, preset, seed } = stages;
  const classifierConfig = (classes: number): FaceClassifierConfig => ({ vision: preset.vision, classes, scale: preset.scale, margin: preset.margin });
  const pretrainSet = data.pretrain;
  const pretrainKey = pretrainSet ? { data: pretrainSet.hash, config: classifierConfig(pretrainSet.names.length), recipe: preset.pretrain, seed } : null;
  const pretrained = pretrainSet && pretrainKey
    ? cachedClassifier(stages.cacheDirectory, 'vision-pretrain', pretrainKey, () => timed(() => {
      const model = new FaceClassifier(pretrainKey.config, new Rng(seed));
      trainClassifier({
        model, faces: pretrainSet.faces, recipe: preset.pretrain, seed, label: 'vision pretrain',
        ...(stages.onPretrainStep ? { onProgress: (progress) => stages.onPretrainStep?.(progress.step, progress.totalSteps, progress.loss) } : {}),
      });
      return model;
    }))
    : null;
  const config = classifierConfig(data.clear.names.length);
  const trainOn = (stage: string, people: readonly number[], recipe: ClassifierRecipe, modelSeed: number): CachedClassifier => {
    const images = imagesOf(people, partition.trainImages);
    return cachedClassifier(stages.cacheDirectory, stage, { data: data.clear.hash, pretrain: pretrainKey, config, images, recipe, seed: modelSeed }, () => timed(() => {
      const model = new FaceClassifier(config, new Rng(modelSeed));
      if (pretrained) model.encoder.loadStateDict(pretrained.model.encoder.stateDict());
      trainClassifier({ model, faces: subsetFaces(data.clear.faces, images), recipe, seed: modelSeed, label: stage });
      return model;
    }));
  };
  return {
    config,
    pretrained,
    finetune: (plan) => trainOn('vision-finetune', [...plan.forgetPeople, ...plan.retainPeople].sort((a, b) => a - b), preset.finetune, plan.seed),
    gold: (plan) => trainOn('vision-gold', plan.retainPeople, preset.finetune, plan.seed),
  };
}

import { Rng } from '../../engine/index.js';
import { uLira } from '../../eval/metrics/u-lira.js';
import type { ULiraExample } from '../../eval/metrics/u-lira.js';
import { FaceClassifier } from '../../model/face-classifier.js';
import type { FaceClassifierConfig } from '../../model/face-classifier.js';
import { accuracyOf, scoreFaces } from '../../unlearn/vision/face-scores.js';
import type { FaceScores } from '../../unlearn/vision/face-scores.js';
import { subsetFaces } from '../../unlearn/vision/face-set.js';
import type { VisionMethod } from '../../unlearn/vision/method.js';
import { VISION_METHODS, configureVisionMethod, resolveVisionMethod } from '../../unlearn/vision/registry.js';
import { trainClassifier } from '../../unlearn/vision/train-classifier.js';
import type { ClassifierRecipe } from '../../unlearn/vision/train-classifier.js';
import { unlearnClassifier } from '../../unlearn/vision/unlearn-classifier.js';
import { cachedClassifier } from './vision-track-cache.js';
import type { CachedClassifier } from './vision-track-cache.js';
import { imagesOf, loadVisionTrackData, partitionPeople, planSplits } from './vision-track-data.js';
import type { PersonPartition, SplitPlan, VisionTrackData } from './vision-track-data.js';
import { VISION_TRACK_PRESETS } from './vision-track-presets.js';
import type { VisionTrackPreset, VisionTrackPresetName } from './vision-track-presets.js';

export interface VisionTrackOptions {
  dataDirectory: string; // a CLEAR dataset (generated or real)
  seed: number;
  splits?: number; // target models; default: the preset's
  shadowModels?: number; // U-LIRA shadow models; default: the preset's
  preset: VisionTrackPresetName;
  cacheDirectory: string | null; // where pretrained / fine-tuned / Gold classifiers are kept; null: nowhere
  methods?: readonly string[]; // names or reference aliases; default: every vision method
  methodOptions?: Readonly<Record<string, Readonly<Record<string, unknown>>>>; // by method name
  onProgress?: (event: VisionTrackProgress) => void;
}

export interface VisionTrackProgress {
  stage: 'data' | 'pretrain' | 'finetune' | 'method';
  detail: string; // e.g. "scrub: model 3 of 7"
  done: number;
  total: number;
}

export interface MeanStd {
  mean: number;
  std: number; // sample standard deviation over the splits (0 for one split)
  values: number[]; // one per target model
}

export interface VisionMethodResult {
  method: string;
  label: string;
  forgetAccuracy: MeanStd; // the forget people's training images
  retainAccuracy: MeanStd; // the retain people's training images
  testAccuracy: MeanStd; // the retain people's held-out images
  uLira: { accuracy: number; auc: number } | null; // null: fewer than two target or two shadow models
  seconds: number; // wall time over every model, targets and shadows, training and scoring
  secondsPerModel: number; // the method's own training (unlearning or retraining) per model
}

export interface VisionTrackResults {
  track: 'vision';
  preset: VisionTrackPresetName;
  seed: number;
  splits: number;
  shadowModels: number;
  people: number; // CLEAR people in play
  forgetPeople: number; // per forget group
  retainPeople: number; // per model
  imageSize: number;
  classifier: FaceClassifierConfig;
  pretraining: { figures: number; images: number; seconds: number; reused: boolean } | null;
  finetuning: { seconds: number; reused: number; originalTestAccuracy: MeanStd };
  methods: VisionMethodResult[];
  seconds: number;
  notes: string[];
}

export function meanStd(values: readonly number[]): MeanStd {
  if (values.length === 0) throw new RangeError('meanStd: no values');
  const mean = values.reduce((total, value) => total + value, 0) / values.length;
  const variance = values.length > 1 ? values.reduce((total, value) => total + (value - mean) ** 2, 0) / (values.length - 1) : 0;
  return { mean, std: Math.sqrt(variance), values: [...values] };
}

// The attacked score: the cosine to the true class row, mapped from [-1, 1] onto the real line (a logit of
// (1 + cos) / 2). The reference clips cosines to [0, 1] before its logit, which sends every negative cosine
// to one value; the two agree on positive cosines up to the scale of the argument.
export function cosineLogit(cosine: number): number {
  const clamped = Math.min(Math.max(cosine, -1 + 1e-7), 1 - 1e-7);
  return Math.log((1 + clamped) / (1 - clamped));
}

function nameSeed(name: string): number {
  let hash = 0x811c9dc5;
  for (const character of name) hash = Math.imul(hash ^ character.charCodeAt(0), 0x01000193) >>> 0;
  return hash;
}

interface ModelOutcome {
  plan: SplitPlan;
  scores: FaceScores;
  trainingSeconds: number;
}

// U-LIRA over the two forget groups' training images: for an image of group g, shadows of side g are "in",
// shadows of the other side "out"; target models of side g are members, the others not.
function attack(outcomes: readonly ModelOutcome[], partition: PersonPartition): { accuracy: number; auc: number } | null {
  const targets = outcomes.filter((outcome) => outcome.plan.role === 'target');
  const shadows = outcomes.filter((outcome) => outcome.plan.role === 'shadow');
  const bothSides = (models: readonly ModelOutcome[]) => models.some((model) => model.plan.side === 0) && models.some((model) => model.plan.side === 1);
  if (!bothSides(targets) || !bothSides(shadows)) return null;
  const examples: ULiraExample[] = [];
  partition.groups.forEach((group, side) => {
    for (const image of imagesOf(group, partition.trainImages)) {
      const score = (outcome: ModelOutcome) => cosineLogit(outcome.scores.trueCosines[image]!);
      examples.push({
        shadowIn: shadows.filter((model) => model.plan.side === side).map(score),
        shadowOut: shadows.filter((model) => model.plan.side !== side).map(score),
        targets: targets.map((model) => ({ score: score(model), member: model.plan.side === side })),
      });
    }
  });
  const result = uLira(examples);
  return { accuracy: result.accuracy, auc: result.auc };
}

export async function runVisionTrack(options: VisionTrackOptions): Promise<VisionTrackResults> {
  const started = performance.now();
  const preset: VisionTrackPreset = VISION_TRACK_PRESETS[options.preset];
  const splits = options.splits ?? preset.splits;
  const shadowModels = options.shadowModels ?? preset.shadowModels;
  if (!Number.isInteger(splits) || splits < 1) throw new Error(`vision track: splits must be a positive integer, got ${splits}`);
  if (!Number.isInteger(shadowModels) || shadowModels < 0) throw new Error(`vision track: shadowModels must be a non-negative integer, got ${shadowModels}`);
  const methods = (options.methods ?? VISION_METHODS.map((method) => method.name)).map((name) => resolveVisionMethod(name));
  const methodConfigs = methods.map((method) => configureVisionMethod(method, options.methodOptions?.[method.name] ?? {}));
  const report = (event: VisionTrackProgress) => options.onProgress?.(event);
  const notes: string[] = [];

  report({ stage: 'data', detail: `reading ${options.dataDirectory}`, done: 0, total: 1 });
  const data: VisionTrackData = await loadVisionTrackData(options.dataDirectory, preset);
  const faces = data.clear.faces;
  const partition = partitionPeople(data.clear, preset, options.seed);
  const plans = planSplits(partition, preset, splits, shadowModels, options.seed);
  report({ stage: 'data', detail: `${data.clear.names.length} people, ${faces.labels.length} images`, done: 1, total: 1 });
  const classifierConfig = (classes: number): FaceClassifierConfig => ({ vision: preset.vision, classes, scale: preset.scale, margin: preset.margin });
  const timed = (build: () => FaceClassifier) => {
    const start = performance.now();
    const model = build();
    return { model, seconds: (performance.now() - start) / 1000 };
  };

  // Pretraining on the public-figure stand-ins (the reference: ImageNet ResNet-18 on 997 celebrities).
  let pretrained: CachedClassifier | null = null;
  const pretrainKey = data.pretrain ? { data: data.pretrain.hash, config: classifierConfig(data.pretrain.names.length), recipe: preset.pretrain, seed: options.seed } : null;
  if (data.pretrain && pretrainKey) {
    const pretrainSet = data.pretrain;
    report({ stage: 'pretrain', detail: `${pretrainSet.names.length} public figures`, done: 0, total: preset.pretrain.steps });
    pretrained = cachedClassifier(options.cacheDirectory, 'vision-pretrain', pretrainKey, () => timed(() => {
      const model = new FaceClassifier(pretrainKey.config, new Rng(options.seed));
      trainClassifier({ model, faces: pretrainSet.faces, recipe: preset.pretrain, seed: options.seed, label: 'vision pretrain',
        onProgress: (progress) => report({ stage: 'pretrain', detail: `loss ${progress.loss.toFixed(3)}`, done: progress.step, total: progress.totalSteps }) });
      return model;
    }));
  } else {
    notes.push('no extra/pretrain_faces in the dataset: the backbone starts from random weights');
  }

  // A classifier over every CLEAR person, its backbone from the pretrained one, trained on `people`.
  const trainFromPretrained = (stage: string, people: readonly number[], recipe: ClassifierRecipe, seed: number): CachedClassifier => {
    const images = imagesOf(people, partition.trainImages);
    const config = classifierConfig(data.clear.names.length);
    return cachedClassifier(options.cacheDirectory, stage, { data: data.clear.hash, pretrain: pretrainKey, config, images, recipe, seed }, () => timed(() => {
      const model = new FaceClassifier(config, new Rng(seed));
      if (pretrained) model.encoder.loadStateDict(pretrained.model.encoder.stateDict());
      trainClassifier({ model, faces: subsetFaces(faces, images), recipe, seed, label: stage });
      return model;
    }));
  };

  const originals = plans.map((plan) => {
    report({ stage: 'finetune', detail: `model ${plan.index + 1} of ${plans.length}`, done: plan.index, total: plans.length });
    return trainFromPretrained('vision-finetune', [...plan.forgetPeople, ...plan.retainPeople].sort((a, b) => a - b), preset.finetune, plan.seed);
  });
  report({ stage: 'finetune', detail: 'done', done: plans.length, total: plans.length });

  const results: VisionMethodResult[] = [];
  let originalTestAccuracy: MeanStd | null = null;
  for (const [methodIndex, method] of methods.entries()) {
    const methodStarted = performance.now();
    const outcomes: ModelOutcome[] = plans.map((plan) => {
      report({ stage: 'method', detail: `${method.name}: model ${plan.index + 1} of ${plans.length}`, done: plan.index, total: plans.length });
      const { model, trainingSeconds } = runMethod(method, methodConfigs[methodIndex], plan, originals[plan.index]!, (people, seed) => trainFromPretrained('vision-gold', people, preset.finetune, seed));
      return { plan, scores: scoreFaces(model, faces), trainingSeconds };
    });
    const targets = outcomes.filter((outcome) => outcome.plan.role === 'target');
    const accuracy = (pick: (plan: SplitPlan) => number[]) => meanStd(targets.map((outcome) => accuracyOf(outcome.scores, faces.labels, pick(outcome.plan))));
    const testAccuracy = accuracy((plan) => imagesOf(plan.retainPeople, partition.testImages));
    if (method.procedure === 'keep') originalTestAccuracy = testAccuracy;
    results.push({
      method: method.name,
      label: method.label,
      forgetAccuracy: accuracy((plan) => imagesOf(plan.forgetPeople, partition.trainImages)),
      retainAccuracy: accuracy((plan) => imagesOf(plan.retainPeople, partition.trainImages)),
      testAccuracy,
      uLira: attack(outcomes, partition),
      seconds: (performance.now() - methodStarted) / 1000,
      secondsPerModel: outcomes.reduce((total, outcome) => total + outcome.trainingSeconds, 0) / outcomes.length,
    });
  }
  if (results.some((result) => result.uLira === null)) notes.push('U-LIRA needs at least two target models and two shadow models (one per forget group each)');
  if (!originalTestAccuracy) {
    const tests = plans.filter((plan) => plan.role === 'target').map((plan) => accuracyOf(scoreFaces(originals[plan.index]!.model, faces), faces.labels, imagesOf(plan.retainPeople, partition.testImages)));
    originalTestAccuracy = meanStd(tests);
  }

  return {
    track: 'vision',
    preset: options.preset,
    seed: options.seed,
    splits,
    shadowModels,
    people: data.clear.names.length,
    forgetPeople: partition.groups[0].length,
    retainPeople: plans[0]?.retainPeople.length ?? 0,
    imageSize: preset.vision.imageSize,
    classifier: classifierConfig(data.clear.names.length),
    pretraining: pretrained && data.pretrain ? { figures: data.pretrain.names.length, images: data.pretrain.faces.labels.length, seconds: pretrained.seconds, reused: pretrained.reused } : null,
    finetuning: { seconds: originals.reduce((total, original) => total + original.seconds, 0), reused: originals.filter((original) => original.reused).length, originalTestAccuracy },
    methods: results,
    seconds: (performance.now() - started) / 1000,
    notes,
  };

  function runMethod(
    method: VisionMethod, config: unknown, plan: SplitPlan, original: CachedClassifier,
    retrain: (people: readonly number[], seed: number) => CachedClassifier,
  ): { model: FaceClassifier; trainingSeconds: number } {
    if (method.procedure === 'keep') return { model: original.model, trainingSeconds: 0 };
    if (method.procedure === 'retrain') {
      const gold = retrain(plan.retainPeople, plan.seed);
      return { model: gold.model, trainingSeconds: gold.seconds };
    }
    const start = performance.now();
    const { model } = unlearnClassifier({
      method,
      config,
      original: original.model,
      forgetSet: subsetFaces(faces, imagesOf(plan.forgetPeople, partition.trainImages)),
      retainSet: subsetFaces(faces, imagesOf(plan.retainPeople, partition.trainImages)),
      recipe: preset.unlearn,
      seed: (plan.seed ^ nameSeed(method.name)) >>> 0,
    });
    return { model, trainingSeconds: (performance.now() - start) / 1000 };
  }
}

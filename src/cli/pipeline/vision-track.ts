import type { FaceClassifier } from '../../model/face-classifier.js';
import { accuracyOf, scoreFaces } from '../../unlearn/vision/face-scores.js';
import { subsetFaces } from '../../unlearn/vision/face-set.js';
import type { VisionMethod } from '../../unlearn/vision/method.js';
import { VISION_METHODS, configureVisionMethod, resolveVisionMethod } from '../../unlearn/vision/registry.js';
import { unlearnClassifier } from '../../unlearn/vision/unlearn-classifier.js';
import type { CachedClassifier } from './vision-track-cache.js';
import { imagesOf, loadVisionTrackData, partitionPeople, planSplits } from './vision-track-data.js';
import type { PersonPartition, SplitPlan, VisionTrackData } from './vision-track-data.js';
import { trackClassifiers } from './vision-track-models.js';
import type { TrackClassifiers } from './vision-track-models.js';
import { VISION_TRACK_PRESETS } from './vision-track-presets.js';
import type { VisionTrackPreset, VisionTrackPresetName } from './vision-track-presets.js';
import { meanStd, summariseMethod } from './vision-track-results.js';
import type { ModelOutcome, VisionMethodResult, VisionTrackResults } from './vision-track-results.js';

export type { MeanStd, VisionMethodResult, VisionTrackResults } from './vision-track-results.js';
export { cosineLogit, meanStd } from './vision-track-results.js';

// The vision-only track of CLEAR (SPEC section 6): a face classifier learns the CLEAR people, each method
// makes it forget one tenth of them, and we judge it by accuracies and by the U-LIRA membership attack.

export interface VisionTrackOptions {
  dataDirectory: string; // a CLEAR dataset (generated or real)
  seed: number;
  splits?: number; // target models; default: the preset's
  shadowModels?: number; // U-LIRA shadow models; default: the preset's
  people?: number | null; // CLEAR people used, in the dataset's order; null: all; default: the preset's
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

function nameSeed(name: string): number {
  let hash = 0x811c9dc5;
  for (const character of name) hash = Math.imul(hash ^ character.charCodeAt(0), 0x01000193) >>> 0;
  return hash;
}

function resolvePreset(options: VisionTrackOptions): { preset: VisionTrackPreset; splits: number; shadowModels: number } {
  const base = VISION_TRACK_PRESETS[options.preset];
  const preset = options.people === undefined ? base : { ...base, people: options.people };
  if (preset.people !== null && (!Number.isInteger(preset.people) || preset.people < 4)) throw new Error(`vision track: people must be an integer of at least 4 or null, got ${preset.people}`);
  const splits = options.splits ?? preset.splits;
  const shadowModels = options.shadowModels ?? preset.shadowModels;
  if (!Number.isInteger(splits) || splits < 1) throw new Error(`vision track: splits must be a positive integer, got ${splits}`);
  if (!Number.isInteger(shadowModels) || shadowModels < 0) throw new Error(`vision track: shadowModels must be a non-negative integer, got ${shadowModels}`);
  return { preset, splits, shadowModels };
}

interface MethodRun {
  data: VisionTrackData;
  partition: PersonPartition;
  preset: VisionTrackPreset;
  classifiers: TrackClassifiers;
  originals: readonly CachedClassifier[];
}

// One method on one split: the classifier it leaves and the time its own training took.
function runMethodOnPlan(run: MethodRun, method: VisionMethod, config: unknown, plan: SplitPlan): { model: FaceClassifier; trainingSeconds: number } {
  const original = run.originals[plan.index]!;
  if (method.procedure === 'keep') return { model: original.model, trainingSeconds: 0 };
  if (method.procedure === 'retrain') {
    const gold = run.classifiers.gold(plan);
    return { model: gold.model, trainingSeconds: gold.seconds };
  }
  const start = performance.now();
  const faces = run.data.clear.faces;
  const { model } = unlearnClassifier({
    method,
    config,
    original: original.model,
    forgetSet: subsetFaces(faces, imagesOf(plan.forgetPeople, run.partition.trainImages)),
    retainSet: subsetFaces(faces, imagesOf(plan.retainPeople, run.partition.trainImages)),
    recipe: run.preset.unlearn,
    seed: (plan.seed ^ nameSeed(method.name)) >>> 0,
  });
  return { model, trainingSeconds: (performance.now() - start) / 1000 };
}

/**
 * Runs the vision track: pretraining, one fine-tuned classifier per split (targets and U-LIRA shadows),
 * then every method on every split. Deterministic for a seed; trained classifiers are cached under
 * `cacheDirectory` by content key, so a second run only repeats the unlearning.
 */
export async function runVisionTrack(options: VisionTrackOptions): Promise<VisionTrackResults> {
  const started = performance.now();
  const { preset, splits, shadowModels } = resolvePreset(options);
  const methods = (options.methods ?? VISION_METHODS.map((method) => method.name)).map((name) => resolveVisionMethod(name));
  const methodConfigs = methods.map((method) => configureVisionMethod(method, options.methodOptions?.[method.name] ?? {}));
  const report = (event: VisionTrackProgress) => options.onProgress?.(event);
  const notes: string[] = [];

  report({ stage: 'data', detail: `reading ${options.dataDirectory}`, done: 0, total: 1 });
  const data = await loadVisionTrackData(options.dataDirectory, preset);
  const faces = data.clear.faces;
  const partition = partitionPeople(data.clear, preset, options.seed);
  const plans = planSplits(partition, preset, splits, shadowModels, options.seed);
  report({ stage: 'data', detail: `${data.clear.names.length} people, ${faces.labels.length} images`, done: 1, total: 1 });
  if (!data.pretrain) notes.push('no extra/pretrain_faces in the dataset: the backbone starts from random weights');

  report({ stage: 'pretrain', detail: data.pretrain ? `${data.pretrain.names.length} public figures` : 'none', done: 0, total: preset.pretrain.steps });
  const classifiers = trackClassifiers({
    data, partition, preset, seed: options.seed, cacheDirectory: options.cacheDirectory,
    onPretrainStep: (step, totalSteps, loss) => report({ stage: 'pretrain', detail: `loss ${loss.toFixed(3)}`, done: step, total: totalSteps }),
  });
  const originals = plans.map((plan) => {
    report({ stage: 'finetune', detail: `model ${plan.index + 1} of ${plans.length}`, done: plan.index, total: plans.length });
    return classifiers.finetune(plan);
  });
  report({ stage: 'finetune', detail: 'done', done: plans.length, total: plans.length });

  const run: MethodRun = { data, partition, preset, classifiers, originals };
  const results: VisionMethodResult[] = methods.map((method, methodIndex) => {
    const methodStarted = performance.now();
    const outcomes: ModelOutcome[] = plans.map((plan) => {
      report({ stage: 'method', detail: `${method.name}: model ${plan.index + 1} of ${plans.length}`, done: plan.index, total: plans.length });
      const { model, trainingSeconds } = runMethodOnPlan(run, method, methodConfigs[methodIndex], plan);
      return { plan, scores: scoreFaces(model, faces), trainingSeconds };
    });
    return summariseMethod(method, outcomes, partition, faces.labels, (performance.now() - methodStarted) / 1000);
  });
  if (results.some((result) => result.uLira === null)) notes.push('U-LIRA needs a target model and a shadow model for each forget group: at least 2 splits and 2 shadow models');

  const originalResult = results.find((result) => methods.find((method) => method.name === result.method)?.procedure === 'keep');
  const originalTestAccuracy = originalResult?.testAccuracy ?? meanStd(plans.filter((plan) => plan.role === 'target')
    .map((plan) => accuracyOf(scoreFaces(originals[plan.index]!.model, faces), faces.labels, imagesOf(plan.retainPeople, partition.testImages))));

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
    classifier: classifiers.config,
    pretraining: classifiers.pretrained && data.pretrain
      ? { figures: data.pretrain.names.length, images: data.pretrain.faces.labels.length, seconds: classifiers.pretrained.seconds, reused: classifiers.pretrained.reused }
      : null,
    finetuning: { seconds: originals.reduce((total, original) => total + original.seconds, 0), reused: originals.filter((original) => original.reused).length, originalTestAccuracy },
    methods: results,
    seconds: (performance.now() - started) / 1000,
    notes,
  };
}

import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadCheckpoint, saveCheckpoint } from '../../model/checkpoint.js';
import type { Tokenizer } from '../../model/tokenizer.js';
import { trainTokenizer } from '../../model/tokenizer.js';
import { VisionLanguageModel } from '../../model/vlm.js';
import { CAPTION_QUESTIONS, FACE_NAMING_PROMPT } from '../../model/chat.js';
import { FaceClassifier } from '../../model/face-classifier.js';
import { Rng } from '../../engine/index.js';
import { trainClassifier } from '../../unlearn/vision/train-classifier.js';
import { writeFileAtomic } from '../../model/atomic.js';
import type { ClearRunData } from '../../train/clear-data.js';
import { fit } from '../../train/fit.js';
import type { TrainSample } from '../../train/samples.js';
import { isStageComplete, stageDirectory, stageKey } from '../../train/stage-cache.js';
import type { TrainProgress } from '../../train/trainer.js';
import type { Progress } from '../progress.js';
import type { Recipe, RunConfig } from '../run-config.js';

export interface StageOutcome {
  model: VisionLanguageModel;
  tokenizer: Tokenizer;
  key: string;
  directory: string;
  seconds: number;
  lossCurve: { step: number; loss: number }[];
  peakMemoryBytes: number;
  reused: boolean;
}

interface StageInfo {
  seconds: number;
  lossCurve: { step: number; loss: number }[];
  peakMemoryBytes: number;
}

function progressReporter(progress: Progress): (update: TrainProgress) => void {
  return (update) => progress.update({ done: update.step, total: update.totalSteps, loss: update.loss, detail: `${Math.round(update.tokensPerSecond)} tok/s` });
}

// Trains one stage, or loads it when a complete one with the same key is cached. The stage's own
// checkpoints (for resume after a crash) live beside it until it completes.
function runStage(
  name: string, keyParts: unknown, config: RunConfig, progress: Progress, fresh: boolean,
  build: (checkpointDirectory: string) => { model: VisionLanguageModel; tokenizer: Tokenizer; lossCurve: { step: number; loss: number }[] },
): StageOutcome {
  const key = stageKey(keyParts);
  const directory = stageDirectory(config.cacheDirectory, name, key);
  if (!fresh && isStageComplete(directory)) {
    const loaded = loadCheckpoint(directory);
    const info = JSON.parse(readFileSync(join(directory, 'stage.json'), 'utf8')) as StageInfo;
    progress.info(`✓ ${name.padEnd(22)} reused from ${directory}`);
    return { model: loaded.model, tokenizer: loaded.tokenizer, key, directory, reused: true, ...info };
  }
  progress.startStage(name);
  const started = performance.now();
  let peakMemoryBytes = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakMemoryBytes = Math.max(peakMemoryBytes, process.memoryUsage().rss)), 500);
  try {
    const { model, tokenizer, lossCurve } = build(`${directory}.training`);
    peakMemoryBytes = Math.max(peakMemoryBytes, process.memoryUsage().rss);
    const seconds = (performance.now() - started) / 1000;
    saveCheckpoint(directory, model, tokenizer, { stage: name, key });
    writeFileAtomic(join(directory, 'stage.json'), JSON.stringify({ seconds, lossCurve, peakMemoryBytes } satisfies StageInfo));
    rmSync(`${directory}.training`, { recursive: true, force: true });
    const last = lossCurve.at(-1);
    progress.endStage(last ? `final loss ${last.loss.toFixed(4)}` : '');
    return { model, tokenizer, key, directory, seconds, lossCurve, peakMemoryBytes, reused: false };
  } finally {
    clearInterval(sampler);
  }
}

function tokenizerTexts(data: ClearRunData): string[] {
  const texts: string[] = [];
  for (const sample of [...data.pretrain, ...data.full]) texts.push(sample.question, sample.answer);
  texts.push(...data.refusals);
  return texts;
}

// A track other than the multimodal one (the text-only track: 'text') names its stages `<track>-base`, ...,
// and joins their keys, so its models are never mistaken for the multimodal track's. Without it, the keys
// are the multimodal ones as they always were.
export type StageTrack = 'text' | undefined;

function trackStage(name: string, track: StageTrack): string {
  return track ? `${track}-${name}` : name;
}

function trackKey<Parts extends object>(parts: Parts, track: StageTrack): Parts | (Parts & { track: string }) {
  return track ? { ...parts, track } : parts;
}

// The stage's vision tower first learns to tell the stage's people apart on its own (a ViT with an AM-Softmax
// identity head, as the vision track's classifier): seconds of image-only training that the decoder's loss alone
// would need many epochs to give. Only the stage's own pictures are used, so the gold model still never sees a
// forget person. The public figures of the base data are rehearsed beside them so real_faces survives.
function trainVisionIdentity(
  model: VisionLanguageModel, samples: readonly TrainSample[], identity: Recipe['visionIdentity'], seed: number, label: string, progress: Progress,
): void {
  const vision = model.config.vision;
  if (!vision || !identity) return;
  const faces = samples.filter((sample) => sample.image !== null && sample.person !== null && sample.question === FACE_NAMING_PROMPT);
  if (faces.length === 0) return;
  const people = [...new Set(faces.map((sample) => sample.person!))];
  const classOf = new Map(people.map((person, index) => [person, index]));
  const labels = Int32Array.from(faces, (sample) => classOf.get(sample.person!)!);
  const stride = 3 * vision.imageSize * vision.imageSize;
  const images = new Float32Array(faces.length * stride);
  faces.forEach((sample, index) => images.set(sample.image!, index * stride));
  const classifier = new FaceClassifier({ vision, classes: people.length, scale: 16, margin: 0.2 }, new Rng(seed + 5));
  classifier.encoder.loadStateDict(model.vision!.stateDict());
  const { steps, batchSize, learningRate } = identity;
  trainClassifier({
    model: classifier, faces: { images, labels, imageSize: vision.imageSize }, seed: seed + 6, label, augment: true,
    recipe: { steps, batchSize, learningRate, weightDecay: 0.01, warmupSteps: Math.ceil(steps / 20), maxGradNorm: 1 },
    onProgress: (update) => progress.update({ done: update.step, total: update.totalSteps, loss: update.loss, detail: `${label}: ${people.length} people` }),
  });
  model.vision!.loadStateDict(classifier.encoder.stateDict());
}

export function baseStage(data: ClearRunData, dataHash: string, config: RunConfig, progress: Progress, fresh: boolean, track?: StageTrack): StageOutcome {
  const keyParts = trackKey({ dataHash, model: config.model, tokenizer: config.tokenizer, recipe: config.base, seed: config.seed }, track);
  return runStage(trackStage('base', track), keyParts, config, progress, fresh, (checkpointDirectory) => {
    const tokenizer = trainTokenizer(tokenizerTexts(data), { vocabSize: config.tokenizer.vocabSize });
    const model = new VisionLanguageModel({ ...config.model, vocabSize: tokenizer.vocabSize }, config.seed);
    trainVisionIdentity(model, data.pretrain, config.base.visionIdentity, config.seed, 'vision identity', progress);
    const result = fitStage(model, tokenizer, data.pretrain, config.base, config.seed, 'base', checkpointDirectory, progress);
    return { model, tokenizer, lossCurve: result.lossCurve };
  });
}

// Target (trained on everyone) and gold (never saw the forget people) start from the same base and recipe.
// `rehearsal` is the base's data: all of its faces join the vision identity training, and the recipe's share of
// its short visual answers joins the language training.
export function fineTuneStage(
  name: 'target' | 'gold', base: StageOutcome, samples: readonly TrainSample[], rehearsal: readonly TrainSample[], recipe: Recipe, config: RunConfig,
  progress: Progress, fresh: boolean, extraKey: unknown, track?: StageTrack,
): StageOutcome {
  return runStage(trackStage(name, track), trackKey({ base: base.key, recipe, seed: config.seed, extraKey }, track), config, progress, fresh, (checkpointDirectory) => {
    const { model, tokenizer } = loadCheckpoint(base.directory);
    const seed = config.seed + (name === 'gold' ? 1 : 0);
    trainVisionIdentity(model, [...samples, ...rehearsal], recipe.visionIdentity, seed, 'vision identity', progress);
    const result = fitStage(model, tokenizer, [...samples, ...rehearsalSamples(rehearsal, recipe.rehearsal)], recipe, seed, name, checkpointDirectory, progress);
    return { model, tokenizer, lossCurve: result.lossCurve };
  });
}

// Every k-th base sample with a picture and a short answer (a name, a scene question; not a caption), with
// k = round(1 / share): a fixed subset, the same in every epoch and for target and gold.
export function rehearsalSamples(samples: readonly TrainSample[], share: number): TrainSample[] {
  if (share <= 0) return [];
  const eligible = samples.filter((sample) => sample.image !== null && !(CAPTION_QUESTIONS as readonly string[]).includes(sample.question));
  const every = Math.max(1, Math.round(1 / share));
  return eligible.filter((_, index) => index % every === 0);
}

function fitStage(model: VisionLanguageModel, tokenizer: Tokenizer, samples: readonly TrainSample[], recipe: Recipe, seed: number, label: string, checkpointDirectory: string, progress: Progress) {
  return fit({ model, tokenizer, samples: withTextRepeats(samples, recipe.textRepeats), recipe, seed, label, checkpointDirectory, onProgress: progressReporter(progress) });
}

// Each text row `repeats` times, each picture row once. A person's facts reach the model through about 20 QA
// and 19 captions; the small decoder, trained from scratch, needs more passes over the QA than over the
// pictures to learn them, and extra epochs over everything would cost the pictures' time too.
export function withTextRepeats(samples: readonly TrainSample[], repeats: number): TrainSample[] {
  return samples.flatMap((sample) => (sample.image === null ? Array.from({ length: repeats }, () => sample) : [sample]));
}

export function hasCompleteStage(directory: string): boolean {
  return existsSync(directory) && isStageComplete(directory);
}

import { mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { engineState } from '../../engine/index.js';
import type { ForgetPercent } from '../../data/configs.js';
import type { ModelEvaluation } from '../../eval/tasks/evaluate-model.js';
import { clearTasks, evaluationCacheKey } from '../../eval/tasks/clear-tasks.js';
import type { TaskName } from '../../eval/tasks/evaluate-task.js';
import { summarizeText } from '../../eval/tasks/text-summary.js';
import { writeResults, type ReferenceModel, type Results, type Sample } from '../../report/results.js';
import { writeReports } from '../../report/write-reports.js';
import { loadClearRunData, type ClearRunData } from '../../train/clear-data.js';
import type { TrainSample } from '../../train/samples.js';
import { METHODS } from '../../unlearn/registry.js';
import type { Progress } from '../progress.js';
import type { Recipe, RunConfig } from '../run-config.js';
import { ensureData, hashDirectory } from './data-stage.js';
import { evaluateCached, toMetrics } from './evaluation.js';
import { runMethods } from './method-stage.js';
import { baseStage, fineTuneStage, type StageOutcome } from './reference-models.js';

// The text-only (LLM) track of CLEAR (SPEC section 6): the reference runs its methods and TOFU's metrics on a
// text-only decoder that learned the QA part only. Here: the preset's decoder without the vision tower; base =
// the generic pretraining sentences only, target = base fine-tuned on the QA of all people, gold = on the
// retain QA (both by textTrackRecipe); every method unlearns the forget QA (modality 'text'); evaluation on
// the forget, retain and held-out QA; forget quality and model utility as TOFU computes them
// (src/eval/tasks/text-summary.ts).

export interface TextTrackOptions {
  config: RunConfig; // the multimodal config of the run: the text track drops its vision tower
  outDirectory: string;
  fresh: boolean;
  progress: Progress;
  version: string;
  gemmPath: string;
  fallbackRefusals: readonly string[];
  // Names, aliases or "name+l1"; default: every method of the registry (the text track's extras included).
  methods?: readonly string[];
}

export const TEXT_TASKS: readonly TaskName[] = ['forgetText', 'retainText', 'heldOutText'];

// How the text track fine-tunes target and gold: every weight, with the base stage's learning rate and batch,
// for 8/3 of the multimodal fine-tuning's epochs (8 on the default preset). The multimodal target reads each
// person's facts in the QA and again in ~19 captions; the text-only decoder has the QA alone. With the
// multimodal recipe (LoRA, 3 epochs) its default-preset target answers the retain QA with ROUGE-L 0.34 and
// garbled facts; all weights for 5 epochs reach 0.78 (the reference's text track fine-tunes 5 epochs), for 8
// epochs 0.83, which meets the model's quality goal of 0.8.
export function textTrackRecipe(config: RunConfig, recipe: Recipe): Recipe {
  return {
    ...recipe, lora: null, learningRate: config.base.learningRate, batchSize: config.base.batchSize, accumulation: config.base.accumulation,
    epochs: (recipe.epochs * 8) / 3, textRepeats: 1, // every row is text here: the epochs say it all
  };
}

// The run's config as the text track runs it. One seed: each method's metrics come from the text summary of
// its evaluation, and runMethods keeps the evaluation of the first seed only.
export function textTrackConfig(config: RunConfig, methods?: readonly string[]): RunConfig {
  return {
    ...config,
    model: { ...config.model, vision: null },
    base: { ...config.base, visionIdentity: null }, // no vision tower to train
    modality: 'text',
    seeds: 1,
    methods: [...(methods ?? METHODS.map((method) => method.name))],
    target: textTrackRecipe(config, config.target),
    gold: textTrackRecipe(config, config.gold),
  };
}

const textRows = (samples: readonly TrainSample[]) => samples.filter((sample) => sample.image === null);

// The QA part of a CLEAR run's data; the image rows and tasks are dropped.
export function textOnlyData(data: ClearRunData): ClearRunData {
  return {
    ...data,
    pretrain: textRows(data.pretrain), full: textRows(data.full), retain: textRows(data.retain), forget: textRows(data.forget),
    forgetPerturbed: [], retainPerturbed: [], unseenRetainPictures: [], realFaces: [], realWorld: [], heldOutCaptions: [],
  };
}

function checkTextData(data: ClearRunData): void {
  if (data.pretrain.length === 0) {
    throw new Error('text track: the data has no generic pretraining sentences for the base model (the synthetic CLEAR has them; the real CLEAR does not)');
  }
  if (!data.forgetQa || !data.retainQa) throw new Error('text track: the data has no perturbed QA (TOFU\'s *_perturbed files), so there is nothing to evaluate');
  if (data.forget.length === 0 || data.retain.length === 0) throw new Error('text track: the forget or retain split has no text QA rows');
}

// A few forget and retain people with their first QA and each model's answer; the person is read from the
// question or the answer (TOFU-style QA names whom it is about).
export function textGallerySamples(evaluation: ModelEvaluation, people: { forget: readonly string[]; retain: readonly string[] }, perRole: number): Sample[] {
  const samples: Sample[] = [];
  for (const [task, role] of [['forgetText', 'forget'], ['retainText', 'retain']] as const) {
    const seen = new Set<string>();
    for (const record of evaluation[task]?.records ?? []) {
      if (seen.size >= perRole) break;
      const person = record.person ?? people[role].find((name) => record.question.includes(name) || record.answer.includes(name));
      if (!person || seen.has(person)) continue;
      seen.add(person);
      samples.push({ person, role, task, question: record.question, answer: record.answer, imagePng: null, generation: record.generation ?? '' });
    }
  }
  return samples;
}

export async function runTextTrack(options: TextTrackOptions): Promise<Results> {
  const { progress } = options;
  const started = performance.now();
  const config = textTrackConfig(options.config, options.methods);
  mkdirSync(config.cacheDirectory, { recursive: true });
  const dataDirectory = await ensureData(config, progress, options.fresh);
  const dataHash = hashDirectory(dataDirectory);
  const forget = config.forget as ForgetPercent;
  progress.startStage('load data', 'text track');
  // The loader decodes every image; the text track drops them, so they are decoded at a token size.
  const loaded = await loadClearRunData(dataDirectory, forget, 8, options.fallbackRefusals);
  const people = { forget: loaded.forgetPeople, retain: [...new Set(loaded.retainPerturbed.map((row) => row.name))] };
  const data = textOnlyData(loaded);
  checkTextData(data);
  progress.endStage(`${data.full.length} QA, ${data.forget.length} to forget (${data.forgetPeople.length} people), ${data.pretrain.length} pretraining sentences`);

  const base = baseStage(data, dataHash, config, progress, options.fresh, 'text');
  const target = fineTuneStage('target', base, data.full, [], config.target, config, progress, options.fresh, 'full+tofu QA', 'text');
  const gold = fineTuneStage('gold', base, data.retain, [], config.gold, config, progress, options.fresh, `retain QA of forget${forget}`, 'text');

  const tasks = clearTasks(data, config.evaluation.maxRows, config.unlearn.compat).filter((task) => TEXT_TASKS.includes(task.name));
  const evaluationKey = evaluationCacheKey({ track: 'text', evaluation: config.evaluation, compat: config.unlearn.compat, forget });
  const evaluate = (outcome: StageOutcome, label: string) =>
    evaluateCached(outcome.model, outcome.tokenizer, tasks, config, progress, join(outcome.directory, `evaluation-${evaluationKey}.json`), label);
  const goldEvaluation = evaluate(gold, 'text gold');
  const targetEvaluation = evaluate(target, 'text target');

  const galleryPeople = config.evaluation.galleryPeople;
  const outcomes = await runMethods({ config, progress, fresh: options.fresh, data, target, tasks, goldEvaluation, evaluationKey });
  // runMethods summarises with the multimodal tasks; the text track's numbers come from its own summary.
  const methods = outcomes.map(({ result, evaluation }) => ({
    ...result,
    metrics: toMetrics(summarizeText(evaluation, goldEvaluation)),
    samples: textGallerySamples(evaluation, people, galleryPeople),
  }));

  const reference = (outcome: StageOutcome, evaluation: ModelEvaluation): ReferenceModel => ({
    seconds: outcome.seconds,
    peakMemoryBytes: outcome.peakMemoryBytes,
    lossCurve: outcome.lossCurve,
    metrics: toMetrics(summarizeText(evaluation, goldEvaluation)),
    samples: textGallerySamples(evaluation, people, galleryPeople),
  });
  const parameters = target.model.parameterCount();
  const results: Results = {
    schemaVersion: 1,
    run: {
      clearbenchVersion: options.version,
      createdAt: new Date().toISOString(),
      preset: config.preset,
      track: 'text',
      forgetSplit: forget,
      forgetPeople: data.forgetPeople,
      modality: 'text',
      dataSource: data.source,
      modelDescription: `text-only decoder ${config.model.layers}x${config.model.dim}, vocabulary ${target.model.config.vocabSize}, ${(parameters / 1e6).toFixed(2)} M parameters`,
      seeds: [config.seed],
      config: JSON.parse(JSON.stringify(config)),
      environment: {
        nodeVersion: process.version, platform: `${process.platform}-${process.arch}`, cpuModel: cpus()[0]?.model ?? 'unknown',
        cpuCores: cpus().length, backendName: engineState.backend.name, gemmPath: options.gemmPath,
      },
      dataHashes: { [dataDirectory]: dataHash },
      totalSeconds: (performance.now() - started) / 1000,
    },
    references: { target: reference(target, targetEvaluation), gold: reference(gold, goldEvaluation) },
    methods,
  };
  mkdirSync(options.outDirectory, { recursive: true });
  await writeResults(results, options.outDirectory);
  await writeReports(results, options.outDirectory);
  return results;
}

import { mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { engineState } from '../../engine/index.js';
import type { ForgetPercent } from '../../data/configs.js';
import { summarize, type ModelEvaluation } from '../../eval/tasks/evaluate-model.js';
import { clearTasks, evaluationCacheKey } from '../../eval/tasks/clear-tasks.js';
import { loadClearRunData, type ClearRunData } from '../../train/clear-data.js';
import { loadCustomRunData, type CustomSplitNotes, type ForgetRequest } from '../../train/custom-forget.js';
import { writeResults, type Results } from '../../report/results.js';
import { writeReports } from '../../report/write-reports.js';
import type { MethodSet } from '../method-files.js';
import type { Progress } from '../progress.js';
import type { RunConfig } from '../run-config.js';
import { codeVersion, dataFileHashes } from './code-version.js';
import { ensureData, hashDirectory } from './data-stage.js';
import { evaluateCached, gallerySamples, toMetrics } from './evaluation.js';
import { runMethods, type MethodOutcome } from './method-stage.js';
import { baseStage, fineTuneStage, type StageOutcome } from './reference-models.js';

export interface PrepareOptions {
  config: RunConfig;
  fresh: boolean;
  progress: Progress;
  fallbackRefusals: readonly string[];
  // A custom forget request (`clearbench forget`); without it, the config's forgetNN split.
  forgetRequest?: ForgetRequest;
}

// Runs jobs of this run in parallel worker processes that fill the stage cache (src/cli/lanes.ts).
export interface Lanes {
  count: number;
  run(jobs: LaneJob[], title: string): Promise<void>;
}

export type LaneJob = { kind: 'reference'; stage: 'target' | 'gold' } | { kind: 'methods'; methods: string[] };

// Methods dealt round-robin, so each lane gets a share of the slow ones wherever they sit in the list.
export function splitIntoLanes(methods: readonly string[], count: number): string[][] {
  const lanes: string[][] = Array.from({ length: Math.min(count, methods.length) }, () => []);
  methods.forEach((method, index) => lanes[index % lanes.length]!.push(method));
  return lanes;
}

// What one lane computes: the same functions the run itself calls, so the keys are the same.
export async function runLaneJob(job: LaneJob, options: PrepareOptions & { methodSet?: MethodSet }): Promise<void> {
  const withBase = await prepareBase(options);
  const { data } = withBase;
  const { config, progress } = options;
  if (job.kind === 'reference') {
    const outcome = job.stage === 'target' ? targetStage(withBase, options) : goldStage(withBase, options);
    referenceEvaluation(outcome, job.stage, data, options);
    return;
  }
  const target = targetStage(withBase, { ...options, fresh: false });
  const goldEvaluation = referenceEvaluation(goldStage(withBase, { ...options, fresh: false }), 'gold', data, options);
  await runMethods({
    config: { ...config, methods: job.methods }, progress, fresh: options.fresh, data, target, tasks: clearTasks(data, config.evaluation.maxRows, config.unlearn.compat),
    goldEvaluation, evaluationKey: evaluationKey(data, options), ...(options.methodSet ? { methodSet: options.methodSet } : {}),
  });
}

export interface BenchmarkOptions extends PrepareOptions {
  outDirectory: string;
  version: string;
  gemmPath: string;
  methodSet?: MethodSet; // built-ins plus plug-ins (--method-file)
  lanes?: Lanes; // none: every stage in this process
}

// The data and the models every later stage starts from. The target does not depend on the forget split
// (it learns everyone), so a forget request reuses the target of a standard run of the same preset and data.
export interface PreparedRun {
  dataDirectory: string;
  dataHash: string;
  data: ClearRunData;
  splitNotes: CustomSplitNotes | null;
  base: StageOutcome;
  target: StageOutcome;
}

export interface BenchmarkOutcome {
  results: Results;
  prepared: PreparedRun;
  targetEvaluation: ModelEvaluation;
  goldEvaluation: ModelEvaluation;
  methods: MethodOutcome[];
}

// data -> base -> target.
export async function prepareTarget(options: PrepareOptions): Promise<PreparedRun> {
  const withBase = await prepareBase(options);
  return { ...withBase, target: targetStage(withBase, options) };
}

// data -> base: what every later stage starts from.
export async function prepareBase(options: PrepareOptions): Promise<Omit<PreparedRun, 'target'>> {
  const { config, progress } = options;
  mkdirSync(config.cacheDirectory, { recursive: true });
  const dataDirectory = await ensureData(config, progress, options.fresh);
  const dataHash = hashDirectory(dataDirectory);
  progress.startStage('load data');
  const imageSize = config.model.vision?.imageSize ?? 32;
  let data: ClearRunData;
  let splitNotes: CustomSplitNotes | null = null;
  if (options.forgetRequest) {
    ({ data, notes: splitNotes } = await loadCustomRunData(dataDirectory, options.forgetRequest, imageSize, options.fallbackRefusals));
  } else {
    data = await loadClearRunData(dataDirectory, config.forget as ForgetPercent, imageSize, options.fallbackRefusals);
  }
  progress.endStage(`${data.full.length} training samples, ${data.forget.length} to forget (${data.forgetPeople.length} people)`);
  const base = baseStage(data, dataHash, config, progress, options.fresh);
  return { dataDirectory, dataHash, data, splitNotes, base };
}

// The target: base + the recipe on full+tofu, whatever the forget split.
export function targetStage(prepared: Omit<PreparedRun, 'target'>, options: PrepareOptions): StageOutcome {
  const { config } = options;
  return fineTuneStage('target', prepared.base, prepared.data.full, prepared.data.pretrain, config.target, config, options.progress, options.fresh, 'full+tofu');
}

// The gold model of the run's forget split (or of a forget request's people).
export function goldStage(prepared: Omit<PreparedRun, 'target'>, options: PrepareOptions): StageOutcome {
  const { config } = options;
  const people = forgetRequestPeople(prepared.data, options);
  return fineTuneStage('gold', prepared.base, prepared.data.retain, prepared.data.pretrain, config.gold, config, options.progress, options.fresh,
    people ? { customRetainWithout: people } : `retain of forget${config.forget}`);
}

function forgetRequestPeople(data: ClearRunData, options: PrepareOptions): string[] | null {
  return options.forgetRequest ? [...data.forgetPeople].sort() : null;
}

// The evaluation of a reference model (target or gold), stored beside its checkpoint under a key of what
// the evaluation depends on.
export function referenceEvaluation(outcome: StageOutcome, label: 'target' | 'gold', data: ClearRunData, options: PrepareOptions): ModelEvaluation {
  const { config } = options;
  return evaluateCached(outcome.model, outcome.tokenizer, clearTasks(data, config.evaluation.maxRows, config.unlearn.compat), config, options.progress,
    join(outcome.directory, `evaluation-${evaluationKey(data, options)}.json`), label);
}

function evaluationKey(data: ClearRunData, options: PrepareOptions): string {
  const people = forgetRequestPeople(data, options);
  const split = people ? { people } : options.config.forget;
  return evaluationCacheKey({ evaluation: options.config.evaluation, compat: options.config.unlearn.compat, forget: split });
}

// data -> base -> target -> gold -> every method -> evaluation -> results.json and reports. Every stage is
// stored under a content key in the cache, so a rerun after an interruption continues where it stopped.
export async function runBenchmark(options: BenchmarkOptions): Promise<Results> {
  return (await runBenchmarkDetailed(options)).results;
}

// The same, also returning the evaluations behind the results (answer by answer), as an audit needs them.
// With lanes, target and gold, then the built-in methods, are computed in parallel worker processes first;
// the steps below then find them in the cache.
export async function runBenchmarkDetailed(options: BenchmarkOptions): Promise<BenchmarkOutcome> {
  const { config, progress } = options;
  const started = performance.now();
  const lanes = options.forgetRequest ? undefined : options.lanes;
  const withBase = await prepareBase(options);
  const { data } = withBase;
  // Stages the lanes computed (with --fresh, afresh) are read back from the cache.
  const fresh = options.fresh && !lanes;
  await lanes?.run([{ kind: 'reference', stage: 'target' }, { kind: 'reference', stage: 'gold' }], 'target and gold');
  const target = targetStage(withBase, { ...options, fresh });
  const prepared: PreparedRun = { ...withBase, target };
  const gold = goldStage(withBase, { ...options, fresh });
  const people = forgetRequestPeople(data, options);
  const forget = config.forget as ForgetPercent;
  const tasks = clearTasks(data, config.evaluation.maxRows, config.unlearn.compat);
  const goldEvaluation = referenceEvaluation(gold, 'gold', data, options);
  const targetEvaluation = referenceEvaluation(target, 'target', data, options);
  await lanes?.run(splitIntoLanes(config.methods, lanes.count).map((methods) => ({ kind: 'methods', methods })), 'methods');

  // A forget request shows every named person in the gallery.
  const galleryPeople = people ? Math.max(config.evaluation.galleryPeople, people.length) : config.evaluation.galleryPeople;
  const galleryConfig = { ...config, evaluation: { ...config.evaluation, galleryPeople } };
  const methods = await runMethods({
    config, progress, fresh, data, target, tasks, goldEvaluation, evaluationKey: evaluationKey(data, options),
    ...(options.methodSet ? { methodSet: options.methodSet } : {}),
    ...(people ? { forgetPeople: people, galleryPeople } : {}),
  });

  const reference = (outcome: typeof target, evaluation: ModelEvaluation, images: boolean) => ({
    seconds: outcome.seconds,
    peakMemoryBytes: outcome.peakMemoryBytes,
    lossCurve: outcome.lossCurve,
    metrics: toMetrics(summarize(evaluation, goldEvaluation)),
    samples: gallerySamples(evaluation, data, galleryConfig, images),
  });
  const results: Results = {
    schemaVersion: 1,
    run: {
      clearbenchVersion: options.version,
      gitCommit: codeVersion().gitCommit,
      createdAt: new Date().toISOString(),
      preset: config.preset,
      track: 'multimodal',
      forgetSplit: people ? 'custom' : forget,
      forgetPeople: data.forgetPeople,
      modality: config.modality,
      dataSource: data.source,
      modelDescription: describeModel(target.model.config, target.model.parameterCount()),
      seeds: Array.from({ length: config.seeds }, (_, index) => config.seed + index),
      config: JSON.parse(JSON.stringify(config)),
      environment: {
        nodeVersion: process.version, platform: `${process.platform}-${process.arch}`, cpuModel: cpus()[0]?.model ?? 'unknown',
        cpuCores: cpus().length, backendName: engineState.backend.name, gemmPath: options.gemmPath,
      },
      // A forget request lists every data file's hash too, for its audit.
      dataHashes: { [prepared.dataDirectory]: prepared.dataHash, ...(people ? dataFileHashes(prepared.dataDirectory) : {}) },
      totalSeconds: (performance.now() - started) / 1000,
    },
    references: {
      target: reference(target, targetEvaluation, true),
      gold: reference(gold, goldEvaluation, false),
    },
    methods: methods.map((method) => method.result),
  };
  mkdirSync(options.outDirectory, { recursive: true });
  await writeResults(results, options.outDirectory);
  await writeReports(results, options.outDirectory);
  return { results, prepared, targetEvaluation, goldEvaluation, methods };
}

function describeModel(config: RunConfig['model'], parameters: number): string {
  const vision = config.vision ? `ViT ${config.vision.layers}x${config.vision.dim} (${config.vision.imageSize}px, ${config.vision.patchSize}px patches) -> ` : '';
  return `${vision}decoder ${config.layers}x${config.dim}, vocabulary ${config.vocabSize}, ${(parameters / 1e6).toFixed(2)} M parameters`;
}

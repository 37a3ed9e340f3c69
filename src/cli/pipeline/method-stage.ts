import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../model/atomic.js';
import type { ModelEvaluation } from '../../eval/tasks/evaluate-model.js';
import { evaluateModel, summarize } from '../../eval/tasks/evaluate-model.js';
import type { EvalTask } from '../../eval/tasks/evaluate-task.js';
import type { MethodResult } from '../../report/results.js';
import type { ClearRunData } from '../../train/clear-data.js';
import { stageDirectory, stageKey } from '../../train/stage-cache.js';
import type { UnlearnMethod } from '../../unlearn/method.js';
import { resolveMethod } from '../../unlearn/registry.js';
import { runUnlearning } from '../../unlearn/run-unlearning.js';
import { BUILT_IN_METHODS, type MethodSet } from '../method-files.js';
import type { Progress } from '../progress.js';
import { MODALITIES, type RunConfig } from '../run-config.js';
import { gallerySamples, toMetrics } from './evaluation.js';
import { meanMetrics } from './seed-mean.js';
import type { StageOutcome } from './reference-models.js';

export interface MethodRunSpec {
  method: string; // registry name or alias
  withL1: boolean; // "ga+l1": the same method with the L1 regulariser
  modality: (typeof MODALITIES)[number];
}

// "ga", "gd+l1", ...; --modality all runs each in the three modes.
export function methodRuns(config: RunConfig): MethodRunSpec[] {
  const modalities = config.modality === 'all' ? [...MODALITIES] : [config.modality];
  return config.methods.flatMap((entry) => {
    const withL1 = entry.endsWith('+l1');
    const method = withL1 ? entry.slice(0, -3) : entry;
    return modalities.map((modality) => ({ method, withL1, modality }));
  });
}

interface StoredMethodRun {
  evaluation: ModelEvaluation;
  lossCurve: { step: number; loss: number }[];
  seconds: number;
  peakMemoryBytes: number;
  steps: number;
  methodConfig: Record<string, unknown>;
}

export interface MethodStageOptions {
  config: RunConfig;
  progress: Progress;
  fresh: boolean;
  data: ClearRunData;
  target: StageOutcome;
  tasks: readonly EvalTask[];
  goldEvaluation: ModelEvaluation;
  evaluationKey: string;
  methodSet?: MethodSet; // built-ins plus plug-ins; default: the built-ins
  // A custom forget request: its people join every method's cache key (the forget set differs).
  forgetPeople?: readonly string[];
  galleryPeople?: number; // people per role in each method's gallery (default: the config's)
}

// One method's reported result, with the evaluation of its first seed (what an audit shows, answer by answer).
export interface MethodOutcome {
  result: MethodResult;
  evaluation: ModelEvaluation;
}

// L1 on the weights' change, summed over every weight and added to the loss. Measured on forget10 at the
// default preset (GA, lr 3e-4, one epoch): 1e-4 changes nothing, 1e-3 stops the forgetting too, 1e-2 freezes
// the model; 5e-4 keeps GA's retain QA (ROUGE-L 0.73 against 0.02) and GD's retain naming (0.44 against 0.18).
export const DEFAULT_L1_LAMBDA = 5e-4;

// Every method of the run, each over config.seeds seeds (seed, seed + 1, ...). Each (method, seed) is a cache
// entry of its own, so adding seeds later reuses the runs already made; the first seed's key is the one a
// single-seed run uses.
export async function runMethods(options: MethodStageOptions): Promise<MethodOutcome[]> {
  const { config, data } = options;
  const methodSet = options.methodSet ?? BUILT_IN_METHODS;
  const seeds = Array.from({ length: config.seeds }, (_, index) => config.seed + index);
  const galleryConfig = options.galleryPeople === undefined ? config : { ...config, evaluation: { ...config.evaluation, galleryPeople: options.galleryPeople } };
  const outcomes: MethodOutcome[] = [];
  for (const spec of methodRuns(config)) {
    const method = resolveMethod(spec.method, methodSet.methods);
    const plugin = methodSet.plugins.find((candidate) => candidate.method === method.method);
    const methodOptions = config.methodOptions[spec.method] ?? config.methodOptions[method.name] ?? {};
    const l1 = spec.withL1 ? config.unlearn.l1 ?? DEFAULT_L1_LAMBDA : config.unlearn.l1;
    const label = `${method.label}${spec.withL1 || l1 ? ' + L1' : ''}${spec.modality === 'joint' ? '' : ` (${spec.modality})`}`;
    const runs = seeds.map((seed) => runOneSeed(options, {
      spec, label: seeds.length > 1 ? `${label} seed ${seed}` : label, methodName: method.name, methodOptions, l1, seed,
      extraKey: { ...(plugin ? { plugin: plugin.hash } : {}), ...(options.forgetPeople ? { forgetPeople: [...options.forgetPeople].sort() } : {}) },
      methods: methodSet.methods,
    }));
    const first = runs[0]!;
    const metricsPerSeed = runs.map((run) => toMetrics(summarize(run.evaluation, options.goldEvaluation)));
    const result: MethodResult = {
      name: method.name,
      label,
      description: method.description,
      settings: {
        modality: spec.modality,
        l1Lambda: l1,
        l0Lambda: config.unlearn.l0,
        loraRank: config.unlearn.lora?.rank ?? null,
        compat: config.unlearn.compat,
        steps: first.steps,
        learningRate: config.unlearn.learningRate,
        extra: JSON.parse(JSON.stringify(first.methodConfig)),
      },
      seconds: runs.reduce((total, run) => total + run.seconds, 0) / runs.length,
      peakMemoryBytes: Math.max(...runs.map((run) => run.peakMemoryBytes)),
      lossCurve: first.lossCurve,
      metrics: meanMetrics(metricsPerSeed),
      ...(runs.length > 1 ? {
        seedRuns: runs.map((run, index) => ({ seed: seeds[index]!, seconds: run.seconds, peakMemoryBytes: run.peakMemoryBytes, metrics: metricsPerSeed[index]! })),
      } : {}),
      samples: gallerySamples(first.evaluation, data, galleryConfig, false),
    };
    outcomes.push({ result, evaluation: first.evaluation });
  }
  return outcomes;
}

interface SeedRunSpec {
  spec: MethodRunSpec;
  label: string;
  methodName: string;
  methodOptions: Readonly<Record<string, unknown>>;
  l1: number | null;
  seed: number;
  extraKey: Record<string, unknown>;
  methods: readonly UnlearnMethod[];
}

// One (method, seed): unlearn a copy of the target and evaluate it, or read what an earlier run stored.
function runOneSeed(options: MethodStageOptions, run: SeedRunSpec): StoredMethodRun {
  const { config, progress, data, target } = options;
  const { spec, label, l1 } = run;
  const key = stageKey({
    target: target.key, method: spec.method, methodOptions: run.methodOptions, unlearn: config.unlearn, l1, modality: spec.modality, seed: run.seed,
    evaluation: options.evaluationKey, ...run.extraKey,
  });
  const directory = stageDirectory(config.cacheDirectory, `method-${run.methodName}`, key);
  const resultFile = join(directory, 'run.json');
  if (!options.fresh && existsSync(resultFile)) {
    progress.info(`✓ ${label.padEnd(22)} reused from ${directory}`);
    return JSON.parse(readFileSync(resultFile, 'utf8')) as StoredMethodRun;
  }
  if (options.fresh) rmSync(directory, { recursive: true, force: true });
  progress.startStage(label);
  const outcome = runUnlearning({
    target: target.model,
    tokenizer: target.tokenizer,
    method: spec.method,
    methods: run.methods,
    methodConfig: run.methodOptions,
    forgetSet: data.forget,
    retainSet: data.retain,
    refusals: data.refusals,
    modality: spec.modality,
    trainable: { lora: config.unlearn.lora, freezeVision: config.unlearn.freezeVision },
    regulariser: { l1, l1Reference: config.unlearn.l1Reference, l0: config.unlearn.l0 },
    epochs: config.unlearn.epochs,
    batchSize: config.unlearn.batchSize,
    accumulation: config.unlearn.accumulation,
    learningRate: config.unlearn.learningRate,
    weightDecay: config.unlearn.weightDecay,
    seed: run.seed,
    compat: config.unlearn.compat,
    checkpointDirectory: join(directory, 'training'),
    onProgress: (update) => progress.update({ done: update.step, total: update.totalSteps, loss: update.loss }),
  });
  progress.update({ done: 0, total: options.tasks.length, detail: 'evaluating' });
  const evaluation = evaluateModel(outcome.model, target.tokenizer, options.tasks, {
    maxNewTokens: config.evaluation.maxNewTokens, batchSize: config.evaluation.batchSize, compat: config.unlearn.compat,
  }, (task, index) => progress.update({ done: index, total: options.tasks.length, detail: `evaluating ${task.name}` }));
  const stored: StoredMethodRun = {
    evaluation, lossCurve: outcome.lossCurve, seconds: outcome.seconds, peakMemoryBytes: outcome.peakMemoryBytes,
    steps: outcome.steps, methodConfig: outcome.methodConfig,
  };
  writeFileAtomic(resultFile, JSON.stringify(stored));
  rmSync(join(directory, 'training'), { recursive: true, force: true });
  const forgetNaming = evaluation.forgetFaces?.summary.accuracy;
  const retainNaming = evaluation.retainFaces?.summary.accuracy;
  progress.endStage(`forget naming ${percent(forgetNaming)}, retain naming ${percent(retainNaming)}`);
  return stored;
}

function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${(value * 100).toFixed(0)}%`;
}

import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../model/atomic.js';
import type { ModelEvaluation } from '../../eval/tasks/evaluate-model.js';
import { evaluateModel, summarize } from '../../eval/tasks/evaluate-model.js';
import type { EvalTask } from '../../eval/tasks/evaluate-task.js';
import type { MethodResult } from '../../report/results.js';
import type { ClearRunData } from '../../train/clear-data.js';
import { stageDirectory, stageKey } from '../../train/stage-cache.js';
import { resolveMethod } from '../../unlearn/registry.js';
import { runUnlearning } from '../../unlearn/run-unlearning.js';
import type { Progress } from '../progress.js';
import { MODALITIES, type RunConfig } from '../run-config.js';
import { gallerySamples, toMetrics } from './evaluation.js';
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
}

export const DEFAULT_L1_LAMBDA = 1e-4;

export async function runMethods(options: MethodStageOptions): Promise<MethodResult[]> {
  const { config, progress, data, target } = options;
  const results: MethodResult[] = [];
  const runs = methodRuns(config);
  for (const spec of runs) {
    const method = resolveMethod(spec.method);
    const methodOptions = config.methodOptions[spec.method] ?? config.methodOptions[method.name] ?? {};
    const l1 = spec.withL1 ? config.unlearn.l1 ?? DEFAULT_L1_LAMBDA : config.unlearn.l1;
    const label = `${method.label}${spec.withL1 || l1 ? ' + L1' : ''}${spec.modality === 'joint' ? '' : ` (${spec.modality})`}`;
    const key = stageKey({ target: target.key, method: spec.method, methodOptions, unlearn: config.unlearn, l1, modality: spec.modality, seed: config.seed, evaluation: options.evaluationKey });
    const directory = stageDirectory(config.cacheDirectory, `method-${method.name}`, key);
    const resultFile = join(directory, 'run.json');
    let stored: StoredMethodRun;
    if (!options.fresh && existsSync(resultFile)) {
      stored = JSON.parse(readFileSync(resultFile, 'utf8')) as StoredMethodRun;
      progress.info(`✓ ${label.padEnd(22)} reused from ${directory}`);
    } else {
      if (options.fresh) rmSync(directory, { recursive: true, force: true });
      progress.startStage(label);
      const outcome = runUnlearning({
        target: target.model,
        tokenizer: target.tokenizer,
        method: spec.method,
        methodConfig: methodOptions,
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
        seed: config.seed,
        compat: config.unlearn.compat,
        checkpointDirectory: join(directory, 'training'),
        onProgress: (update) => progress.update({ done: update.step, total: update.totalSteps, loss: update.loss }),
      });
      progress.update({ done: 0, total: options.tasks.length, detail: 'evaluating' });
      const evaluation = evaluateModel(outcome.model, target.tokenizer, options.tasks, {
        maxNewTokens: config.evaluation.maxNewTokens, batchSize: config.evaluation.batchSize, compat: config.unlearn.compat,
      }, (task, index) => progress.update({ done: index, total: options.tasks.length, detail: `evaluating ${task.name}` }));
      stored = {
        evaluation, lossCurve: outcome.lossCurve, seconds: outcome.seconds, peakMemoryBytes: outcome.peakMemoryBytes,
        steps: outcome.steps, methodConfig: outcome.methodConfig,
      };
      writeFileAtomic(resultFile, JSON.stringify(stored));
      rmSync(join(directory, 'training'), { recursive: true, force: true });
      const forgetNaming = evaluation.forgetFaces?.summary.accuracy;
      const retainNaming = evaluation.retainFaces?.summary.accuracy;
      progress.endStage(`forget naming ${percent(forgetNaming)}, retain naming ${percent(retainNaming)}`);
    }
    results.push({
      name: method.name,
      label,
      description: method.description,
      settings: {
        modality: spec.modality,
        l1Lambda: l1,
        l0Lambda: config.unlearn.l0,
        loraRank: config.unlearn.lora?.rank ?? null,
        compat: config.unlearn.compat,
        steps: stored.steps,
        learningRate: config.unlearn.learningRate,
        extra: JSON.parse(JSON.stringify(stored.methodConfig)),
      },
      seconds: stored.seconds,
      peakMemoryBytes: stored.peakMemoryBytes,
      lossCurve: stored.lossCurve,
      metrics: toMetrics(summarize(stored.evaluation, options.goldEvaluation)),
      samples: gallerySamples(stored.evaluation, data, config, false),
    });
  }
  return results;
}

function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${(value * 100).toFixed(0)}%`;
}

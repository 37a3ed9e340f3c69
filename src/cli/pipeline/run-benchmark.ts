import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { engineState } from '../../engine/index.js';
import type { ForgetPercent } from '../../data/configs.js';
import { summarize } from '../../eval/tasks/evaluate-model.js';
import { clearTasks } from '../../eval/tasks/clear-tasks.js';
import { loadClearRunData } from '../../train/clear-data.js';
import { writeResults, type MethodResult, type Results } from '../../report/results.js';
import { writeReports } from '../../report/write-reports.js';
import type { Progress } from '../progress.js';
import type { RunConfig } from '../run-config.js';
import { ensureData, hashDirectory } from './data-stage.js';
import { evaluateCached, gallerySamples, toMetrics } from './evaluation.js';
import { runMethods } from './method-stage.js';
import { baseStage, fineTuneStage } from './reference-models.js';

export interface BenchmarkOptions {
  config: RunConfig;
  outDirectory: string;
  fresh: boolean;
  progress: Progress;
  version: string;
  gemmPath: string;
  fallbackRefusals: readonly string[];
}

// data -> base -> target -> gold -> every method -> evaluation -> results.json and reports. Every stage is
// stored under a content key in the cache, so a rerun after an interruption continues where it stopped.
export async function runBenchmark(options: BenchmarkOptions): Promise<Results> {
  const { config, progress } = options;
  const started = performance.now();
  mkdirSync(config.cacheDirectory, { recursive: true });
  const dataDirectory = await ensureData(config, progress, options.fresh);
  const dataHash = hashDirectory(dataDirectory);
  const forget = config.forget as ForgetPercent;
  progress.startStage('load data');
  const imageSize = config.model.vision?.imageSize ?? 32;
  const data = await loadClearRunData(dataDirectory, forget, imageSize, options.fallbackRefusals);
  progress.endStage(`${data.full.length} training samples, ${data.forget.length} to forget (${data.forgetPeople.length} people)`);

  const base = baseStage(data, dataHash, config, progress, options.fresh);
  const target = fineTuneStage('target', base, data.full, config.target, config, progress, options.fresh, 'full+tofu');
  const gold = fineTuneStage('gold', base, data.retain, config.gold, config, progress, options.fresh, `retain of forget${forget}`);

  const tasks = clearTasks(data, config.evaluation.maxRows);
  const evaluationKey = createHash('sha256').update(JSON.stringify({ evaluation: config.evaluation, compat: config.unlearn.compat, forget })).digest('hex').slice(0, 12);
  const goldEvaluation = evaluateCached(gold.model, gold.tokenizer, tasks, config, progress, join(gold.directory, `evaluation-${evaluationKey}.json`), 'gold');
  const targetEvaluation = evaluateCached(target.model, target.tokenizer, tasks, config, progress, join(target.directory, `evaluation-${evaluationKey}.json`), 'target');

  const methods: MethodResult[] = await runMethods({
    config, progress, fresh: options.fresh, data, target, tasks, goldEvaluation, evaluationKey,
  });

  const reference = (outcome: typeof target, evaluation: typeof targetEvaluation, images: boolean) => ({
    seconds: outcome.seconds,
    peakMemoryBytes: outcome.peakMemoryBytes,
    lossCurve: outcome.lossCurve,
    metrics: toMetrics(summarize(evaluation, goldEvaluation)),
    samples: gallerySamples(evaluation, data, config, images),
  });
  const results: Results = {
    schemaVersion: 1,
    run: {
      clearbenchVersion: options.version,
      createdAt: new Date().toISOString(),
      preset: config.preset,
      track: 'multimodal',
      forgetSplit: forget,
      forgetPeople: data.forgetPeople,
      modality: config.modality,
      dataSource: data.source,
      modelDescription: describeModel(target.model.config, target.model.parameterCount()),
      seeds: [config.seed],
      config: JSON.parse(JSON.stringify(config)),
      environment: {
        nodeVersion: process.version, platform: `${process.platform}-${process.arch}`, cpuModel: cpus()[0]?.model ?? 'unknown',
        cpuCores: cpus().length, backendName: engineState.backend.name, gemmPath: options.gemmPath,
      },
      dataHashes: { [dataDirectory]: dataHash },
      totalSeconds: (performance.now() - started) / 1000,
    },
    references: {
      target: reference(target, targetEvaluation, true),
      gold: reference(gold, goldEvaluation, false),
    },
    methods,
  };
  mkdirSync(options.outDirectory, { recursive: true });
  await writeResults(results, options.outDirectory);
  await writeReports(results, options.outDirectory);
  return results;
}

function describeModel(config: RunConfig['model'], parameters: number): string {
  const vision = config.vision ? `ViT ${config.vision.layers}x${config.vision.dim} (${config.vision.imageSize}px, ${config.vision.patchSize}px patches) -> ` : '';
  return `${vision}decoder ${config.layers}x${config.dim}, vocabulary ${config.vocabSize}, ${(parameters / 1e6).toFixed(2)} M parameters`;
}

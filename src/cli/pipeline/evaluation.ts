import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../../model/atomic.js';
import type { Tokenizer } from '../../model/tokenizer.js';
import type { VisionLanguageModel } from '../../model/vlm.js';
import { evaluateModel, type ModelEvaluation, type Summary } from '../../eval/tasks/evaluate-model.js';
import type { EvalTask, TaskName } from '../../eval/tasks/evaluate-task.js';
import type { Metrics, Sample, TaskMetrics } from '../../report/results.js';
import type { ClearRunData } from '../../train/clear-data.js';
import type { Progress } from '../progress.js';
import type { RunConfig } from '../run-config.js';

// Evaluates a model on every task, or reads the evaluation a previous (interrupted) run stored.
export function evaluateCached(
  model: VisionLanguageModel, tokenizer: Tokenizer, tasks: readonly EvalTask[], config: RunConfig, progress: Progress, file: string, label: string,
): ModelEvaluation {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as ModelEvaluation;
  progress.startStage(`evaluate ${label}`);
  const evaluation = evaluateModel(model, tokenizer, tasks, {
    maxNewTokens: config.evaluation.maxNewTokens, batchSize: config.evaluation.batchSize, compat: config.unlearn.compat,
  }, (task, index) => progress.update({ done: index, total: tasks.length, detail: task.name }));
  progress.update({ done: tasks.length, total: tasks.length });
  writeFileAtomic(file, JSON.stringify(evaluation));
  const summary = evaluation.retainFaces?.summary;
  progress.endStage(summary?.accuracy !== null && summary?.accuracy !== undefined ? `retain naming ${(summary.accuracy * 100).toFixed(0)}%` : '');
  return evaluation;
}

const REPORTED_TASKS: readonly TaskName[] = ['forgetCaptions', 'retainCaptions', 'forgetFaces', 'retainFaces', 'realFaces', 'realWorld', 'forgetText', 'retainText'];

const clamp = (value: number) => Math.min(1, Math.max(0, value));
const finiteOrNull = (value: number | null) => (value === null || !Number.isFinite(value) ? null : clamp(value));

// The evaluation summary in results.json's shape.
export function toMetrics(summary: Summary): Metrics {
  const tasks: Partial<Record<TaskName, TaskMetrics>> = {};
  for (const name of REPORTED_TASKS) {
    const task = summary.tasks[name];
    if (!task) continue;
    tasks[name] = {
      rougeL: clamp(task.rougeL ?? 0), probability: clamp(task.probability), truthRatio: finiteOrNull(task.truthRatio),
      accuracy: finiteOrNull(task.accuracy), count: task.count,
    };
  }
  return {
    tasks: tasks as Metrics['tasks'],
    forgetQualityKs: finiteOrNull(summary.forgetQualityKs),
    forgetQualityOneMinusJs: finiteOrNull(summary.forgetQualityOneMinusJs),
    modelUtility: finiteOrNull(summary.modelUtility),
    modelUtilityWithText: finiteOrNull(summary.modelUtilityWithText),
    columns: { forget: finiteOrNull(summary.columns.forget), retain: finiteOrNull(summary.columns.retain), real: finiteOrNull(summary.columns.real) },
    mia: summary.mia
      ? {
        lossAuc: clamp(summary.mia.lossAuc), zlibAuc: clamp(summary.mia.zlibAuc), minKAuc: clamp(summary.mia.minKAuc),
        minKPlusPlusAuc: clamp(summary.mia.minKPlusPlusAuc), privacyLeak: Number.isFinite(summary.mia.privacyLeak) ? summary.mia.privacyLeak : 0,
      }
      : null,
  };
}

// Gallery: for a few forget and retain people, the face-naming and caption generations, so the report can
// show before (target) and after (each method). Images go on the target's samples only.
export function gallerySamples(evaluation: ModelEvaluation, data: ClearRunData, config: RunConfig, withImages: boolean): Sample[] {
  const samples: Sample[] = [];
  const pick = (task: 'forgetFaces' | 'retainFaces' | 'forgetCaptions' | 'retainCaptions', role: 'forget' | 'retain') => {
    const records = evaluation[task]?.records ?? [];
    const rows = role === 'forget' ? data.forgetPerturbed : data.retainPerturbed;
    const seen = new Set<string>();
    records.forEach((record, index) => {
      if (!record.person || seen.has(record.person) || seen.size >= config.evaluation.galleryPeople) return;
      seen.add(record.person);
      const bytes = rows[index]?.image.bytes;
      samples.push({
        person: record.person, role, task, question: record.question, answer: record.answer,
        imagePng: withImages && bytes ? Buffer.from(bytes).toString('base64') : null, generation: record.generation ?? '',
      });
    });
  };
  pick('forgetFaces', 'forget');
  pick('retainFaces', 'retain');
  pick('forgetCaptions', 'forget');
  pick('retainCaptions', 'retain');
  return samples;
}

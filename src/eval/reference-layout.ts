import { rougeScores } from './metrics/index.js';
import type { ModelEvaluation } from './tasks/evaluate-model.js';
import type { TaskName } from './tasks/evaluate-task.js';

// The reference code's evaluation files (somvy/multimodal_unlearning mm/eval.py), so evaluations made here
// feed its mm/calculate_metrics.py and table scripts unchanged. Indices are the row numbers as strings.
export const REFERENCE_TASK_FILES: Partial<Record<TaskName, string>> = {
  forgetCaptions: 'eval_log_forget.json',
  retainCaptions: 'eval_log.json',
  forgetFaces: 'eval_forget_facerec.json',
  retainFaces: 'eval_retain_facerec.json',
  realFaces: 'eval_real_faces_wo_options.json',
  realWorld: 'eval_real_world_wo_options.json',
};

export type ReferenceTaskLog = Record<string, Record<string, unknown>>;

export function referenceTaskLog(evaluation: ModelEvaluation, task: TaskName): ReferenceTaskLog | null {
  const records = evaluation[task]?.records;
  if (!records) return null;
  const log: ReferenceTaskLog = {
    avg_gt_loss: {}, avg_paraphrased_loss: {}, average_perturb_loss: {}, truth_ratio: {}, generated_text: {}, rouge1_recall: {}, rougeL_recall: {},
  };
  records.forEach((record, index) => {
    const key = String(index);
    log['avg_gt_loss']![key] = record.losses.answerLoss;
    log['avg_paraphrased_loss']![key] = record.losses.paraphrasedLoss;
    log['average_perturb_loss']![key] = [...record.losses.perturbedLosses];
    log['truth_ratio']![key] = record.truthRatio;
    if (record.generation !== null) {
      log['generated_text']![key] = [record.question, record.generation, record.answer];
      const scores = rougeScores(record.generation, record.answer);
      log['rouge1_recall']![key] = scores.rouge1.recall;
      log['rougeL_recall']![key] = scores.rougeL.recall;
    }
  });
  return log;
}

// eval_log_aggregated.json: { "<task file>": <task log>, ... }, the input of the reference's metric script.
export function referenceAggregatedLog(evaluation: ModelEvaluation): Record<string, ReferenceTaskLog> {
  const aggregated: Record<string, ReferenceTaskLog> = {};
  for (const [task, file] of Object.entries(REFERENCE_TASK_FILES) as [TaskName, string][]) {
    const log = referenceTaskLog(evaluation, task);
    if (log) aggregated[file] = log;
  }
  return aggregated;
}

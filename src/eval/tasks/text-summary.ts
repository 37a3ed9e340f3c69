import { forgetQualityFromTruthRatios, harmonicMean, privacyLeak } from '../metrics/index.js';
import { membershipAucs, type ModelEvaluation, type Summary } from './evaluate-model.js';
import type { TaskName, TaskSummary } from './evaluate-task.js';

// The numbers of one model of the text-only (LLM) track, TOFU's metrics on the CLEAR people's QA:
//   forget quality: KS-test p-value (TOFU) and 1 - JS (the CLEAR table) between the per-sample truth ratios
//   of the forget QA under this model and under the gold model;
//   model utility: the harmonic mean of Probability, ROUGE-L recall and Truth ratio on the retain QA. TOFU's
//   utility also takes in its "real authors" and "world facts" sets (9 values); CLEAR has no text-only
//   counterpart of those (its real faces and real world sets are images), so here it is the 3 retain values;
//   membership inference: the forget QA against the held-out people's QA, as in the multimodal track.
// With gold = null (the gold model itself), forget quality compares the model with itself. The result has the
// multimodal Summary's shape; what the text track has no counterpart for (the paper's columns, the 15-value
// utility) is null.
export function summarizeText(evaluation: ModelEvaluation, gold: ModelEvaluation | null): Summary {
  const tasks: Partial<Record<TaskName, TaskSummary>> = {};
  for (const [name, task] of Object.entries(evaluation) as [TaskName, NonNullable<ModelEvaluation[TaskName]>][]) tasks[name] = task.summary;
  const reference = gold ?? evaluation;
  const forgetRecords = evaluation.forgetText?.records ?? [];
  const goldRecords = reference.forgetText?.records ?? [];
  let forgetQualityKs: number | null = null;
  let forgetQualityOneMinusJs: number | null = null;
  const ratios = forgetRecords.map((record) => record.truthRatio);
  const goldRatios = goldRecords.map((record) => record.truthRatio);
  // Without perturbed answers (the real CLEAR without TOFU's files) truth ratios are NaN: no forget quality.
  if (ratios.length > 0 && [...ratios, ...goldRatios].every(Number.isFinite)) {
    const quality = forgetQualityFromTruthRatios(ratios, goldRatios);
    forgetQualityKs = quality.ksPValue;
    forgetQualityOneMinusJs = quality.oneMinusJensenShannon;
  }
  const aucs = membershipAucs(evaluation);
  const goldAucs = membershipAucs(reference);
  return {
    tasks,
    forgetQualityKs,
    forgetQualityOneMinusJs,
    modelUtility: textModelUtility(tasks.retainText),
    modelUtilityWithText: null,
    columns: { forget: null, retain: null, real: null },
    mia: aucs && goldAucs ? { ...aucs, privacyLeak: privacyLeak(aucs.lossAuc, goldAucs.lossAuc) } : null,
  };
}

// hmean(Probability, ROUGE-L, Truth ratio) of the retain QA; null when one of them could not be measured.
export function textModelUtility(retain: TaskSummary | undefined): number | null {
  if (!retain || retain.rougeL === null) return null;
  const values = [retain.probability, retain.rougeL, retain.truthRatio];
  return values.every(Number.isFinite) ? harmonicMean(values) : null;
}

import type { Tokenizer } from '../../model/tokenizer.js';
import type { VisionLanguageModel } from '../../model/vlm.js';
import type { MembershipAttack } from '../metrics/index.js';
import {
  forgetQualityFromTruthRatios, membershipAttackAuc, membershipAttackScores, modelUtility, modelUtilityWithText, paperColumns, privacyLeak,
} from '../metrics/index.js';
import { evaluateTask, type EvalTask, type EvaluateOptions, type TaskEvaluation, type TaskName, type TaskSummary } from './evaluate-task.js';

// What is kept of a task's evaluation: its records and summary (not the task's images), so an evaluation
// can be stored as JSON and read back when a run resumes.
export type ModelEvaluation = Partial<Record<TaskName, Pick<TaskEvaluation, 'records' | 'summary'>>>;

export function evaluateModel(
  model: VisionLanguageModel, tokenizer: Tokenizer, tasks: readonly EvalTask[], options: EvaluateOptions,
  onTask?: (task: EvalTask, index: number) => void,
): ModelEvaluation {
  const evaluation: ModelEvaluation = {};
  tasks.forEach((task, index) => {
    onTask?.(task, index);
    if (task.items.length === 0) return;
    const { records, summary } = evaluateTask(model, tokenizer, task, options);
    evaluation[task.name] = { records, summary };
  });
  return evaluation;
}

export interface MembershipAucs {
  lossAuc: number;
  zlibAuc: number;
  minKAuc: number;
  minKPlusPlusAuc: number;
}

export interface Summary {
  tasks: Partial<Record<TaskName, TaskSummary>>;
  forgetQualityKs: number | null;
  forgetQualityOneMinusJs: number | null;
  modelUtility: number | null;
  modelUtilityWithText: number | null;
  columns: { forget: number | null; retain: number | null; real: number | null };
  mia: (MembershipAucs & { privacyLeak: number }) | null;
}

const ATTACKS: readonly [MembershipAttack, keyof MembershipAucs][] = [
  ['loss', 'lossAuc'], ['zlib', 'zlibAuc'], ['minK', 'minKAuc'], ['minKPlusPlus', 'minKPlusPlusAuc'],
];

// Membership inference: the forget people's true answers (captions and text QA) against the same kinds of
// answers about held-out people no model trained on.
export function membershipAucs(evaluation: ModelEvaluation): MembershipAucs | null {
  const forget = [...(evaluation.forgetCaptions?.records ?? []), ...(evaluation.forgetText?.records ?? [])].map((record) => record.membership);
  const heldOut = [...(evaluation.heldOutCaptions?.records ?? []), ...(evaluation.heldOutText?.records ?? [])].map((record) => record.membership);
  if (forget.length === 0 || heldOut.length === 0) return null;
  const aucs = {} as MembershipAucs;
  for (const [attack, key] of ATTACKS) {
    aucs[key] = membershipAttackAuc(membershipAttackScores(attack, forget).perExample, membershipAttackScores(attack, heldOut).perExample);
  }
  return aucs;
}

function utilityScores(summary: TaskSummary | undefined) {
  if (!summary || summary.rougeL === null) return undefined;
  return { probability: summary.probability, rougeLRecall: summary.rougeL, truthRatio: summary.truthRatio };
}

// The numbers of one model, relative to the gold model (forget quality, privacy leak). With gold = null
// (evaluating the gold model itself first), forget quality compares the model with itself.
export function summarize(evaluation: ModelEvaluation, gold: ModelEvaluation | null): Summary {
  const tasks: Partial<Record<TaskName, TaskSummary>> = {};
  for (const [name, task] of Object.entries(evaluation) as [TaskName, Pick<TaskEvaluation, 'summary'>][]) tasks[name] = task.summary;
  const reference = gold ?? evaluation;
  let forgetQualityKs: number | null = null;
  let forgetQualityOneMinusJs: number | null = null;
  const forgetRecords = evaluation.forgetCaptions?.records;
  const goldRecords = reference.forgetCaptions?.records;
  if (forgetRecords && goldRecords && forgetRecords.length > 0) {
    // The reference computes forget quality on the forget captions task (eval_log_forget.json).
    const quality = forgetQualityFromTruthRatios(forgetRecords.map((record) => record.truthRatio), goldRecords.map((record) => record.truthRatio));
    forgetQualityKs = quality.ksPValue;
    forgetQualityOneMinusJs = quality.oneMinusJensenShannon;
  }
  const nonForget = {
    realFaces: utilityScores(tasks.realFaces), realWorld: utilityScores(tasks.realWorld),
    retainCaptions: utilityScores(tasks.retainCaptions), retainFaceNaming: utilityScores(tasks.retainFaces),
  };
  const complete = Object.values(nonForget).every((value) => value !== undefined);
  const utility = complete ? modelUtility(nonForget as Parameters<typeof modelUtility>[0]).aggregate : null;
  const retainText = utilityScores(tasks.retainText);
  const utilityWithText = complete && retainText
    ? modelUtilityWithText({ ...(nonForget as Parameters<typeof modelUtility>[0]), retainText }).aggregate
    : null;
  const columnTask = (summary: TaskSummary | undefined) => (summary ? { probability: summary.probability, truthRatio: summary.truthRatio } : undefined);
  let columns: Summary['columns'] = { forget: null, retain: null, real: null };
  if (tasks.forgetCaptions && tasks.forgetFaces && tasks.retainCaptions && tasks.retainFaces && tasks.realFaces && tasks.realWorld) {
    columns = paperColumns({
      forgetCaptions: columnTask(tasks.forgetCaptions)!, forgetFaceNaming: columnTask(tasks.forgetFaces)!,
      retainCaptions: columnTask(tasks.retainCaptions)!, retainFaceNaming: columnTask(tasks.retainFaces)!,
      realFaces: columnTask(tasks.realFaces)!, realWorld: columnTask(tasks.realWorld)!,
    });
  }
  const aucs = membershipAucs(evaluation);
  const goldAucs = membershipAucs(reference);
  const mia = aucs && goldAucs ? { ...aucs, privacyLeak: privacyLeak(aucs.lossAuc, goldAucs.lossAuc) } : null;
  return { tasks, forgetQualityKs, forgetQualityOneMinusJs, modelUtility: utility, modelUtilityWithText: utilityWithText, columns, mia };
}

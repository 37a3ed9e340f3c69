// Cross-task aggregates of SPEC section 4, as the reference builds them.
//   Model utility: mm/calculate_metrics.py takes the harmonic mean of every "Prob.", "ROUGE" and "Truth
//   Ratio" value whose task name lacks "Forget": the four non-forget tasks (real faces, real world, retain
//   captions, retain face naming), 12 values. (The script's first version also put chrF++ in;
//   the current one and the paper do not, and neither do we.) A zero anywhere makes it 0.
//   modelUtilityWithText is ours: the same plus retain text-QA, 15 values; it is not comparable with the
//   reference's number and is named apart so it is never mistaken for it.
//   The paper's columns (mm/build_vllm_table.py, build_mod_table.py): Real / Retain / Forget, each the
//   harmonic mean of Probability and Truth ratio of two tasks (4 values, no ROUGE). The forget column
//   uses the forget form of the truth ratio, so a higher forget column means a model closer to indifferent
//   between true and wrong answers on the forget people, not a better-remembering one.
// mm/build_vllm_table.py also prints a "Model utility" over a hand-picked list of 14 values that includes
// forget tasks and leaves out ROUGE on real world; we do not reproduce that variant: the paper's text and
// calculate_metrics.py define utility over the non-forget tasks.
import { harmonicMean } from './harmonic-mean.js';

/** The three per-task numbers that enter the utility, each already aggregated over the task's samples. */
export interface TaskScores {
  probability: number;
  rougeLRecall: number;
  /** The task's truth-ratio score (retain form, mean(max(0, 1 - 1/TR)), on these tasks). */
  truthRatio: number;
}

export interface NonForgetTaskScores {
  realFaces: TaskScores;
  realWorld: TaskScores;
  retainCaptions: TaskScores;
  retainFaceNaming: TaskScores;
}

export interface UtilityComponent {
  task: string;
  metric: keyof TaskScores;
  value: number;
}

export interface ModelUtility {
  aggregate: number;
  /** Every value that entered the harmonic mean, labelled. */
  components: UtilityComponent[];
}

const metricOrder: readonly (keyof TaskScores)[] = ['probability', 'rougeLRecall', 'truthRatio'];

function utilityOver(tasks: Record<string, TaskScores | undefined>, metric: string): ModelUtility {
  const components: UtilityComponent[] = [];
  for (const [task, scores] of Object.entries(tasks)) {
    if (scores === undefined || scores === null) throw new TypeError(`${metric}: scores of task '${task}' are missing`);
    for (const key of metricOrder) {
      const value = scores[key];
      if (typeof value !== 'number' || Number.isNaN(value)) {
        throw new TypeError(`${metric}: ${task}.${key} is ${String(value)}, not a number`);
      }
      components.push({ task, metric: key, value });
    }
  }
  return { aggregate: harmonicMean(components.map((component) => component.value)), components };
}

/** The reference's model utility: harmonic mean of the 12 values of the four non-forget tasks. */
export function modelUtility(scores: NonForgetTaskScores): ModelUtility {
  return utilityOver(
    {
      realFaces: scores?.realFaces,
      realWorld: scores?.realWorld,
      retainCaptions: scores?.retainCaptions,
      retainFaceNaming: scores?.retainFaceNaming,
    },
    'modelUtility',
  );
}

/** Ours: model utility that also takes in retain text-QA (15 values). Not comparable with the reference's. */
export function modelUtilityWithText(scores: NonForgetTaskScores & { retainText: TaskScores }): ModelUtility {
  return utilityOver(
    {
      realFaces: scores?.realFaces,
      realWorld: scores?.realWorld,
      retainCaptions: scores?.retainCaptions,
      retainFaceNaming: scores?.retainFaceNaming,
      retainText: scores?.retainText,
    },
    'modelUtilityWithText',
  );
}

/** Probability and truth-ratio score of one task (forget form on forget tasks). */
export type ColumnTaskScores = Pick<TaskScores, 'probability' | 'truthRatio'>;

export interface PaperColumnInputs {
  forgetCaptions: ColumnTaskScores;
  forgetFaceNaming: ColumnTaskScores;
  retainCaptions: ColumnTaskScores;
  retainFaceNaming: ColumnTaskScores;
  realFaces: ColumnTaskScores;
  realWorld: ColumnTaskScores;
}

export interface PaperColumns {
  forget: number;
  retain: number;
  real: number;
}

function columnOf(first: ColumnTaskScores | undefined, second: ColumnTaskScores | undefined, column: string): number {
  if (first === undefined || second === undefined || first === null || second === null) {
    throw new TypeError(`paperColumns: a task of the ${column} column is missing`);
  }
  return harmonicMean([first.probability, first.truthRatio, second.probability, second.truthRatio]);
}

/** The CLEAR paper's Forget / Retain / Real columns: hmean(Prob, TR, Prob, TR) of the column's two tasks. */
export function paperColumns(scores: PaperColumnInputs): PaperColumns {
  return {
    forget: columnOf(scores?.forgetCaptions, scores?.forgetFaceNaming, 'forget'),
    retain: columnOf(scores?.retainCaptions, scores?.retainFaceNaming, 'retain'),
    real: columnOf(scores?.realFaces, scores?.realWorld, 'real'),
  };
}

import { CAPTION_QUESTIONS, FACE_NAMING_PROMPT } from '../../model/chat.js';
import { Rng } from '../../engine/index.js';
import type { PerturbedCaptionRow, TofuQaRow } from '../../data/schema.js';
import type { ClearRunData, DecodedRow } from '../../train/clear-data.js';
import type { EvalItem, EvalTask } from './evaluate-task.js';
import type { MetricCompatibility } from '../metrics/index.js';

// Bump when a change here changes which rows a task holds, so that cached evaluations are not reused.
export const TASK_ROWS_VERSION = 2;

// Rows are stored person by person, so the first maxRows rows (what the reference reads, 300 of them) cover
// only the first few people. Our default takes maxRows rows evenly spread over the task: every person is
// evaluated, and the membership attack compares the forget group with the held-out group rather than
// five people with five others.
function chosenRows<T>(rows: readonly T[], maxRows: number, compat: MetricCompatibility): { row: T; index: number }[] {
  const count = Math.min(rows.length, maxRows);
  const indices = compat === 'reference' || count === rows.length
    ? Array.from({ length: count }, (_, index) => index)
    : Array.from({ length: count }, (_, index) => Math.floor((index * rows.length) / count));
  return indices.map((index) => ({ row: rows[index]!, index }));
}

// The six tasks of SPEC section 3, our text-QA pair, and the held-out tasks that membership inference
// compares the forget people with.
export function clearTasks(data: ClearRunData, maxRows: number, compat: MetricCompatibility): EvalTask[] {
  const chosen = <T>(rows: readonly T[]) => chosenRows(rows, maxRows, compat).map(({ row }) => row);
  const captions = (rows: readonly DecodedRow<PerturbedCaptionRow>[], salt: number): EvalItem[] => chosenRows(rows, maxRows, compat).map(({ row, index }) => ({
    person: row.name,
    question: CAPTION_QUESTIONS[new Rng(index * 31 + salt).int(CAPTION_QUESTIONS.length)]!,
    answer: row.caption,
    paraphrased: row.paraphrased_caption,
    perturbed: row.perturbed_captions,
    image: row.pixels,
  }));
  const faces = (rows: readonly DecodedRow<PerturbedCaptionRow>[]): EvalItem[] => chosen(rows).map((row) => ({
    person: row.name, question: FACE_NAMING_PROMPT, answer: row.name, paraphrased: row.name, perturbed: row.perturbed_names, image: row.pixels,
  }));
  const qa = (rows: readonly TofuQaRow[] | null, people?: readonly string[]): EvalItem[] => chosenRows(rows ?? [], maxRows, compat).map(({ row, index }) => ({
    person: people?.[index] ?? null, question: row.question, answer: row.answer, paraphrased: row.paraphrased_answer, perturbed: row.perturbed_answer, image: null,
  }));
  const tasks: EvalTask[] = [
    { name: 'forgetCaptions', role: 'forget', probabilityForm: 'caption', accuracy: null, generate: true, items: captions(data.forgetPerturbed, 3) },
    { name: 'retainCaptions', role: 'retain', probabilityForm: 'caption', accuracy: null, generate: true, items: captions(data.retainPerturbed, 4) },
    { name: 'forgetFaces', role: 'forget', probabilityForm: 'options', accuracy: 'naming', generate: true, items: faces(data.forgetPerturbed) },
    { name: 'retainFaces', role: 'retain', probabilityForm: 'options', accuracy: 'naming', generate: true, items: faces(data.retainPerturbed) },
    {
      name: 'realFaces', role: 'retain', probabilityForm: 'options', accuracy: 'naming', generate: true,
      items: chosen(data.realFaces).map((row) => ({ person: row.answer, question: FACE_NAMING_PROMPT, answer: row.answer, paraphrased: row.answer, perturbed: row.options, image: row.pixels })),
    },
    {
      name: 'realWorld', role: 'retain', probabilityForm: 'options', accuracy: 'choice', generate: true,
      items: chosen(data.realWorld).map((row) => ({ person: null, question: row.question, answer: row.answer, paraphrased: row.answer, perturbed: row.options, image: row.pixels })),
    },
    { name: 'forgetText', role: 'forget', probabilityForm: 'options', accuracy: null, generate: true, items: qa(data.forgetQa, data.forgetQaPeople) },
    { name: 'retainText', role: 'retain', probabilityForm: 'options', accuracy: null, generate: true, items: qa(data.retainQa) },
    { name: 'heldOutCaptions', role: 'forget', probabilityForm: 'caption', accuracy: null, generate: false, items: captions(data.heldOutCaptions, 5) },
    { name: 'heldOutText', role: 'forget', probabilityForm: 'options', accuracy: null, generate: false, items: qa(data.heldOutQa) },
  ];
  return tasks.filter((task) => task.items.length > 0);
}

import { createHash } from 'node:crypto';
import { CAPTION_QUESTIONS, FACE_NAMING_PROMPT } from '../../model/chat.js';
import { Rng } from '../../engine/index.js';
import type { PerturbedCaptionRow, TofuQaRow } from '../../data/schema.js';
import type { ClearRunData, DecodedRow } from '../../train/clear-data.js';
import type { EvalItem, EvalTask } from './evaluate-task.js';
import type { MetricCompatibility } from '../metrics/index.js';

// Bump when a change here changes which rows a task holds, so that cached evaluations are not reused.
const TASK_ROWS_VERSION = 2;

// The name of a cached evaluation: a hash of what it depends on (the evaluation config, compat, the forget
// split, ...) and of how tasks choose their rows.
export function evaluationCacheKey(parts: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify({ ...parts, rows: TASK_ROWS_VERSION })).digest('hex').slice(0, 12);
}

// The reference reads the first maxRows rows of each task (300). Rows are stored person by person, so
// those cover only the first few people. Our default takes maxRows rows that cover every person: in turn
// from each person where the rows say whose they are, else evenly spread over the task. Reading the first
// rows made the membership attack compare five forget people with five held-out people.
function chosenRows<T>(rows: readonly T[], maxRows: number, compat: MetricCompatibility, personOf: (row: T, index: number) => string | null): { row: T; index: number }[] {
  const count = Math.min(rows.length, maxRows);
  let indices = Array.from({ length: count }, (_, index) => index);
  if (compat === 'default' && count < rows.length) {
    const people = rows.map(personOf);
    if (people.every((person) => person !== null)) {
      const byPerson = new Map<string, number[]>();
      people.forEach((person, index) => {
        const own = byPerson.get(person!);
        if (own) own.push(index);
        else byPerson.set(person!, [index]);
      });
      const inTurn: number[] = [];
      for (let turn = 0; inTurn.length < count; turn++) {
        for (const own of byPerson.values()) if (turn < own.length && inTurn.length < count) inTurn.push(own[turn]!);
      }
      indices = inTurn.sort((a, b) => a - b);
    } else {
      indices = indices.map((index) => Math.floor((index * rows.length) / count));
    }
  }
  return indices.map((index) => ({ row: rows[index]!, index }));
}

// The six tasks of SPEC section 3, our text-QA pair, and the held-out tasks that membership inference
// compares the forget people with.
export function clearTasks(data: ClearRunData, maxRows: number, compat: MetricCompatibility): EvalTask[] {
  const pictures = (rows: readonly DecodedRow<PerturbedCaptionRow>[]) => chosenRows(rows, maxRows, compat, (row) => row.name);
  const spread = <T>(rows: readonly T[]) => chosenRows(rows, maxRows, compat, () => null).map(({ row }) => row);
  const captions = (rows: readonly DecodedRow<PerturbedCaptionRow>[], salt: number): EvalItem[] => pictures(rows).map(({ row, index }) => ({
    person: row.name,
    question: CAPTION_QUESTIONS[new Rng(index * 31 + salt).int(CAPTION_QUESTIONS.length)]!,
    answer: row.caption,
    paraphrased: row.paraphrased_caption,
    perturbed: row.perturbed_captions,
    image: row.pixels,
  }));
  const faces = (rows: readonly DecodedRow<PerturbedCaptionRow>[]): EvalItem[] => pictures(rows).map(({ row }) => ({
    person: row.name, question: FACE_NAMING_PROMPT, answer: row.name, paraphrased: row.name, perturbed: row.perturbed_names, image: row.pixels,
  }));
  const qa = (rows: readonly TofuQaRow[] | null, people?: readonly string[]): EvalItem[] => chosenRows(rows ?? [], maxRows, compat, (_, index) => people?.[index] ?? null).map(({ row, index }) => ({
    person: people?.[index] ?? null, question: row.question, answer: row.answer, paraphrased: row.paraphrased_answer, perturbed: row.perturbed_answer, image: null,
  }));
  const tasks: EvalTask[] = [
    { name: 'forgetCaptions', role: 'forget', probabilityForm: 'caption', accuracy: null, generate: true, items: captions(data.forgetPerturbed, 3) },
    { name: 'retainCaptions', role: 'retain', probabilityForm: 'caption', accuracy: null, generate: true, items: captions(data.retainPerturbed, 4) },
    { name: 'forgetFaces', role: 'forget', probabilityForm: 'options', accuracy: 'naming', generate: true, items: faces(data.forgetPerturbed) },
    { name: 'retainFaces', role: 'retain', probabilityForm: 'options', accuracy: 'naming', generate: true, items: faces(data.retainPerturbed) },
    {
      name: 'realFaces', role: 'retain', probabilityForm: 'options', accuracy: 'naming', generate: true,
      items: spread(data.realFaces).map((row) => ({ person: row.answer, question: FACE_NAMING_PROMPT, answer: row.answer, paraphrased: row.answer, perturbed: row.options, image: row.pixels })),
    },
    {
      name: 'realWorld', role: 'retain', probabilityForm: 'options', accuracy: 'choice', generate: true,
      items: spread(data.realWorld).map((row) => ({ person: null, question: row.question, answer: row.answer, paraphrased: row.answer, perturbed: row.options, image: row.pixels })),
    },
    { name: 'forgetText', role: 'forget', probabilityForm: 'options', accuracy: null, generate: true, items: qa(data.forgetQa, data.forgetQaPeople) },
    { name: 'retainText', role: 'retain', probabilityForm: 'options', accuracy: null, generate: true, items: qa(data.retainQa) },
    { name: 'heldOutCaptions', role: 'forget', probabilityForm: 'caption', accuracy: null, generate: false, items: captions(data.heldOutCaptions, 5) },
    { name: 'heldOutText', role: 'forget', probabilityForm: 'options', accuracy: null, generate: false, items: qa(data.heldOutQa) },
  ];
  return tasks.filter((task) => task.items.length > 0);
}

import type { CellReader } from './cell-reader.js';
import type { RowKindName } from './configs.js';
import type { ParquetColumn } from './parquet-table.js';
import type {
  CaptionRow,
  PerturbedCaptionRow,
  PretrainWorldRow,
  RealFacesRow,
  RealWorldRow,
  TofuQaRow,
  TofuRow,
} from './schema.js';

/** How one row shape maps to parquet columns, both ways. Extra columns in a file are ignored. */
export interface RowKind<Row> {
  name: RowKindName;
  requiredColumns: readonly string[];
  parse(cells: CellReader): Row;
  toColumns(rows: readonly Row[]): ParquetColumn[];
}

const captionKind: RowKind<CaptionRow> = {
  name: 'caption',
  requiredColumns: ['image', 'caption', 'name'],
  parse: (cells) => ({ image: cells.image('image'), caption: cells.string('caption'), name: cells.string('name') }),
  toColumns: (rows) => [
    { name: 'image', kind: 'image', values: rows.map((row) => row.image) },
    { name: 'caption', kind: 'string', values: rows.map((row) => row.caption) },
    { name: 'name', kind: 'string', values: rows.map((row) => row.name) },
  ],
};

const perturbedKind: RowKind<PerturbedCaptionRow> = {
  name: 'perturbed',
  requiredColumns: [...captionKind.requiredColumns, 'paraphrased_caption', 'perturbed_captions', 'perturbed_names'],
  parse: (cells) => ({
    ...captionKind.parse(cells),
    paraphrased_caption: cells.string('paraphrased_caption'),
    perturbed_captions: cells.stringList('perturbed_captions'),
    perturbed_names: cells.stringList('perturbed_names'),
  }),
  toColumns: (rows) => [
    ...captionKind.toColumns(rows),
    { name: 'paraphrased_caption', kind: 'string', values: rows.map((row) => row.paraphrased_caption) },
    { name: 'perturbed_captions', kind: 'string_list', values: rows.map((row) => row.perturbed_captions) },
    { name: 'perturbed_names', kind: 'string_list', values: rows.map((row) => row.perturbed_names) },
  ],
};

const tofuKind: RowKind<TofuRow> = {
  name: 'tofu',
  requiredColumns: ['image', 'caption', 'question', 'answer'],
  parse: (cells) => {
    const image = cells.nullableImage('image');
    const caption = cells.nullableString('caption');
    const question = cells.nullableString('question');
    const answer = cells.nullableString('answer');
    // A text row carries a question; every other row must be an image row, whose caption is its answer.
    const [needed, neededValue] = question !== null ? ['answer', answer] : ['caption', caption];
    if (question !== null && question.trim() === '' && !cells.hasProblem('question')) cells.report('question', 'value is empty');
    if (question === null && image === null && !cells.hasProblem('image')) {
      cells.report('image', 'row has neither an image nor a question');
    }
    if ((neededValue === null || neededValue.trim() === '') && !cells.hasProblem(needed)) {
      cells.report(needed, neededValue === null ? 'value is null' : 'value is empty');
    }
    return { image, caption, question, answer };
  },
  toColumns: (rows) => [
    { name: 'image', kind: 'image', values: rows.map((row) => row.image) },
    { name: 'caption', kind: 'string', values: rows.map((row) => row.caption) },
    { name: 'question', kind: 'string', values: rows.map((row) => row.question) },
    { name: 'answer', kind: 'string', values: rows.map((row) => row.answer) },
  ],
};

const tofuQaKind: RowKind<TofuQaRow> = {
  name: 'tofuQa',
  requiredColumns: ['question', 'answer', 'paraphrased_answer', 'perturbed_answer', 'paraphrased_question'],
  parse: (cells) => ({
    question: cells.string('question'),
    answer: cells.string('answer'),
    paraphrased_answer: cells.string('paraphrased_answer'),
    perturbed_answer: cells.stringList('perturbed_answer'),
    paraphrased_question: cells.string('paraphrased_question'),
  }),
  toColumns: (rows) => [
    { name: 'question', kind: 'string', values: rows.map((row) => row.question) },
    { name: 'answer', kind: 'string', values: rows.map((row) => row.answer) },
    { name: 'paraphrased_answer', kind: 'string', values: rows.map((row) => row.paraphrased_answer) },
    { name: 'perturbed_answer', kind: 'string_list', values: rows.map((row) => row.perturbed_answer) },
    { name: 'paraphrased_question', kind: 'string', values: rows.map((row) => row.paraphrased_question) },
  ],
};

const realFacesKind: RowKind<RealFacesRow> = {
  name: 'realFaces',
  requiredColumns: ['image', 'answer', 'options'],
  parse: (cells) => ({ image: cells.image('image'), answer: cells.string('answer'), options: cells.stringList('options') }),
  toColumns: (rows) => [
    { name: 'image', kind: 'image', values: rows.map((row) => row.image) },
    { name: 'answer', kind: 'string', values: rows.map((row) => row.answer) },
    { name: 'options', kind: 'string_list', values: rows.map((row) => row.options) },
  ],
};

const realWorldKind: RowKind<RealWorldRow> = {
  name: 'realWorld',
  requiredColumns: ['image', 'question', 'answer', 'options'],
  parse: (cells) => ({
    image: cells.image('image'),
    question: cells.string('question'),
    answer: cells.string('answer'),
    options: cells.stringList('options'),
  }),
  toColumns: (rows) => [
    { name: 'image', kind: 'image', values: rows.map((row) => row.image) },
    { name: 'question', kind: 'string', values: rows.map((row) => row.question) },
    { name: 'answer', kind: 'string', values: rows.map((row) => row.answer) },
    { name: 'options', kind: 'string_list', values: rows.map((row) => row.options) },
  ],
};

const pretrainWorldKind: RowKind<PretrainWorldRow> = {
  name: 'pretrainWorld',
  requiredColumns: [...realWorldKind.requiredColumns, 'caption'],
  parse: (cells) => ({ ...realWorldKind.parse(cells), caption: cells.string('caption') }),
  toColumns: (rows) => [...realWorldKind.toColumns(rows), { name: 'caption', kind: 'string', values: rows.map((row) => row.caption) }],
};

export const ROW_KINDS = {
  caption: captionKind,
  perturbed: perturbedKind,
  tofu: tofuKind,
  tofuQa: tofuQaKind,
  realFaces: realFacesKind,
  realWorld: realWorldKind,
  pretrainWorld: pretrainWorldKind,
} as const satisfies { [Name in RowKindName]: RowKind<unknown> };

export type RowOfKind<Name extends RowKindName> = (typeof ROW_KINDS)[Name] extends RowKind<infer Row> ? Row : never;

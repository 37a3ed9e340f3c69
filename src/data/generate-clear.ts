import { FORGET_PERCENTS, configFile, extraFiles, retainPercent, tofuQaFile } from './configs.js';
import type { ClearConfigName, TofuQaConfigName } from './configs.js';
import { writeIdk, writeManifest, writePeopleFile, writePretrainText } from './extras.js';
import { writeParquetAtomic } from './parquet-table.js';
import type { ParquetColumn } from './parquet-table.js';
import { renderDataset } from './render-dataset.js';
import type { GenerateProgress } from './render-dataset.js';
import { ROW_KINDS } from './row-kinds.js';
import type { RowKind } from './row-kinds.js';
import type { CaptionRow, PerturbedCaptionRow, TofuQaRow, TofuRow } from './schema.js';

export type { GenerateProgress } from './render-dataset.js';

export interface GenerateOptions {
  out: string;
  seed: number;
  people: number;
  /** Side of the square PNGs in the files (default 64). */
  imageSize?: number;
  /** Worker threads that draw pictures (default: up to 4, by core count); the output never depends on it. */
  workers?: number;
  onProgress?: (progress: GenerateProgress) => void;
}

function captionOnly(row: PerturbedCaptionRow): CaptionRow {
  return { image: row.image, caption: row.caption, name: row.name };
}

/** `+tofu` configs: the image rows first, then the text QA rows (question and answer only, as in CLEAR). */
function tofuRows(portraits: readonly PerturbedCaptionRow[], qa: readonly TofuQaRow[]): TofuRow[] {
  return [
    ...portraits.map((row) => ({ image: row.image, caption: row.caption, question: null, answer: null })),
    ...qa.map((row) => ({ image: null, caption: null, question: row.question, answer: row.answer })),
  ];
}

/**
 * Writes a whole synthetic CLEAR under `out` in the Hugging Face layout (see README.md in this folder).
 * The same seed, people and image size give byte-identical files.
 */
export async function generateClear(options: GenerateOptions): Promise<void> {
  const imageSize = options.imageSize ?? 64;
  if (!Number.isInteger(options.seed)) throw new Error(`seed must be an integer, got ${options.seed}`);
  if (!Number.isInteger(imageSize) || imageSize < 16 || imageSize > 512) throw new Error(`imageSize must be an integer in 16..512, got ${imageSize}`);
  const dataset = await renderDataset({
    seed: options.seed,
    people: options.people,
    imageSize,
    ...(options.workers === undefined ? {} : { workers: options.workers }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  });
  const { plan, cast } = dataset;
  const portraitsOf = (people: readonly number[]) => people.flatMap((id) => dataset.portraits[id] ?? []);
  const qaOf = (people: readonly number[]) => people.flatMap((id) => dataset.qa[id] ?? []);
  const everyone = cast.people.map((person) => person.id);
  const retainOf = (forget: readonly number[]) => everyone.filter((id) => !forget.includes(id));

  const writes: { path: string; columns: () => ParquetColumn[] }[] = [];
  const add = <Row>(path: string, kind: RowKind<Row>, rows: () => Row[]) => writes.push({ path, columns: () => kind.toColumns(rows()) });
  const clear = <Row>(name: ClearConfigName, kind: RowKind<Row>, rows: () => Row[]) => add(configFile(options.out, name), kind, rows);
  const tofu = (name: TofuQaConfigName, people: readonly number[]) => add(tofuQaFile(options.out, name), ROW_KINDS.tofuQa, () => qaOf(people));

  clear('full', ROW_KINDS.caption, () => portraitsOf(everyone).map(captionOnly));
  clear('default', ROW_KINDS.caption, () => portraitsOf(everyone).map(captionOnly));
  clear('full+tofu', ROW_KINDS.tofu, () => tofuRows(portraitsOf(everyone), qaOf(everyone)));
  for (const percent of FORGET_PERCENTS) {
    const forget = plan.forget[percent];
    const retain = retainOf(forget);
    const retainName = `retain${retainPercent(percent)}` as const;
    clear(`forget${percent}`, ROW_KINDS.caption, () => portraitsOf(forget).map(captionOnly));
    clear(retainName, ROW_KINDS.caption, () => portraitsOf(retain).map(captionOnly));
    clear(`forget${percent}_perturbed`, ROW_KINDS.perturbed, () => portraitsOf(forget));
    clear(`forget${percent}+tofu`, ROW_KINDS.tofu, () => tofuRows(portraitsOf(forget), qaOf(forget)));
    clear(`${retainName}+tofu`, ROW_KINDS.tofu, () => tofuRows(portraitsOf(retain), qaOf(retain)));
    tofu(`forget${percent}_perturbed`, forget);
  }
  clear('retain_perturbed', ROW_KINDS.perturbed, () => portraitsOf(plan.retainPerturbed));
  clear('real_faces', ROW_KINDS.realFaces, () => dataset.realFaces);
  clear('real_world', ROW_KINDS.realWorld, () => dataset.realWorld);
  tofu('retain_perturbed', plan.retainPerturbed);
  tofu('full', everyone);
  const extra = extraFiles(options.out);
  add(extra.heldOutCaptions, ROW_KINDS.perturbed, () => dataset.heldOutPortraits.flat());
  add(extra.heldOutQa, ROW_KINDS.tofuQa, () => dataset.heldOutQa.flat());
  add(extra.unseenPictures, ROW_KINDS.perturbed, () => dataset.unseenPortraits.flat());
  add(extra.pretrainFaces, ROW_KINDS.caption, () => dataset.pretrainFaces);
  add(extra.pretrainWorld, ROW_KINDS.pretrainWorld, () => dataset.pretrainWorld);

  for (const [index, write] of writes.entries()) {
    await writeParquetAtomic(write.path, write.columns());
    options.onProgress?.({ stage: 'writing', done: index + 1, total: writes.length });
  }
  await writePeopleFile(options.out, options.seed, cast.people, cast.heldOut, cast.figures);
  await writeIdk(options.out, dataset.idk);
  await writePretrainText(options.out, dataset.pretrainText);
  await writeManifest(options.out, { seed: options.seed, people: options.people, imageSize });
}

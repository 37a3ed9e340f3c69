import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CLEAR_CONFIGS, TOFU_QA_CONFIGS, configFile, extraFiles, tofuQaFile } from './configs.js';
import { DataError } from './data-error.js';
import type { Problem } from './data-error.js';
import { decodeImageRgb } from './decode-image.js';
import { readIdk, readPeople, readPretrainText } from './extras.js';
import { readParquetTable } from './parquet-table.js';
import type { ColumnInfo } from './parquet-table.js';
import { parseTable } from './read-config.js';
import { ROW_KINDS } from './row-kinds.js';
import type { RowKind } from './row-kinds.js';
import type { ImageCell } from './schema.js';
import { checkSplits } from './validate-splits.js';
import type { ParsedClear } from './validate-splits.js';

/** Per config: its rows and column types (as found), or why it could not be read. */
export interface ConfigReport {
  config: string;
  file: string;
  rows: number | null;
  columns: ColumnInfo[];
  problems: Problem[];
}

const PROBLEMS_PER_FILE = 50;

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

const imageOf = (row: { image: ImageCell | null }): ImageCell | null => row.image;
const noImage = (): null => null;

/** Decodes every distinct picture once (many configs share them); a failure names the first row that has it. */
async function checkImages(file: string, config: string, images: readonly (ImageCell | null)[], decoded: Map<string, string | null>): Promise<Problem[]> {
  const problems: Problem[] = [];
  const work = images.map((image, row) => ({ image, row }));
  async function worker(): Promise<void> {
    for (let item = work.shift(); item !== undefined; item = work.shift()) {
      if (item.image === null) continue;
      const key = createHash('sha1').update(item.image.bytes).digest('hex');
      if (!decoded.has(key)) {
        decoded.set(key, null);
        try {
          await decodeImageRgb(item.image.bytes, 8);
        } catch (error) {
          decoded.set(key, error instanceof Error ? error.message : String(error));
        }
      }
      const failure = decoded.get(key);
      if (failure) problems.push({ file, config, row: item.row, column: 'image', message: `image does not decode (${failure})` });
    }
  }
  await Promise.all(Array.from({ length: 8 }, worker));
  return problems.sort((first, second) => (first.row ?? 0) - (second.row ?? 0));
}

async function checkFile<Row>(
  file: string,
  config: string,
  kind: RowKind<Row>,
  image: (row: Row) => ImageCell | null,
  decoded: Map<string, string | null>,
): Promise<{ report: ConfigReport; rows: Row[] | null }> {
  const report: ConfigReport = { config, file, rows: null, columns: [], problems: [] };
  if (!(await exists(file))) {
    report.problems.push({ file, config, row: null, column: null, message: 'config is missing' });
    return { report, rows: null };
  }
  try {
    const table = await readParquetTable(file, config);
    report.rows = table.rows.length;
    report.columns = table.columns;
    const parsed = parseTable(table, file, config, kind);
    report.problems.push(...parsed.problems);
    report.problems.push(...(await checkImages(file, config, parsed.rows.map(image), decoded)));
    if (report.problems.length > PROBLEMS_PER_FILE) {
      const hidden = report.problems.length - PROBLEMS_PER_FILE;
      report.problems.splice(PROBLEMS_PER_FILE);
      report.problems.push({ file, config, row: null, column: null, message: `${hidden} more problems not shown` });
    }
    return { report, rows: report.problems.length === 0 ? parsed.rows : null };
  } catch (error) {
    if (!(error instanceof DataError)) throw error;
    report.problems.push(error.problem);
    return { report, rows: null };
  }
}

async function checkJson(label: string, file: string, read: () => Promise<unknown>): Promise<ConfigReport> {
  const report: ConfigReport = { config: label, file, rows: null, columns: [], problems: [] };
  try {
    await read();
  } catch (error) {
    if (!(error instanceof DataError)) throw error;
    report.problems.push(error.problem);
  }
  return report;
}

const pictureKey = (image: ImageCell): string => createHash('sha1').update(image.bytes).digest('hex');

/** The unseen pictures must show `retain_perturbed` people and be none of the pictures in `full`. */
async function checkUnseenPictures(file: string, parsed: ParsedClear, decoded: Map<string, string | null>): Promise<ConfigReport> {
  const config = 'extra/unseen_pictures/captions';
  const { report, rows } = await checkFile(file, config, ROW_KINDS.perturbed, imageOf, decoded);
  const retainPeople = new Set(parsed.perturbed.get('retain_perturbed')?.rows.map((row) => row.name));
  const trainedPictures = new Set(parsed.caption.get('full')?.rows.map((row) => pictureKey(row.image)));
  rows?.forEach((row, index) => {
    if (retainPeople.size > 0 && !retainPeople.has(row.name)) report.problems.push({ file, config, row: index, column: 'name', message: `"${row.name}" is not a retain_perturbed person` });
    if (trainedPictures.has(pictureKey(row.image))) report.problems.push({ file, config, row: index, column: 'image', message: 'the picture is also in full' });
  });
  return report;
}

/**
 * Checks a CLEAR directory (generated or real): every config, column, type, image and split. The TOFU QA
 * files under `tofu/` and our `extra/` files are checked when present (a real CLEAR has neither).
 */
export async function inspectClear(dir: string): Promise<ConfigReport[]> {
  const decoded = new Map<string, string | null>();
  const reports: ConfigReport[] = [];
  const parsed: ParsedClear = { caption: new Map(), perturbed: new Map(), tofu: new Map() };
  for (const config of CLEAR_CONFIGS) {
    const file = configFile(dir, config.name);
    if (config.kind === 'caption') {
      const { report, rows } = await checkFile(file, config.name, ROW_KINDS.caption, imageOf, decoded);
      if (rows !== null) parsed.caption.set(config.name, { file, rows });
      reports.push(report);
    } else if (config.kind === 'perturbed') {
      const { report, rows } = await checkFile(file, config.name, ROW_KINDS.perturbed, imageOf, decoded);
      if (rows !== null) parsed.perturbed.set(config.name, { file, rows });
      reports.push(report);
    } else if (config.kind === 'tofu') {
      const { report, rows } = await checkFile(file, config.name, ROW_KINDS.tofu, imageOf, decoded);
      if (rows !== null) parsed.tofu.set(config.name, { file, rows });
      reports.push(report);
    } else {
      const kind = config.kind === 'realFaces' ? ROW_KINDS.realFaces : ROW_KINDS.realWorld;
      reports.push((await checkFile(file, config.name, kind, imageOf, decoded)).report);
    }
  }
  const splitProblems = checkSplits(parsed);
  for (const problem of splitProblems) reports.find((report) => report.config === problem.config)?.problems.push(problem);
  if (await exists(join(dir, 'tofu'))) {
    for (const name of TOFU_QA_CONFIGS) reports.push((await checkFile(tofuQaFile(dir, name), `tofu/${name}`, ROW_KINDS.tofuQa, noImage, decoded)).report);
  }
  const extra = extraFiles(dir);
  if (await exists(join(dir, 'extra'))) {
    const peopleReport = await checkJson('extra/people', extra.people, () => readPeople(dir));
    reports.push(peopleReport);
    const trained = new Set(parsed.caption.get('full')?.rows.map((row) => row.name));
    if (peopleReport.problems.length === 0) {
      (await readPeople(dir)).heldOut.forEach((person, row) => {
        if (trained.has(person.name)) peopleReport.problems.push({ file: extra.people, config: 'extra/people', row, column: 'heldOut.name', message: `held-out person "${person.name}" is in full` });
      });
    }
    reports.push(await checkJson('extra/idk', extra.idk, () => readIdk(dir)));
    reports.push(await checkJson('extra/pretrain_text', extra.pretrainText, () => readPretrainText(dir)));
    reports.push((await checkFile(extra.heldOutCaptions, 'extra/held_out/captions', ROW_KINDS.perturbed, imageOf, decoded)).report);
    reports.push((await checkFile(extra.heldOutQa, 'extra/held_out/qa', ROW_KINDS.tofuQa, noImage, decoded)).report);
    // Absent from datasets generated before it existed, so checked only when present.
    if (await exists(extra.unseenPictures)) reports.push(await checkUnseenPictures(extra.unseenPictures, parsed, decoded));
    reports.push((await checkFile(extra.pretrainFaces, 'extra/pretrain_faces', ROW_KINDS.caption, imageOf, decoded)).report);
    reports.push((await checkFile(extra.pretrainWorld, 'extra/pretrain_world', ROW_KINDS.pretrainWorld, imageOf, decoded)).report);
  }
  return reports;
}

/** Every problem found in a CLEAR directory; empty when it is valid. */
export async function validateClear(dir: string): Promise<Problem[]> {
  return (await inspectClear(dir)).flatMap((report) => report.problems);
}

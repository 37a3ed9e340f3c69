import assert from 'node:assert/strict';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { configFile, extraFiles, tofuQaFile } from './configs.js';
import { DataError } from './data-error.js';
import type { Problem } from './data-error.js';
import { readUnseenPictures } from './extras.js';
import { generateClear } from './generate-clear.js';
import { writeParquetAtomic } from './parquet-table.js';
import type { ParquetColumn } from './parquet-table.js';
import { readCaptionConfig, readPerturbedConfig, readRealWorld, readTofuConfig, readTofuQa } from './read-config.js';
import { ROW_KINDS } from './row-kinds.js';
import { validateClear } from './validate-clear.js';

// Each bad input is made from a valid generated dataset and must be reported with its config, file,
// 0-based row and column.

const root = await mkdtemp(join(tmpdir(), 'clearbench-validate-'));
const base = join(root, 'base');
after(() => rm(root, { recursive: true, force: true }));
before(() => generateClear({ out: base, seed: 11, people: 6, workers: 1 }));

let cases = 0;
async function copy(): Promise<string> {
  const dir = join(root, `case-${cases++}`);
  await cp(base, dir, { recursive: true });
  return dir;
}

interface Expected {
  config: string;
  file?: string;
  row: number | null;
  column?: string;
  message: RegExp;
}

function only(problems: Problem[], expected: Expected): Problem {
  const { message, ...where } = expected;
  const matches = (problem: Problem) =>
    problem.config === where.config &&
    problem.row === where.row &&
    (where.file === undefined || problem.file === where.file) &&
    (where.column === undefined || problem.column === where.column) &&
    message.test(problem.message);
  const found = problems.find(matches);
  assert.ok(found, `no problem like ${JSON.stringify({ ...where, message: String(message) })} in ${JSON.stringify(problems, null, 1)}`);
  return found;
}

test('a generated dataset has no problems', async () => {
  assert.deepEqual(await validateClear(base), []);
});

test('a corrupt parquet file', async () => {
  const dir = await copy();
  const file = configFile(dir, 'forget01');
  await writeFile(file, Buffer.from('PAR1 definitely not a parquet footer'));
  only(await validateClear(dir), { config: 'forget01', file, row: null, message: /not a readable parquet file/ });
  await assert.rejects(readCaptionConfig(dir, 'forget01'), (error: unknown) => error instanceof DataError && error.message.includes(file));
});

test('a missing config and a missing column', async () => {
  const dir = await copy();
  await rm(join(dir, 'real_faces'), { recursive: true });
  const rows = await readCaptionConfig(dir, 'forget05');
  const file = configFile(dir, 'forget05');
  await writeParquetAtomic(file, ROW_KINDS.caption.toColumns(rows).filter((column) => column.name !== 'name'));
  const problems = await validateClear(dir);
  only(problems, { config: 'real_faces', row: null, message: /config is missing/ });
  only(problems, { config: 'forget05', file, row: null, column: 'name', message: /column is missing/ });
  await assert.rejects(readCaptionConfig(dir, 'forget05'), /config forget05, file .*forget05.*column name: column is missing/);
});

test('a column of the wrong type', async () => {
  const dir = await copy();
  const rows = await readRealWorld(dir);
  const columns: ParquetColumn[] = ROW_KINDS.realWorld.toColumns(rows).map((column) =>
    column.name === 'answer' ? { name: 'answer', kind: 'string_list', values: rows.map((row) => [row.answer]) } : column,
  );
  const file = configFile(dir, 'real_world');
  await writeParquetAtomic(file, columns);
  only(await validateClear(dir), { config: 'real_world', file, row: 0, column: 'answer', message: /expected a string, found list/ });
  await assert.rejects(readRealWorld(dir), /config real_world, file .*row 0, column answer: expected a string/);
});

test('an undecodable image', async () => {
  const dir = await copy();
  const rows = await readCaptionConfig(dir, 'forget01');
  const broken = rows.map((row, index) =>
    index === 3 ? { ...row, image: { bytes: row.image.bytes.slice(0, 40), path: row.image.path } } : index === 5 ? { ...row, image: { bytes: new Uint8Array([1, 2, 3]), path: null } } : row,
  );
  const file = configFile(dir, 'forget01');
  await writeParquetAtomic(file, ROW_KINDS.caption.toColumns(broken));
  const problems = await validateClear(dir);
  only(problems, { config: 'forget01', file, row: 3, column: 'image', message: /image does not decode/ });
  only(problems, { config: 'forget01', file, row: 5, column: 'image', message: /not a PNG, JPEG or WebP/ });
});

test('an empty answer, in a +tofu config and in TOFU QA', async () => {
  const dir = await copy();
  const tofuRows = await readTofuConfig(dir, 'forget10+tofu');
  const textRow = tofuRows.findIndex((row) => row.question !== null);
  await writeParquetAtomic(
    configFile(dir, 'forget10+tofu'),
    ROW_KINDS.tofu.toColumns(tofuRows.map((row, index) => (index === textRow + 2 ? { ...row, answer: '  ' } : row))),
  );
  const qaRows = await readTofuQa(dir, 'full');
  const qaFile = tofuQaFile(dir, 'full');
  await writeParquetAtomic(qaFile, ROW_KINDS.tofuQa.toColumns(qaRows.map((row, index) => (index === 7 ? { ...row, answer: '' } : row))));
  const problems = await validateClear(dir);
  only(problems, { config: 'forget10+tofu', row: textRow + 2, column: 'answer', message: /value is empty/ });
  only(problems, { config: 'tofu/full', file: qaFile, row: 7, column: 'answer', message: /value is empty/ });
  await assert.rejects(readTofuQa(dir, 'full'), /row 7, column answer: value is empty/);
});

test('an inconsistent split: overlap, and a person in neither side', async () => {
  const dir = await copy();
  const forget = await readCaptionConfig(dir, 'forget01');
  const retain = await readCaptionConfig(dir, 'retain99');
  const retainFile = configFile(dir, 'retain99');
  await writeParquetAtomic(retainFile, ROW_KINDS.caption.toColumns([...retain, ...forget]));
  const forgetName = forget[0]?.name ?? '';
  const overlap = only(await validateClear(dir), { config: 'retain99', file: retainFile, row: retain.length, column: 'name', message: /in both forget01 and retain99/ });
  assert.match(overlap.message, new RegExp(forgetName));

  const lost = retain[0]?.name ?? '';
  const fewer = retain.filter((row) => row.name !== lost);
  await writeParquetAtomic(retainFile, ROW_KINDS.caption.toColumns(fewer));
  only(await validateClear(dir), { config: 'full', row: 0, column: 'name', message: new RegExp(`"${lost}" is in neither forget01 nor retain99`) });
});

test('a perturbed config with rows of another split', async () => {
  const dir = await copy();
  const retainRows = await readPerturbedConfig(dir, 'retain_perturbed');
  const file = configFile(dir, 'forget10_perturbed');
  await writeParquetAtomic(file, ROW_KINDS.perturbed.toColumns(retainRows.slice(0, 2)));
  only(await validateClear(dir), { config: 'forget10_perturbed', file, row: 0, column: 'caption', message: /not a row of forget10/ });
});

test('an unseen picture that is in full, or of someone outside retain_perturbed', async () => {
  const dir = await copy();
  const file = extraFiles(dir).unseenPictures;
  const unseen = await readUnseenPictures(dir);
  const full = await readCaptionConfig(dir, 'full');
  const outsider = full.find((row) => !unseen.some((picture) => picture.name === row.name));
  assert.ok(unseen.length >= 2 && outsider !== undefined);
  const rows = unseen.map((row, index) => (index === 0 ? { ...row, image: full.find((picture) => picture.name === row.name)!.image } : index === 1 ? { ...row, name: outsider.name } : row));
  await writeParquetAtomic(file, ROW_KINDS.perturbed.toColumns(rows));
  const problems = await validateClear(dir);
  only(problems, { config: 'extra/unseen_pictures/captions', file, row: 0, column: 'image', message: /also in full/ });
  only(problems, { config: 'extra/unseen_pictures/captions', file, row: 1, column: 'name', message: /not a retain_perturbed person/ });
});

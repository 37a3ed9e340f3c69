import { DataError } from './data-error.js';
import type { Problem } from './data-error.js';
import { CellReader } from './cell-reader.js';
import { configFile, findConfig, tofuQaFile } from './configs.js';
import type { CaptionConfigName, ClearConfigName, PerturbedConfigName, TofuConfigName, TofuQaConfigName } from './configs.js';
import { readParquetTable } from './parquet-table.js';
import type { ParquetTable } from './parquet-table.js';
import { ROW_KINDS } from './row-kinds.js';
import type { RowKind } from './row-kinds.js';
import type { CaptionRow, PerturbedCaptionRow, RealFacesRow, RealWorldRow, TofuQaRow, TofuRow } from './schema.js';

/** Parses every row, collecting (not throwing) problems: a missing column, a wrong type, an empty value. */
export function parseTable<Row>(table: ParquetTable, file: string, config: string, kind: RowKind<Row>): { rows: Row[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const present = new Set(table.columns.map((column) => column.name));
  const missing = kind.requiredColumns.filter((column) => !present.has(column));
  for (const column of missing) problems.push({ file, config, row: null, column, message: 'column is missing' });
  if (missing.length > 0) return { rows: [], problems };
  const cells = new CellReader(file, config, problems);
  const rows = table.rows.map((row, index) => kind.parse(cells.at(row, index)));
  return { rows, problems };
}

/** Reads one parquet file as rows of `kind`; throws a DataError naming file, config, row and column. */
export async function readRows<Row>(file: string, config: string, kind: RowKind<Row>): Promise<Row[]> {
  const table = await readParquetTable(file, config);
  const { rows, problems } = parseTable(table, file, config, kind);
  const first = problems[0];
  if (first !== undefined) throw new DataError(first);
  return rows;
}

export function readCaptionConfig(dir: string, config: CaptionConfigName): Promise<CaptionRow[]> {
  return readRows(configFile(dir, config), config, ROW_KINDS.caption);
}

export function readPerturbedConfig(dir: string, config: PerturbedConfigName): Promise<PerturbedCaptionRow[]> {
  return readRows(configFile(dir, config), config, ROW_KINDS.perturbed);
}

export function readTofuConfig(dir: string, config: TofuConfigName): Promise<TofuRow[]> {
  return readRows(configFile(dir, config), config, ROW_KINDS.tofu);
}

/** TOFU-style QA with paraphrased and perturbed answers, from `DIR/tofu/<config>/`. */
export function readTofuQa(dir: string, config: TofuQaConfigName): Promise<TofuQaRow[]> {
  return readRows(tofuQaFile(dir, config), `tofu/${config}`, ROW_KINDS.tofuQa);
}

export function readRealFaces(dir: string): Promise<RealFacesRow[]> {
  return readRows(configFile(dir, 'real_faces'), 'real_faces', ROW_KINDS.realFaces);
}

export function readRealWorld(dir: string): Promise<RealWorldRow[]> {
  return readRows(configFile(dir, 'real_world'), 'real_world', ROW_KINDS.realWorld);
}

export type ConfigRows =
  | { kind: 'caption'; rows: CaptionRow[] }
  | { kind: 'perturbed'; rows: PerturbedCaptionRow[] }
  | { kind: 'tofu'; rows: TofuRow[] }
  | { kind: 'realFaces'; rows: RealFacesRow[] }
  | { kind: 'realWorld'; rows: RealWorldRow[] };

/** Reads any CLEAR config by name, tagged with its row kind. */
export async function readConfig(dir: string, name: ClearConfigName): Promise<ConfigRows> {
  const config = findConfig(name);
  const file = configFile(dir, name);
  switch (config?.kind) {
    case 'caption':
      return { kind: 'caption', rows: await readRows(file, name, ROW_KINDS.caption) };
    case 'perturbed':
      return { kind: 'perturbed', rows: await readRows(file, name, ROW_KINDS.perturbed) };
    case 'tofu':
      return { kind: 'tofu', rows: await readRows(file, name, ROW_KINDS.tofu) };
    case 'realFaces':
      return { kind: 'realFaces', rows: await readRows(file, name, ROW_KINDS.realFaces) };
    case 'realWorld':
      return { kind: 'realWorld', rows: await readRows(file, name, ROW_KINDS.realWorld) };
    default:
      throw new DataError({ file, config: name, row: null, column: null, message: 'not a CLEAR config' });
  }
}

import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet';
import type { AsyncBuffer, FileMetaData, SchemaTree } from 'hyparquet';
import { ByteWriter, parquetWrite } from 'hyparquet-writer';
import type { ColumnSource, SchemaElement } from 'hyparquet-writer';
import { DataError } from './data-error.js';
import type { ImageCell } from './schema.js';

export type ParquetColumn =
  | { name: string; kind: 'image'; values: readonly (ImageCell | null)[] }
  | { name: string; kind: 'string'; values: readonly (string | null)[] }
  | { name: string; kind: 'string_list'; values: readonly (readonly string[] | null)[] };

export interface ColumnInfo {
  name: string;
  /** Arrow-style type, e.g. `struct<bytes: binary, path: string>` or `list<string>`. */
  type: string;
}

export interface ParquetTable {
  columns: ColumnInfo[];
  rows: Record<string, unknown>[];
}

// Every column is OPTIONAL, as pyarrow (and so Hugging Face) writes them; lists use the standard 3-level layout.
function schemaElements(column: ParquetColumn): SchemaElement[] {
  if (column.kind === 'image') {
    return [
      { name: column.name, repetition_type: 'OPTIONAL', num_children: 2 },
      { name: 'bytes', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' },
      { name: 'path', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
    ];
  }
  if (column.kind === 'string') {
    return [{ name: column.name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' }];
  }
  return [
    { name: column.name, repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
    { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
    { name: 'element', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
  ];
}

/**
 * A ByteWriter that moves each filled megabyte into a list instead of doubling one buffer: a 40 MB file
 * would otherwise be copied many times over as the buffer grows.
 */
class ChunkedWriter extends ByteWriter {
  private readonly chunks: Uint8Array[] = [];
  private static readonly chunkSize = 1 << 20;

  constructor() {
    super(ChunkedWriter.chunkSize * 2);
  }

  override ensure(size: number): void {
    if (this.index + size > this.buffer.byteLength && this.index > 0) {
      this.chunks.push(new Uint8Array(this.buffer.slice(0, this.index)));
      this.index = 0;
    }
    if (size > this.buffer.byteLength) {
      this.buffer = new ArrayBuffer(size);
      this.view = new DataView(this.buffer);
    }
  }

  override getBytes(): Uint8Array<ArrayBuffer> {
    const total = this.chunks.reduce((sum, chunk) => sum + chunk.length, this.index);
    const bytes = new Uint8Array(total);
    let at = 0;
    for (const chunk of [...this.chunks, new Uint8Array(this.buffer, 0, this.index)]) {
      bytes.set(chunk, at);
      at += chunk.length;
    }
    return bytes;
  }

  override getBuffer(): ArrayBuffer {
    return this.getBytes().buffer;
  }
}

/** Encodes columns of equal length as one parquet file. Settings are fixed so equal input gives equal bytes. */
export function parquetBytes(columns: readonly ParquetColumn[]): Uint8Array {
  const rowCount = columns[0]?.values.length ?? 0;
  for (const column of columns) {
    if (column.values.length !== rowCount) {
      throw new Error(`column ${column.name} has ${column.values.length} values, expected ${rowCount}`);
    }
  }
  const schema: SchemaElement[] = [{ name: 'schema', num_children: columns.length }, ...columns.flatMap(schemaElements)];
  const columnData: ColumnSource[] = columns.map((column) => ({
    name: column.name,
    data: [...column.values],
    // PNG bytes do not compress further; snappy on them only costs time.
    codec: column.kind === 'image' ? 'UNCOMPRESSED' : 'SNAPPY',
    // Distinct pictures never repeat within a file, so a dictionary would only cost time.
    ...(column.kind === 'image' ? { encoding: 'PLAIN' as const } : {}),
  }));
  const writer = new ChunkedWriter();
  // parquetWrite is synchronous for in-memory column data.
  void parquetWrite({ writer, columnData, schema, statistics: false, rowGroupSize: 1000, createdBy: 'clearbench' });
  return writer.getBytes();
}

/** Writes to a temporary name beside `path` and renames, so readers never see a half-written file. */
export async function writeFileAtomic(path: string, bytes: Uint8Array | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

export async function writeParquetAtomic(path: string, columns: readonly ParquetColumn[]): Promise<void> {
  await writeFileAtomic(path, parquetBytes(columns));
}

function describeType(node: SchemaTree): string {
  const element = node.element;
  if (node.children.length === 0) {
    if (element.type === 'BYTE_ARRAY') {
      const isString = element.converted_type === 'UTF8' || element.logical_type?.type === 'STRING';
      return isString ? 'string' : 'binary';
    }
    return (element.type ?? 'null').toLowerCase();
  }
  if (element.converted_type === 'LIST' || element.logical_type?.type === 'LIST') {
    const repeated = node.children[0];
    const item = repeated && repeated.children.length === 1 ? repeated.children[0] : repeated;
    return `list<${item ? describeType(item) : 'null'}>`;
  }
  return `struct<${node.children.map((child) => `${child.element.name}: ${describeType(child)}`).join(', ')}>`;
}

function bufferOf(bytes: Uint8Array): AsyncBuffer {
  return {
    byteLength: bytes.byteLength,
    slice: (start: number, end?: number) => {
      const view = bytes.subarray(start, end);
      return view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength) as ArrayBuffer;
    },
  };
}

/** Reads every row of a parquet file as objects keyed by column name; nested cells come back as objects/arrays. */
export async function readParquetTable(path: string, config: string): Promise<ParquetTable> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const reason = error instanceof Error && 'code' in error && error.code === 'ENOENT' ? 'file is missing' : String(error);
    throw new DataError({ file: path, config, row: null, column: null, message: reason });
  }
  let metadata: FileMetaData;
  try {
    metadata = parquetMetadata(bytes);
  } catch (error) {
    throw new DataError({ file: path, config, row: null, column: null, message: `not a readable parquet file (${String(error)})` });
  }
  const tree = parquetSchema(metadata);
  const columns = tree.children.map((child) => ({ name: child.element.name, type: describeType(child) }));
  let rows: Record<string, unknown>[];
  try {
    // utf8: false keeps binary (image bytes) as Uint8Array; UTF8-annotated columns still decode to strings.
    rows = await parquetReadObjects({ file: bufferOf(bytes), metadata, utf8: false, rowFormat: 'object' });
  } catch (error) {
    throw new DataError({ file: path, config, row: null, column: null, message: `corrupt parquet data (${String(error)})` });
  }
  return { columns, rows };
}

import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DataError } from './data-error.js';
import { encodePng } from './png.js';
import { parquetBytes, readParquetTable, writeParquetAtomic } from './parquet-table.js';
import { readRows } from './read-config.js';
import { ROW_KINDS } from './row-kinds.js';

const dir = await mkdtemp(join(tmpdir(), 'clearbench-parquet-'));
after(() => rm(dir, { recursive: true, force: true }));
const png = encodePng(new Uint8Array(4 * 4 * 3).fill(90), 4);

test('every column kind round-trips, nulls and empty lists included', async () => {
  const file = join(dir, 'kinds.parquet');
  await writeParquetAtomic(file, [
    { name: 'image', kind: 'image', values: [{ bytes: png, path: 'a.png' }, null, { bytes: png, path: null }] },
    { name: 'text', kind: 'string', values: ['héllo', null, ''] },
    { name: 'list', kind: 'string_list', values: [['x', 'y'], [], null] },
  ]);
  const table = await readParquetTable(file, 'kinds');
  assert.deepEqual(table.columns, [
    { name: 'image', type: 'struct<bytes: binary, path: string>' },
    { name: 'text', type: 'string' },
    { name: 'list', type: 'list<string>' },
  ]);
  assert.deepEqual(table.rows[0], { image: { bytes: png, path: 'a.png' }, text: 'héllo', list: ['x', 'y'] });
  assert.equal(table.rows[1]?.image ?? null, null);
  assert.deepEqual(table.rows[1]?.list, []);
  assert.equal(table.rows[2]?.list ?? null, null);
});

test('columns are read by name: another order and extra columns are fine', async () => {
  const file = join(dir, 'order.parquet');
  await writeParquetAtomic(file, [
    { name: 'extra', kind: 'string', values: ['ignored'] },
    { name: 'name', kind: 'string', values: ['Ada Obi'] },
    { name: 'caption', kind: 'string', values: ['Ada Obi smiles.'] },
    { name: 'image', kind: 'image', values: [{ bytes: png, path: null }] },
  ]);
  const rows = await readRows(file, 'order', ROW_KINDS.caption);
  assert.deepEqual(rows, [{ image: { bytes: png, path: null }, caption: 'Ada Obi smiles.', name: 'Ada Obi' }]);
});

test('the writer is deterministic and leaves no temporary file', async () => {
  const columns = ROW_KINDS.realWorld.toColumns([{ image: { bytes: png, path: 'p.png' }, question: 'Q?', answer: 'A', options: ['B', 'C'] }]);
  assert.deepEqual(parquetBytes(columns), parquetBytes(columns));
  const file = join(dir, 'same.parquet');
  await writeParquetAtomic(file, columns);
  assert.deepEqual(new Uint8Array(await readFile(file)), parquetBytes(columns));
  assert.throws(() => parquetBytes([{ name: 'a', kind: 'string', values: ['x'] }, { name: 'b', kind: 'string', values: [] }]), /column b has 0 values/);
});

test('a file that is not parquet gives a DataError naming the file and config', async () => {
  const file = join(dir, 'garbage.parquet');
  await writeFile(file, 'this is not parquet at all');
  await assert.rejects(readParquetTable(file, 'forget01'), (error: unknown) => {
    assert.ok(error instanceof DataError);
    assert.equal(error.problem.file, file);
    assert.equal(error.problem.config, 'forget01');
    assert.match(error.message, /config forget01, file .*garbage\.parquet: not a readable parquet file/);
    return true;
  });
  await assert.rejects(readParquetTable(join(dir, 'absent.parquet'), 'full'), /file is missing/);
});

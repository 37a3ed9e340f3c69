import type { Buffer, IdBuffer } from '../../backend.js';
import { requireLength } from '../checks.js';

function checkIds(ids: IdBuffer, tableRows: number, name: string): void {
  for (const id of ids) {
    if (id < 0 || id >= tableRows) throw new RangeError(`${name}: id ${id} outside [0, ${tableRows})`);
  }
}

// out (count, dim) = table[ids].
export function embedding(table: Buffer, ids: IdBuffer, dim: number, out: Buffer): void {
  checkIds(ids, Math.floor(table.length / dim), 'embedding');
  requireLength(out, ids.length * dim, 'embedding out');
  for (let position = 0; position < ids.length; position++) {
    const source = ids[position]! * dim;
    for (let col = 0; col < dim; col++) out[position * dim + col] = table[source + col]!;
  }
}

// gradTable[ids[i]] += gradOut[i], summed in float64 so repeated ids round once.
export function embeddingBackward(gradOut: Buffer, ids: IdBuffer, dim: number, gradTable: Buffer): void {
  checkIds(ids, Math.floor(gradTable.length / dim), 'embeddingBackward');
  requireLength(gradOut, ids.length * dim, 'embeddingBackward gradOut');
  const sums = new Float64Array(gradTable.length);
  for (let position = 0; position < ids.length; position++) {
    const target = ids[position]! * dim;
    for (let col = 0; col < dim; col++) sums[target + col]! += gradOut[position * dim + col]!;
  }
  for (let index = 0; index < sums.length; index++) gradTable[index]! += sums[index]!;
}

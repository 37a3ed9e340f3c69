import { Tensor, ShapeError, formatShape, gradBuffer } from '../tensor.js';
import { emptyLike, record } from './record.js';

// table: (vocab, dim), ids: int32 of any shape -> (...ids.shape, dim).
export function embedding(table: Tensor, ids: Tensor): Tensor {
  if (table.rank !== 2 || ids.dtype !== 'int32') {
    throw new ShapeError(`embedding: needs a (vocab, dim) float table and int32 ids, got ${formatShape(table.shape)} and ${ids.dtype} ${formatShape(ids.shape)}`);
  }
  const vocab = table.dim(0);
  const dim = table.dim(1);
  for (let index = 0; index < ids.size; index++) {
    const id = ids.ids[index]!;
    if (id < 0 || id >= vocab) throw new ShapeError(`embedding: id ${id} at position ${index} is outside the table of ${vocab} rows`);
  }
  const output = emptyLike([...ids.shape, dim], table);
  table.backend.embedding(table.data, ids.ids, dim, output.data);
  return record(output, 'embedding', [table], (gradOutput) => table.backend.embeddingBackward(gradOutput, ids.ids, dim, gradBuffer(table)));
}

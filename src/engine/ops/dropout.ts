import { Tensor, accumulateOwned } from '../tensor.js';
import { emptyLike, expectFloat, record, scratch } from './record.js';

// Inverted dropout. The seed is an argument: the caller draws it from its own seeded RNG, so a run is
// reproducible and no global random state exists. The caller decides when it is on (training) by passing
// p = 0 otherwise: grad mode is not training mode (a frozen teacher runs without grad but may still train).
export function dropout(x: Tensor, p: number, seed: number): Tensor {
  expectFloat('dropout', x);
  if (p <= 0) return x;
  const output = emptyLike(x.shape, x);
  const mask = new Float32Array(x.size);
  x.backend.dropout(x.data, p, seed, output.data, mask);
  return record(output, 'dropout', [x], (gradOutput) => {
    const masked = scratch(x.size, false);
    x.backend.binary('mul', gradOutput, [x.size], mask, [x.size], masked, [x.size]);
    accumulateOwned(x, masked);
  });
}

// Jensen-Shannon distance as SciPy's `scipy.spatial.distance.jensenshannon(p, q, base)`: each vector is
// first divided by its own sum, so raw non-negative weights (the CLEAR table feeds it truth ratios) are
// accepted; natural logarithm unless a base is given; the result is the distance sqrt(JS divergence),
// in [0, sqrt(ln 2)] for the natural log and [0, 1] for base 2.
import { requireFiniteNumbers } from './metric-result.js';

// SciPy's rel_entr(x, y) = x log(x / y), with 0 log(0 / y) = 0.
function relativeEntropyTerm(x: number, y: number): number {
  if (x > 0 && y > 0) return x * Math.log(x / y);
  if (x === 0 && y >= 0) return 0;
  return Infinity;
}

function normalised(values: readonly number[], name: string): number[] {
  let sum = 0;
  values.forEach((value, index) => {
    if (value < 0) throw new RangeError(`jensenShannon: ${name}[${index}] is ${value}; weights must be non-negative`);
    sum += value;
  });
  if (!(sum > 0)) throw new RangeError(`jensenShannon: ${name} sums to ${sum}; it needs a positive total to normalise`);
  return values.map((value) => value / sum);
}

/**
 * Jensen-Shannon distance between two weight vectors of equal length. Throws on empty or mismatched
 * input, negative or non-finite weights, an all-zero vector, or a base that is not positive and != 1
 * (SciPy would return NaN or inf there).
 */
export function jensenShannon(p: readonly number[], q: readonly number[], base?: number): number {
  requireFiniteNumbers(p, 'jensenShannon', 'p');
  requireFiniteNumbers(q, 'jensenShannon', 'q');
  if (p.length !== q.length) throw new RangeError(`jensenShannon: p has ${p.length} entries but q has ${q.length}`);
  if (base !== undefined && !(base > 0 && base !== 1 && Number.isFinite(base))) {
    throw new RangeError(`jensenShannon: base must be positive, finite and not 1 (got ${base})`);
  }
  const pNormalised = normalised(p, 'p');
  const qNormalised = normalised(q, 'q');
  let left = 0;
  let right = 0;
  pNormalised.forEach((pValue, index) => {
    const qValue = qNormalised[index] ?? 0;
    const middle = (pValue + qValue) / 2;
    left += relativeEntropyTerm(pValue, middle);
    right += relativeEntropyTerm(qValue, middle);
  });
  let divergence = left + right;
  if (base !== undefined) divergence /= Math.log(base);
  // Rounding can leave a divergence of -1e-17 between identical vectors; SciPy would return NaN there.
  return Math.sqrt(Math.max(divergence / 2, 0));
}

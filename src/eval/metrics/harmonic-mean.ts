// Harmonic mean as SciPy's `scipy.stats.hmean` (1.10): n / sum(1 / x). A zero anywhere makes the mean
// exactly 0 (SciPy divides by zero silently and returns 0), which is the behaviour model utility relies
// on: one collapsed metric zeroes the utility. Negative values are an error, as in SciPy.
import { requireNumbers } from './metric-result.js';

/** Harmonic mean of non-negative values. Throws on empty input, NaN or negative values. */
export function harmonicMean(values: readonly number[]): number {
  requireNumbers(values, 'harmonicMean', 'values');
  let reciprocalSum = 0;
  values.forEach((value, index) => {
    if (value < 0) {
      throw new RangeError(`harmonicMean: values[${index}] is ${value}; the harmonic mean is only defined for values >= 0`);
    }
    reciprocalSum += 1 / value;
  });
  return 1 / (reciprocalSum / values.length);
}

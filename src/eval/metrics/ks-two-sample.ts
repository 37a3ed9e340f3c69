// Two-sample Kolmogorov-Smirnov test with SciPy's `ks_2samp(a, b)` defaults (alternative='two-sided',
// method='auto'): TOFU's forget quality is this p-value between the truth ratios of the unlearned and the
// gold model, so it must match SciPy's choices exactly. SciPy 1.10 'auto' tries the exact distribution
// whenever max(n1, n2) <= 10000 (Hodges 1958; the one-minus-p recursion of Viehmann 2021 for n1 != n2)
// and falls back to the asymptotic `kstwo` distribution at n = round(n1 n2 / (n1 + n2)) when the exact
// computation is not a probability; above 10000 it goes straight to the asymptotic one.
import { kolmogorovSmirnovSurvival } from './kolmogorov-distribution.js';
import { requireNumbers } from './metric-result.js';

export interface KsTwoSampleResult {
  /** max |F1(x) - F2(x)| over the pooled sample; on the exact path rounded to a multiple of 1/lcm(n1, n2). */
  statistic: number;
  pValue: number;
  /** Which distribution produced the p-value. */
  method: 'exact' | 'asymptotic';
}

const maximumExactSampleSize = 10000;

function greatestCommonDivisor(first: number, second: number): number {
  let a = first;
  let b = second;
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

// numpy.round: halves go to the even neighbour.
function roundHalfToEven(value: number): number {
  const floor = Math.floor(value);
  const difference = value - floor;
  if (difference > 0.5) return floor + 1;
  if (difference < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

// Number of entries of an ascending array that are <= value (numpy searchsorted side='right').
function countAtMost(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] ?? Number.NaN) <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

// P(D_{n,n} >= h/n) = 2 (A0 - A0 A1 + A0 A1 A2 - ...), a Horner-like product of ratios of binomials
// that avoids the cancellation of the alternating sum of binom(2n, n - k h).
function probabilityOutsideSquare(n: number, h: number): number {
  let probability = 0;
  for (let k = Math.floor(n / h); k >= 0; k -= 1) {
    let ratio = 1;
    for (let j = 0; j < h; j += 1) ratio = ((n - k * h - j) * ratio) / (n + k * h + j + 1);
    probability = ratio * (1 - probability);
  }
  return 2 * probability;
}

// The share of lattice paths from (0, 0) to (m, n) that leave the band |x/m - y/n| < h / lcm(m, n),
// computed directly as one minus the inside share (Viehmann's recursion), one sliding column at a time.
function probabilityOutsideBand(first: number, second: number, gcd: number, h: number): number {
  const m = Math.max(first, second);
  const n = Math.min(first, second);
  const mReduced = Math.floor(m / gcd);
  const nReduced = Math.floor(n / gcd);
  let minimumRow = 0;
  let maximumRow = Math.min(Math.ceil(h / mReduced), n + 1);
  let currentLength = maximumRow - minimumRow;
  const column = new Float64Array(Math.min(2 * maximumRow + 2, n + 1)).fill(1);
  column.fill(0, minimumRow, maximumRow);
  for (let i = 1; i <= m; i += 1) {
    const lastMinimumRow = minimumRow;
    const lastLength = currentLength;
    minimumRow = Math.min(Math.max(Math.floor((nReduced * i - h) / mReduced) + 1, 0), n);
    maximumRow = Math.min(Math.ceil((nReduced * i + h) / mReduced), n + 1);
    if (maximumRow <= minimumRow) return 1;
    let value = minimumRow === 0 ? 0 : 1;
    for (let offset = 0; offset < maximumRow - minimumRow; offset += 1) {
      const j = offset + minimumRow;
      // Out-of-range reads give NaN, which fails the probability check and falls back, as SciPy would.
      value = ((column[offset + minimumRow - lastMinimumRow] ?? Number.NaN) * i + value * j) / (i + j);
      column[offset] = value;
    }
    currentLength = maximumRow - minimumRow;
    if (lastLength > currentLength) column.fill(1, maximumRow - minimumRow, maximumRow - minimumRow + (lastLength - currentLength));
  }
  return column[maximumRow - minimumRow - 1] ?? Number.NaN;
}

/** Exact two-sided p-value, or undefined where SciPy's exact attempt fails and it falls back. */
function exactPValue(n1: number, n2: number, gcd: number, h: number): number | undefined {
  if (h === 0) return 1;
  const probability = n1 === n2 ? probabilityOutsideSquare(n1, h) : probabilityOutsideBand(n1, n2, gcd, h);
  return probability >= 0 && probability <= 1 ? probability : undefined;
}

/**
 * Two-sided two-sample KS test, SciPy's `ks_2samp(first, second)`. Throws on empty input or NaN
 * (SciPy would return NaN); infinities are allowed.
 */
export function ksTwoSample(first: readonly number[], second: readonly number[]): KsTwoSampleResult {
  requireNumbers(first, 'ksTwoSample', 'first sample');
  requireNumbers(second, 'ksTwoSample', 'second sample');
  const sortedFirst = Float64Array.from(first).sort();
  const sortedSecond = Float64Array.from(second).sort();
  const n1 = sortedFirst.length;
  const n2 = sortedSecond.length;
  // Largest excursions of F1 - F2 above and below zero, evaluated at every pooled observation.
  let largestDifference = -Infinity;
  let smallestDifference = Infinity;
  for (const sample of [sortedFirst, sortedSecond]) {
    for (const value of sample) {
      const difference = countAtMost(sortedFirst, value) / n1 - countAtMost(sortedSecond, value) / n2;
      largestDifference = Math.max(largestDifference, difference);
      smallestDifference = Math.min(smallestDifference, difference);
    }
  }
  const belowMagnitude = Math.min(Math.max(-smallestDifference, 0), 1);
  let statistic = belowMagnitude > largestDifference ? belowMagnitude : largestDifference;

  if (Math.max(n1, n2) <= maximumExactSampleSize) {
    const gcd = greatestCommonDivisor(n1, n2);
    const leastCommonMultiple = Math.floor(n1 / gcd) * n2;
    const h = roundHalfToEven(statistic * leastCommonMultiple);
    statistic = h / leastCommonMultiple;
    const pValue = exactPValue(n1, n2, gcd, h);
    if (pValue !== undefined) return { statistic, pValue: Math.min(Math.max(pValue, 0), 1), method: 'exact' };
  }
  const effectiveSize = roundHalfToEven((Math.max(n1, n2) * Math.min(n1, n2)) / (n1 + n2));
  const pValue = Math.min(Math.max(kolmogorovSmirnovSurvival(effectiveSize, statistic), 0), 1);
  return { statistic, pValue, method: 'asymptotic' };
}

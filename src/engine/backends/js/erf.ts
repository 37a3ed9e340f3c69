// erf and erfc in float64, accurate far below float32's resolution (checked against scipy in erf.test.ts),
// so the exact-erf GELU of the reference backend is a trustworthy oracle.

const twoOverSqrtPi = 1.1283791670955126; // 2 / sqrt(pi)
const seriesLimit = 3;

// Maclaurin series erf(x) = 2/sqrt(pi) * sum_n (-1)^n x^(2n+1) / (n! (2n+1)). For |x| < 3 the largest term is
// about 1e3, so cancellation costs three of double's sixteen digits.
function erfSeries(x: number): number {
  const xSquared = x * x;
  let power = x; // (-1)^n x^(2n+1) / n!
  let sum = x;
  for (let n = 1; n < 200; n++) {
    power *= -xSquared / n;
    const term = power / (2 * n + 1);
    sum += term;
    if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
  }
  return twoOverSqrtPi * sum;
}

// Continued fraction erfc(x) = exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), for x >= 3, where
// it converges in a few dozen terms; evaluated from the tail up.
function erfcContinuedFraction(x: number): number {
  let tail = x;
  for (let n = 80; n >= 1; n--) tail = x + n / 2 / tail;
  return Math.exp(-x * x) / (Math.sqrt(Math.PI) * tail);
}

export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x >= seriesLimit) return erfcContinuedFraction(x);
  if (x <= -seriesLimit) return 2 - erfcContinuedFraction(-x);
  return 1 - erfSeries(x);
}

export function erf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x >= seriesLimit) return 1 - erfcContinuedFraction(x);
  if (x <= -seriesLimit) return erfcContinuedFraction(-x) - 1;
  return erfSeries(x);
}

// Standard normal CDF Phi(x) = (1 + erf(x/sqrt2))/2, through erfc on the negative side so the left tail keeps
// its relative precision (1 + erf would cancel to nothing there).
export function normalCdf(x: number): number {
  const scaled = x * Math.SQRT1_2;
  return scaled < 0 ? 0.5 * erfc(-scaled) : 1 - 0.5 * erfc(scaled);
}

// The distribution of the two-sided one-sample Kolmogorov-Smirnov statistic D_n, as SciPy's
// `kstwo.sf(x, n)` (scipy/stats/_ksstats.py) computes it. `ks_2samp` falls back to it for large samples
// (n = round(n1 * n2 / (n1 + n2))), so forget quality on big forget sets only matches SciPy if every branch
// of Simard & L'Ecuyer's (2011) algorithm choice is the same: Ruben-Gambino closed forms at the ends,
// Durbin's matrix (Marsaglia-Tsang-Wang), Pomeranz's recursion, the Pelz-Good series, and 2 * Smirnov's
// one-sided tail. SciPy evaluates the one-sided tail in double-double arithmetic; ours sums the same
// positive terms in log space, which agrees to ~1e-12, far inside the 1e-9 the fixtures demand.

const scaleExponent = 128;
const scaleUp = 2 ** scaleExponent;
const scaleDown = 2 ** -scaleExponent;
const sqrtTwoPi = Math.sqrt(2 * Math.PI);
const logTwoPi = Math.log(2 * Math.PI);
const piSquared = Math.PI ** 2;
const piFourth = Math.PI ** 4;
const piSixth = Math.PI ** 6;
// Cephes MINLOG, log(2^-1075): below it exp() underflows to zero.
const cephesMinLog = -745.1332191019412;
// B_2j / (2j (2j - 1)) for j = 8..1, the Stirling series of log n!.
const stirlingCoefficients = [
  -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3, 8.4175084175084175084e-4,
  -5.952380952380952381e-4, 7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2,
];

function clipProbability(probability: number): number {
  return Math.min(1, Math.max(0, probability));
}

/** C's ldexp without overflowing the intermediate power of two. */
function scaleByPowerOfTwo(value: number, exponent: number): number {
  let result = value;
  let remaining = exponent;
  while (remaining > 1000) {
    result *= 2 ** 1000;
    remaining -= 1000;
  }
  while (remaining < -1000) {
    result *= 2 ** -1000;
    remaining += 1000;
  }
  return result * 2 ** remaining;
}

function polynomial(coefficients: readonly number[], x: number): number {
  let value = 0;
  for (const coefficient of coefficients) value = value * x + coefficient;
  return value;
}

// log(n! / n^n), with n log n removed up front to avoid cancellation.
function logFactorialOverPower(n: number): number {
  const reciprocal = 1 / n;
  return Math.log(n) / 2 - n + logTwoPi / 2 + reciprocal * polynomial(stirlingCoefficients, reciprocal / n);
}

// log k! for integer k >= 0: exact products while they fit a double, Stirling beyond.
function logFactorial(k: number): number {
  if (k < 2) return 0;
  if (k <= 170) {
    let product = 1;
    for (let factor = 2; factor <= k; factor += 1) product *= factor;
    return Math.log(product);
  }
  const x = k + 1;
  return (x - 0.5) * Math.log(x) - x + logTwoPi / 2 + polynomial(stirlingCoefficients, 1 / (x * x)) / x;
}

// Dekker's exact product error: n * x = high + error exactly (n and x finite, no overflow).
function productError(a: number, b: number, high: number): number {
  const split = (value: number): [number, number] => {
    const scaled = 134217729 * value; // 2^27 + 1
    const upper = scaled - (scaled - value);
    return [upper, value - upper];
  };
  const [aHigh, aLow] = split(a);
  const [bHigh, bLow] = split(b);
  return ((aHigh * bHigh - high) + aHigh * bLow + aLow * bHigh) + aLow * bLow;
}

/**
 * Smirnov's one-sided tail P(D_n^+ >= x), SciPy's `scipy.special.smirnov(n, x)`, by the Birnbaum-Tingey
 * sum x * sum_{v=0}^{floor(n(1-x))} C(n, v) (x + v/n)^(v-1) (1 - x - v/n)^(n-v).
 */
export function smirnovSurvival(n: number, x: number): number {
  if (!(n > 0 && x >= 0 && x <= 1)) return Number.NaN;
  if (n === 1) return 1 - x;
  if (x === 0) return 1;
  if (x === 1) return 0;
  // floor(n x) and its fractional part exactly, as SciPy does in double-double.
  const product = n * x;
  let productFloor = Math.floor(product);
  let fraction = (product - productFloor) + productError(n, x, product);
  if (fraction < 0) {
    productFloor -= 1;
    fraction += 1;
  }
  if (fraction >= 1) {
    productFloor += 1;
    fraction -= 1;
  }
  if (productFloor === 0 || (productFloor === 1 && fraction === 0)) {
    return clipProbability(1 - x * Math.exp((n - 1) * Math.log1p(x)));
  }
  if (-2 * n * x * x < cephesMinLog) return 0;
  if (productFloor >= n - 1) return clipProbability(Math.exp(n * Math.log1p(-x)));
  if (n > 1_000_000) {
    const logProbability = -((6 * n * x + 1) ** 2) / 18 / n;
    return clipProbability(logProbability < -Math.LN2 ? Math.exp(logProbability) : 1 + Math.expm1(logProbability));
  }
  // With x = k/n exactly, the v = n - k term is zero and left out, as in SciPy.
  const lastTerm = n - productFloor - 1;
  const logFactorialN = logFactorial(n);
  let sum = 0;
  for (let v = 0; v <= lastTerm; v += 1) {
    const lower = x + v / n;
    const upper = ((n - productFloor - v) - fraction) / n;
    if (upper <= 0) continue;
    const logBinomial = logFactorialN - logFactorial(v) - logFactorial(n - v);
    sum += Math.exp(logBinomial + (v - 1) * Math.log(lower) + (n - v) * Math.log(upper));
  }
  return clipProbability(x * sum);
}

// Durbin's matrix method in Marsaglia, Tsang & Wang's form: P(D_n <= d) = n!/n^n * (H^n)[k, k].
function durbinMatrixCdf(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const size = 2 * k - 1;
  const v = new Float64Array(size);
  const w = new Float64Array(size);
  let factorialReciprocal = 1;
  for (let j = 1; j <= size; j += 1) {
    w[j - 1] = factorialReciprocal;
    factorialReciprocal /= j;
    v[j - 1] = (1 - h ** j) * factorialReciprocal;
  }
  const tail = Math.max(2 * h - 1, 0) ** size - 2 * h ** size;
  v[size - 1] = (1 + tail) * factorialReciprocal;
  // (size, size) row-major.
  let matrix: Float64Array = new Float64Array(size * size);
  for (let column = 1; column < size; column += 1) {
    for (let row = column - 1; row < size; row += 1) matrix[row * size + column] = w[row - column + 1] ?? 0;
  }
  for (let row = 0; row < size; row += 1) matrix[row * size] = v[row] ?? 0;
  for (let column = 0; column < size; column += 1) matrix[(size - 1) * size + column] = v[size - 1 - column] ?? 0;

  const multiply = (left: Float64Array, right: Float64Array): Float64Array => {
    const result = new Float64Array(size * size);
    for (let row = 0; row < size; row += 1) {
      for (let inner = 0; inner < size; inner += 1) {
        const leftValue = left[row * size + inner] ?? 0;
        if (leftValue === 0) continue;
        for (let column = 0; column < size; column += 1) {
          result[row * size + column] = (result[row * size + column] ?? 0) + leftValue * (right[inner * size + column] ?? 0);
        }
      }
    }
    return result;
  };
  let power: Float64Array = new Float64Array(size * size);
  for (let index = 0; index < size; index += 1) power[index * size + index] = 1;
  let exponent = 0;
  let matrixExponent = 0;
  const diagonal = (k - 1) * size + (k - 1);
  for (let remaining = n; remaining > 0; remaining = Math.floor(remaining / 2)) {
    if (remaining % 2 === 1) {
      power = multiply(power, matrix);
      exponent += matrixExponent;
    }
    matrix = multiply(matrix, matrix);
    matrixExponent *= 2;
    if (Math.abs(matrix[diagonal] ?? 0) > scaleUp) {
      for (let index = 0; index < matrix.length; index += 1) matrix[index] = (matrix[index] ?? 0) / scaleUp;
      matrixExponent += scaleExponent;
    }
  }
  let probability = power[diagonal] ?? Number.NaN;
  for (let factor = 1; factor <= n; factor += 1) {
    probability = (factor * probability) / n;
    if (Math.abs(probability) < scaleDown) {
      probability *= scaleUp;
      exponent -= scaleExponent;
    }
  }
  return clipProbability(exponent === 0 ? probability : scaleByPowerOfTwo(probability, exponent));
}

// Python slice a[start:stop] (negative indices count from the end, out-of-range bounds are clamped).
function pythonSlice(values: Float64Array, start: number, stop: number): Float64Array {
  const length = values.length;
  const from = start < 0 ? Math.max(length + start, 0) : Math.min(start, length);
  const to = stop < 0 ? Math.max(length + stop, 0) : Math.min(stop, length);
  return values.subarray(from, Math.max(from, to));
}

function convolve(first: Float64Array, second: Float64Array): Float64Array {
  if (first.length === 0 || second.length === 0) return new Float64Array(0);
  const result = new Float64Array(first.length + second.length - 1);
  for (let i = 0; i < first.length; i += 1) {
    const value = first[i] ?? 0;
    for (let j = 0; j < second.length; j += 1) result[i + j] = (result[i + j] ?? 0) + value * (second[j] ?? 0);
  }
  return result;
}

function pomeranzBounds(i: number, n: number, ll: number, ceilFraction: number, roundFraction: number): [number, number] {
  let first: number;
  let last: number;
  if (i === 0) {
    first = -ll - ceilFraction - 1;
    last = ll + ceilFraction - 1;
  } else {
    const half = Math.floor((i + 1) / 2);
    const parity = (i + 1) % 2;
    if (parity === 0) {
      if (half === n + 1) {
        first = n - ll - ceilFraction - 1;
        last = n + ll + ceilFraction - 1;
      } else {
        first = half - 1 - ll - roundFraction - 1;
        last = half + ll - 1 + ceilFraction - 1;
      }
    } else {
      first = half - 1 - ll - 1;
      last = half + ll + roundFraction - 1;
    }
  }
  return [Math.max(first + 2, 0), Math.min(last, n)];
}

// Pomeranz (1974): P(D_n <= x) as n! times the last entry of a chain of Poisson convolutions.
function pomeranzCdf(n: number, x: number): number {
  const t = n * x;
  const ll = Math.floor(t);
  const fraction = t - ll;
  const g = Math.min(fraction, 1 - fraction);
  const ceilFraction = fraction > 0 ? 1 : 0;
  const roundFraction = fraction > 0.5 ? 1 : 0;
  const powerCount = 2 * (ll + 1);
  const gPowers = new Float64Array(powerCount);
  const twoGPowers = new Float64Array(powerCount);
  const oneMinusTwoGPowers = new Float64Array(powerCount);
  gPowers[0] = 1;
  twoGPowers[0] = 1;
  oneMinusTwoGPowers[0] = 1;
  for (let m = 1; m < powerCount; m += 1) {
    gPowers[m] = ((gPowers[m - 1] ?? 0) * (g / n)) / m;
    twoGPowers[m] = ((twoGPowers[m - 1] ?? 0) * ((2 * g) / n)) / m;
    oneMinusTwoGPowers[m] = ((oneMinusTwoGPowers[m - 1] ?? 0) * ((1 - 2 * g) / n)) / m;
  }
  let previousRow = new Float64Array(powerCount);
  let currentRow = new Float64Array(powerCount);
  currentRow[0] = 1;
  let previousStart = 0;
  let currentStart = 0;
  let exponent = 0;
  let [first, last] = pomeranzBounds(0, n, ll, ceilFraction, roundFraction);
  for (let i = 1; i < 2 * n + 2; i += 1) {
    const previousFirst = first;
    [previousRow, currentRow] = [currentRow, previousRow];
    [previousStart, currentStart] = [currentStart, previousStart];
    currentRow.fill(0);
    [first, last] = pomeranzBounds(i, n, ll, ceilFraction, roundFraction);
    const powers = i === 1 || i === 2 * n + 1 ? gPowers : i % 2 === 1 ? twoGPowers : oneMinusTwoGPowers;
    const span = last - previousFirst + 1;
    if (span > 0) {
      const offset = previousFirst - previousStart;
      const convolution = convolve(pythonSlice(previousRow, offset, offset + span), pythonSlice(powers, 0, span));
      const from = first - previousFirst;
      const count = last - first + 1;
      const piece = pythonSlice(convolution, from, from + count);
      currentRow.set(piece.subarray(0, Math.min(piece.length, currentRow.length)));
      let largest = -Infinity;
      for (const value of currentRow) largest = Math.max(largest, value);
      if (largest > 0 && largest < scaleDown) {
        for (let index = 0; index < currentRow.length; index += 1) currentRow[index] = (currentRow[index] ?? 0) * scaleUp;
        exponent -= scaleExponent;
      }
      currentStart = previousStart + first - previousFirst;
    }
  }
  let answer = currentRow[n - currentStart] ?? Number.NaN;
  for (let m = 1; m <= n; m += 1) {
    if (Math.abs(answer) > scaleUp) {
      answer *= scaleDown;
      exponent += scaleExponent;
    }
    answer *= m;
  }
  return clipProbability(exponent === 0 ? answer : scaleByPowerOfTwo(answer, exponent));
}

// Pelz & Good (1976): the Li-Chien / Korolyuk expansion in powers of 1/sqrt(n), each term rewritten with
// Jacobi theta identities so that it converges fast for small z = x sqrt(n). Returns P(D_n <= x).
function pelzGoodCdf(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const zSquared = z ** 2;
  const zCubed = z ** 3;
  const zFourth = z ** 4;
  const zSixth = z ** 6;
  const logQ = -piSquared / 8 / zSquared;
  if (logQ < -708) return 0;
  let q = Math.exp(logQ);
  const k1a = -zSquared;
  const k1b = piSquared / 4;
  const k2a = 6 * zSixth + 2 * zFourth;
  const k2b = ((2 * zFourth - 5 * zSquared) * piSquared) / 4;
  const k2c = (piFourth * (1 - 2 * zSquared)) / 16;
  const k3d = (piSixth * (5 - 30 * zSquared)) / 64;
  const k3c = (piFourth * (-60 * zSquared + 212 * zFourth)) / 16;
  const k3b = (piSquared * (135 * zFourth - 96 * zSixth)) / 4;
  const k3a = -30 * zSixth - 90 * z ** 8;
  const terms = [0, 0, 0, 0];
  const maxK = Math.ceil((16 * z) / Math.PI);
  for (let k = maxK; k > 0; k -= 1) {
    const m = 2 * k - 1;
    const mSquared = m ** 2;
    const mFourth = m ** 4;
    const mSixth = m ** 6;
    const qPower = q ** (8 * k);
    const coefficients = [
      1,
      k1a + k1b * mSquared,
      k2a + k2b * mSquared + k2c * mFourth,
      k3a + k3b * mSquared + k3c * mFourth + k3d * mSixth,
    ];
    for (let index = 0; index < 4; index += 1) terms[index] = (terms[index] ?? 0) * qPower + (coefficients[index] ?? 0);
  }
  const divisors = [z, 6 * zFourth, 72 * z ** 7, 6480 * z ** 10];
  for (let index = 0; index < 4; index += 1) terms[index] = ((terms[index] ?? 0) * q * sqrtTwoPi) / (divisors[index] ?? 1);
  q = Math.exp(-piSquared / 2 / zSquared);
  let secondExtra = 0;
  let thirdExtra = 0;
  const sqrtThreeZ = Math.sqrt(3) * z;
  for (let k = maxK; k > 0; k -= 1) {
    const kSquared = k ** 2;
    const qPower = q ** kSquared;
    const kPi = Math.PI * k;
    secondExtra += kSquared * qPower;
    thirdExtra += (sqrtThreeZ + kPi) * (sqrtThreeZ - kPi) * kSquared * qPower;
  }
  terms[2] = (terms[2] ?? 0) + secondExtra * ((piSquared * sqrtTwoPi) / (-36 * zCubed));
  terms[3] = (terms[3] ?? 0) + thirdExtra * ((piSquared * sqrtTwoPi) / (216 * zSixth));
  let sum = 0;
  for (let index = 0; index < 4; index += 1) sum += (terms[index] ?? 0) / n ** (index / 2);
  return sum;
}

/**
 * P(D_n >= x) for the two-sided one-sample Kolmogorov-Smirnov statistic: SciPy's `kstwo.sf(x, n)`.
 * n must be a positive integer.
 */
export function kolmogorovSmirnovSurvival(n: number, x: number): number {
  if (!Number.isInteger(n) || n < 1 || Number.isNaN(x)) return Number.NaN;
  // rv_continuous: the support is [1/(2n), 1].
  if (x <= 0.5 / n) return 1;
  if (x >= 1) return 0;
  const t = n * x;
  if (t <= 1) {
    // Ruben & Gambino: P(D_n <= x) = n!/n^n (2t - 1)^n for 1/(2n) <= x <= 1/n.
    let cdf: number;
    if (n <= 140) {
      cdf = 1;
      for (let factor = 1; factor <= n; factor += 1) cdf *= factor * (1 / n) * (2 * t - 1);
    } else {
      cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }
    return clipProbability(1 - cdf);
  }
  if (t >= n - 1) return clipProbability(2 * (1 - x) ** n);
  if (x >= 0.5) return clipProbability(2 * smirnovSurvival(n, x));
  const nxSquared = t * x;
  if (n <= 140) {
    if (nxSquared <= 0.754693) return clipProbability(1 - durbinMatrixCdf(n, x));
    if (nxSquared <= 4) return clipProbability(1 - pomeranzCdf(n, x));
    return clipProbability(2 * smirnovSurvival(n, x));
  }
  if (nxSquared >= 370) return 0;
  if (nxSquared >= 2.2) return clipProbability(2 * smirnovSurvival(n, x));
  const cdf = n <= 100000 && n * x ** 1.5 <= 1.4 ? durbinMatrixCdf(n, x) : pelzGoodCdf(n, x);
  return clipProbability(1 - cdf);
}

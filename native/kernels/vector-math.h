// Eight-lane float exp, erfc and tanh for AVX2, so softmax, cross-entropy, attention, GELU and tanh do
// not call the scalar libm per element. exp and tanh are within a few float ulps, erfc within 2e-7
// relative; the native-*.test.ts files compare them with the float64 reference backend.
#pragma once

#include <immintrin.h>

namespace clearbench {

// exp(x) = 2^n * exp(r), n = round(x / ln 2), r = x - n ln 2 in [-ln2/2, ln2/2], with Cephes' expf
// polynomial for exp(r). 2^n is applied as two halves so n in [-150, 128] stays representable:
// results underflow gradually to 0 and overflow to +inf like libm, and NaN passes through.
inline __m256 exp8(__m256 x) {
  // min/max return their second operand when either is NaN, so this order keeps a NaN x.
  x = _mm256_max_ps(_mm256_set1_ps(-104.0f), _mm256_min_ps(_mm256_set1_ps(89.0f), x));
  const __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)),
                                   _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), x);
  r = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), r);
  __m256 poly = _mm256_set1_ps(1.9875691500e-4f);
  poly = _mm256_fmadd_ps(poly, r, _mm256_set1_ps(1.3981999507e-3f));
  poly = _mm256_fmadd_ps(poly, r, _mm256_set1_ps(8.3334519073e-3f));
  poly = _mm256_fmadd_ps(poly, r, _mm256_set1_ps(4.1665795894e-2f));
  poly = _mm256_fmadd_ps(poly, r, _mm256_set1_ps(1.6666665459e-1f));
  poly = _mm256_fmadd_ps(poly, r, _mm256_set1_ps(5.0000001201e-1f));
  const __m256 result = _mm256_add_ps(_mm256_fmadd_ps(poly, _mm256_mul_ps(r, r), r), _mm256_set1_ps(1.0f));
  const __m256i exponent = _mm256_cvtps_epi32(n);
  const __m256i half = _mm256_srai_epi32(exponent, 1);
  const __m256i rest = _mm256_sub_epi32(exponent, half);
  const __m256i bias = _mm256_set1_epi32(127);
  const __m256 scaleHalf = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(half, bias), 23));
  const __m256 scaleRest = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(rest, bias), 23));
  return _mm256_mul_ps(_mm256_mul_ps(result, scaleHalf), scaleRest);
}

// erfc(z) for z >= 0 by the Chebyshev-fitted form t exp(-z^2 + P(t)), t = 1 / (1 + z/2) (Numerical
// Recipes' erfcc, fractional error below 1.2e-7 for every z >= 0): relative precision in the far tail,
// which GELU needs on its negative side.
inline __m256 erfcNonNegative8(__m256 z) {
  const __m256 t = _mm256_div_ps(_mm256_set1_ps(1.0f), _mm256_fmadd_ps(_mm256_set1_ps(0.5f), z, _mm256_set1_ps(1.0f)));
  __m256 poly = _mm256_set1_ps(0.17087277f);
  poly = _mm256_fmadd_ps(poly, t, _mm256_set1_ps(-0.82215223f));
  poly = _mm256_fmadd_ps(poly, t, _mm256_set1_ps(1.48851587f));
  poly = _mm256_fmadd_ps(poly, t, _mm256_set1_ps(-1.13520398f));
  poly = _mm256_fmadd_ps(poly, t, _mm256_set1_ps(0.27886807f));
  poly = _mm256_fmadd_ps(poly, t, _mm256_set1_ps(-0.18628806f));
  poly = _mm256_fmadd_ps(poly, t, _mm256_set1_ps(0.09678418f));
  poly = _mm256_fmadd_ps(poly, t, _mm256_set1_ps(0.37409196f));
  poly = _mm256_fmadd_ps(poly, t, _mm256_set1_ps(1.00002368f));
  poly = _mm256_fmadd_ps(poly, t, _mm256_set1_ps(-1.26551223f));
  return _mm256_mul_ps(t, exp8(_mm256_fnmadd_ps(z, z, poly)));
}

// Phi(x) = (1 + erf(x / sqrt 2)) / 2, the standard normal CDF, through erfc on both sides.
inline __m256 normalCdf8(__m256 x) {
  const __m256 z = _mm256_mul_ps(_mm256_andnot_ps(_mm256_set1_ps(-0.0f), x), _mm256_set1_ps(0.70710678118654752f));
  const __m256 halfTail = _mm256_mul_ps(_mm256_set1_ps(0.5f), erfcNonNegative8(z));
  const __m256 negative = _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_LT_OQ);
  return _mm256_blendv_ps(_mm256_sub_ps(_mm256_set1_ps(1.0f), halfTail), halfTail, negative);
}

// tanh as Cephes' tanhf: an odd polynomial below |x| = 0.625 (where 1 - 2/(e^2x + 1) would cancel),
// that formula above it; e^2x overflowing to +inf gives exactly 1.
inline __m256 tanh8(__m256 x) {
  const __m256 magnitude = _mm256_andnot_ps(_mm256_set1_ps(-0.0f), x);
  const __m256 one = _mm256_set1_ps(1.0f);
  const __m256 exponential = exp8(_mm256_add_ps(magnitude, magnitude));
  __m256 large = _mm256_sub_ps(one, _mm256_div_ps(_mm256_set1_ps(2.0f), _mm256_add_ps(exponential, one)));
  large = _mm256_or_ps(large, _mm256_and_ps(x, _mm256_set1_ps(-0.0f)));  // restore the sign
  const __m256 square = _mm256_mul_ps(x, x);
  __m256 poly = _mm256_set1_ps(-5.70498872745e-3f);
  poly = _mm256_fmadd_ps(poly, square, _mm256_set1_ps(2.06390887954e-2f));
  poly = _mm256_fmadd_ps(poly, square, _mm256_set1_ps(-5.37397155531e-2f));
  poly = _mm256_fmadd_ps(poly, square, _mm256_set1_ps(1.33314422036e-1f));
  poly = _mm256_fmadd_ps(poly, square, _mm256_set1_ps(-3.33332819422e-1f));
  const __m256 small = _mm256_fmadd_ps(_mm256_mul_ps(poly, square), x, x);
  return _mm256_blendv_ps(small, large, _mm256_cmp_ps(magnitude, _mm256_set1_ps(0.625f), _CMP_GT_OQ));
}

// Applies an eight-lane function to n floats; the tail goes through the same code on a padded copy, so
// every element is computed identically whatever its position.
template <class Function>
inline void map8(const float* in, float* out, long n, Function function) {
  long index = 0;
  for (; index + 8 <= n; index += 8) _mm256_storeu_ps(out + index, function(_mm256_loadu_ps(in + index)));
  if (index < n) {
    alignas(32) float tail[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    for (long lane = 0; index + lane < n; lane++) tail[lane] = in[index + lane];
    _mm256_store_ps(tail, function(_mm256_load_ps(tail)));
    for (long lane = 0; index + lane < n; lane++) out[index + lane] = tail[lane];
  }
}

}  // namespace clearbench

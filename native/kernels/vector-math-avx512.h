// Sixteen-lane versions of vector-math.h's exp and normal CDF, for GELU on CPUs with AVX-512 (these
// machines: GELU and its derivative were 8% of a training step of the default model). Compiled for
// AVX-512 by function attribute only and chosen at run time, so the addon still loads on AVX2-only CPUs.
// Each lane runs exactly the operations of the eight-lane version, so both give the same bits.
#pragma once

#include <immintrin.h>

#include <cstdint>

#define CLEARBENCH_AVX512 __attribute__((target("avx512f")))

// GCC 12's AVX-512 intrinsics start from _mm512_undefined_*, which -Wmaybe-uninitialized reports once
// inlined; the value is never read.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

namespace clearbench {

inline bool avx512Available() {
  static const bool available = __builtin_cpu_supports("avx512f");
  return available;
}

// See exp8.
CLEARBENCH_AVX512 inline __m512 exp16(__m512 x) {
  x = _mm512_max_ps(_mm512_set1_ps(-104.0f), _mm512_min_ps(_mm512_set1_ps(89.0f), x));
  const __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)),
                                        _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693359375f), x);
  r = _mm512_fnmadd_ps(n, _mm512_set1_ps(-2.12194440e-4f), r);
  __m512 poly = _mm512_set1_ps(1.9875691500e-4f);
  poly = _mm512_fmadd_ps(poly, r, _mm512_set1_ps(1.3981999507e-3f));
  poly = _mm512_fmadd_ps(poly, r, _mm512_set1_ps(8.3334519073e-3f));
  poly = _mm512_fmadd_ps(poly, r, _mm512_set1_ps(4.1665795894e-2f));
  poly = _mm512_fmadd_ps(poly, r, _mm512_set1_ps(1.6666665459e-1f));
  poly = _mm512_fmadd_ps(poly, r, _mm512_set1_ps(5.0000001201e-1f));
  const __m512 result = _mm512_add_ps(_mm512_fmadd_ps(poly, _mm512_mul_ps(r, r), r), _mm512_set1_ps(1.0f));
  const __m512i exponent = _mm512_cvtps_epi32(n);
  const __m512i half = _mm512_srai_epi32(exponent, 1);
  const __m512i rest = _mm512_sub_epi32(exponent, half);
  const __m512i bias = _mm512_set1_epi32(127);
  const __m512 scaleHalf = _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_add_epi32(half, bias), 23));
  const __m512 scaleRest = _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_add_epi32(rest, bias), 23));
  return _mm512_mul_ps(_mm512_mul_ps(result, scaleHalf), scaleRest);
}

// See erfcNonNegative8.
CLEARBENCH_AVX512 inline __m512 erfcNonNegative16(__m512 z) {
  const __m512 t = _mm512_div_ps(_mm512_set1_ps(1.0f), _mm512_fmadd_ps(_mm512_set1_ps(0.5f), z, _mm512_set1_ps(1.0f)));
  __m512 poly = _mm512_set1_ps(0.17087277f);
  poly = _mm512_fmadd_ps(poly, t, _mm512_set1_ps(-0.82215223f));
  poly = _mm512_fmadd_ps(poly, t, _mm512_set1_ps(1.48851587f));
  poly = _mm512_fmadd_ps(poly, t, _mm512_set1_ps(-1.13520398f));
  poly = _mm512_fmadd_ps(poly, t, _mm512_set1_ps(0.27886807f));
  poly = _mm512_fmadd_ps(poly, t, _mm512_set1_ps(-0.18628806f));
  poly = _mm512_fmadd_ps(poly, t, _mm512_set1_ps(0.09678418f));
  poly = _mm512_fmadd_ps(poly, t, _mm512_set1_ps(0.37409196f));
  poly = _mm512_fmadd_ps(poly, t, _mm512_set1_ps(1.00002368f));
  poly = _mm512_fmadd_ps(poly, t, _mm512_set1_ps(-1.26551223f));
  return _mm512_mul_ps(t, exp16(_mm512_fnmadd_ps(z, z, poly)));
}

// See normalCdf8.
CLEARBENCH_AVX512 inline __m512 normalCdf16(__m512 x) {
  const __m512 magnitude = _mm512_castsi512_ps(
      _mm512_andnot_si512(_mm512_castps_si512(_mm512_set1_ps(-0.0f)), _mm512_castps_si512(x)));
  const __m512 z = _mm512_mul_ps(magnitude, _mm512_set1_ps(0.70710678118654752f));
  const __m512 halfTail = _mm512_mul_ps(_mm512_set1_ps(0.5f), erfcNonNegative16(z));
  const __mmask16 negative = _mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_LT_OQ);
  return _mm512_mask_blend_ps(negative, _mm512_sub_ps(_mm512_set1_ps(1.0f), halfTail), halfTail);
}

// See geluDerivative8 in unary.cc.
CLEARBENCH_AVX512 inline __m512 geluDerivative16(__m512 x) {
  const __m512 density = _mm512_mul_ps(_mm512_set1_ps(0.3989422804014327f),
                                       exp16(_mm512_mul_ps(_mm512_set1_ps(-0.5f), _mm512_mul_ps(x, x))));
  return _mm512_fmadd_ps(x, density, normalCdf16(x));
}

// Lanes [0, count) of a mask, count <= 16.
CLEARBENCH_AVX512 inline __mmask16 laneMask16(int64_t count) {
  return count >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << count) - 1);
}

// out = x Phi(x); the tail runs through the same lanes under a mask.
CLEARBENCH_AVX512 inline void gelu16(const float* x, float* out, int64_t count) {
  for (int64_t index = 0; index < count; index += 16) {
    const __mmask16 mask = laneMask16(count - index);
    const __m512 value = _mm512_maskz_loadu_ps(mask, x + index);
    _mm512_mask_storeu_ps(out + index, mask, _mm512_mul_ps(value, normalCdf16(value)));
  }
}

// gradX += gelu'(x) gradY.
CLEARBENCH_AVX512 inline void geluBackward16(const float* x, const float* gradY, float* gradX, int64_t count) {
  for (int64_t index = 0; index < count; index += 16) {
    const __mmask16 mask = laneMask16(count - index);
    const __m512 grad = _mm512_mul_ps(geluDerivative16(_mm512_maskz_loadu_ps(mask, x + index)),
                                      _mm512_maskz_loadu_ps(mask, gradY + index));
    _mm512_mask_storeu_ps(gradX + index, mask, _mm512_add_ps(_mm512_maskz_loadu_ps(mask, gradX + index), grad));
  }
}

}  // namespace clearbench

#pragma GCC diagnostic pop

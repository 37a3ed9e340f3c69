// The AVX-512 micro-kernel: a 12 x 32 tile of C lives in 24 zmm registers while kc rank-1 updates
// stream through it (two B vectors and twelve broadcasts of A per step). Compiled for AVX-512 by
// function attribute only, and chosen at run time, so the addon still loads on AVX2-only machines.
#include <immintrin.h>

#include "gemm-internal.h"

namespace clearbench::gemm_internal {
namespace {

constexpr int kRows = 12;
constexpr int kCols = 32;

__attribute__((target("avx512f"))) void tile12x32(int64_t kc, const float* __restrict packedA,
                                                  const float* __restrict packedB, float* c, int64_t ldc, float alpha,
                                                  float beta, int rows, int cols) {
  __m512 left[kRows];
  __m512 right[kRows];
#pragma GCC unroll 16
  for (int row = 0; row < kRows; row++) {
    left[row] = _mm512_setzero_ps();
    right[row] = _mm512_setzero_ps();
  }
  for (int64_t step = 0; step < kc; step++) {
    const __m512 bLeft = _mm512_load_ps(packedB);
    const __m512 bRight = _mm512_load_ps(packedB + 16);
#pragma GCC unroll 16
    for (int row = 0; row < kRows; row++) {
      const __m512 aValue = _mm512_set1_ps(packedA[row]);
      left[row] = _mm512_fmadd_ps(aValue, bLeft, left[row]);
      right[row] = _mm512_fmadd_ps(aValue, bRight, right[row]);
    }
    packedA += kRows;
    packedB += kCols;
  }
  const __mmask16 maskLeft = cols >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << cols) - 1);
  const __mmask16 maskRight = cols >= 32 ? __mmask16(0xFFFF) : cols <= 16 ? __mmask16(0) : __mmask16((1u << (cols - 16)) - 1);
  const __m512 alphaVector = _mm512_set1_ps(alpha);
  const __m512 betaVector = _mm512_set1_ps(beta);
#pragma GCC unroll 16
  for (int row = 0; row < kRows; row++) {
    if (row >= rows) break;
    float* out = c + row * ldc;
    __m512 valueLeft = _mm512_mul_ps(alphaVector, left[row]);
    __m512 valueRight = _mm512_mul_ps(alphaVector, right[row]);
    if (beta != 0.0f) {
      valueLeft = _mm512_fmadd_ps(betaVector, _mm512_maskz_loadu_ps(maskLeft, out), valueLeft);
      valueRight = _mm512_fmadd_ps(betaVector, _mm512_maskz_loadu_ps(maskRight, out + 16), valueRight);
    }
    _mm512_mask_storeu_ps(out, maskLeft, valueLeft);
    _mm512_mask_storeu_ps(out + 16, maskRight, valueRight);
  }
}

}  // namespace

bool avx512Supported() { return __builtin_cpu_supports("avx512f"); }

MicroKernel avx512Kernel() { return {"avx512-12x32", kRows, kCols, 192, 256, 4096, tile12x32}; }

}  // namespace clearbench::gemm_internal

// The AVX2/FMA micro-kernel (the fallback when AVX-512 is absent): a 6 x 16 tile of C in 12 ymm registers.
#include <immintrin.h>

#include "gemm-internal.h"

namespace clearbench::gemm_internal {
namespace {

constexpr int kRows = 6;
constexpr int kCols = 16;

__m256i laneMask(int valid) {
  const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  return _mm256_cmpgt_epi32(_mm256_set1_epi32(valid), lanes);
}

void tile6x16(int64_t kc, const float* __restrict packedA, const float* __restrict packedB, float* c, int64_t ldc,
              float alpha, float beta, int rows, int cols) {
  __m256 left[kRows];
  __m256 right[kRows];
#pragma GCC unroll 8
  for (int row = 0; row < kRows; row++) {
    left[row] = _mm256_setzero_ps();
    right[row] = _mm256_setzero_ps();
  }
  for (int64_t step = 0; step < kc; step++) {
    const __m256 bLeft = _mm256_load_ps(packedB);
    const __m256 bRight = _mm256_load_ps(packedB + 8);
#pragma GCC unroll 8
    for (int row = 0; row < kRows; row++) {
      const __m256 aValue = _mm256_broadcast_ss(packedA + row);
      left[row] = _mm256_fmadd_ps(aValue, bLeft, left[row]);
      right[row] = _mm256_fmadd_ps(aValue, bRight, right[row]);
    }
    packedA += kRows;
    packedB += kCols;
  }
  const __m256i maskLeft = laneMask(cols);
  const __m256i maskRight = laneMask(cols - 8);
  const __m256 alphaVector = _mm256_set1_ps(alpha);
  const __m256 betaVector = _mm256_set1_ps(beta);
#pragma GCC unroll 8
  for (int row = 0; row < kRows; row++) {
    if (row >= rows) break;
    float* out = c + row * ldc;
    __m256 valueLeft = _mm256_mul_ps(alphaVector, left[row]);
    __m256 valueRight = _mm256_mul_ps(alphaVector, right[row]);
    if (beta != 0.0f) {
      valueLeft = _mm256_fmadd_ps(betaVector, _mm256_maskload_ps(out, maskLeft), valueLeft);
      valueRight = _mm256_fmadd_ps(betaVector, _mm256_maskload_ps(out + 8, maskRight), valueRight);
    }
    _mm256_maskstore_ps(out, maskLeft, valueLeft);
    _mm256_maskstore_ps(out + 8, maskRight, valueRight);
  }
}

}  // namespace

MicroKernel avx2Kernel() { return {"avx2-6x16", kRows, kCols, 96, 256, 4096, tile6x16}; }

}  // namespace clearbench::gemm_internal

// Shared between the built-in GEMM driver (gemm-builtin.cc) and its micro-kernels (gemm-kernel-*.cc).
#pragma once

#include <cstdint>

namespace clearbench::gemm_internal {

// Computes one rows x cols (<= mr x nr) tile of C from kc steps of packed panels:
// C = alpha * (A_panel B_panel) + beta * C, never reading C when beta == 0.
using MicroKernelFunction = void (*)(int64_t kc, const float* packedA, const float* packedB, float* c, int64_t ldc,
                                     float alpha, float beta, int rows, int cols);

struct MicroKernel {
  const char* name;
  int mr, nr;          // register tile
  int64_t mc, kc, nc;  // cache blocks: an mc x kc block of A in L2, a kc x nr sliver of B in L1
  MicroKernelFunction run;
};

bool avx512Supported();
MicroKernel avx512Kernel();
MicroKernel avx2Kernel();

}  // namespace clearbench::gemm_internal

namespace clearbench::gemm_internal {

// One matrix on up to `threads` threads (1: the calling thread only, no OpenMP region).
void builtinGemm(const float* a, const float* b, float* c, int64_t m, int64_t n, int64_t k, bool transA, bool transB,
                 float alpha, float beta, int threads);
// The same with explicit leading dimensions (the row strides of A, B and C as stored).
void builtinGemmStrided(const float* a, int64_t lda, const float* b, int64_t ldb, float* c, int64_t ldc, int64_t m,
                        int64_t n, int64_t k, bool transA, bool transB, float alpha, float beta, int threads);
const char* builtinKernelName();
// Picks the AVX-512 (true) or AVX2 (false) micro-kernel; false if the CPU lacks AVX-512.
bool useBuiltinKernel(bool avx512);

}  // namespace clearbench::gemm_internal

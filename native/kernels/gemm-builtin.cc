// The built-in GEMM: Goto/BLIS-style blocking. For each nc-wide block of columns and kc-deep slab of
// the inner dimension, B is packed into kc x nr slivers (kept in L1 by the innermost loop) and A into
// mc x kc blocks of mr-row panels (kept in L2), and the micro-kernel sweeps register tiles over them.
// Every element of C is summed in the same kc-slab order by the same micro-kernel wherever its tile
// falls, so the result does not depend on the thread count or on how C is split. A small C over a deep
// inner dimension (a weight gradient: m, n ~ 128-1024, k = tokens) is instead cut along k into a few
// parts fixed by the shape alone, summed in part order, which again no thread count changes.

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <new>

#include "gemm-internal.h"
#include "kernels.h"
#include "parallel.h"

namespace clearbench {
namespace gemm_internal {
namespace {

// A grow-only, 64-byte aligned scratch area, one per thread (thread_local), reused across calls.
class Scratch {
 public:
  ~Scratch() { std::free(data_); }
  float* get(size_t count) {
    if (count > capacity_) {
      std::free(data_);
      const size_t bytes = (count * sizeof(float) + 63) / 64 * 64;
      data_ = static_cast<float*>(std::aligned_alloc(64, bytes));
      if (data_ == nullptr) {
        capacity_ = 0;
        throw std::bad_alloc();
      }
      capacity_ = count;
    }
    return data_;
  }

 private:
  float* data_ = nullptr;
  size_t capacity_ = 0;
};

thread_local Scratch packedAScratch;
thread_local Scratch packedBScratch;
thread_local Scratch partialScratch;

const MicroKernel avx512Tile = avx512Kernel();
const MicroKernel avx2Tile = avx2Kernel();
// The widest kernel the CPU runs, unless a test asked for the AVX2 one (useBuiltinKernel).
std::atomic<bool> avx512Chosen{avx512Supported()};

const MicroKernel& chosenKernel() { return avx512Chosen.load() ? avx512Tile : avx2Tile; }

// op(A) rows [row0, row0 + rows) x depth [depth0, depth0 + kc) -> panels of MR rows, each kc x MR
// (depth-major), zero-padded past the last row. A is (m, k) with leading dimension lda, or (k, m) if trans.
template <int MR>
void packA(const float* a, int64_t lda, bool trans, int64_t row0, int64_t rows, int64_t depth0, int64_t kc, float* out) {
  for (int64_t panel = 0; panel < rows; panel += MR) {
    const int valid = static_cast<int>(std::min<int64_t>(MR, rows - panel));
    if (trans) {
      for (int64_t depth = 0; depth < kc; depth++) {
        const float* source = a + (depth0 + depth) * lda + row0 + panel;
        float* target = out + depth * MR;
        for (int row = 0; row < valid; row++) target[row] = source[row];
        for (int row = valid; row < MR; row++) target[row] = 0.0f;
      }
    } else {
      for (int row = 0; row < MR; row++) {
        if (row < valid) {
          const float* source = a + (row0 + panel + row) * lda + depth0;
          for (int64_t depth = 0; depth < kc; depth++) out[depth * MR + row] = source[depth];
        } else {
          for (int64_t depth = 0; depth < kc; depth++) out[depth * MR + row] = 0.0f;
        }
      }
    }
    out += MR * kc;
  }
}

// op(B) depth [depth0, depth0 + kc) x columns [col0, col0 + cols) -> kc x NR slivers, zero-padded past
// the last column. B is (k, n) with leading dimension ldb, or (n, k) if trans.
template <int NR>
void packB(const float* b, int64_t ldb, bool trans, int64_t depth0, int64_t kc, int64_t col0, int64_t cols, float* out) {
  for (int64_t panel = 0; panel * NR < cols; panel++) {
    const int64_t first = panel * NR;
    const int valid = static_cast<int>(std::min<int64_t>(NR, cols - first));
    float* target = out + panel * NR * kc;
    if (trans) {
      for (int col = 0; col < NR; col++) {
        if (col < valid) {
          const float* source = b + (col0 + first + col) * ldb + depth0;
          for (int64_t depth = 0; depth < kc; depth++) target[depth * NR + col] = source[depth];
        } else {
          for (int64_t depth = 0; depth < kc; depth++) target[depth * NR + col] = 0.0f;
        }
      }
    } else {
      for (int64_t depth = 0; depth < kc; depth++) {
        const float* source = b + (depth0 + depth) * ldb + col0 + first;
        float* row = target + depth * NR;
        std::memcpy(row, source, sizeof(float) * valid);
        for (int col = valid; col < NR; col++) row[col] = 0.0f;
      }
    }
  }
}

// One GEMM on explicit leading dimensions, so a thread's share is the same problem on offset pointers.
struct Problem {
  const float* a; const float* b; float* c;
  int64_t m, n, k;
  int64_t lda, ldb, ldc;
  bool transA, transB;
  float alpha, beta;
};

// The whole blocked loop nest on the calling thread, with its own packing buffers.
template <int MR, int NR>
void runSingle(const Problem& problem, const MicroKernel& kernel) {
  const int64_t mc = kernel.mc;
  const int64_t ncPadded = (std::min(kernel.nc, problem.n) + NR - 1) / NR * NR;
  float* packedA = packedAScratch.get(static_cast<size_t>(mc * kernel.kc));
  float* packedB = packedBScratch.get(static_cast<size_t>(ncPadded * kernel.kc));
  for (int64_t col0 = 0; col0 < problem.n; col0 += kernel.nc) {
    const int64_t cols = std::min(kernel.nc, problem.n - col0);
    const int64_t colPanels = (cols + NR - 1) / NR;
    for (int64_t depth0 = 0; depth0 < problem.k; depth0 += kernel.kc) {
      const int64_t kc = std::min(kernel.kc, problem.k - depth0);
      const float beta = depth0 == 0 ? problem.beta : 1.0f;
      packB<NR>(problem.b, problem.ldb, problem.transB, depth0, kc, col0, cols, packedB);
      for (int64_t row0 = 0; row0 < problem.m; row0 += mc) {
        const int64_t rows = std::min(mc, problem.m - row0);
        packA<MR>(problem.a, problem.lda, problem.transA, row0, rows, depth0, kc, packedA);
        for (int64_t panel = 0; panel < colPanels; panel++) {
          const int tileCols = static_cast<int>(std::min<int64_t>(NR, cols - panel * NR));
          for (int64_t tile = 0; tile < rows; tile += MR) {
            float* c = problem.c + (row0 + tile) * problem.ldc + col0 + panel * NR;
            kernel.run(kc, packedA + tile * kc, packedB + panel * NR * kc, c, problem.ldc, problem.alpha, beta,
                       static_cast<int>(std::min<int64_t>(MR, rows - tile)), tileCols);
          }
        }
      }
    }
  }
}

// C is cut along whichever dimension has more register tiles into a few blocks of whole tiles per
// thread; threads take blocks as they come free and run each as an independent single-threaded GEMM
// (packing what it needs), with no barrier in between, so a thread the OS preempts holds up one block.
template <int MR, int NR>
void runBlocked(const Problem& problem, const MicroKernel& kernel, int threads) {
  const int64_t rowPanels = (problem.m + MR - 1) / MR;
  const int64_t colPanels = (problem.n + NR - 1) / NR;
  const bool splitRows = rowPanels >= colPanels;
  const int64_t panels = splitRows ? rowPanels : colPanels;
  threads = static_cast<int>(std::min<int64_t>(threads, panels));
  if (threads <= 1) {
    runSingle<MR, NR>(problem, kernel);
    return;
  }
  const int64_t blocks = std::min<int64_t>(panels, int64_t{4} * threads);
  forEachPiece(blocks, [&](int64_t block) {
    const int64_t first = rangeStart(panels, block, blocks);
    const int64_t last = rangeStart(panels, block + 1, blocks);
    Problem share = problem;
    if (splitRows) {
      share.m = std::min(problem.m, last * MR) - first * MR;
      share.a = problem.transA ? problem.a + first * MR : problem.a + first * MR * problem.lda;
      share.c = problem.c + first * MR * problem.ldc;
    } else {
      share.n = std::min(problem.n, last * NR) - first * NR;
      share.b = problem.transB ? problem.b + first * NR * problem.ldb : problem.b + first * NR;
      share.c = problem.c + first * NR;
    }
    if (share.m > 0 && share.n > 0) runSingle<MR, NR>(share, kernel);
  });
}

// Splitting C into blocks packs the shared operand once per block (8 blocks on two threads): B when rows
// are split, A when columns are. Splitting k instead packs each operand once but adds up `parts` partial
// C's. Returns the number of k parts (1: split C). Decided from the shape alone.
int64_t depthParts(const Problem& problem, const MicroKernel& kernel, int64_t rowPanels, int64_t colPanels) {
  const int64_t slabs = (problem.k + kernel.kc - 1) / kernel.kc;
  if (slabs < 2) return 1;
  const int64_t parts = std::min<int64_t>(4, slabs);
  const int64_t repacked = 7 * problem.k * (rowPanels >= colPanels ? problem.n : problem.m);
  const int64_t reduced = (parts + 1) * problem.m * problem.n;
  return repacked > 2 * reduced ? parts : 1;
}

// C = alpha (sum over parts of A_p B_p) + beta C, each part a whole number of kc slabs and an independent
// single-threaded GEMM into its own partial C, the partials added in part order.
template <int MR, int NR>
void runSplitDepth(const Problem& problem, const MicroKernel& kernel, int64_t parts, int threads) {
  const int64_t slabs = (problem.k + kernel.kc - 1) / kernel.kc;
  const int64_t size = problem.m * problem.n;
  float* partials = partialScratch.get(static_cast<size_t>(parts * size));
  auto runPart = [&](int64_t part) {
    const int64_t depth0 = rangeStart(slabs, part, parts) * kernel.kc;
    const int64_t depth1 = std::min(problem.k, rangeStart(slabs, part + 1, parts) * kernel.kc);
    Problem share = problem;
    share.k = depth1 - depth0;
    share.a = problem.transA ? problem.a + depth0 * problem.lda : problem.a + depth0;
    share.b = problem.transB ? problem.b + depth0 : problem.b + depth0 * problem.ldb;
    share.c = partials + part * size;
    share.ldc = problem.n;
    share.alpha = 1.0f;
    share.beta = 0.0f;
    runSingle<MR, NR>(share, kernel);
  };
  if (threads <= 1) {
    for (int64_t part = 0; part < parts; part++) runPart(part);
  } else {
    forEachPiece(parts, runPart);
  }
  auto combine = [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; row++) {
      float* target = problem.c + row * problem.ldc;
      const float* first = partials + row * problem.n;
      for (int64_t col = 0; col < problem.n; col++) {
        float sum = first[col];
        for (int64_t part = 1; part < parts; part++) sum += first[part * size + col];
        target[col] = problem.alpha * sum + (problem.beta == 0.0f ? 0.0f : problem.beta * target[col]);
      }
    }
  };
  if (threads <= 1) combine(0, problem.m);
  else parallelFor(problem.m, std::max<int64_t>(1, (int64_t{1} << 14) / problem.n), combine);
}

template <int MR, int NR>
void run(const Problem& problem, const MicroKernel& kernel, int threads) {
  const int64_t parts = depthParts(problem, kernel, (problem.m + MR - 1) / MR, (problem.n + NR - 1) / NR);
  if (parts > 1) runSplitDepth<MR, NR>(problem, kernel, parts, threads);
  else runBlocked<MR, NR>(problem, kernel, threads);
}

// C = beta C for an empty inner dimension (beta = 0 writes zeros without reading C).
void scaleOnly(float* c, int64_t m, int64_t n, int64_t ldc, float beta) {
  for (int64_t row = 0; row < m; row++) {
    float* line = c + row * ldc;
    for (int64_t column = 0; column < n; column++) line[column] = beta == 0.0f ? 0.0f : beta * line[column];
  }
}

}  // namespace

void builtinGemm(const float* a, const float* b, float* c, int64_t m, int64_t n, int64_t k, bool transA, bool transB,
                 float alpha, float beta, int threads) {
  builtinGemmStrided(a, transA ? m : k, b, transB ? k : n, c, n, m, n, k, transA, transB, alpha, beta, threads);
}

void builtinGemmStrided(const float* a, int64_t lda, const float* b, int64_t ldb, float* c, int64_t ldc, int64_t m,
                        int64_t n, int64_t k, bool transA, bool transB, float alpha, float beta, int threads) {
  if (m == 0 || n == 0) return;
  if (k == 0) {
    scaleOnly(c, m, n, ldc, beta);
    return;
  }
  const Problem problem{a, b, c, m, n, k, lda, ldb, ldc, transA, transB, alpha, beta};
  const MicroKernel& kernel = chosenKernel();
  // Under about a million multiply-adds a fork costs more than the second core returns.
  if (m * n * k < (int64_t{1} << 20)) threads = 1;
  if (kernel.mr == 12 && kernel.nr == 32) run<12, 32>(problem, kernel, threads);
  else run<6, 16>(problem, kernel, threads);
}

const char* builtinKernelName() { return chosenKernel().name; }

bool useBuiltinKernel(bool avx512) {
  if (avx512 && !avx512Supported()) return false;
  avx512Chosen.store(avx512);
  return true;
}

}  // namespace gemm_internal
}  // namespace clearbench

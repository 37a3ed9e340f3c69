// GEMM entry point: OpenBLAS's cblas_sgemm when the build found it, else (or when asked) the built-in
// blocked kernel. The path is process-wide state of the addon, set once by the loader from
// CLEARBENCH_GEMM and switchable by tests, so both paths can be compared in one process.
#include <atomic>
#include <string>

#include "gemm-internal.h"
#include "kernels.h"
#include "parallel.h"

#ifdef CLEARBENCH_OPENBLAS
#include <cblas.h>
#endif

namespace clearbench {
namespace {

std::atomic<GemmPath> currentPath{
#ifdef CLEARBENCH_OPENBLAS
    GemmPath::OpenBlas
#else
    GemmPath::Builtin
#endif
};

#ifdef CLEARBENCH_OPENBLAS
void openBlasGemm(const float* a, const float* b, float* c, int64_t m, int64_t n, int64_t k, bool transA, bool transB,
                  float alpha, float beta) {
  cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
              static_cast<int>(m), static_cast<int>(n), static_cast<int>(k), alpha, a,
              static_cast<int>(transA ? m : k), b, static_cast<int>(transB ? k : n), beta, c, static_cast<int>(n));
}
#endif

}  // namespace

bool openBlasAvailable() {
#ifdef CLEARBENCH_OPENBLAS
  return true;
#else
  return false;
#endif
}

void setGemmPath(GemmPath path) { currentPath.store(path); }
GemmPath gemmPath() { return currentPath.load(); }

void setThreadCount(int threads) {
  ThreadPool::instance().setThreads(threads);
#ifdef CLEARBENCH_OPENBLAS
  openblas_set_num_threads(threads);
#endif
}

const char* gemmKernelName() { return gemm_internal::builtinKernelName(); }

bool setGemmKernel(const char* name) {
  const std::string requested(name);
  if (requested != "avx512" && requested != "avx2") return false;
  return gemm_internal::useBuiltinKernel(requested == "avx512");
}

void gemmSingleThreaded(const float* a, const float* b, float* c, int64_t m, int64_t n, int64_t k, bool transA,
                        bool transB, float alpha, float beta) {
  gemm_internal::builtinGemm(a, b, c, m, n, k, transA, transB, alpha, beta, 1);
}

void gemmSingleThreadedStrided(const float* a, int64_t lda, const float* b, int64_t ldb, float* c, int64_t ldc,
                               int64_t m, int64_t n, int64_t k, bool transA, bool transB, float alpha, float beta) {
  gemm_internal::builtinGemmStrided(a, lda, b, ldb, c, ldc, m, n, k, transA, transB, alpha, beta, 1);
}

void gemm(const GemmArgs& args) {
  if (args.batch == 0 || args.m == 0 || args.n == 0) return;
#ifdef CLEARBENCH_OPENBLAS
  if (currentPath.load() == GemmPath::OpenBlas && args.k > 0) {
    for (int64_t item = 0; item < args.batch; item++) {
      openBlasGemm(args.a + item * args.strideA, args.b + item * args.strideB, args.c + item * args.strideC, args.m,
                   args.n, args.k, args.transA, args.transB, args.alpha, args.beta);
    }
    return;
  }
#endif
  const int64_t work = args.m * args.n * args.k;
  // Small matrices of a batch with disjoint outputs (attention's per-head products) run one per thread:
  // each is then computed exactly as the threaded driver would compute it.
  const bool disjoint = args.strideC >= args.m * args.n;
  if (args.batch > 1 && disjoint && work < (int64_t{1} << 22)) {
    parallelFor(args.batch, std::max<int64_t>(1, (int64_t{1} << 20) / std::max<int64_t>(1, work)),
                [&](int64_t begin, int64_t end) {
                  for (int64_t item = begin; item < end; item++) {
                    gemm_internal::builtinGemm(args.a + item * args.strideA, args.b + item * args.strideB,
                                               args.c + item * args.strideC, args.m, args.n, args.k, args.transA,
                                               args.transB, args.alpha, args.beta, 1);
                  }
                });
    return;
  }
  for (int64_t item = 0; item < args.batch; item++) {
    gemm_internal::builtinGemm(args.a + item * args.strideA, args.b + item * args.strideB, args.c + item * args.strideC,
                               args.m, args.n, args.k, args.transA, args.transB, args.alpha, args.beta, maxThreads());
  }
}

}  // namespace clearbench

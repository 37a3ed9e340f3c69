// Thread helpers. Kernels split their work into contiguous ranges, and wherever a split could change a
// floating-point sum it is arranged so the sum's order does not depend on it (each output is reduced by
// exactly one thread, in index order, or over fixed chunks combined in order): results are the same for
// any thread count and any schedule.
#pragma once

#include <omp.h>

#include <algorithm>
#include <cstdint>

namespace clearbench {

// Threads a kernel may use (set through setThreads; OpenMP's default is one per core).
inline int maxThreads() { return omp_get_max_threads(); }

// Start of part `part` of `count` items split into `parts` nearly equal ranges.
inline int64_t rangeStart(int64_t count, int64_t part, int64_t parts) { return count * part / parts; }

// Runs body(begin, end) over [0, count) on up to maxThreads() threads. Below `grain` items per thread
// the fork costs more than it saves, so fewer threads are used. The range is cut into a few pieces per
// thread that threads take as they come free: on a shared machine a thread the OS preempts then holds
// up one small piece, not half the work. Every kernel computes each output the same way whichever
// piece it falls in, so the split never changes a result.
template <class Body>
void parallelFor(int64_t count, int64_t grain, Body&& body) {
  if (count <= 0) return;
  const int64_t wanted = std::max<int64_t>(1, count / std::max<int64_t>(1, grain));
  const int threads = static_cast<int>(std::min<int64_t>(maxThreads(), wanted));
  if (threads <= 1) {
    body(int64_t{0}, count);
    return;
  }
  const int64_t pieces = std::min<int64_t>(wanted, int64_t{4} * threads);
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1)
  for (int64_t piece = 0; piece < pieces; piece++) {
    const int64_t begin = rangeStart(count, piece, pieces);
    const int64_t end = rangeStart(count, piece + 1, pieces);
    if (begin < end) body(begin, end);
  }
}

}  // namespace clearbench

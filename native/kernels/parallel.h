// Thread helpers. Every kernel splits its work statically into contiguous ranges, and wherever the
// split could change a floating-point sum the ranges are chosen so the sum's order does not depend on
// the thread count (each output is reduced by exactly one thread, in index order).
#pragma once

#include <omp.h>

#include <algorithm>
#include <cstdint>

namespace clearbench {

// Threads a kernel may use (set through setThreads; OpenMP's default is one per core).
inline int maxThreads() { return omp_get_max_threads(); }

// Start of thread `thread`'s share of `count` items split into `threads` nearly equal ranges.
inline int64_t rangeStart(int64_t count, int thread, int threads) {
  return count * thread / threads;
}

// Runs body(begin, end) over [0, count) on up to maxThreads() threads, one contiguous range each.
// Below `grain` items per thread the fork costs more than it saves, so fewer threads are used.
template <class Body>
void parallelFor(int64_t count, int64_t grain, Body&& body) {
  if (count <= 0) return;
  const int64_t wanted = std::max<int64_t>(1, count / std::max<int64_t>(1, grain));
  const int threads = static_cast<int>(std::min<int64_t>(maxThreads(), wanted));
  if (threads <= 1) {
    body(int64_t{0}, count);
    return;
  }
#pragma omp parallel num_threads(threads)
  {
    const int thread = omp_get_thread_num();
    const int team = omp_get_num_threads();
    const int64_t begin = rangeStart(count, thread, team);
    const int64_t end = rangeStart(count, thread + 1, team);
    if (begin < end) body(begin, end);
  }
}

}  // namespace clearbench

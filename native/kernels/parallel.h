// Thread helpers. Kernels split their work into contiguous ranges, and wherever a split could change a
// floating-point sum it is arranged so the sum's order does not depend on it (each output is reduced by
// exactly one thread, in index order, or over fixed chunks combined in order): results are the same for
// any thread count and any schedule.
//
// The pieces of a parallel loop go to a small pool of our own rather than to an OpenMP team. An OpenMP
// region ends in a barrier that waits until every thread of the team has arrived, so on a shared machine
// a kernel of 50 microseconds waited for a sleeping second thread to be scheduled at all, often for
// milliseconds (issue 3). Here the calling thread takes pieces itself and waits only for pieces that a
// worker has actually claimed; a worker that wakes late finds nothing left and goes back to sleep.
#pragma once

#include <omp.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

namespace clearbench {

class ThreadPool {
 public:
  using Body = void (*)(void* context, int64_t piece);

  static ThreadPool& instance() {
    // Never destroyed: workers may still be asleep in wait() when the process exits.
    static ThreadPool* pool = new ThreadPool(std::max(1, omp_get_max_threads()));
    return *pool;
  }

  int threads() const { return threads_.load(std::memory_order_relaxed); }

  // Joins the workers and starts threads - 1 new ones. Called between kernels only.
  void setThreads(int threads) {
    stopWorkers();
    threads_.store(std::max(1, threads), std::memory_order_relaxed);
    startWorkers();
  }

  // Runs body(context, piece) for every piece in [0, pieces) and returns when all have run. Runs inline
  // when called from inside a piece or while another thread's loop holds the pool.
  void run(int64_t pieces, Body body, void* context) {
    bool expected = false;
    if (pieces <= 1 || workers_.empty() || insidePiece() ||
        !busy_.compare_exchange_strong(expected, true, std::memory_order_acquire)) {
      for (int64_t piece = 0; piece < pieces; piece++) body(context, piece);
      return;
    }
    const uint64_t generation = (state_.load(std::memory_order_relaxed) >> 32) + 1;
    // Lock the counter while the job is written, so a worker reading a half-written job cannot claim from it.
    state_.store(pack(generation, kLocked), std::memory_order_seq_cst);
    // Release: a worker that reads any of these new values also sees the locked counter, so its claim on
    // the previous job's counter fails.
    body_.store(body, std::memory_order_release);
    context_.store(context, std::memory_order_release);
    pieces_.store(pieces, std::memory_order_release);
    completed_.store(0, std::memory_order_relaxed);
    state_.store(pack(generation, 0), std::memory_order_release);
    {
      // An empty critical section orders the store above before any worker's check of its wait predicate.
      std::lock_guard<std::mutex> lock(mutex_);
    }
    wake_.notify_all();
    insidePiece() = true;
    work(generation);
    insidePiece() = false;
    while (completed_.load(std::memory_order_acquire) < pieces) std::this_thread::yield();
    busy_.store(false, std::memory_order_release);
  }

 private:
  static constexpr uint64_t kLocked = 0xFFFFFFFFu;

  explicit ThreadPool(int threads) : threads_(threads) { startWorkers(); }

  static uint64_t pack(uint64_t generation, uint64_t next) { return (generation << 32) | next; }

  static bool& insidePiece() {
    static thread_local bool inside = false;
    return inside;
  }

  // Claims and runs pieces of job `generation` until none is left or a newer job has replaced it.
  void work(uint64_t generation) {
    while (true) {
      uint64_t state = state_.load(std::memory_order_acquire);
      if ((state >> 32) != generation) return;
      const uint64_t next = state & kLocked;
      const Body body = body_.load(std::memory_order_acquire);
      void* context = context_.load(std::memory_order_acquire);
      const int64_t pieces = pieces_.load(std::memory_order_acquire);
      if (next >= static_cast<uint64_t>(pieces)) return;
      // Succeeds only if the job read above is still the current one and this piece is still free.
      if (!state_.compare_exchange_weak(state, state + 1, std::memory_order_acq_rel)) continue;
      body(context, static_cast<int64_t>(next));
      completed_.fetch_add(1, std::memory_order_release);
    }
  }

  void workerLoop() {
    insidePiece() = true;
    uint64_t seen = state_.load(std::memory_order_acquire) >> 32;
    while (true) {
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [&] { return stopping_ || (state_.load(std::memory_order_acquire) >> 32) != seen; });
        if (stopping_) return;
      }
      seen = state_.load(std::memory_order_acquire) >> 32;
      work(seen);
    }
  }

  void startWorkers() {
    stopping_ = false;
    for (int index = 1; index < threads(); index++) workers_.emplace_back([this] { workerLoop(); });
  }

  void stopWorkers() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    for (std::thread& worker : workers_) worker.join();
    workers_.clear();
  }

  std::atomic<int> threads_;
  std::atomic<uint64_t> state_{0};  // generation << 32 | next unclaimed piece
  std::atomic<Body> body_{nullptr};
  std::atomic<void*> context_{nullptr};
  std::atomic<int64_t> pieces_{0};
  std::atomic<int64_t> completed_{0};
  std::atomic<bool> busy_{false};
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

// Threads a kernel may use (set through setThreads; by default one per core, or OMP_NUM_THREADS).
inline int maxThreads() { return ThreadPool::instance().threads(); }

// Start of part `part` of `count` items split into `parts` nearly equal ranges.
inline int64_t rangeStart(int64_t count, int64_t part, int64_t parts) { return count * part / parts; }

// Runs body(piece) for piece in [0, pieces) on the pool (see ThreadPool::run).
template <class Function>
void forEachPiece(int64_t pieces, Function&& function) {
  using Callable = std::remove_reference_t<Function>;
  ThreadPool::instance().run(
      pieces, [](void* context, int64_t piece) { (*static_cast<Callable*>(context))(piece); },
      const_cast<void*>(static_cast<const void*>(&function)));
}

// Runs body(begin, end) over [0, count) on up to maxThreads() threads. Below `grain` items per thread
// the hand-off costs more than it saves, so fewer threads are used. The range is cut into a few pieces
// per thread that threads take as they come free: a thread the OS preempts then holds up one small
// piece, not half the work. Every kernel computes each output the same way whichever piece it falls in,
// so the split never changes a result.
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
  forEachPiece(pieces, [&](int64_t piece) {
    const int64_t begin = rangeStart(count, piece, pieces);
    const int64_t end = rangeStart(count, piece + 1, pieces);
    if (begin < end) body(begin, end);
  });
}

}  // namespace clearbench

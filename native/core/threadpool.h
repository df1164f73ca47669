// The kernels' thread pool: LERNWERK_NUM_THREADS workers (default: the number of cores), the
// calling thread being one of them. Exceptions thrown by any worker reach the caller; workers
// are joined when the addon unloads.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>

namespace lw {

/** Runs fn(tid, n) on n threads (n ≤ numThreads()) and waits; rethrows a worker's exception. */
void parallelRun(int n, const std::function<void(int tid, int n)>& fn);

/** Splits [0, total) into chunks of at least `grain` and runs fn(begin, end) on them in parallel. */
void parallelFor(int64_t total, int64_t grain, const std::function<void(int64_t, int64_t)>& fn);

int numThreads();
void setNumThreads(int n);
/** Stops and joins the workers (also done at exit); the pool restarts on the next use. */
void shutdownPool();

/** A reusable barrier for the n threads of one parallelRun. */
class Barrier {
 public:
  explicit Barrier(int n) : n_(n) {}
  void wait();

 private:
  const int n_;
  std::atomic<int> count_{0};
  std::atomic<int> phase_{0};
};

}  // namespace lw

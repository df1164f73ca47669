// Fork-join thread pool: one job at a time, workers spin briefly after a job (back-to-back
// kernels are common) and then sleep on a condition variable.
#include "threadpool.h"

#include <algorithm>
#include <condition_variable>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace lw {
namespace {

void cpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

int defaultThreads() {
  if (const char* env = std::getenv("LERNWERK_NUM_THREADS")) {
    const int n = std::atoi(env);
    if (n >= 1) return n > 256 ? 256 : n;
  }
  const unsigned hc = std::thread::hardware_concurrency();
  return hc == 0 ? 1 : static_cast<int>(hc);
}

class Pool {
 public:
  int size = defaultThreads();

  ~Pool() { stop(); }

  void run(int n, const std::function<void(int, int)>& fn) {
    std::unique_lock<std::mutex> busy(runMutex_, std::try_to_lock);
    if (n <= 1 || !busy.owns_lock()) {  // serial, or nested inside a running job
      fn(0, 1);
      return;
    }
    start(size - 1);
    job_ = &fn;
    jobN_ = n;
    error_ = nullptr;
    // Every worker checks in for every job (idle ones too), so jobs never overlap.
    remaining_.store(static_cast<int>(workers_.size()), std::memory_order_relaxed);
    {
      std::lock_guard<std::mutex> lk(m_);
      generation_.fetch_add(1, std::memory_order_release);
    }
    cv_.notify_all();
    try {
      fn(0, n);
    } catch (...) {
      record(std::current_exception());
    }
    for (int spins = 0; remaining_.load(std::memory_order_acquire) != 0; spins++) {
      if (spins < 4096) cpuRelax(); else std::this_thread::yield();
    }
    job_ = nullptr;
    if (error_) std::rethrow_exception(error_);
  }

  void stop() {
    std::lock_guard<std::mutex> busy(runMutex_);  // never while a job runs
    {
      std::lock_guard<std::mutex> lk(m_);
      stopping_ = true;
    }
    cv_.notify_all();
    for (auto& t : workers_) t.join();
    workers_.clear();
    stopping_ = false;
  }

 private:
  std::mutex runMutex_, m_, errorMutex_;
  std::condition_variable cv_;
  std::vector<std::thread> workers_;
  const std::function<void(int, int)>* job_ = nullptr;
  int jobN_ = 0;
  std::atomic<uint64_t> generation_{0};
  std::atomic<int> remaining_{0};
  bool stopping_ = false;
  std::exception_ptr error_;

  void start(int nWorkers) {
    while (static_cast<int>(workers_.size()) < nWorkers) {
      const int tid = static_cast<int>(workers_.size()) + 1;
      const uint64_t seen = generation_.load(std::memory_order_acquire);  // before the job about to start
      workers_.emplace_back([this, tid, seen] { loop(tid, seen); });
    }
  }

  void record(std::exception_ptr e) {
    std::lock_guard<std::mutex> lk(errorMutex_);
    if (!error_) error_ = e;
  }

  void loop(int tid, uint64_t seen) {
    for (;;) {
      // Spin a little for the next job, then sleep.
      for (int spins = 0; spins < 20000 && generation_.load(std::memory_order_acquire) == seen; spins++) cpuRelax();
      if (generation_.load(std::memory_order_acquire) == seen) {
        std::unique_lock<std::mutex> lk(m_);
        cv_.wait(lk, [&] { return stopping_ || generation_.load(std::memory_order_acquire) != seen; });
        if (stopping_) return;
      }
      seen = generation_.load(std::memory_order_acquire);
      if (tid < jobN_) {
        try {
          (*job_)(tid, jobN_);
        } catch (...) {
          record(std::current_exception());
        }
      }
      remaining_.fetch_sub(1, std::memory_order_acq_rel);
    }
  }
};

Pool& pool() {
  static Pool p;
  return p;
}

}  // namespace

void parallelRun(int n, const std::function<void(int, int)>& fn) {
  Pool& p = pool();
  if (n > p.size) n = p.size;
  p.run(n, fn);
}

void parallelFor(int64_t total, int64_t grain, const std::function<void(int64_t, int64_t)>& fn) {
  if (total <= 0) return;
  int64_t chunks = total / (grain < 1 ? 1 : grain);
  const int n = static_cast<int>(std::min<int64_t>(chunks < 1 ? 1 : chunks, numThreads()));
  if (n <= 1) {
    fn(0, total);
    return;
  }
  parallelRun(n, [&](int tid, int nt) {
    const int64_t b = total * tid / nt, e = total * (tid + 1) / nt;
    if (b < e) fn(b, e);
  });
}

int numThreads() { return pool().size; }

void setNumThreads(int n) {
  Pool& p = pool();
  p.stop();
  p.size = n < 1 ? 1 : n;
}

void shutdownPool() { pool().stop(); }

void Barrier::wait() {
  const int phase = phase_.load(std::memory_order_acquire);
  if (count_.fetch_add(1, std::memory_order_acq_rel) == n_ - 1) {
    count_.store(0, std::memory_order_relaxed);
    phase_.fetch_add(1, std::memory_order_acq_rel);
    return;
  }
  for (int spins = 0; phase_.load(std::memory_order_acquire) == phase; spins++) {
    if (spins < 4096) cpuRelax(); else std::this_thread::yield();
  }
}

}  // namespace lw

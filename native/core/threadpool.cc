// Fork-join thread pool with claimed tasks: the caller publishes a job, claims its tasks with the workers
// and then waits only for tasks already running elsewhere. Idle workers spin for a bounded time (back-to-back
// kernels are common), then sleep on a condition variable, so a loaded machine keeps its cores.
#include "threadpool.h"

#include <algorithm>
#include <chrono>
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

using Clock = std::chrono::steady_clock;
// NOTE: how long an idle worker spins before it sleeps, and how long a waiting thread spins before it yields.
// Short on purpose: a caller never waits for a worker that is not awake yet, so a longer spin buys little and
// costs a core that another process on a busy machine wants.
constexpr auto kIdleSpin = std::chrono::microseconds(50);
constexpr auto kWaitSpin = std::chrono::microseconds(20);

/** Spins until done() or `budget` has passed; true when done() became true. */
template <typename F> bool spinFor(Clock::duration budget, F done) {
  const auto until = Clock::now() + budget;
  for (;;) {
    for (int i = 0; i < 64; i++) {
      if (done()) return true;
      cpuRelax();
    }
    if (Clock::now() >= until) return done();
  }
}

int defaultThreads() {
  if (const char* env = std::getenv("LERNWERK_NUM_THREADS")) {
    const int n = std::atoi(env);
    if (n >= 1) return n > 256 ? 256 : n;
  }
  const unsigned hc = std::thread::hardware_concurrency();
  return hc == 0 ? 1 : static_cast<int>(hc);
}

using Fn = std::function<void(int, int)>;

class Pool {
 public:
  int size = defaultThreads();

  ~Pool() { stop(); }

  void run(int n, const Fn& fn) {
    std::unique_lock<std::mutex> busy(runMutex_, std::try_to_lock);
    if (n == 1 || size <= 1 || !busy.owns_lock()) {  // serial, or nested inside a running job
      for (int t = 0; t < n; t++) fn(t, n);  // the same tasks, so results do not depend on which threads ran them
      return;
    }
    start(size - 1);
    error_ = nullptr;
    job_.store(&fn, std::memory_order_relaxed);
    jobN_.store(n, std::memory_order_relaxed);
    done_.store(0, std::memory_order_relaxed);
    const uint64_t gen = ++generation_;
    // seq_cst store, then the seq_cst load of sleepers_: a worker going to sleep either sees this job or is counted.
    state_.store(gen << 32, std::memory_order_seq_cst);
    if (sleepers_.load(std::memory_order_seq_cst) > 0) {
      { std::lock_guard<std::mutex> lk(m_); }
      cv_.notify_all();
    }
    work(gen, n, fn);
    const auto finished = [&] { return done_.load(std::memory_order_acquire) == n; };
    if (!spinFor(kWaitSpin, finished))
      while (!finished()) std::this_thread::yield();  // a task runs on a worker the OS has preempted
    job_.store(nullptr, std::memory_order_relaxed);
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
  // The job: generation << 32 | next unclaimed task. Claims are compare-exchanges on the whole word, so a late
  // worker can never claim a task of a newer job with the function of an older one.
  std::atomic<uint64_t> state_{0};
  uint64_t generation_ = 0;  // written by the caller only
  std::atomic<const Fn*> job_{nullptr};
  std::atomic<int> jobN_{0};
  std::atomic<int> done_{0};
  std::atomic<int> sleepers_{0};
  bool stopping_ = false;  // guarded by m_
  std::exception_ptr error_;

  void start(int nWorkers) {
    while (static_cast<int>(workers_.size()) < nWorkers) workers_.emplace_back([this] { loop(); });
  }

  void record(std::exception_ptr e) {
    std::lock_guard<std::mutex> lk(errorMutex_);
    if (!error_) error_ = e;
  }

  /** The next task of job `gen`, or -1 when it has none left (or a newer job has replaced it). */
  int claim(uint64_t gen, int n) {
    uint64_t s = state_.load(std::memory_order_acquire);
    while ((s >> 32) == gen && static_cast<int>(s & 0xffffffffu) < n) {
      if (state_.compare_exchange_weak(s, s + 1, std::memory_order_acq_rel, std::memory_order_acquire))
        return static_cast<int>(s & 0xffffffffu);
    }
    return -1;
  }

  /** Runs tasks of job `gen` until none is left to claim. */
  void work(uint64_t gen, int n, const Fn& fn) {
    for (int t; (t = claim(gen, n)) >= 0;) {
      try {
        fn(t, n);
      } catch (...) {
        record(std::current_exception());
      }
      done_.fetch_add(1, std::memory_order_release);
    }
  }

  void loop() {
    uint64_t seen = state_.load(std::memory_order_acquire) >> 32;
    for (;;) {
      const auto fresh = [&] { return (state_.load(std::memory_order_acquire) >> 32) != seen; };
      if (!spinFor(kIdleSpin, fresh)) {
        std::unique_lock<std::mutex> lk(m_);
        sleepers_.fetch_add(1, std::memory_order_seq_cst);
        cv_.wait(lk, [&] { return stopping_ || fresh(); });
        sleepers_.fetch_sub(1, std::memory_order_relaxed);
        if (stopping_) return;
      }
      seen = state_.load(std::memory_order_acquire) >> 32;
      // A claim succeeds only while job `seen` is unfinished, so the function read here is still alive then.
      const Fn* fn = job_.load(std::memory_order_relaxed);
      const int n = jobN_.load(std::memory_order_relaxed);
      if (fn) work(seen, n, *fn);
    }
  }
};

Pool& pool() {
  static Pool p;
  return p;
}

}  // namespace

void parallelRun(int nTasks, const std::function<void(int, int)>& fn) {
  if (nTasks <= 0) return;
  pool().run(nTasks, fn);
}

void parallelFor(int64_t total, int64_t grain, const std::function<void(int64_t, int64_t)>& fn) {
  if (total <= 0) return;
  const int64_t chunks = total / (grain < 1 ? 1 : grain);
  const int threads = numThreads();
  if (chunks < 2 || threads <= 1) {
    fn(0, total);
    return;
  }
  // Up to 4 tasks per thread: a worker the OS preempts mid-task holds the others up for a quarter share at most.
  const int n = static_cast<int>(std::min<int64_t>(chunks, int64_t{4} * threads));
  parallelRun(n, [&](int t, int nt) {
    const int64_t b = total * t / nt, e = total * (t + 1) / nt;
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

void waitFor(const std::atomic<int64_t>& a, int64_t target) {
  const auto reached = [&] { return a.load(std::memory_order_acquire) >= target; };
  if (!spinFor(kWaitSpin, reached))
    while (!reached()) std::this_thread::yield();
}

}  // namespace lw

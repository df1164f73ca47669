// The kernels' thread pool: LERNWERK_NUM_THREADS threads (default: the number of cores), the calling
// thread being one of them. A job's tasks are claimed by whichever threads are free, so a worker the OS
// has not scheduled never holds the caller up; exceptions reach the caller; workers are joined at unload.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>

namespace lw {

/**
 * Runs fn(task, nTasks) for every task in [0, nTasks) and waits. The calling thread claims tasks too, and
 * workers join as they wake up, so tasks may run one after another on one thread: a task must never wait
 * for another task (no barriers between tasks). Rethrows the first exception a task threw.
 */
void parallelRun(int nTasks, const std::function<void(int task, int nTasks)>& fn);

/**
 * Splits [0, total) into chunks of at least `grain` and runs fn(begin, end) on them in parallel; below two
 * grains it runs fn(0, total) on the calling thread without waking anyone.
 */
void parallelFor(int64_t total, int64_t grain, const std::function<void(int64_t, int64_t)>& fn);

int numThreads();
void setNumThreads(int n);
/** Stops and joins the workers (also done at exit); the pool restarts on the next use. */
void shutdownPool();

/** Waits until `a` reaches `target`: a short spin, then yielding the core (for counters other threads advance). */
void waitFor(const std::atomic<int64_t>& a, int64_t target);

}  // namespace lw

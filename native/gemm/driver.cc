// Blocked, packed GEMM (the BLIS loop nest): B blocks of kc×nc and A blocks of mc×kc are
// packed into micro-panels (which is where transposes and any strides are absorbed), then the
// register-tiled micro-kernel of the chosen instruction set runs over them. Threads share the
// packed B block and claim chunks of C's rows (or of its columns when C has few rows) without
// barriers; batches of small matrices are split between threads whole.
#include <algorithm>
#include <atomic>
#include <memory>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <new>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "../core/threadpool.h"
#include "gemm.h"
#include "microkernel.h"

namespace lw {
namespace {

class AlignedBuffer {
 public:
  ~AlignedBuffer() { std::free(p_); }
  void* get(size_t bytes) {
    if (bytes > size_) {
      std::free(p_);
      size_ = (bytes + 63) & ~size_t{63};
      p_ = std::aligned_alloc(64, size_);
      if (!p_) {
        size_ = 0;
        throw std::bad_alloc();
      }
    }
    return p_;
  }

 private:
  void* p_ = nullptr;
  size_t size_ = 0;
};

thread_local AlignedBuffer tlsPackA, tlsPackB;

/** Products (all batches together) below this many flops run on the calling thread alone. */
constexpr double kGemmParallelFlops = 2.0e6;

/**
 * The depth of K's blocks: at most the kernel's kc, the blocks as equal as whole multiples of 8 allow, so that K just
 * over kc does not leave a thin last block (512 = 256 + 256 instead of 384 + 128: 2 threads, 512³ ~+4 %).
 */
template <typename T> int64_t kcFor(const MicroKernel<T>& uk, int64_t K) {
  const int64_t blocks = std::max<int64_t>(1, (K + uk.kc - 1) / uk.kc);
  return std::min<int64_t>(uk.kc, ((K + blocks - 1) / blocks + 7) / 8 * 8);
}

/** How many (nc, kc) blocks of B the loop nest of a K×N product walks: BlockWork counters per product. */
template <typename T> int64_t blocksOf(const MicroKernel<T>& uk, int64_t K, int64_t N) {
  const int64_t kcb = kcFor(uk, K);
  return ((N + uk.nc - 1) / uk.nc) * ((K + kcb - 1) / kcb);
}

/** A strided matrix: element (r, c) is p[r * rs + c * cs]. */
template <typename T> struct Mat {
  const T* p;
  int64_t rs, cs;
};

// ---- instruction-set choice ---------------------------------------------------------------

const KernelSet* (*const kCandidates[])() = {&kernelsAvx512, &kernelsAvx2, &kernelsPortable};

const KernelSet* bestKernels() {
  for (auto f : kCandidates)
    if (const KernelSet* k = f()) return k;
  return nullptr;
}

struct IsaChoice {
  const KernelSet* kernels = nullptr;  // nullptr: the scalar reference
  IsaChoice() {
    kernels = bestKernels();
    if (const char* env = std::getenv("LERNWERK_ISA")) {
      try {
        apply(env);
      } catch (const std::exception&) {  // unknown or unsupported: keep the best one
      }
    }
  }
  void apply(const std::string& name) {
    if (name == "scalar") {
      kernels = nullptr;
      return;
    }
    for (auto f : kCandidates) {
      const KernelSet* k = f();
      if (k && name == k->isa) {
        kernels = k;
        return;
      }
    }
    throw std::runtime_error("setIsa: \"" + name + "\" is not available on this CPU/build; available: " + gemmIsasAvailable());
  }
};

IsaChoice& isa() {
  static IsaChoice c;
  return c;
}

// ---- packing --------------------------------------------------------------------------------

/** Whether transpose4 exists for T: the packing of transposed operands moves 4×4 blocks through vector registers. */
template <typename T> constexpr bool kVecTranspose = std::is_same<T, float>::value;

typedef float v4f __attribute__((vector_size(16)));

/**
 * dst[c * dstride + r] = src[r * sstride + c] for r, c in [0, 4): four vector loads, eight shuffles, four vector
 * stores instead of 16 scalar moves (SSE2/NEON with the baseline flags). packA of a row-major 256×256 A went
 * from 10 % of the single-thread product's time to ~3 %; packB of a transposed 768×768 B ~4× faster.
 */
template <typename T> inline void transpose4(const T* src, int64_t sstride, T* dst, int64_t dstride) {
  v4f r[4], t[4];
  for (int i = 0; i < 4; i++) __builtin_memcpy(&r[i], src + i * sstride, sizeof(v4f));
  t[0] = __builtin_shufflevector(r[0], r[1], 0, 4, 1, 5);
  t[1] = __builtin_shufflevector(r[0], r[1], 2, 6, 3, 7);
  t[2] = __builtin_shufflevector(r[2], r[3], 0, 4, 1, 5);
  t[3] = __builtin_shufflevector(r[2], r[3], 2, 6, 3, 7);
  r[0] = __builtin_shufflevector(t[0], t[2], 0, 1, 4, 5);
  r[1] = __builtin_shufflevector(t[0], t[2], 2, 3, 6, 7);
  r[2] = __builtin_shufflevector(t[1], t[3], 0, 1, 4, 5);
  r[3] = __builtin_shufflevector(t[1], t[3], 2, 3, 6, 7);
  for (int i = 0; i < 4; i++) __builtin_memcpy(dst + i * dstride, &r[i], sizeof(v4f));
}

/** Packs rows [0, mb) × cols [0, kc) of A into MR-row micro-panels, zero-padded. */
template <typename T> void packA(const MicroKernel<T>& uk, Mat<T> A, int64_t mb, int64_t kc, T* dst) {
  const int MR = uk.mr;
  for (int64_t ir = 0; ir < mb; ir += MR, dst += MR * kc) {
    const int rows = static_cast<int>(std::min<int64_t>(MR, mb - ir));
    const T* src = A.p + ir * A.rs;
    if (rows < MR) std::memset(static_cast<void*>(dst), 0, sizeof(T) * MR * kc);
    if (A.cs == 1) {
      if constexpr (kVecTranspose<T>) {
        if (MR % 4 == 0 && rows == MR) {
          const int64_t kv = kc / 4 * 4;
          for (int i = 0; i < MR; i += 4)
            for (int64_t k = 0; k < kv; k += 4) transpose4(src + i * A.rs + k, A.rs, dst + k * MR + i, MR);
          for (int i = 0; i < MR; i++)
            for (int64_t k = kv; k < kc; k++) dst[k * MR + i] = src[i * A.rs + k];
          continue;
        }
      }
      for (int i = 0; i < rows; i++) {
        const T* s = src + i * A.rs;
        for (int64_t k = 0; k < kc; k++) dst[k * MR + i] = s[k];
      }
    } else if (A.rs == 1 && rows == MR) {
      for (int64_t k = 0; k < kc; k++) std::memcpy(dst + k * MR, src + k * A.cs, sizeof(T) * MR);
    } else {
      for (int64_t k = 0; k < kc; k++)
        for (int i = 0; i < rows; i++) dst[k * MR + i] = src[i * A.rs + k * A.cs];
    }
  }
}

/** Packs NR-column micro-panels [p0, p1) of the kc × nb block B, zero-padded. */
template <typename T> void packB(const MicroKernel<T>& uk, Mat<T> B, int64_t kc, int64_t nb, int64_t p0, int64_t p1, T* dst) {
  const int NR = uk.nr;
  for (int64_t p = p0; p < p1; p++) {
    const int64_t jr = p * NR;
    const int cols = static_cast<int>(std::min<int64_t>(NR, nb - jr));
    const T* src = B.p + jr * B.cs;
    T* d = dst + p * NR * kc;
    if (cols < NR) std::memset(static_cast<void*>(d), 0, sizeof(T) * NR * kc);
    if (B.cs == 1) {
      for (int64_t k = 0; k < kc; k++) std::memcpy(d + k * NR, src + k * B.rs, sizeof(T) * cols);
    } else if (B.rs == 1) {
      int j = 0;
      if constexpr (kVecTranspose<T>) {
        const int64_t kv = kc / 4 * 4;
        for (; j + 4 <= cols; j += 4) {
          for (int64_t k = 0; k < kv; k += 4) transpose4(src + j * B.cs + k, B.cs, d + k * NR + j, NR);
          for (int64_t k = kv; k < kc; k++)
            for (int jj = j; jj < j + 4; jj++) d[k * NR + jj] = src[jj * B.cs + k];
        }
      }
      for (; j < cols; j++) {
        const T* s = src + j * B.cs;
        for (int64_t k = 0; k < kc; k++) d[k * NR + j] = s[k];
      }
    } else {
      for (int64_t k = 0; k < kc; k++)
        for (int j = 0; j < cols; j++) d[k * NR + j] = src[k * B.rs + j * B.cs];
    }
  }
}

// ---- the loop nest --------------------------------------------------------------------------

/** C[mb × nb] (+)= packed A block · packed B panels [p0, p1); edge tiles go through a local tile. */
template <typename T>
void macroKernel(const MicroKernel<T>& uk, int64_t mb, int64_t nb, int64_t kc, const T* pa, const T* pb, T* C,
                 int64_t ldc, bool accumulate, int64_t p0, int64_t p1) {
  const int MR = uk.mr, NR = uk.nr;
  alignas(64) T tile[32 * 64];
  for (int64_t p = p0; p < p1; p++) {
    const int64_t j = p * NR;
    const int nr = static_cast<int>(std::min<int64_t>(NR, nb - j));
    const T* b = pb + p * NR * kc;
    for (int64_t i = 0; i < mb; i += MR) {
      const int mr = static_cast<int>(std::min<int64_t>(MR, mb - i));
      const T* a = pa + i * kc;
      T* c = C + i * ldc + j;
      // The last panel of C's columns uses the narrowest kernel that covers it: 256 = 10·24 + 16 columns computes
      // 16, not 24, and stores straight into C when the 16 are all real.
      const int nv = (nr + uk.vw - 1) / uk.vw;
      const auto run = nv * uk.vw < NR && uk.narrow[nv - 1] ? uk.narrow[nv - 1] : uk.run;
      if (mr == MR && (nr == NR || nr == nv * uk.vw)) {
        run(kc, a, b, c, ldc, accumulate);
      } else {
        run(kc, a, b, tile, NR, false);
        for (int ii = 0; ii < mr; ii++)
          for (int jj = 0; jj < nr; jj++) c[ii * ldc + jj] = accumulate ? c[ii * ldc + jj] + tile[ii * NR + jj] : tile[ii * NR + jj];
      }
    }
  }
}

/** Work counters of one (batch, jc, pc) block, shared by the threads: claimed and finished packs and row chunks. */
struct BlockWork {
  std::atomic<int64_t> packNext{0}, packDone{0}, rowNext{0}, rowDone{0};
};

/**
 * Claims chunks of [0, total) from `next` and calls f(begin, end) on each, adding each chunk's size to `done`;
 * then waits until all of [0, total) is done (by whichever threads claimed it).
 */
template <typename F> void shareChunks(std::atomic<int64_t>& next, std::atomic<int64_t>& done, int64_t total, int64_t chunk, F f) {
  for (;;) {
    const int64_t b = next.fetch_add(chunk, std::memory_order_relaxed);
    if (b >= total) break;
    const int64_t e = std::min(total, b + chunk);
    f(b, e);
    done.fetch_add(e - b, std::memory_order_acq_rel);
  }
  waitFor(done, total);
}

/**
 * One product C(M×N, dense) = A·B, worked on by every task of the job that calls this with the same arguments
 * (`work` non-null) or by one thread alone (`work` null). The tasks fill the shared packed-B block together, then
 * take chunks of C's rows (or of its column panels when C has few rows). There is no barrier: a task waits only
 * for chunks another task has claimed, so a task that starts late (its thread was asleep or preempted) finds the
 * early blocks done and joins in, and one task alone computes the whole product.
 */
template <typename T>
void gemmOne(const MicroKernel<T>& uk, int64_t M, int64_t N, int64_t K, Mat<T> A, Mat<T> B, T* C, int nt, T* sharedB, BlockWork* work,
             const T* prepacked = nullptr, int64_t ldc = -1, bool accumulate = false) {
  const int MR = uk.mr, NR = uk.nr;
  if (ldc < 0) ldc = N;
  if (K == 0) {
    if (!accumulate && (!work || work->packNext.fetch_add(1) == 0))
      for (int64_t i = 0; i < M; i++) std::memset(static_cast<void*>(C + i * ldc), 0, sizeof(T) * N);
    return;
  }
  // Row chunks each stream the whole packed B block: with fewer than mc/2 rows a thread, splitting C's columns instead
  // reads B once (64×7744×288: 106 -> 202 GFLOP/s on 2 threads; 100×4096×1024: 135 -> 208).
  const bool splitRows = nt == 1 || M >= int64_t{uk.mc} / 2 * nt;
  const int64_t rowChunk = std::min<int64_t>(uk.mc, ((M + 4 * nt - 1) / (4 * nt) + MR - 1) / MR * MR);
  T* pa = static_cast<T*>(tlsPackA.get(sizeof(T) * uk.mc * uk.kc));
  const int64_t kcb = kcFor(uk, K);
  for (int64_t jc = 0, iter = 0; jc < N; jc += uk.nc) {
    const int64_t nc = std::min<int64_t>(uk.nc, N - jc);
    const int64_t panels = (nc + NR - 1) / NR;
    for (int64_t pc = 0; pc < K; pc += kcb, iter++) {
      const int64_t kc = std::min<int64_t>(kcb, K - pc);
      BlockWork local;
      BlockWork& w = work ? work[iter] : local;
      const Mat<T> Bblk{B.p + pc * B.rs + jc * B.cs, B.rs, B.cs};
      // B's blocks were packed beforehand (packAllB, in this loop's order), or are packed here by the tasks together.
      const T* blockB = sharedB;
      if (prepacked) {
        blockB = prepacked;
        prepacked += kc * panels * NR;
      } else {
        shareChunks(w.packNext, w.packDone, panels, 4, [&](int64_t p0, int64_t p1) { packB(uk, Bblk, kc, nc, p0, p1, sharedB); });
      }
      // Waiting for every chunk (in shareChunks) also keeps the next block from overwriting sharedB too early.
      if (splitRows) {
        shareChunks(w.rowNext, w.rowDone, M, nt == 1 ? M : rowChunk, [&](int64_t r0, int64_t r1) {
          for (int64_t ic = r0; ic < r1; ic += uk.mc) {
            const int64_t mb = std::min<int64_t>(uk.mc, r1 - ic);
            packA(uk, Mat<T>{A.p + ic * A.rs + pc * A.cs, A.rs, A.cs}, mb, kc, pa);
            macroKernel(uk, mb, nc, kc, pa, blockB, C + ic * ldc + jc, ldc, accumulate || pc > 0, 0, panels);
          }
        });
      } else {
        shareChunks(w.rowNext, w.rowDone, panels, std::max<int64_t>(1, panels / (4 * nt)), [&](int64_t p0, int64_t p1) {
          for (int64_t ic = 0; ic < M; ic += uk.mc) {
            const int64_t mb = std::min<int64_t>(uk.mc, M - ic);
            packA(uk, Mat<T>{A.p + ic * A.rs + pc * A.cs, A.rs, A.cs}, mb, kc, pa);
            macroKernel(uk, mb, nc, kc, pa, blockB, C + ic * ldc + jc, ldc, accumulate || pc > 0, p0, p1);
          }
        });
      }
    }
  }
}

// ---- few rows of A: B read in place ----------------------------------------------------------

/** Products with at most this many rows of A and B rows or columns contiguous skip packing (smallm.inl). */
constexpr int64_t kSmallM = 8;
/** Column chunks of one small-M product split between threads start at multiples of this (whole vector blocks). */
constexpr int64_t kSmallChunkAlign = 64;

/** Columns [n0, n1) of C (row stride ldc) = A·B with M <= kSmallM and B.cs == 1 or B.rs == 1, B read in place. */
template <typename T> void smallPart(const MicroKernel<T>& uk, int64_t M, int64_t K, Mat<T> A, Mat<T> B, int64_t n0, int64_t n1, T* C, int64_t ldc) {
  if (B.cs == 1 || K == 0) return uk.rowsB(M, n1 - n0, K, A.p, A.rs, A.cs, B.p + n0 * B.cs, B.rs, C + n0, ldc);
  const T* a = A.p;
  int64_t ars = A.rs;
  if (A.cs != 1 && K > 1) {  // the dot products load A's rows as vectors: copy the few rows dense
    T* d = static_cast<T*>(tlsPackA.get(sizeof(T) * M * K));
    for (int64_t m = 0; m < M; m++)
      for (int64_t k = 0; k < K; k++) d[m * K + k] = A.p[m * A.rs + k * A.cs];
    a = d, ars = K;
  }
  uk.colsB(M, n1 - n0, K, a, ars, B.p + n0 * B.cs, B.cs, C + n0, ldc);
}

/**
 * C = A·B for each of Bt products with M <= kSmallM and B.cs == 1 or B.rs == 1. Threads take whole products
 * when there are enough of them, else column ranges of each (only C's columns are split: A is tiny).
 */
template <typename T>
void smallBatched(const MicroKernel<T>& uk, int64_t Bt, int64_t M, int64_t N, int64_t K, const std::function<Mat<T>(int64_t)>& matA,
                  const std::function<Mat<T>(int64_t)>& matB, T* pc, double flops) {
  auto part = [&](int64_t bi, int64_t n0, int64_t n1) { smallPart(uk, M, K, matA(bi), matB(bi), n0, n1, pc + bi * M * N, N); };
  const int nt = flops * Bt < kGemmParallelFlops ? 1 : numThreads();
  if (nt == 1) {
    for (int64_t bi = 0; bi < Bt; bi++) part(bi, 0, N);
    return;
  }
  // Units of work: (product, column range); up to 4 tasks per thread so a preempted worker holds up little.
  const int64_t parts = Bt >= nt ? 1 : std::max<int64_t>(1, std::min<int64_t>((4 * nt + Bt - 1) / Bt, N / kSmallChunkAlign));
  const int64_t units = Bt * parts;
  parallelRun(static_cast<int>(std::min<int64_t>(units, int64_t{4} * nt)), [&](int t, int n) {
    for (int64_t u = units * t / n; u < units * (t + 1) / n; u++) {
      const int64_t p = u % parts;
      const int64_t n0 = N * p / parts / kSmallChunkAlign * kSmallChunkAlign;
      const int64_t n1 = p + 1 == parts ? N : N * (p + 1) / parts / kSmallChunkAlign * kSmallChunkAlign;
      if (n0 < n1) part(u / parts, n0, n1);
    }
  });
}

// ---- the batched driver ---------------------------------------------------------------------

template <typename T> void gemmBatched(const MicroKernel<T>& uk, const View& a, const View& b, View& out) {
  const int64_t Bt = a.shape[0], M = a.shape[1], K = a.shape[2], N = b.shape[2];
  if (Bt == 0 || M == 0 || N == 0) return;
  const T* pa = a.ptr<T>() + a.offset;
  const T* pb = b.ptr<T>() + b.offset;
  T* pc = out.ptr<T>();
  auto matA = [&](int64_t bi) { return Mat<T>{pa + bi * a.strides[0], a.strides[1], a.strides[2]}; };
  auto matB = [&](int64_t bi) { return Mat<T>{pb + bi * b.strides[0], b.strides[1], b.strides[2]}; };
  const double flops = 2.0 * static_cast<double>(M) * N * K;
  if (M <= kSmallM && (b.strides[2] == 1 || b.strides[1] == 1 || K == 0) && uk.rowsB)
    return smallBatched<T>(uk, Bt, M, N, K, matA, matB, pc, flops);
  const size_t packBBytes = sizeof(T) * uk.kc * ((std::min<int64_t>(uk.nc, N) + uk.nr - 1) / uk.nr * uk.nr);
  int nt = numThreads();
  if (flops * Bt < kGemmParallelFlops) nt = 1;  // too small to be worth waking threads
  if (nt == 1) {
    T* sb = static_cast<T*>(tlsPackB.get(packBBytes));
    for (int64_t bi = 0; bi < Bt; bi++) gemmOne(uk, M, N, K, matA(bi), matB(bi), pc + bi * M * N, 1, sb, nullptr);
    return;
  }
  if (Bt >= nt && flops < 1.0e7) {
    // Many small products: whole matrices per task, each with its own packed B.
    const int tasks = static_cast<int>(std::min<int64_t>(Bt, int64_t{4} * nt));
    parallelRun(tasks, [&](int t, int n) {
      T* sb = static_cast<T*>(tlsPackB.get(packBBytes));
      for (int64_t bi = Bt * t / n; bi < Bt * (t + 1) / n; bi++)
        gemmOne(uk, M, N, K, matA(bi), matB(bi), pc + bi * M * N, 1, sb, nullptr);
    });
    return;
  }
  T* sharedB = static_cast<T*>(tlsPackB.get(packBBytes));
  const int64_t blocks = blocksOf(uk, K, N);
  std::unique_ptr<BlockWork[]> work(new BlockWork[blocks * Bt]);
  parallelRun(nt, [&](int, int) {
    for (int64_t bi = 0; bi < Bt; bi++)
      gemmOne(uk, M, N, K, matA(bi), matB(bi), pc + bi * M * N, nt, sharedB, work.get() + blocks * bi);
  });
}

/** Every (jc, pc) block of B packed, in gemmOne's loop order, into one 64-byte aligned buffer. */
template <typename T> std::shared_ptr<T> packAllB(const MicroKernel<T>& uk, Mat<T> B, int64_t K, int64_t N) {
  const int64_t kcb = kcFor(uk, K);
  size_t total = 0;
  for (int64_t jc = 0; jc < N; jc += uk.nc)
    for (int64_t pc = 0; pc < K; pc += kcb)
      total += static_cast<size_t>(std::min<int64_t>(kcb, K - pc) * ((std::min<int64_t>(uk.nc, N - jc) + uk.nr - 1) / uk.nr) * uk.nr);
  T* buf = static_cast<T*>(std::aligned_alloc(64, (sizeof(T) * total + 63) & ~size_t{63}));
  if (!buf) throw std::bad_alloc();
  std::shared_ptr<T> held(buf, [](T* p) { std::free(p); });
  T* d = buf;
  for (int64_t jc = 0; jc < N; jc += uk.nc) {
    const int64_t nc = std::min<int64_t>(uk.nc, N - jc), panels = (nc + uk.nr - 1) / uk.nr;
    for (int64_t pc = 0; pc < K; pc += kcb) {
      const int64_t kc = std::min<int64_t>(kcb, K - pc);
      packB(uk, Mat<T>{B.p + pc * B.rs + jc * B.cs, B.rs, B.cs}, kc, nc, 0, panels, d);
      d += kc * panels * uk.nr;
    }
  }
  return held;
}

}  // namespace

PackedRhs::PackedRhs(const View& b) {
  const KernelSet* ks = isa().kernels;
  if (!ks || b.dtype != DType::F32 || b.ndim != 3 || b.shape[0] != 1 || b.shape[1] == 0 || b.shape[2] == 0) return;
  K = b.shape[1], N = b.shape[2];
  kernel = &ks->f32;
  data = packAllB(ks->f32, Mat<float>{b.ptr<float>() + b.offset, b.strides[1], b.strides[2]}, K, N);
}

void matmulPacked(const View& a, const View& b, const PackedRhs& pb, View& out) {
  const KernelSet* ks = isa().kernels;
  const int64_t M = a.shape[1];
  // Few rows go through the small-M path (B read in place) as matmul would; so does anything the pack does not fit.
  if (!pb.data || !ks || &ks->f32 != pb.kernel || a.dtype != DType::F32 || out.dtype != DType::F32 || a.ndim != 3 || a.shape[0] != 1 ||
      a.shape[2] != pb.K || b.shape[2] != pb.N || M <= kSmallM)
    return matmul(a, b, out);
  const MicroKernel<float>& uk = ks->f32;
  const Mat<float> A{a.ptr<float>() + a.offset, a.strides[1], a.strides[2]}, B{nullptr, 0, 0};
  float* C = out.ptr<float>();
  const int nt = 2.0 * static_cast<double>(M) * pb.N * pb.K < kGemmParallelFlops ? 1 : numThreads();
  if (nt == 1) return gemmOne<float>(uk, M, pb.N, pb.K, A, B, C, 1, nullptr, nullptr, pb.data.get());
  const int64_t blocks = blocksOf(uk, pb.K, pb.N);
  std::unique_ptr<BlockWork[]> work(new BlockWork[blocks]);
  parallelRun(nt, [&](int, int) { gemmOne<float>(uk, M, pb.N, pb.K, A, B, C, nt, nullptr, work.get(), pb.data.get()); });
}

void matmul(const View& a, const View& b, View& out) {
  const KernelSet* ks = isa().kernels;
  if (ks && a.dtype == DType::F32 && b.dtype == DType::F32 && out.dtype == DType::F32) return gemmBatched(ks->f32, a, b, out);
  if (ks && a.dtype == DType::F64 && b.dtype == DType::F64 && out.dtype == DType::F64) return gemmBatched(ks->f64, a, b, out);
  matmulReference(a, b, out);
}

template <typename T>
void gemmSerial(int64_t M, int64_t N, int64_t K, const T* a, int64_t ars, int64_t acs, const T* b, int64_t brs, int64_t bcs, T* c,
                int64_t ldc, bool accumulate) {
  if (M == 0 || N == 0) return;
  const KernelSet* ks = isa().kernels;
  if (!ks) {  // the scalar reference's loop, double sums
    for (int64_t i = 0; i < M; i++)
      for (int64_t j = 0; j < N; j++) {
        double s = accumulate ? static_cast<double>(c[i * ldc + j]) : 0.0;
        for (int64_t k = 0; k < K; k++) s += static_cast<double>(a[i * ars + k * acs]) * b[k * brs + j * bcs];
        c[i * ldc + j] = static_cast<T>(s);
      }
    return;
  }
  const MicroKernel<T>* uk = nullptr;
  if constexpr (std::is_same<T, float>::value) uk = &ks->f32;
  else uk = &ks->f64;
  if (!accumulate && M <= kSmallM && (bcs == 1 || brs == 1 || K == 0) && uk->rowsB) return smallPart(*uk, M, K, Mat<T>{a, ars, acs}, Mat<T>{b, brs, bcs}, 0, N, c, ldc);
  const size_t packBBytes = sizeof(T) * uk->kc * ((std::min<int64_t>(uk->nc, N) + uk->nr - 1) / uk->nr * uk->nr);
  T* sb = static_cast<T*>(tlsPackB.get(packBBytes));
  gemmOne<T>(*uk, M, N, K, Mat<T>{a, ars, acs}, Mat<T>{b, brs, bcs}, c, 1, sb, nullptr, nullptr, ldc, accumulate);
}
template void gemmSerial<float>(int64_t, int64_t, int64_t, const float*, int64_t, int64_t, const float*, int64_t, int64_t, float*, int64_t, bool);
template void gemmSerial<double>(int64_t, int64_t, int64_t, const double*, int64_t, int64_t, const double*, int64_t, int64_t, double*, int64_t, bool);

std::string gemmIsa() {
  const KernelSet* ks = isa().kernels;
  return ks ? ks->isa : "scalar";
}

void setGemmIsa(const std::string& name) { isa().apply(name); }

std::string gemmIsasAvailable() {
  std::string s;
  for (auto f : kCandidates)
    if (const KernelSet* k = f()) s += std::string(k->isa) + ",";
  return s + "scalar";
}

}  // namespace lw
